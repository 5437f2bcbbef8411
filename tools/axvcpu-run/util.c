/* SPDX-License-Identifier: Apache-2.0 */
/* Messages and file reading for axvcpu-run. */
#include "vm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void run_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("axvcpu-run: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* What a file that is not a regular one is, for the message. */
static const char *file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/* Whole reads at `off`, retried over EINTR and short counts. */
static int file_read(void *ctx, uint64_t off, void *dst, uint64_t len)
{
	struct run_file *f = ctx;
	uint8_t *p = dst;
	while (len) {
		size_t n = len > (1u << 30) ? (1u << 30) : (size_t)len;
		ssize_t r = pread(f->fd, p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			/* 0: the file got shorter since it was checked. */
			f->err = r < 0 ? errno : 0;
			f->failed = true;
			return AXVCPU_EHW;
		}
		p += r;
		off += (uint64_t)r;
		len -= (uint64_t)r;
	}
	return 0;
}

int run_file_open(struct run_file *f, const char *path, uint64_t max,
		  const char *what)
{
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->what = what;
	/*
	 * O_NONBLOCK: opening a FIFO with no writer blocked here, before
	 * anything could time out; it is refused below instead.
	 */
	f->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (f->fd < 0) {
		run_msg("cannot open %s '%s': %s", what, path, strerror(errno));
		return RUN_STATUS_SETUP;
	}
	struct stat st;
	if (fstat(f->fd, &st) != 0) {
		run_msg("cannot read %s '%s': %s", what, path, strerror(errno));
		goto fail;
	}
	/* Checked before reading a byte: only a regular file has a size to
	 * check against guest memory and can be read again at a reset. */
	if (!S_ISREG(st.st_mode)) {
		run_msg("%s '%s' is %s, not a regular file", what, path,
			file_kind(st.st_mode));
		goto fail;
	}
	if (st.st_size == 0) {
		run_msg("%s '%s' is empty", what, path);
		goto fail;
	}
	if ((uint64_t)st.st_size > max) {
		run_msg("%s '%s' is larger than %llu bytes", what, path,
			(unsigned long long)max);
		goto fail;
	}
	f->size = (uint64_t)st.st_size;
	f->img.size = f->size;
	f->img.read = file_read;
	f->img.ctx = f;
	return 0;
fail:
	close(f->fd);
	f->fd = -1;
	return RUN_STATUS_SETUP;
}

void run_file_close(struct run_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

void run_file_fail(const struct run_file *f, const char *why)
{
	if (f->failed)
		run_msg("%s '%s': %s: %s", f->what, f->path, why,
			f->err ? strerror(f->err) : "the file got shorter");
	else
		run_msg("%s '%s': %s", f->what, f->path, why);
}

uint8_t *run_file_bytes(struct run_file *f)
{
	uint8_t *buf = malloc(f->size);
	if (!buf) {
		run_msg("%s '%s': out of memory", f->what, f->path);
		return NULL;
	}
	if (file_read(f, 0, buf, f->size)) {
		run_file_fail(f, "cannot read it");
		free(buf);
		return NULL;
	}
	return buf;
}
