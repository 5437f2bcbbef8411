/* SPDX-License-Identifier: Apache-2.0 */
/*
 * memset, tuned for this CPU (memcpy, memmove and memcmp are
 * platform/common's): the compiler may call it even in freestanding code,
 * and the core and the VM layer rely on the platform for it.
 */
#include <stddef.h>
#include <stdint.h>

void *memset(void *dst, int c, size_t n);

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
