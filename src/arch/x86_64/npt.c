/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AMD NPT (APM vol. 2, "Nested Paging"): ordinary 4-level long-mode page
 * tables, walked as user accesses, so every entry has P and US; RW and NX
 * (bit 63) give write and no-execute (every mapping is readable: READ is
 * required), PS (bit 7) a 2 MiB or 1 GiB leaf, PCD|PWT uncacheable
 * memory for devices (PAT entry 3 with the reset PAT). A and D are preset
 * so that the walker never writes them back. Table entries allow
 * everything: the leaf decides.
 */
#include "x86_stage2.h"

#define NPT_P (1ull << 0)
#define NPT_RW (1ull << 1)
#define NPT_US (1ull << 2)
#define NPT_PWT (1ull << 3)
#define NPT_PCD (1ull << 4)
#define NPT_A (1ull << 5)
#define NPT_D (1ull << 6)
#define NPT_PS (1ull << 7)
#define NPT_PAT_LARGE (1ull << 12)
#define NPT_NX (1ull << 63)
#define NPT_ADDR_MASK 0x000ffffffffff000ull

static bool npt_perm_valid(uint32_t perm)
{
	return (perm & AXVCPU_STAGE2_READ) != 0;
}

static uint64_t npt_table(axvcpu_hpa_t table, unsigned level)
{
	(void)level;
	return (table & NPT_ADDR_MASK) | NPT_P | NPT_RW | NPT_US | NPT_A;
}

static uint64_t npt_leaf(axvcpu_hpa_t hpa, uint32_t perm, unsigned level)
{
	uint64_t e = (hpa & NPT_ADDR_MASK) | NPT_P | NPT_US | NPT_A;
	if (level)
		e |= NPT_PS;
	if (perm & AXVCPU_STAGE2_WRITE)
		e |= NPT_RW | NPT_D;
	if (!(perm & AXVCPU_STAGE2_EXEC))
		e |= NPT_NX;
	if (perm & AXVCPU_STAGE2_DEVICE)
		e |= NPT_PCD | NPT_PWT;
	return e;
}

static enum axvcpu_stage2_pte_kind
npt_decode(uint64_t e, unsigned level, axvcpu_hpa_t *addr, uint32_t *perm)
{
	/* A supervisor-only entry faults on the user-mode nested walk. */
	if (!(e & NPT_P) || !(e & NPT_US))
		return AXVCPU_STAGE2_PTE_INVALID;
	bool leaf = level == 0 || (e & NPT_PS);
	if (leaf && level > 2)
		return AXVCPU_STAGE2_PTE_INVALID; /* PS is reserved in a PML4E
						   */
	if (!leaf) {
		/* This walker writes tables that allow all; anything
		 * narrower would hide what the leaves say. */
		if (!(e & NPT_RW) || (e & NPT_NX))
			return AXVCPU_STAGE2_PTE_INVALID;
		*addr = e & NPT_ADDR_MASK;
		return AXVCPU_STAGE2_PTE_TABLE;
	}
	uint64_t span_mask = (1ull << (12 + 9 * level)) - 1;
	/* A PAT bit (bit 12 of a large leaf, bit 7 of a page) would pick
	 * another memory type; below it the address must be aligned. */
	if (e & (level ? NPT_PAT_LARGE : NPT_PS))
		return AXVCPU_STAGE2_PTE_INVALID;
	if (e & NPT_ADDR_MASK & span_mask)
		return AXVCPU_STAGE2_PTE_INVALID;
	uint32_t p = AXVCPU_STAGE2_READ;
	if (e & NPT_RW)
		p |= AXVCPU_STAGE2_WRITE;
	if (!(e & NPT_NX))
		p |= AXVCPU_STAGE2_EXEC;
	if (e & NPT_PCD)
		p |= AXVCPU_STAGE2_DEVICE;
	*addr = e & NPT_ADDR_MASK;
	*perm = p;
	return AXVCPU_STAGE2_PTE_LEAF;
}

int x86_npt_format_fill(unsigned levels, unsigned addr_bits,
			struct axvcpu_stage2_format *out)
{
	if (levels > 4 || addr_bits > 48)
		return AXVCPU_EUNSUPPORTED; /* 5-level paging */
	if (levels && levels != 4)
		return AXVCPU_EINVAL;
	*out = (struct axvcpu_stage2_format){
		.name = "npt4",
		.levels = 4,
		.root_bits = 9,
		.leaf_levels = 7, /* 4 KiB, 2 MiB, 1 GiB */
		.pa_bits = 52,
		.perm_valid = npt_perm_valid,
		.table = npt_table,
		.leaf = npt_leaf,
		.decode = npt_decode,
	};
	return AXVCPU_OK;
}

uint64_t x86_npt_ncr3(axvcpu_hpa_t root)
{
	return root & NPT_ADDR_MASK;
}
