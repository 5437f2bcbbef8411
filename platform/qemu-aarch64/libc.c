/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The four functions a compiler may call even in freestanding code; the
 * core and the VM layer rely on the platform for them. Large zero fills
 * (guest RAM at a reset) use DC ZVA, a cache line per instruction.
 */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Set once the MMU is on: DC ZVA faults on device memory. */
int hv_zva_ok;

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

static unsigned zva_size(void)
{
	uint64_t id;
	__asm__ volatile("mrs %0, dczid_el0" : "=r"(id));
	return (id & 16) ? 0 : 4u << (id & 0xf);
}

void *memset(void *dst, int c, size_t n)
{
	volatile unsigned char *d = dst;
	uint64_t w = (unsigned char)c * 0x0101010101010101ull;
	unsigned z = (!c && n >= 4096 && hv_zva_ok) ? zva_size() : 0;
	while (n && ((uintptr_t)d & 7)) {
		*d++ = (unsigned char)c;
		n--;
	}
	if (z) {
		while (n >= 8 && ((uintptr_t)d & (z - 1))) {
			*(volatile uint64_t *)d = 0;
			d += 8;
			n -= 8;
		}
		for (; n >= z; n -= z, d += z)
			__asm__ volatile("dc zva, %0" ::"r"(d) : "memory");
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
