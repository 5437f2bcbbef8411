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
