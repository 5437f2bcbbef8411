/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The EL2 stage-1 identity map: 39-bit addresses from a level-1 table of
 * 1 GiB blocks, the first gigabyte (flash, GIC, UART) device memory, the
 * next two normal write-back memory (QEMU virt's RAM starts at 1 GiB).
 * With caches on, what the hypervisor writes into guest RAM is coherent
 * with the guest's own cacheable view of it.
 */
#include "hv.h"

#define MAIR_DEVICE_NGNRE 0x04ull
#define MAIR_NORMAL_WB 0xffull
#define BLOCK (1ull | 1ull << 10 | 3ull << 8) /* valid block, AF, ISH */
#define ATTR(i) ((uint64_t)(i) << 2)

static uint64_t hv_l1[512] __attribute__((aligned(4096)));

void hv_mmu_init(void)
{
	hv_l1[0] = 0 | BLOCK | ATTR(0);
	for (unsigned i = 1; i < 3; i++)
		hv_l1[i] = (uint64_t)i << 30 | BLOCK | ATTR(1);
}

void hv_mmu_enable(void)
{
	uint64_t mair = MAIR_DEVICE_NGNRE | MAIR_NORMAL_WB << 8;
	/* T0SZ 25, walks inner/outer WB inner-shareable, 4 KiB, PS 40 bits,
	 * RES1 bits 23 and 31. */
	uint64_t tcr = 25 | 1ull << 8 | 1ull << 10 | 3ull << 12 | 2ull << 16 |
		       1ull << 23 | 1ull << 31;
	/* RES1 bits, M, C, SA, I. */
	uint64_t sctlr = 0x30c50830ull | 1 | 1ull << 2 | 1ull << 3 | 1ull << 12;
	__asm__ volatile("msr mair_el2, %0\n msr tcr_el2, %1\n"
			 "msr ttbr0_el2, %2\n dsb ish\n isb\n"
			 "tlbi alle2\n dsb ish\n isb\n"
			 "msr sctlr_el2, %3\n isb" ::"r"(mair),
			 "r"(tcr), "r"((uint64_t)hv_l1), "r"(sctlr)
			 : "memory");
}

void hv_sync_icache(const void *p, uint64_t size)
{
	uint64_t ctr;
	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	/* CTR_EL0.IDC: no clean to the point of unification needed. */
	if (!(ctr >> 28 & 1)) {
		uint64_t line = 4ull << ((ctr >> 16) & 0xf);
		uint64_t a = (uint64_t)p & ~(line - 1);
		for (; a < (uint64_t)p + size; a += line)
			__asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
		__asm__ volatile("dsb ish" ::: "memory");
	}
	/* CTR_EL0.DIC: no instruction-cache invalidation needed. */
	if (!(ctr >> 29 & 1))
		__asm__ volatile("ic ialluis\n dsb ish" ::: "memory");
	__asm__ volatile("isb" ::: "memory");
}
