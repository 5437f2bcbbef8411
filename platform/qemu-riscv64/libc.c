/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The four functions a compiler may call even in freestanding code; the
 * core and the VM layer rely on the platform for them.
 */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
	return memmove(dst, src, n);
}

/*
 * Forward copy by 8-byte words when both sides share their alignment:
 * the loaders copy whole kernels (31 MiB for Debian's Linux), which the
 * byte loop took ~1 s of TCG time for.
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
	/* volatile: keeps the compiler from turning the loop into a call to
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

void *memset(void *dst, int c, size_t n)
{
	volatile unsigned char *d = dst;
	uint64_t w = (unsigned char)c * 0x0101010101010101ull;
	if (n >= 8) {
		/*
		 * Align with at most one store of each size, not a byte loop:
		 * the core clears every exit record from offset 4 (its reason
		 * is stored apart), and the loop cost ~45 of the ~850
		 * instructions of a hypercall round trip. At most 7 bytes go
		 * here, so n stays positive; every store below is aligned.
		 */
		if ((uintptr_t)d & 1) {
			*d = (unsigned char)w;
			d += 1;
			n -= 1;
		}
		if ((uintptr_t)d & 2) {
			*(volatile uint16_t *)d = (uint16_t)w;
			d += 2;
			n -= 2;
		}
		if ((uintptr_t)d & 4) {
			*(volatile uint32_t *)d = (uint32_t)w;
			d += 4;
			n -= 4;
		}
		/* Word stores for the frame allocator's zeroing, the hot
		 * case. */
		for (; n >= 8; n -= 8, d += 8)
			*(volatile uint64_t *)d = w;
		if (n & 4) {
			*(volatile uint32_t *)d = (uint32_t)w;
			d += 4;
		}
		if (n & 2) {
			*(volatile uint16_t *)d = (uint16_t)w;
			d += 2;
		}
		if (n & 1)
			*d = (unsigned char)w;
		return dst;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}
