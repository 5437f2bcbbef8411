/* SPDX-License-Identifier: Apache-2.0 */
/* Messages and file reading for axvcpu-run. */
#include "vm.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void run_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("axvcpu-run: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Read a whole file, refusing anything larger than `max`. */
uint8_t *run_read_file(const char *path, uint64_t max, size_t *size,
		       const char *what)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		run_msg("cannot open %s '%s': %s", what, path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0) {
		/* Clear messages before reading anything. */
		if (S_ISDIR(st.st_mode)) {
			run_msg("%s '%s' is a directory", what, path);
			fclose(f);
			return NULL;
		}
		if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
			run_msg("%s '%s' is larger than %llu bytes", what, path,
				(unsigned long long)max);
			fclose(f);
			return NULL;
		}
	}
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			/* Never more than max + 1 bytes (one more shows the
			 * file is too large): doubling alone allocated up to
			 * 4 GiB for a pipe or /dev/zero with --mem 3G. */
			size_t lim =
			    max < SIZE_MAX - 1 ? (size_t)max + 1 : SIZE_MAX;
			cap = cap ? (cap > lim / 2 ? lim : cap * 2) : 65536;
			if (cap > lim)
				cap = lim;
			uint8_t *nb = realloc(buf, cap);
			if (!nb) {
				run_msg("%s '%s': out of memory", what, path);
				goto fail;
			}
			buf = nb;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len > max) {
			run_msg("%s '%s' is larger than %llu bytes", what, path,
				(unsigned long long)max);
			goto fail;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		run_msg("cannot read %s '%s': %s", what, path, strerror(errno));
		goto fail;
	}
	fclose(f);
	if (len == 0) {
		run_msg("%s '%s' is empty", what, path);
		free(buf);
		return NULL;
	}
	*size = len;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}
