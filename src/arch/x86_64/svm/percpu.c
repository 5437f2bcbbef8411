/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU SVM: what the CPU offers (SVM, NPT, ASIDs, nrip-save, XSAVE),
 * the host save area (VM_HSAVE_PA), a VMCB for the host's own VMSAVE
 * state, and EFER.SVME.
 */
#include "src/arch/x86_64/x86_msr.h"
#include "svm_internal.h"

#define CPUID_SVM_ECX (1u << 2) /* 0x80000001 ECX */

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
	int err = x86_fpu_cpu_probe(&pc->fp);
	if (err)
		return err;
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
	x86_cpu_write_cr4(x86_cpu_read_cr4() | x86_fpu_cpu_cr4(&pc->fp));
	x86_fpu_cpu_enable(&pc->fp);
	x86_cpu_wrmsr(X86_MSR_EFER,
		      x86_cpu_rdmsr(X86_MSR_EFER) | X86_EFER_SVME);
	if (!(x86_cpu_rdmsr(X86_MSR_EFER) & X86_EFER_SVME))
		return AXVCPU_EHW;
	x86_cpu_wrmsr(SVM_MSR_HSAVE_PA, pc->hsave_pa);
	/* The host's FS/GS/TR/LDTR and SYSCALL MSRs, for VMLOAD after
	 * each exit. */
	svm_vmsave(pc->host_vmcb_pa);
	pc->last_serial = 0;
	return AXVCPU_OK;
}

int svm_percpu_disable(void *percpu)
{
	struct svm_percpu *pc = percpu;
	x86_cpu_wrmsr(SVM_MSR_HSAVE_PA, 0);
	x86_cpu_wrmsr(X86_MSR_EFER,
		      x86_cpu_rdmsr(X86_MSR_EFER) & ~X86_EFER_SVME);
	x86_fpu_cpu_forget(&pc->fp);
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
