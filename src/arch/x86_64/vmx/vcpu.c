/* SPDX-License-Identifier: Apache-2.0 */
/* vCPU lifecycle of the VMX backend: frames, setup, registers, binding. */
#include "src/arch/x86_64/x86_msr.h"
#include "vmx_internal.h"

_Static_assert(sizeof(struct axvcpu_vmx_create_config) ==
		   sizeof(struct x86_vcpu_create_config),
	       "the shared create config");
_Static_assert(sizeof(struct axvcpu_vmx_setup_config) ==
		       sizeof(struct x86_vcpu_setup_config) &&
		   offsetof(struct axvcpu_vmx_setup_config, stack) ==
		       offsetof(struct x86_vcpu_setup_config, stack),
	       "the shared setup config");

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
	struct vmx_vcpu *v = vmx_of(vcpu);
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
	x86_vcpu_create(vcpu, &v->x, config);
	/* VPIDs 1..65535, shared (and flushed at entry) past that. */
	v->vpid = (uint16_t)(1 + (v->serial - 1) % 0xffff);
	v->host_cpu = -1;
	vmx_msr_bitmap_init(v);
	return AXVCPU_OK;
}

void vmx_vcpu_destroy(struct axvcpu *vcpu)
{
	vcpu_free(vmx_of(vcpu));
}

/* INIT's state (x86_vcpu_init_state) and VMX's part of it: PAT, CR2,
 * the switched MSRs (loaded again where they are in a CPU), no interrupt
 * shadow or interrupted event. */
static void vcpu_init_state(struct vmx_vcpu *v)
{
	x86_vcpu_init_state(&v->x);
	v->reload_msr = true;
	v->pat = X86_MSR_PAT_RESET;
	v->cr2 = 0;
	for (unsigned i = 0; i < VMX_SWITCHED_MSRS; i++)
		v->msrs[i] = 0;
	v->intr_state = 0;
	v->idt_info = 0;
}

int vmx_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root, const void *config)
{
	struct vmx_vcpu *v = vmx_of(vcpu);
	int err = x86_vcpu_setup(&v->x, entry, ept_root, config);
	if (err)
		return err;
	if (v->mode != AXVCPU_X86_MODE_LONG64 && !vmx_caps_global.unrestricted)
		return AXVCPU_EUNSUPPORTED; /* paging off needs it */
	v->ept_root = ept_root;
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
	if (!vmx_caps_global.unrestricted)
		return AXVCPU_EUNSUPPORTED; /* an AP starts in real mode */
	int err = x86_vcpu_start_state(&v->x, entry, &s);
	if (err)
		return err;
	vcpu_init_state(v);
	vmx_state_stage(v, &s);
	return AXVCPU_OK;
}

int vmx_vcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry)
{
	struct vmx_vcpu *v = vmx_of(vcpu);
	if (!x86_mode_entry_ok(v->mode, entry))
		return AXVCPU_EINVAL;
	return vmx_state_mode(v, entry);
}

int vmx_vcpu_bind(struct axvcpu *vcpu, void *percpu)
{
	struct vmx_percpu *pc = percpu;
	struct vmx_vcpu *v = vmx_of(vcpu);
	if (!pc->on)
		return AXVCPU_EBADSTATE;
	v->cpuid.xcr0_allowed = x86_fpu_cpu_xcr0_allowed(&pc->fp);
	return AXVCPU_OK;
}

int vmx_vcpu_unbind(struct axvcpu *vcpu, void *percpu)
{
	struct vmx_percpu *pc = percpu;
	struct vmx_vcpu *v = vmx_of(vcpu);
	x86_fpu_cpu_leave(&pc->fp, &v->x);
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
