/* SPDX-License-Identifier: Apache-2.0 */
/* Messages and file reading for axvcpu-run. */
#include "vm.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
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
