/* SPDX-License-Identifier: Apache-2.0 */
/*
 * memcpy and memmove for the platforms without a copy instruction of
 * their own (the compiler may call them even in freestanding code; the
 * core and the VM layer rely on the platform for them).
 */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
	return memmove(dst, src, n);
}

/*
 * Forward copy by 8-byte words when both sides share their alignment:
 * the loaders copy whole kernels (31 MiB for Debian's Linux) and guest
 * images, which a byte loop took ~1 s of TCG time for.
 */
static void copy_words_fwd(volatile unsigned char *d, const unsigned char *s,
			   size_t n)
{
	while (n && ((uintptr_t)d & 7)) {
		*d++ = *s++;
		n--;
	}
	for (; n >= 8; n -= 8, d += 8, s += 8)
		*(volatile uint64_t *)d = *(const uint64_t *)s;
	while (n--)
		*d++ = *s++;
}

void *memmove(void *dst, const void *src, size_t n)
{
	/* volatile: keeps the compiler from turning the loops into a call to
	 * memmove itself. */
	volatile unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s && (((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		copy_words_fwd(d, s, n);
	} else if (d < s) {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}
