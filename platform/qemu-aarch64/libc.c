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

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s) {
		/* Words when both are aligned alike (images, guest RAM). */
		if (!(((uintptr_t)d ^ (uintptr_t)s) & 7)) {
			while (n && ((uintptr_t)d & 7)) {
				*(volatile unsigned char *)d++ = *s++;
				n--;
			}
			for (; n >= 8; n -= 8, d += 8, s += 8)
				*(volatile uint64_t *)d = *(const uint64_t *)s;
		}
		for (size_t i = 0; i < n; i++)
			((volatile unsigned char *)d)[i] = s[i];
	} else {
		while (n--)
			((volatile unsigned char *)d)[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	volatile unsigned char *d = dst;
	uint64_t w = (unsigned char)c * 0x0101010101010101ull;
	while (n && ((uintptr_t)d & 15)) {
		*d++ = (unsigned char)c;
		n--;
	}
	/*
	 * 64 bytes per iteration in pairs: guest RAM is cleared at every
	 * reset, and under TCG each store instruction counts. (DC ZVA was
	 * slower there: a helper call per line.)
	 */
	if (n >= 64) {
		uint64_t blocks = n / 64;
		__asm__ volatile("1: stp %1, %1, [%0], #16\n"
				 " stp %1, %1, [%0], #16\n"
				 " stp %1, %1, [%0], #16\n"
				 " stp %1, %1, [%0], #16\n"
				 " subs %2, %2, #1\n"
				 " b.ne 1b"
				 : "+r"(d), "+r"(w), "+r"(blocks)
				 :
				 : "memory", "cc");
		n %= 64;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(volatile uint64_t *)d = w;
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
