/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RISC-V G-stage tables, Sv39x4 and Sv48x4 (privileged spec, "Two-Stage
 * Address Translation"): the Sv39/Sv48 formats with a root widened by two
 * index bits (2048 entries, 16 KiB, 16 KiB aligned). Leaves must have U
 * set (G-stage accesses count as user ones); A and D are preset so the
 * hardware never has to write them; W without R is reserved. DEVICE has
 * no encoding (the platform's PMAs give the memory type): it is kept in
 * the first software bit (RSW) so that lookup reports it. Pure code: no
 * CSR or fence here (stage2_hw.c has those).
 */
#include "rv_stage2.h"

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_G (1ull << 5)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_RSW_DEVICE (1ull << 8)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK (((1ull << 44) - 1) << PTE_PPN_SHIFT)
/* Reserved, PBMT and N: zero without Svpbmt / Svnapot. */
#define PTE_HIGH_MASK (~0ull << 54)

static bool rv_s2_perm_valid(uint32_t perm)
{
	return !((perm & AXVCPU_STAGE2_WRITE) && !(perm & AXVCPU_STAGE2_READ));
}

static uint64_t rv_s2_ppn(axvcpu_hpa_t pa)
{
	return (pa >> 12) << PTE_PPN_SHIFT;
}

static uint64_t rv_s2_table(axvcpu_hpa_t table, unsigned level)
{
	(void)level;
	return rv_s2_ppn(table) | PTE_V;
}

static uint64_t rv_s2_leaf(axvcpu_hpa_t hpa, uint32_t perm, unsigned level)
{
	(void)level;
	uint64_t pte = rv_s2_ppn(hpa) | PTE_V | PTE_U | PTE_A | PTE_D;
	if (perm & AXVCPU_STAGE2_READ)
		pte |= PTE_R;
	if (perm & AXVCPU_STAGE2_WRITE)
		pte |= PTE_W;
	if (perm & AXVCPU_STAGE2_EXEC)
		pte |= PTE_X;
	if (perm & AXVCPU_STAGE2_DEVICE)
		pte |= PTE_RSW_DEVICE;
	return pte;
}

/* As the hardware reads it: anything it would fault on is invalid. */
static enum axvcpu_stage2_pte_kind
rv_s2_decode(uint64_t pte, unsigned level, axvcpu_hpa_t *addr, uint32_t *perm)
{
	if (!(pte & PTE_V) || (pte & PTE_HIGH_MASK))
		return AXVCPU_STAGE2_PTE_INVALID;
	axvcpu_hpa_t pa = ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12;
	if (!(pte & (PTE_R | PTE_W | PTE_X))) {
		/* A pointer: U, A, D reserved; none below the pages. */
		if (level == 0 || (pte & (PTE_U | PTE_A | PTE_D)))
			return AXVCPU_STAGE2_PTE_INVALID;
		*addr = pa;
		return AXVCPU_STAGE2_PTE_TABLE;
	}
	uint64_t span_mask = (1ull << (12 + 9 * level)) - 1;
	if (((pte & PTE_W) && !(pte & PTE_R)) || !(pte & PTE_U) ||
	    !(pte & PTE_A) || ((pte & PTE_W) && !(pte & PTE_D)) ||
	    (pa & span_mask))
		return AXVCPU_STAGE2_PTE_INVALID;
	uint32_t p = 0;
	if (pte & PTE_R)
		p |= AXVCPU_STAGE2_READ;
	if (pte & PTE_W)
		p |= AXVCPU_STAGE2_WRITE;
	if (pte & PTE_X)
		p |= AXVCPU_STAGE2_EXEC;
	if (pte & PTE_RSW_DEVICE)
		p |= AXVCPU_STAGE2_DEVICE;
	*addr = pa;
	*perm = p;
	return AXVCPU_STAGE2_PTE_LEAF;
}

int rv_stage2_format_fill(const struct axvcpu_stage2_config *cfg,
			  unsigned hart_levels,
			  struct axvcpu_stage2_format *out)
{
	unsigned levels = cfg->levels;
	if (cfg->addr_bits > 64)
		return AXVCPU_EINVAL;
	if (!levels && cfg->addr_bits)
		levels = cfg->addr_bits <= 41   ? 3
			 : cfg->addr_bits <= 50 ? 4
						: 5;
	if (!levels)
		levels = hart_levels == 3 ? 3 : 4;
	if (levels == 5)
		return AXVCPU_EUNSUPPORTED; /* Sv57x4 */
	if (levels != 3 && levels != 4)
		return AXVCPU_EINVAL;
	/* Sv39x4 translates 41 bits, Sv48x4 50. */
	if (cfg->addr_bits > (levels == 3 ? 41u : 50u))
		return AXVCPU_EINVAL;
	*out = (struct axvcpu_stage2_format){
		.name = levels == 3 ? "sv39x4" : "sv48x4",
		.levels = (uint8_t)levels,
		.root_bits = 11,
		/* Superpages at every level, the root's too. */
		.leaf_levels = (uint8_t)((1u << levels) - 1),
		.pa_bits = 56,
		.flags = AXVCPU_STAGE2_FMT_FENCE_MAP,
		.perm_valid = rv_s2_perm_valid,
		.table = rv_s2_table,
		.leaf = rv_s2_leaf,
		.decode = rv_s2_decode,
	};
	return AXVCPU_OK;
}
