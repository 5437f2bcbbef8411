/* SPDX-License-Identifier: Apache-2.0 */
/*
 * memcpy and memmove for the platforms without a copy instruction of
 * their own (the compiler may call them even in freestanding code; the
 * core and the VM layer rely on the platform for them).
 */
#include <stdbool.h>
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
 * images, which a byte loop took ~1 s of TCG time for; eight words a
 * turn halve the loop's own instructions again.
 */
static void copy_words_fwd(volatile unsigned char *d, const unsigned char *s,
			   size_t n)
{
	while (n && ((uintptr_t)d & 7)) {
		*d++ = *s++;
		n--;
	}
	volatile uint64_t *dw = (volatile uint64_t *)d;
	const uint64_t *sw = (const uint64_t *)s;
	for (; n >= 64; n -= 64, dw += 8, sw += 8) {
		uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
		uint64_t f = sw[4], g = sw[5], h = sw[6], i = sw[7];
		dw[0] = a, dw[1] = b, dw[2] = c, dw[3] = e;
		dw[4] = f, dw[5] = g, dw[6] = h, dw[7] = i;
	}
	for (; n >= 8; n -= 8)
		*dw++ = *sw++;
	d = (volatile unsigned char *)dw;
	s = (const unsigned char *)sw;
	while (n--)
		*d++ = *s++;
}

void *memmove(void *dst, const void *src, size_t n)
{
	/* volatile: keeps the compiler from turning the loops into a call to
	 * memmove itself. */
	volatile unsigned char *d = dst;
	const unsigned char *s = src;
	/* A forward copy is right unless the destination starts inside the
	 * source (the loaders copy up, from the image to guest RAM). */
	bool fwd =
	    (uintptr_t)d <= (uintptr_t)s || (uintptr_t)d - (uintptr_t)s >= n;
	if (fwd && (((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		copy_words_fwd(d, s, n);
	} else if (fwd) {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}
