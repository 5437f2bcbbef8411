/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The riscv64 backend's stage 2: the G-stage format of stage2.c with
 * hfence.gvma as its TLB hook (kept out of stage2.c so that the PTE code
 * links into host tests).
 */
#include "rv_csr.h"
#include "rv_stage2.h"

/* Every VMID's G-stage entries for the range: the address space knows no
 * VMID, and hfence.gvma per 4 KiB page of a large unmap would cost more
 * than the refill. */
static void rv_stage2_tlb_invalidate(axvcpu_hpa_t root, axvcpu_gpa_t gpa,
				     uint64_t size)
{
	(void)root;
	(void)gpa;
	(void)size;
	rv_hfence_gvma_all();
}

static int rv_stage2_format(const struct axvcpu_stage2_config *cfg,
			    struct axvcpu_stage2_format *fmt)
{
	/* 0 without per-CPU state here: Sv48x4 then, bind checks it. */
	unsigned hart = axvcpu_percpu_max_guest_page_table_levels();
	int err = rv_stage2_format_fill(cfg, hart ? hart : 4, fmt);
	if (!err)
		fmt->tlb_invalidate = rv_stage2_tlb_invalidate;
	return err;
}

const struct axvcpu_stage2_ops rv_stage2_ops = {
	.format = rv_stage2_format,
};
