/* SPDX-License-Identifier: Apache-2.0 */
/* vCPU lifecycle of the SVM backend: frames, VMCB, setup, registers. */
#include "src/arch/x86_64/x86_msr.h"
#include "svm_internal.h"

_Static_assert(sizeof(struct axvcpu_svm_create_config) ==
		   sizeof(struct x86_vcpu_create_config),
	       "the shared create config");
_Static_assert(sizeof(struct axvcpu_svm_setup_config) ==
		       sizeof(struct x86_vcpu_setup_config) &&
		   offsetof(struct axvcpu_svm_setup_config, stack) ==
		       offsetof(struct x86_vcpu_setup_config, stack),
	       "the shared setup config");

static void vcpu_free(struct svm_vcpu *v)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!hal)
		return;
	if (v->vmcb_pa)
		hal->dealloc_frame(v->vmcb_pa);
	if (v->fpu_pa)
		hal->dealloc_frame(v->fpu_pa);
	if (v->iopm_pa)
		hal->dealloc_frames(v->iopm_pa, SVM_IOPM_FRAMES);
	if (v->msrpm_pa)
		hal->dealloc_frames(v->msrpm_pa, SVM_MSRPM_FRAMES);
	v->vmcb_pa = v->fpu_pa = v->iopm_pa = v->msrpm_pa = 0;
}

/* The intercepts and controls every vCPU starts with. */
static void vcpu_controls(struct svm_vcpu *v)
{
	struct vmcb *c = v->vmcb;
	/* #DB and #AC: a guest can make their delivery loop forever inside
	 * the CPU; intercepted, they are given back one at a time. */
	c->icpt_exc = (1u << AXVCPU_X86_EXC_DB) | (1u << AXVCPU_X86_EXC_AC);
	c->icpt1 = SVM_I1_INTR | SVM_I1_NMI | SVM_I1_SMI | SVM_I1_RDPMC |
		   SVM_I1_CPUID | SVM_I1_RSM | SVM_I1_INVD | SVM_I1_HLT |
		   SVM_I1_INVLPGA | SVM_I1_IOIO | SVM_I1_MSR | SVM_I1_SHUTDOWN;
	c->icpt2 = SVM_I2_VMRUN | SVM_I2_VMMCALL | SVM_I2_VMLOAD |
		   SVM_I2_VMSAVE | SVM_I2_STGI | SVM_I2_CLGI | SVM_I2_SKINIT |
		   SVM_I2_RDTSCP | SVM_I2_MONITOR | SVM_I2_MWAIT |
		   SVM_I2_MWAIT_COND | SVM_I2_XSETBV | SVM_I2_RDPRU;
	c->iopm_pa = v->iopm_pa;
	c->msrpm_pa = v->msrpm_pa;
	c->int_ctl = SVM_V_INTR_MASKING;
	c->np_ctl = 1;
	c->ncr3 = v->npt_root;
	c->asid = v->asid ? v->asid : 1;
	c->tlb_ctl = SVM_TLB_ALL;
	c->g_pat = X86_MSR_PAT_RESET;
}

int svm_vcpu_create(struct axvcpu *vcpu, const void *config)
{
	struct svm_vcpu *v = svm_of(vcpu);
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!hal->alloc_frames || !hal->dealloc_frames)
		return AXVCPU_EUNSUPPORTED;
	if (!hal->alloc_frame(&v->vmcb_pa) || !hal->alloc_frame(&v->fpu_pa) ||
	    !hal->alloc_frames(SVM_IOPM_FRAMES, AXVCPU_FRAME_SIZE,
			       &v->iopm_pa) ||
	    !hal->alloc_frames(SVM_MSRPM_FRAMES, AXVCPU_FRAME_SIZE,
			       &v->msrpm_pa)) {
		vcpu_free(v);
		return AXVCPU_ENOMEM;
	}
	v->vmcb = hal->phys_to_virt(v->vmcb_pa);
	v->fpu = hal->phys_to_virt(v->fpu_pa);
	v->iopm = hal->phys_to_virt(v->iopm_pa);
	v->msrpm = hal->phys_to_virt(v->msrpm_pa);
	if (!v->vmcb || !v->fpu || !v->iopm || !v->msrpm) {
		vcpu_free(v);
		return AXVCPU_ENOMEM;
	}
	x86_vcpu_create(vcpu, &v->x, config);
	svm_perm_init(v);
	return AXVCPU_OK;
}

void svm_vcpu_destroy(struct axvcpu *vcpu)
{
	vcpu_free(svm_of(vcpu));
}

/* INIT's state (x86_vcpu_init_state) and the VMCB's controls. */
static void vcpu_init_state(struct svm_vcpu *v)
{
	x86_vcpu_init_state(&v->x);
	v->nmi_blocked = false;
	vcpu_controls(v);
}

int svm_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root, const void *config)
{
	struct svm_vcpu *v = svm_of(vcpu);
	int err = x86_vcpu_setup(&v->x, entry, ept_root, config);
	if (err)
		return err;
	v->npt_root = ept_root;
	return svm_vcpu_reset(vcpu);
}

int svm_vcpu_reset(struct axvcpu *vcpu)
{
	struct svm_vcpu *v = svm_of(vcpu);
	vcpu_init_state(v);
	int err = svm_state_mode(v, v->boot_entry);
	v->r.gpr[AXVCPU_X86_REG_RSP] = v->boot_stack;
	return err;
}

int svm_vcpu_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg)
{
	struct svm_vcpu *v = svm_of(vcpu);
	struct x86_sregs s;
	(void)arg; /* a SIPI carries none */
	int err = x86_vcpu_start_state(&v->x, entry, &s);
	if (err)
		return err;
	vcpu_init_state(v);
	svm_state_load(v, &s);
	return AXVCPU_OK;
}

int svm_vcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry)
{
	struct svm_vcpu *v = svm_of(vcpu);
	if (!x86_mode_entry_ok(v->mode, entry))
		return AXVCPU_EINVAL;
	return svm_state_mode(v, entry);
}

int svm_vcpu_bind(struct axvcpu *vcpu, void *percpu)
{
	struct svm_percpu *pc = percpu;
	struct svm_vcpu *v = svm_of(vcpu);
	/* Unique among the first nasid - 1 vCPUs; shared ones are flushed
	 * when they alternate on a CPU (run.c). */
	v->asid = 1 + (uint32_t)((v->serial - 1) % (pc->nasid - 1));
	v->vmcb->asid = v->asid;
	v->cpuid.xcr0_allowed = x86_fpu_cpu_xcr0_allowed(&pc->fp);
	return AXVCPU_OK;
}

int svm_vcpu_unbind(struct axvcpu *vcpu, void *percpu)
{
	struct svm_percpu *pc = percpu;
	x86_fpu_cpu_leave(&pc->fp, &svm_of(vcpu)->x);
	return AXVCPU_OK;
}
