/* SPDX-License-Identifier: Apache-2.0 */
/* The MSR policy and the checks of the MSRs the backends emulate. */
#include "x86_msr.h"
#include "x86_mode.h"
#include "x86_mtrr.h"

enum x86_msr_class x86_msr_class(uint32_t msr, bool write)
{
	switch (msr) {
	case X86_MSR_TSC:
		/* Reads see TSC + offset in hardware; a write moves the
		 * offset. */
		return write ? X86_MSR_BACKEND : X86_MSR_PASS;
	case X86_MSR_SYSENTER_CS:
	case X86_MSR_SYSENTER_ESP:
	case X86_MSR_SYSENTER_EIP:
	case X86_MSR_STAR:
	case X86_MSR_LSTAR:
	case X86_MSR_CSTAR:
	case X86_MSR_SFMASK:
	case X86_MSR_FS_BASE:
	case X86_MSR_GS_BASE:
	case X86_MSR_KERNEL_GS_BASE:
		return X86_MSR_PASS;
	case X86_MSR_APIC_BASE:
	case X86_MSR_PAT:
	case X86_MSR_EFER:
		return X86_MSR_BACKEND;
	case X86_MSR_XSS: /* XSAVES is hidden */
		return X86_MSR_FAULT;
	default:
		break;
	}
	if (x86_mtrr_is(msr))
		return X86_MSR_BACKEND;
	if ((msr >= X86_MSR_VMX_FIRST && msr <= X86_MSR_VMX_LAST) ||
	    (msr >= X86_MSR_X2APIC_FIRST && msr <= X86_MSR_X2APIC_LAST) ||
	    (msr >= X86_MSR_SVM_VM_CR && msr <= X86_MSR_SVM_HSAVE_PA + 1))
		return X86_MSR_FAULT;
	return X86_MSR_EXIT;
}

#define APIC_BASE_BSP (1ull << 8)
#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ENABLE (1ull << 11)

uint64_t x86_msr_apic_base_reset(bool bsp)
{
	return 0xfee00000ull | APIC_BASE_ENABLE | (bsp ? APIC_BASE_BSP : 0);
}

bool x86_msr_apic_base_valid(uint64_t val, unsigned phys_bits)
{
	uint64_t addr_mask =
	    (phys_bits >= 64 ? ~0ull : (1ull << phys_bits) - 1) & ~0xfffull;
	uint64_t ok = addr_mask | APIC_BASE_ENABLE | APIC_BASE_BSP;
	return (val & ~ok) == 0;
}

bool x86_msr_pat_valid(uint64_t val)
{
	for (unsigned i = 0; i < 8; i++) {
		unsigned t = (val >> (8 * i)) & 0xff;
		if (t == 2 || t == 3 || t > 7)
			return false;
	}
	return true;
}

bool x86_msr_efer_write(uint64_t old, uint64_t val, uint64_t allowed,
			uint64_t cr0, uint64_t *out)
{
	/* LMA is read-only: whatever is written, it keeps its value. */
	val = (val & ~X86_EFER_LMA) | (old & X86_EFER_LMA);
	if (val & ~(allowed | X86_EFER_LMA))
		return false;
	if ((cr0 & X86_CR0_PG) && ((val ^ old) & X86_EFER_LME))
		return false;
	*out = val;
	return true;
}
