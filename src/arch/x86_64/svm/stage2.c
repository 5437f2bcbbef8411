/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SVM backend's stage 2: the NPT format (src/arch/x86_64/npt.c),
 * narrowed to what the CPU has (1 GiB leaves with CPUID Page1GB), with a
 * TLB hook. Host mode has no instruction that flushes one guest's nested
 * translations everywhere, so the hook moves a generation counter: every
 * vCPU compares it at entry and flushes its ASID when it changed (the
 * calling CPU's next entry and, after the VM layer's AXVCPU_FENCE_STAGE2
 * fence, the others').
 */
#include "src/arch/x86_64/x86_stage2.h"
#include "svm_internal.h"

uint64_t svm_npt_generation;

static void svm_stage2_tlb_invalidate(axvcpu_hpa_t root, axvcpu_gpa_t gpa,
				      uint64_t size)
{
	(void)root;
	(void)gpa;
	(void)size;
	__atomic_add_fetch(&svm_npt_generation, 1, __ATOMIC_SEQ_CST);
}

static int svm_stage2_format(const struct axvcpu_stage2_config *cfg,
			     struct axvcpu_stage2_format *fmt)
{
	uint32_t r[4];
	int err = x86_npt_format_fill(cfg->levels, cfg->addr_bits, fmt);
	if (err)
		return err;
	x86_cpu_cpuid(0x80000001u, 0, r);
	if (!(r[3] & (1u << 26)))
		fmt->leaf_levels &= 3; /* no 1 GiB pages */
	fmt->tlb_invalidate = svm_stage2_tlb_invalidate;
	return AXVCPU_OK;
}

const struct axvcpu_stage2_ops svm_stage2_ops = {
	.format = svm_stage2_format,
};
