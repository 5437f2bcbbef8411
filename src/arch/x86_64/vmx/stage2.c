/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VMX backend's stage 2: the EPT format (src/arch/x86_64/ept.c),
 * narrowed to what the CPU has (1 GiB leaves with IA32_VMX_EPT_VPID_CAP
 * bit 17), with a TLB hook. INVEPT flushes only the calling CPU, and only
 * in VMX operation: the hook flushes there when it can, and moves a
 * generation every vCPU compares at entry (INVEPT of its root on the CPU
 * it enters: the calling CPU's next entry and, after the VM layer's
 * AXVCPU_FENCE_STAGE2 fence, the others').
 */
#include "src/arch/x86_64/x86_stage2.h"
#include "vmx_internal.h"

uint64_t vmx_ept_generation;

/* Which CPUs are in VMX operation (the hook may run anywhere). */
bool vmx_cpu_on[VMX_HOOK_CPUS];

static void vmx_stage2_tlb_invalidate(axvcpu_hpa_t root, axvcpu_gpa_t gpa,
				      uint64_t size)
{
	(void)gpa;
	(void)size;
	__atomic_add_fetch(&vmx_ept_generation, 1, __ATOMIC_SEQ_CST);
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	unsigned cpu =
	    hal && hal->current_cpu_id ? hal->current_cpu_id() : VMX_HOOK_CPUS;
	if (cpu >= VMX_HOOK_CPUS ||
	    !__atomic_load_n(&vmx_cpu_on[cpu], __ATOMIC_ACQUIRE))
		return;
	if (vmx_caps_global.ept_vpid & VMX_EPT_INVEPT_SINGLE)
		vmx_invept(VMX_INVEPT_SINGLE, x86_ept_eptp(root));
	else
		vmx_invept(VMX_INVEPT_ALL, 0);
}

/* Execute-only leaves only where the CPU has them. */
static bool vmx_stage2_perm_valid(uint32_t perm)
{
	if (!(perm & AXVCPU_STAGE2_READ) &&
	    !(vmx_caps_global.ept_vpid & VMX_EPT_EXEC_ONLY))
		return false;
	return !((perm & AXVCPU_STAGE2_WRITE) && !(perm & AXVCPU_STAGE2_READ));
}

static int vmx_stage2_format(const struct axvcpu_stage2_config *cfg,
			     struct axvcpu_stage2_format *fmt)
{
	int err = x86_ept_format_fill(cfg->levels, cfg->addr_bits, fmt);
	if (err)
		return err;
	if (!__atomic_load_n(&vmx_caps_known, __ATOMIC_ACQUIRE) ||
	    !vmx_caps_global.ept_1g)
		fmt->leaf_levels &= 3; /* no 1 GiB pages */
	if (__atomic_load_n(&vmx_caps_known, __ATOMIC_ACQUIRE) &&
	    !(vmx_caps_global.ept_vpid & VMX_EPT_2M))
		fmt->leaf_levels &= 1;
	fmt->perm_valid = vmx_stage2_perm_valid;
	fmt->tlb_invalidate = vmx_stage2_tlb_invalidate;
	return AXVCPU_OK;
}

const struct axvcpu_stage2_ops vmx_stage2_ops = {
	.format = vmx_stage2_format,
};
