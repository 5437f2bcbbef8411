/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The aarch64 backend's stage 2: the Armv8 4 KiB-granule format of
 * stage2.c, narrowed to this CPU's physical address size, with the TLB
 * maintenance it needs (kept out of stage2.c so that the descriptor code
 * links into host tests).
 */
#include "a64_internal.h"
#include "a64_stage2.h"
#include "a64_sysreg.h"

/*
 * After an unmap, a split (break before make) and a map: the walker's
 * stores must reach the table walkers of every CPU (DSB ISHST), and
 * removed translations must go. The address space knows no VMID and
 * TLBI IPAS2E1IS acts on the one in VTTBR_EL2, so every VMID's entries
 * go (TLBI ALLE1IS): maps and unmaps are set-up-time events, and a refill
 * costs less than a per-page loop would.
 */
static void a64_stage2_tlb_invalidate(axvcpu_hpa_t root, axvcpu_gpa_t gpa,
				      uint64_t size)
{
	(void)root;
	(void)gpa;
	(void)size;
	__asm__ volatile("dsb ishst\n tlbi alle1is\n dsb ish\n isb" ::
			     : "memory");
}

/* This CPU's physical address size, as the format wants it (0: unknown). */
static unsigned a64_cpu_pa_bits(void)
{
	static const uint8_t sizes[] = { 32, 36, 40, 42, 44, 48, 52 };
	uint64_t pa = SYSREG_R(id_aa64mmfr0_el1) & 0xf;
	if (pa >= sizeof(sizes))
		return 0;
	return sizes[pa] > 48 ? 48 : sizes[pa]; /* 52 needs FEAT_LPA */
}

static int a64_stage2_format(const struct axvcpu_stage2_config *cfg,
			     struct axvcpu_stage2_format *fmt)
{
	int err = a64_stage2_format_fill(cfg->addr_bits, cfg->levels,
					 a64_cpu_pa_bits(), fmt);
	if (err)
		return err;
	fmt->pa_bits = (uint8_t)(a64_cpu_pa_bits() ? a64_cpu_pa_bits() : 48);
	fmt->flags |= AXVCPU_STAGE2_FMT_FENCE_MAP;
	fmt->tlb_invalidate = a64_stage2_tlb_invalidate;
	return AXVCPU_OK;
}

const struct axvcpu_stage2_ops a64_stage2_ops = {
	.format = a64_stage2_format,
};
