/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Intel EPT, 4 levels (SDM vol. 3, "EPT Translation Mechanism"): bits 2:0
 * read/write/execute (an entry with none is not present; write without
 * read is a misconfiguration), leaves carry the memory type in bits 5:3
 * (6 write-back for RAM, 0 uncacheable for devices) and ignore-PAT (bit
 * 6) so that the guest's PAT cannot change it, bit 7 marks a 2 MiB or
 * 1 GiB leaf. Table entries allow everything: the leaf decides.
 */
#include "x86_stage2.h"

#define EPT_R (1ull << 0)
#define EPT_W (1ull << 1)
#define EPT_X (1ull << 2)
#define EPT_RWX (EPT_R | EPT_W | EPT_X)
#define EPT_TYPE_SHIFT 3
#define EPT_TYPE_MASK (7ull << EPT_TYPE_SHIFT)
#define EPT_TYPE_UC 0ull
#define EPT_TYPE_WB 6ull
#define EPT_IPAT (1ull << 6)
#define EPT_LARGE (1ull << 7)
#define EPT_ADDR_MASK 0x000ffffffffff000ull
/* EPTP: write-back walks (2:0), walk length - 1 (5:3). */
#define EPTP_WB 6ull
#define EPTP_LEVELS4 (3ull << 3)

static bool ept_perm_valid(uint32_t perm)
{
	return !((perm & AXVCPU_STAGE2_WRITE) && !(perm & AXVCPU_STAGE2_READ));
}

static uint64_t ept_table(axvcpu_hpa_t table, unsigned level)
{
	(void)level;
	return (table & EPT_ADDR_MASK) | EPT_RWX;
}

static uint64_t ept_leaf(axvcpu_hpa_t hpa, uint32_t perm, unsigned level)
{
	uint64_t type =
	    (perm & AXVCPU_STAGE2_DEVICE) ? EPT_TYPE_UC : EPT_TYPE_WB;
	uint64_t e = (hpa & EPT_ADDR_MASK) | type << EPT_TYPE_SHIFT | EPT_IPAT;
	if (level)
		e |= EPT_LARGE;
	if (perm & AXVCPU_STAGE2_READ)
		e |= EPT_R;
	if (perm & AXVCPU_STAGE2_WRITE)
		e |= EPT_W;
	if (perm & AXVCPU_STAGE2_EXEC)
		e |= EPT_X;
	return e;
}

static enum axvcpu_stage2_pte_kind
ept_decode(uint64_t e, unsigned level, axvcpu_hpa_t *addr, uint32_t *perm)
{
	if (!(e & EPT_RWX) || ((e & EPT_W) && !(e & EPT_R)))
		return AXVCPU_STAGE2_PTE_INVALID;
	bool leaf = level == 0 || (e & EPT_LARGE);
	if (leaf && level > 2)
		return AXVCPU_STAGE2_PTE_INVALID; /* bit 7 reserved in a PML4E
						   */
	if (!leaf) {
		/* Bits 7:3 of a table entry are reserved. */
		if (e & (EPT_TYPE_MASK | EPT_IPAT))
			return AXVCPU_STAGE2_PTE_INVALID;
		*addr = e & EPT_ADDR_MASK;
		return AXVCPU_STAGE2_PTE_TABLE;
	}
	uint64_t type = (e & EPT_TYPE_MASK) >> EPT_TYPE_SHIFT;
	uint64_t span_mask = (1ull << (12 + 9 * level)) - 1;
	/* Memory types 2, 3 and 7 are reserved: a misconfiguration. */
	if (type == 2 || type == 3 || type == 7 ||
	    (e & EPT_ADDR_MASK & span_mask))
		return AXVCPU_STAGE2_PTE_INVALID;
	uint32_t p = 0;
	if (e & EPT_R)
		p |= AXVCPU_STAGE2_READ;
	if (e & EPT_W)
		p |= AXVCPU_STAGE2_WRITE;
	if (e & EPT_X)
		p |= AXVCPU_STAGE2_EXEC;
	if (type != EPT_TYPE_WB)
		p |= AXVCPU_STAGE2_DEVICE;
	*addr = e & EPT_ADDR_MASK;
	*perm = p;
	return AXVCPU_STAGE2_PTE_LEAF;
}

int x86_ept_format_fill(unsigned levels, unsigned addr_bits,
			struct axvcpu_stage2_format *out)
{
	if (levels > 4 || addr_bits > 48)
		return AXVCPU_EUNSUPPORTED; /* 5-level EPT */
	if (levels && levels != 4)
		return AXVCPU_EINVAL;
	*out = (struct axvcpu_stage2_format){
		.name = "ept4",
		.levels = 4,
		.root_bits = 9,
		.leaf_levels = 7, /* 4 KiB, 2 MiB, 1 GiB */
		.pa_bits = 52,
		.perm_valid = ept_perm_valid,
		.table = ept_table,
		.leaf = ept_leaf,
		.decode = ept_decode,
	};
	return AXVCPU_OK;
}

uint64_t x86_ept_eptp(axvcpu_hpa_t root)
{
	return (root & EPT_ADDR_MASK) | EPTP_LEVELS4 | EPTP_WB;
}
