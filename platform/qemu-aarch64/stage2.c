/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stage-2 tables in the Armv8 format, 4 KiB granule, 40-bit IPA space in
 * 3 levels (the root concatenates two tables: 1024 entries, 8 KiB, 8 KiB
 * aligned); 2 MiB blocks where alignment allows, pages elsewhere.
 * (Until the library's stage-2 API is on main.)
 */
#include "stage2.h"

#define DESC_VALID 1ull
#define DESC_TABLE 3ull
#define DESC_BLOCK 1ull
#define DESC_PAGE 3ull
#define DESC_NORMAL (0xfull << 2)
#define DESC_S2AP_R (1ull << 6)
#define DESC_S2AP_W (1ull << 7)
#define DESC_SH (3ull << 8)
#define DESC_AF (1ull << 10)
#define DESC_XN (2ull << 53)
#define ADDR_MASK 0x0000fffffffff000ull
#define MIB2 (2ull << 20)

int hv_stage2_init(struct hv_stage2 *s2)
{
	s2->root = hv_frames_alloc(2, 2 * AXVCPU_FRAME_SIZE);
	s2->levels = 3;
	s2->ipa_bits = 40;
	return s2->root ? 0 : AXVCPU_ENOMEM;
}

/* The entry for `ipa` at Arm lookup level `level` (2: 2 MiB, 3: 4 KiB). */
static uint64_t *s2_walk(struct hv_stage2 *s2, uint64_t ipa, unsigned level)
{
	uint64_t *table = (uint64_t *)s2->root;
	uint64_t *pte = &table[(ipa >> 30) & 0x3ff];
	for (unsigned l = 1; l < level; l++) {
		if (!(*pte & DESC_VALID)) {
			uint64_t next = hv_frames_alloc(1, AXVCPU_FRAME_SIZE);
			if (!next)
				return 0;
			*pte = next | DESC_TABLE;
		} else if ((*pte & 3) != DESC_TABLE) {
			return 0; /* already a block */
		}
		table = (uint64_t *)(*pte & ADDR_MASK);
		pte = &table[(ipa >> (39 - 9 * (l + 1))) & 0x1ff];
	}
	return pte;
}

int hv_stage2_map(struct hv_stage2 *s2, uint64_t ipa, uint64_t hpa,
		  uint64_t size, bool write, bool exec)
{
	uint64_t end = ipa + size;
	if ((ipa | hpa | size) & 0xfff)
		return AXVCPU_EINVAL;
	uint64_t attr = DESC_NORMAL | DESC_SH | DESC_AF | DESC_S2AP_R |
			(write ? DESC_S2AP_W : 0) | (exec ? 0 : DESC_XN);
	while (ipa < end) {
		bool big = !((ipa | hpa) & (MIB2 - 1)) && end - ipa >= MIB2;
		uint64_t *pte = s2_walk(s2, ipa, big ? 2 : 3);
		if (!pte)
			return AXVCPU_ENOMEM;
		*pte =
		    (hpa & ADDR_MASK) | attr | (big ? DESC_BLOCK : DESC_PAGE);
		ipa += big ? MIB2 : 0x1000;
		hpa += big ? MIB2 : 0x1000;
	}
	__asm__ volatile("dsb ishst" ::: "memory");
	return 0;
}
