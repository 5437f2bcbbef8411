/* SPDX-License-Identifier: Apache-2.0 */
/* vCPU lifecycle of the VMX backend: frames, setup, registers, binding. */
#include "src/arch/x86_64/x86_fpu.h"
#include "src/arch/x86_64/x86_msr.h"
#include "vmx_internal.h"

static void vcpu_free(struct vmx_vcpu *v)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!hal)
		return;
	if (v->vmcs_pa)
		hal->dealloc_frame(v->vmcs_pa);
	if (v->fpu_pa)
		hal->dealloc_frame(v->fpu_pa);
	if (v->msr_bitmap_pa)
		hal->dealloc_frame(v->msr_bitmap_pa);
	v->vmcs_pa = v->fpu_pa = v->msr_bitmap_pa = 0;
}

int vmx_vcpu_create(struct axvcpu *vcpu, const void *config)
{
	static uint64_t next_serial;
	struct vmx_vcpu *v = vmx_of(vcpu);
	const struct axvcpu_vmx_create_config *cfg = config;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!__atomic_load_n(&vmx_caps_known, __ATOMIC_ACQUIRE))
		return AXVCPU_EUNSUPPORTED; /* no CPU has VMX set up */
	if (!hal->alloc_frame(&v->vmcs_pa) || !hal->alloc_frame(&v->fpu_pa) ||
	    !hal->alloc_frame(&v->msr_bitmap_pa)) {
		vcpu_free(v);
		return AXVCPU_ENOMEM;
	}
	uint32_t *vmcs = hal->phys_to_virt(v->vmcs_pa);
	v->fpu = hal->phys_to_virt(v->fpu_pa);
	v->msr_bitmap = hal->phys_to_virt(v->msr_bitmap_pa);
	if (!vmcs || !v->fpu || !v->msr_bitmap) {
		vcpu_free(v);
		return AXVCPU_ENOMEM;
	}
	vmcs[0] = vmx_caps_global.revision;
	v->serial = __atomic_add_fetch(&next_serial, 1, __ATOMIC_RELAXED);
	/* VPIDs 1..65535, shared (and flushed at entry) past that. */
	v->vpid = (uint16_t)(1 + (v->serial - 1) % 0xffff);
	v->last_cpu = v->host_cpu = -1;
	v->bsp = axvcpu_is_bsp(vcpu);
	v->cpuid.apic_id = cfg ? cfg->apic_id : axvcpu_id(vcpu);
	v->cpuid.ncpus = cfg && cfg->ncpus ? cfg->ncpus : 1;
	x86_cpuid_probe(&v->cpuid, x86_cpu_cpuid);
	vmx_msr_bitmap_init(v);
	return AXVCPU_OK;
}

void vmx_vcpu_destroy(struct axvcpu *vcpu)
{
	vcpu_free(vmx_of(vcpu));
}

/*
 * What INIT leaves in a CPU beside the mode (SDM vol. 3 table 10-1): GPRs
 * 0 but rdx = the CPU signature, XCR0 = x87, the FP state initial, the
 * APIC base, PAT, CR2 and the debug registers reset.
 */
static void vcpu_init_state(struct vmx_vcpu *v)
{
	uint32_t sig[4];
	x86_cpu_cpuid(1, 0, sig);
	for (unsigned i = 0; i < 16; i++)
		v->r.gpr[i] = 0;
	v->r.gpr[AXVCPU_X86_REG_RDX] = sig[0];
	v->xcr0 = X86_XCR0_X87;
	x86_fpu_area_init(v->fpu);
	v->reload_fp = v->reload_msr = true;
	v->apic_base = x86_msr_apic_base_reset(v->bsp);
	v->pat = X86_MSR_PAT_RESET;
	x86_mtrr_reset(&v->mtrr);
	for (unsigned i = 0; i < 4; i++)
		v->dr[i] = 0;
	v->dr6 = 0xffff0ff0u;
	v->cr2 = 0;
	for (unsigned i = 0; i < VMX_SWITCHED_MSRS; i++)
		v->msrs[i] = 0;
	v->exc_pending = false;
	v->ret = VMX_RET_NONE;
	v->intr_state = 0;
	v->idt_info = 0;
	x86_emul_cancel(&v->emul);
}

int vmx_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root, const void *config)
{
	struct vmx_vcpu *v = vmx_of(vcpu);
	const struct axvcpu_vmx_setup_config *cfg = config;
	if ((cfg && cfg->reserved) || !ept_root || (ept_root & 0xfff))
		return AXVCPU_EINVAL;
	uint32_t mode = cfg ? cfg->mode : AXVCPU_X86_MODE_REAL16;
	axvcpu_gpa_t sys = cfg && cfg->sys_area_gpa
			       ? cfg->sys_area_gpa
			       : AXVCPU_X86_SYS_AREA_DEFAULT;
	int err = x86_mode_check(mode, entry, sys);
	if (err)
		return err;
	if (mode != AXVCPU_X86_MODE_LONG64 && !vmx_caps_global.unrestricted)
		return AXVCPU_EUNSUPPORTED; /* paging off needs it */
	v->ept_root = ept_root;
	v->mode = mode;
	v->sys_area = sys;
	v->boot_entry = entry;
	v->boot_stack = cfg ? cfg->stack : 0;
	return vmx_vcpu_reset(vcpu);
}

int vmx_vcpu_reset(struct axvcpu *vcpu)
{
	struct vmx_vcpu *v = vmx_of(vcpu);
	vcpu_init_state(v);
	int err = vmx_state_mode(v, v->boot_entry);
	v->r.gpr[AXVCPU_X86_REG_RSP] = v->boot_stack;
	return err;
}

int vmx_vcpu_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg)
{
	struct vmx_vcpu *v = vmx_of(vcpu);
	struct x86_sregs s;
	(void)arg; /* a SIPI carries none */
	if (entry > 0xffffffffull)
		return AXVCPU_EINVAL;
	if (!vmx_caps_global.unrestricted)
		return AXVCPU_EUNSUPPORTED; /* an AP starts in real mode */
	vcpu_init_state(v);
	if (!(entry & 0xfff) && entry < 0x100000) {
		x86_mode_sipi_state((uint8_t)(entry >> 12), &s);
		v->r.rip = 0;
	} else {
		x86_mode_sregs(AXVCPU_X86_MODE_REAL16, entry, 0, &s);
		v->r.rip = x86_mode_rip(AXVCPU_X86_MODE_REAL16, entry);
	}
	vmx_state_stage(v, &s);
	v->r.rflags = X86_RFLAGS_FIXED;
	return AXVCPU_OK;
}

int vmx_vcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry)
{
	struct vmx_vcpu *v = vmx_of(vcpu);
	if (!x86_mode_entry_ok(v->mode, entry))
		return AXVCPU_EINVAL;
	return vmx_state_mode(v, entry);
}

int vmx_vcpu_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val)
{
	struct vmx_vcpu *v = vmx_of(vcpu);
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

int vmx_vcpu_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val)
{
	struct vmx_vcpu *v = vmx_of(vcpu);
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

int vmx_vcpu_bind(struct axvcpu *vcpu, void *percpu)
{
	struct vmx_percpu *pc = percpu;
	struct vmx_vcpu *v = vmx_of(vcpu);
	if (!pc->on)
		return AXVCPU_EBADSTATE;
	v->cpuid.xcr0_allowed = pc->xsave ? pc->xcr0_all : 0;
	return AXVCPU_OK;
}

int vmx_vcpu_unbind(struct axvcpu *vcpu, void *percpu)
{
	struct vmx_percpu *pc = percpu;
	struct vmx_vcpu *v = vmx_of(vcpu);
	vmx_fpu_leave_cpu(pc, v);
	vmx_msr_leave_cpu(pc, v);
	if (v->host_cpu >= 0) {
		/* Written back and inactive: it may be loaded elsewhere. */
		vmx_vmclear(v->vmcs_pa);
		v->launched = false;
		v->host_cpu = -1;
	}
	if (pc->current == v)
		pc->current = 0;
	return AXVCPU_OK;
}

void vmx_vcpu_kick(struct axvcpu *vcpu)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	int cpu = axvcpu_bound_cpu(vcpu);
	/* The IPI ends the guest's run (external-interrupt exiting). */
	if (hal && hal->send_kick_ipi && cpu >= 0)
		hal->send_kick_ipi((unsigned)cpu);
}
