/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Armv8-A stage-2 translation tables, 4 KiB granule, 48-bit output
 * addresses (Arm ARM, "VMSAv8-64 translation table format descriptors").
 * Walker level L is Arm lookup level 3 - L. Descriptor bits[1:0]: 0b11 a
 * table (levels 0-2) or a page (level 3), 0b01 a block (levels 1 and 2:
 * 1 GiB and 2 MiB). Leaves: MemAttr[5:2] = 0b1111 (normal, inner and outer
 * write-back) or 0b0001 (Device-nGnRE), S2AP[7:6] read/write, SH[9:8] =
 * inner shareable, AF[10] preset (no access-flag faults), XN[54] for no
 * execution (XN[1:0] = 0b10). The root may concatenate up to 16 tables
 * (2^(root_bits - 9) frames), or be a part of one.
 */
#include "a64_stage2.h"

#define DESC_VALID (1ull << 0)
#define DESC_TABLE (1ull << 1) /* with VALID: table or page */
#define DESC_TYPE_MASK 3ull
#define DESC_MEMATTR_SHIFT 2
#define DESC_MEMATTR_MASK (0xfull << DESC_MEMATTR_SHIFT)
#define MEMATTR_NORMAL_WB 0xfull
#define MEMATTR_DEVICE_NGNRE 0x1ull
#define DESC_S2AP_R (1ull << 6)
#define DESC_S2AP_W (1ull << 7)
#define DESC_SH_INNER (3ull << 8)
#define DESC_AF (1ull << 10)
#define DESC_XN (1ull << 54)
#define DESC_ADDR_MASK 0x0000fffffffff000ull

#define A64_IPA_MIN 25u       /* VTCR_EL2.T0SZ <= 39 */
#define A64_IPA_MAX 48u       /* T0SZ >= 16 without FEAT_LPA2 */
#define A64_ROOT_BITS_MAX 13u /* 16 concatenated tables */
#define A64_IPA_DEFAULT 40u

static bool a64_s2_perm_valid(uint32_t perm)
{
	/* Write-only and execute-only are expressible at stage 2. */
	(void)perm;
	return true;
}

static uint64_t a64_s2_table(axvcpu_hpa_t table, unsigned level)
{
	(void)level;
	return (table & DESC_ADDR_MASK) | DESC_TABLE | DESC_VALID;
}

static uint64_t a64_s2_leaf(axvcpu_hpa_t hpa, uint32_t perm, unsigned level)
{
	uint64_t attr = (perm & AXVCPU_STAGE2_DEVICE) ? MEMATTR_DEVICE_NGNRE
						      : MEMATTR_NORMAL_WB;
	uint64_t d = (hpa & DESC_ADDR_MASK) | DESC_VALID | DESC_AF |
		     DESC_SH_INNER | attr << DESC_MEMATTR_SHIFT;
	if (level == 0)
		d |= DESC_TABLE; /* a page descriptor */
	if (perm & AXVCPU_STAGE2_READ)
		d |= DESC_S2AP_R;
	if (perm & AXVCPU_STAGE2_WRITE)
		d |= DESC_S2AP_W;
	if (!(perm & AXVCPU_STAGE2_EXEC))
		d |= DESC_XN;
	return d;
}

static enum axvcpu_stage2_pte_kind
a64_s2_decode(uint64_t d, unsigned level, axvcpu_hpa_t *addr, uint32_t *perm)
{
	uint64_t type = d & DESC_TYPE_MASK;
	bool leaf;
	if (level == 0)
		leaf = type == (DESC_TABLE | DESC_VALID);
	else if (type == (DESC_TABLE | DESC_VALID))
		leaf = false;
	else if (type == DESC_VALID && level <= 2) /* blocks: 2 MiB, 1 GiB */
		leaf = true;
	else
		return AXVCPU_STAGE2_PTE_INVALID;
	if (level == 0 && !leaf)
		return AXVCPU_STAGE2_PTE_INVALID; /* 0b01 is reserved there */
	if (!leaf) {
		*addr = d & DESC_ADDR_MASK;
		return AXVCPU_STAGE2_PTE_TABLE;
	}
	/* Without AF the first access faults: not a usable mapping. */
	if (!(d & DESC_AF))
		return AXVCPU_STAGE2_PTE_INVALID;
	uint64_t span_mask = (1ull << (12 + 9 * level)) - 1;
	uint32_t p = 0;
	if (d & DESC_S2AP_R)
		p |= AXVCPU_STAGE2_READ;
	if (d & DESC_S2AP_W)
		p |= AXVCPU_STAGE2_WRITE;
	if (!(d & DESC_XN))
		p |= AXVCPU_STAGE2_EXEC;
	/* MemAttr[3:2] = 0b00: one of the Device types. */
	if (!((d >> DESC_MEMATTR_SHIFT) & 0xc))
		p |= AXVCPU_STAGE2_DEVICE;
	*addr = d & DESC_ADDR_MASK & ~span_mask; /* lower bits are RES0 */
	*perm = p;
	return AXVCPU_STAGE2_PTE_LEAF;
}

/* Index bits of the root for this layout (may be out of 1..13). */
static int a64_root_bits(unsigned ipa_bits, unsigned levels)
{
	return (int)ipa_bits - 12 - 9 * ((int)levels - 1);
}

int a64_stage2_format_fill(unsigned ipa_bits, unsigned levels,
			   unsigned cpu_pa_bits,
			   struct axvcpu_stage2_format *out)
{
	unsigned cap = cpu_pa_bits && cpu_pa_bits < A64_IPA_MAX ? cpu_pa_bits
								: A64_IPA_MAX;
	if (levels == 1)
		return AXVCPU_EUNSUPPORTED; /* start at level 3: FEAT_TTST */
	if (levels > 4)
		return AXVCPU_EUNSUPPORTED; /* level -1: FEAT_LPA2 */
	if (!ipa_bits && levels) {
		ipa_bits = 12 + 9 * (levels - 1) + A64_ROOT_BITS_MAX;
		if (ipa_bits > cap)
			ipa_bits = cap;
	} else if (!ipa_bits) {
		ipa_bits = cpu_pa_bits ? cap : A64_IPA_DEFAULT;
	}
	if (ipa_bits > A64_IPA_MAX)
		return AXVCPU_EUNSUPPORTED;
	if (ipa_bits < A64_IPA_MIN || ipa_bits > cap)
		return AXVCPU_EINVAL;
	/* The fewest levels: concatenate at the root rather than walk one
	 * more level (what SL0 allows with up to 16 tables). */
	if (!levels)
		for (levels = 2;
		     a64_root_bits(ipa_bits, levels) > (int)A64_ROOT_BITS_MAX;
		     levels++)
			;
	int root_bits = a64_root_bits(ipa_bits, levels);
	if (root_bits < 1 || root_bits > (int)A64_ROOT_BITS_MAX)
		return AXVCPU_EINVAL;
	*out = (struct axvcpu_stage2_format){
		.name = "armv8-4k",
		.levels = (uint8_t)levels,
		.root_bits = (uint8_t)root_bits,
		/* Pages, 2 MiB and 1 GiB blocks (none at lookup level 0). */
		.leaf_levels = (uint8_t)(levels > 3 ? 7 : (1u << levels) - 1),
		.pa_bits = 48,
		.flags = AXVCPU_STAGE2_FMT_BBM,
		.perm_valid = a64_s2_perm_valid,
		.table = a64_s2_table,
		.leaf = a64_s2_leaf,
		.decode = a64_s2_decode,
	};
	return AXVCPU_OK;
}

int a64_stage2_vtcr(unsigned levels, unsigned ipa_bits, unsigned pa_bits,
		    uint64_t *vtcr)
{
	static const uint8_t ps_bits[] = { 32, 36, 40, 42, 44, 48 };
	unsigned ps = 0;
	while (ps < sizeof(ps_bits) && ps_bits[ps] != pa_bits)
		ps++;
	int root_bits = a64_root_bits(ipa_bits, levels);
	if (ps == sizeof(ps_bits) || levels < 2 || levels > 4 ||
	    ipa_bits < A64_IPA_MIN || ipa_bits > A64_IPA_MAX || root_bits < 1 ||
	    root_bits > (int)A64_ROOT_BITS_MAX)
		return AXVCPU_EINVAL;
	/* SL0 with 4 KiB pages: 0 starts at level 2, 1 at 1, 2 at 0. */
	uint64_t v = 64u - ipa_bits;      /* T0SZ [5:0] */
	v |= (uint64_t)(levels - 2) << 6; /* SL0 [7:6] */
	v |= 1ull << 8;                   /* IRGN0: write-back */
	v |= 1ull << 10;                  /* ORGN0: write-back */
	v |= 3ull << 12;                  /* SH0: inner shareable */
	v |= 0ull << 14;                  /* TG0: 4 KiB */
	v |= (uint64_t)ps << 16;          /* PS [18:16] */
	v |= 1ull << 31;                  /* RES1 */
	*vtcr = v;
	return AXVCPU_OK;
}
