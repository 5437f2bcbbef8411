/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Minimal TAP producer for host test programs: plan, ok/not ok with the
 * failing file:line and values, skip, and an exit status prove agrees with.
 */
#ifndef AXVCPU_TESTS_TAP_H
#define AXVCPU_TESTS_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_count;
static int tap_failed;

/* Print the plan when the number of tests is known up front. */
static inline void tap_plan(int n)
{
	printf("1..%d\n", n);
	fflush(stdout);
}

/* Record one result; `name` is printf-style. Returns cond. */
static inline int tap_ok_at(int cond, const char *file, int line,
			    const char *name, ...)
{
	va_list ap;
	va_start(ap, name);
	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_count);
	vprintf(name, ap);
	printf("\n");
	va_end(ap);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define tap_ok(cond, ...) tap_ok_at(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* Compare two integers, printing both on failure. */
#define tap_is(got, want, ...)                                                 \
	do {                                                                   \
		long long tap_g_ = (long long)(got);                           \
		long long tap_w_ = (long long)(want);                          \
		if (!tap_ok(tap_g_ == tap_w_, __VA_ARGS__))                    \
			printf("#   got %lld (0x%llx), want %lld (0x%llx)\n",  \
			       tap_g_, (unsigned long long)tap_g_, tap_w_,     \
			       (unsigned long long)tap_w_);                    \
	} while (0)

/* Compare two strings, printing both on failure. */
#define tap_is_str(got, want, ...)                                             \
	do {                                                                   \
		const char *tap_gs_ = (got), *tap_ws_ = (want);                \
		if (!tap_ok(tap_gs_ && strcmp(tap_gs_, tap_ws_) == 0,          \
			    __VA_ARGS__))                                      \
			printf("#   got '%s', want '%s'\n",                    \
			       tap_gs_ ? tap_gs_ : "(null)", tap_ws_);         \
	} while (0)

/* Skip one test with a reason. */
static inline void tap_skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_count, why);
	fflush(stdout);
}

/* Skip the whole program (must be the only output). */
static inline int tap_skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	return 0;
}

/* Print a diagnostic line. */
#define tap_diag(...)                                                          \
	do {                                                                   \
		printf("# ");                                                  \
		printf(__VA_ARGS__);                                           \
		printf("\n");                                                  \
	} while (0)

/* Finish: print the plan if none was given; exit status 1 on failure. */
static inline int tap_done(int planned)
{
	if (!planned)
		printf("1..%d\n", tap_count);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

#endif /* AXVCPU_TESTS_TAP_H */
