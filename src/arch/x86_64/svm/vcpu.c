/* SPDX-License-Identifier: Apache-2.0 */
/* vCPU lifecycle of the SVM backend: frames, VMCB, setup, registers. */
#include "src/arch/x86_64/x86_fpu.h"
#include "src/arch/x86_64/x86_msr.h"
#include "src/arch/x86_64/x86_mtrr.h"
#include "svm_internal.h"

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
	static uint64_t next_serial;
	struct svm_vcpu *v = svm_of(vcpu);
	const struct axvcpu_svm_create_config *cfg = config;
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
	v->serial = __atomic_add_fetch(&next_serial, 1, __ATOMIC_RELAXED);
	v->last_cpu = -1;
	v->bsp = axvcpu_is_bsp(vcpu);
	v->cpuid.apic_id = cfg ? cfg->apic_id : axvcpu_id(vcpu);
	v->cpuid.ncpus = cfg && cfg->ncpus ? cfg->ncpus : 1;
	x86_cpuid_probe(&v->cpuid, x86_cpu_cpuid);
	svm_perm_init(v);
	return AXVCPU_OK;
}

void svm_vcpu_destroy(struct axvcpu *vcpu)
{
	vcpu_free(svm_of(vcpu));
}

/*
 * What INIT leaves in a CPU beside the mode (SDM vol. 3 table 10-1,
 * APM vol. 2 table 14-1): GPRs 0 but rdx = the CPU signature, XCR0 = x87,
 * the FP state initial, the APIC base, PAT and the debug registers reset.
 */
static void vcpu_init_state(struct svm_vcpu *v)
{
	uint32_t sig[4];
	x86_cpu_cpuid(1, 0, sig);
	for (unsigned i = 0; i < 16; i++)
		v->r.gpr[i] = 0;
	v->r.gpr[AXVCPU_X86_REG_RDX] = sig[0];
	v->xcr0 = X86_XCR0_X87;
	x86_fpu_area_init(v->fpu);
	v->apic_base = x86_msr_apic_base_reset(v->bsp);
	x86_mtrr_reset(&v->mtrr);
	for (unsigned i = 0; i < 4; i++)
		v->dr[i] = 0;
	v->nmi_blocked = false;
	v->exc_pending = false;
	v->ret = SVM_RET_NONE;
	x86_emul_cancel(&v->emul);
	vcpu_controls(v);
}

int svm_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root, const void *config)
{
	struct svm_vcpu *v = svm_of(vcpu);
	const struct axvcpu_svm_setup_config *cfg = config;
	if ((cfg && cfg->reserved) || !ept_root || (ept_root & 0xfff))
		return AXVCPU_EINVAL;
	uint32_t mode = cfg ? cfg->mode : AXVCPU_X86_MODE_REAL16;
	axvcpu_gpa_t sys = cfg && cfg->sys_area_gpa
			       ? cfg->sys_area_gpa
			       : AXVCPU_X86_SYS_AREA_DEFAULT;
	int err = x86_mode_check(mode, entry, sys);
	if (err)
		return err;
	v->npt_root = ept_root;
	v->mode = mode;
	v->sys_area = sys;
	v->boot_entry = entry;
	v->boot_stack = cfg ? cfg->stack : 0;
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
	if (entry > 0xffffffffull)
		return AXVCPU_EINVAL;
	vcpu_init_state(v);
	if (!(entry & 0xfff) && entry < 0x100000) {
		x86_mode_sipi_state((uint8_t)(entry >> 12), &s);
		v->r.rip = 0;
	} else {
		x86_mode_sregs(AXVCPU_X86_MODE_REAL16, entry, 0, &s);
		v->r.rip = x86_mode_rip(AXVCPU_X86_MODE_REAL16, entry);
	}
	svm_state_load(v, &s);
	v->r.rflags = X86_RFLAGS_FIXED;
	return AXVCPU_OK;
}

int svm_vcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry)
{
	struct svm_vcpu *v = svm_of(vcpu);
	if (!x86_mode_entry_ok(v->mode, entry))
		return AXVCPU_EINVAL;
	return svm_state_mode(v, entry);
}

int svm_vcpu_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val)
{
	struct svm_vcpu *v = svm_of(vcpu);
	if (reg < 16)
		v->r.gpr[reg] = val;
	else if (reg == AXVCPU_X86_REG_RIP)
		v->r.rip = val; /* a moved rip drops what was in progress */
	else if (reg == AXVCPU_X86_REG_RFLAGS)
		v->r.rflags = (val & 0x3f7fd7ull) | X86_RFLAGS_FIXED;
	else if (reg == AXVCPU_X86_REG_READ_DATA &&
		 x86_emul_read_pending(&v->emul))
		x86_emul_complete(&v->emul, val);
	else
		return AXVCPU_EINVAL;
	return AXVCPU_OK;
}

int svm_vcpu_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val)
{
	struct svm_vcpu *v = svm_of(vcpu);
	if (reg < 16)
		*val = v->r.gpr[reg];
	else if (reg == AXVCPU_X86_REG_RIP)
		*val = v->r.rip;
	else if (reg == AXVCPU_X86_REG_RFLAGS)
		*val = v->r.rflags;
	else if (reg == AXVCPU_X86_REG_READ_DATA &&
		 x86_emul_read_pending(&v->emul))
		*val = v->emul.have_value ? v->emul.value : 0;
	else
		return AXVCPU_EINVAL;
	return AXVCPU_OK;
}

int svm_vcpu_bind(struct axvcpu *vcpu, void *percpu)
{
	struct svm_percpu *pc = percpu;
	struct svm_vcpu *v = svm_of(vcpu);
	/* Unique among the first nasid - 1 vCPUs; shared ones are flushed
	 * when they alternate on a CPU (run.c). */
	v->asid = 1 + (uint32_t)((v->serial - 1) % (pc->nasid - 1));
	v->vmcb->asid = v->asid;
	v->cpuid.xcr0_allowed = pc->xsave ? pc->xcr0_all : 0;
	return AXVCPU_OK;
}

int svm_vcpu_unbind(struct axvcpu *vcpu, void *percpu)
{
	svm_fpu_leave_cpu(percpu, svm_of(vcpu));
	return AXVCPU_OK;
}

void svm_vcpu_kick(struct axvcpu *vcpu)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	int cpu = axvcpu_bound_cpu(vcpu);
	/* The IPI ends the guest's run (INTR intercept); run sees why. */
	if (hal && hal->send_kick_ipi && cpu >= 0)
		hal->send_kick_ipi((unsigned)cpu);
}
