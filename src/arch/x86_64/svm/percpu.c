/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU SVM: what the CPU offers (SVM, NPT, ASIDs, nrip-save, XSAVE),
 * the host save area (VM_HSAVE_PA), a VMCB for the host's own VMSAVE
 * state, and EFER.SVME.
 */
#include "src/arch/x86_64/x86_fpu.h"
#include "src/arch/x86_64/x86_msr.h"
#include "svm_internal.h"

#define CPUID_SVM_ECX (1u << 2)    /* 0x80000001 ECX */
#define CPUID_XSAVE_ECX (1u << 26) /* leaf 1 ECX */
#define CPUID_FXSR_EDX (1u << 24)  /* leaf 1 EDX */

static void svm_frame_free(axvcpu_hpa_t pa)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (hal && pa)
		hal->dealloc_frame(pa);
}

int svm_percpu_init(void *percpu, unsigned cpu)
{
	struct svm_percpu *pc = percpu;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	uint32_t r[4];
	x86_cpu_cpuid(0x80000000u, 0, r);
	if (r[0] < 0x8000000au)
		return AXVCPU_EUNSUPPORTED;
	x86_cpu_cpuid(0x80000001u, 0, r);
	if (!(r[2] & CPUID_SVM_ECX))
		return AXVCPU_EUNSUPPORTED;
	if (x86_cpu_rdmsr(SVM_MSR_VM_CR) & SVM_VM_CR_SVMDIS)
		return AXVCPU_EUNSUPPORTED; /* disabled by the firmware */
	x86_cpu_cpuid(0x8000000au, 0, r);
	if (!(r[3] & SVM_FEAT_NPT) || r[1] < 2)
		return AXVCPU_EUNSUPPORTED;
	pc->nasid = r[1];
	pc->nrips = r[3] & SVM_FEAT_NRIPS;
	pc->flush_asid = r[3] & SVM_FEAT_FLUSH_ASID;
	pc->cpu = cpu;
	x86_cpu_cpuid(1, 0, r);
	if (!(r[3] & CPUID_FXSR_EDX))
		return AXVCPU_EUNSUPPORTED;
	pc->xsave = r[2] & CPUID_XSAVE_ECX;
	pc->xcr0_all = X86_XCR0_X87 | X86_XCR0_SSE;
	if (pc->xsave) {
		x86_cpu_cpuid(0xd, 0, r);
		uint64_t have = (uint64_t)r[3] << 32 | r[0];
		pc->xcr0_all |= have & X86_XCR0_GUEST_MAX;
		/* AVX-512 only as a whole. */
		const uint64_t zmm =
		    X86_XCR0_OPMASK | X86_XCR0_ZMM_HI256 | X86_XCR0_HI16_ZMM;
		if ((pc->xcr0_all & zmm) != zmm)
			pc->xcr0_all &= ~zmm;
		if (!(pc->xcr0_all & X86_XCR0_AVX))
			pc->xcr0_all &= ~zmm;
	}
	if (!hal->alloc_frame(&pc->hsave_pa))
		return AXVCPU_ENOMEM;
	if (!hal->alloc_frame(&pc->host_vmcb_pa)) {
		svm_frame_free(pc->hsave_pa);
		pc->hsave_pa = 0;
		return AXVCPU_ENOMEM;
	}
	return AXVCPU_OK;
}

int svm_percpu_enable(void *percpu)
{
	struct svm_percpu *pc = percpu;
	uint64_t cr4 = x86_cpu_read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	if (pc->xsave)
		cr4 |= X86_CR4_OSXSAVE;
	x86_cpu_write_cr4(cr4);
	if (pc->xsave) {
		x86_fpu_xsetbv(0, pc->xcr0_all);
		pc->hw_xcr0 = pc->xcr0_all;
	}
	x86_cpu_wrmsr(X86_MSR_EFER,
		      x86_cpu_rdmsr(X86_MSR_EFER) | X86_EFER_SVME);
	if (!(x86_cpu_rdmsr(X86_MSR_EFER) & X86_EFER_SVME))
		return AXVCPU_EHW;
	x86_cpu_wrmsr(SVM_MSR_HSAVE_PA, pc->hsave_pa);
	/* The host's FS/GS/TR/LDTR and SYSCALL MSRs, for VMLOAD after
	 * each exit. */
	svm_vmsave(pc->host_vmcb_pa);
	pc->fp_owner = pc->dr_owner = 0;
	pc->last_serial = 0;
	return AXVCPU_OK;
}

int svm_percpu_disable(void *percpu)
{
	struct svm_percpu *pc = percpu;
	x86_cpu_wrmsr(SVM_MSR_HSAVE_PA, 0);
	x86_cpu_wrmsr(X86_MSR_EFER,
		      x86_cpu_rdmsr(X86_MSR_EFER) & ~X86_EFER_SVME);
	pc->fp_owner = pc->dr_owner = 0;
	return AXVCPU_OK;
}

void svm_percpu_fini(void *percpu)
{
	struct svm_percpu *pc = percpu;
	svm_frame_free(pc->hsave_pa);
	svm_frame_free(pc->host_vmcb_pa);
	pc->hsave_pa = pc->host_vmcb_pa = 0;
}

unsigned svm_percpu_levels(void *percpu)
{
	(void)percpu;
	return 4;
}
