/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stage-2 (G-stage) page tables, Sv39x4 or Sv48x4: a 16 KiB root with
 * 2048 entries, then ordinary 4 KiB tables. 2 MiB leaves where alignment
 * allows, 4 KiB ones elsewhere. Leaves carry U (required at G-stage) and
 * A/D preset so the hardware never has to update them.
 */
#include "hv.h"
#include "pool.h"

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D)

#define MIB2 (2ull << 20)

int hv_stage2_init(struct hv_stage2 *s2, unsigned levels)
{
	if (levels != 3 && levels != 4)
		return AXVCPU_EINVAL;
	s2->root = hv_frames_alloc(4, 4 * AXVCPU_FRAME_SIZE);
	s2->levels = levels;
	return s2->root ? 0 : AXVCPU_ENOMEM;
}

/* The entry for `gpa` at `level` (0 = 4 KiB leaves), tables made on the
 * way down. */
static uint64_t *s2_walk(struct hv_stage2 *s2, uint64_t gpa, unsigned level)
{
	uint64_t *table = (uint64_t *)s2->root;
	for (unsigned l = s2->levels - 1;; l--) {
		unsigned shift = 12 + 9 * l;
		/* The root's index is 2 bits wider (the x4). */
		uint64_t mask = l == s2->levels - 1 ? 0x7ff : 0x1ff;
		uint64_t *pte = &table[(gpa >> shift) & mask];
		if (l == level)
			return pte;
		if (!(*pte & PTE_V)) {
			uint64_t next = hv_frames_alloc(1, AXVCPU_FRAME_SIZE);
			if (!next)
				return 0;
			*pte = (next >> 12) << 10 | PTE_V;
		}
		if (*pte & (PTE_R | PTE_X))
			return 0; /* already a bigger leaf */
		table = (uint64_t *)((*pte >> 10) << 12);
	}
}

int hv_stage2_map(struct hv_stage2 *s2, uint64_t gpa, uint64_t hpa,
		  uint64_t size)
{
	uint64_t end = gpa + size;
	if ((gpa | hpa | size) & 0xfff)
		return AXVCPU_EINVAL;
	while (gpa < end) {
		bool big = !((gpa | hpa) & (MIB2 - 1)) && end - gpa >= MIB2;
		uint64_t *pte = s2_walk(s2, gpa, big ? 1 : 0);
		if (!pte)
			return AXVCPU_ENOMEM;
		*pte = (hpa >> 12) << 10 | PTE_LEAF;
		gpa += big ? MIB2 : 0x1000;
		hpa += big ? MIB2 : 0x1000;
	}
	return 0;
}
