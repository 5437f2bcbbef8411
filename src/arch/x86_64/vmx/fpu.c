/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's x87/SSE/AVX state, XCR0 and debug registers DR0-DR3/DR6
 * (DR7 and DEBUGCTL are in the VMCS). The host never uses them, so a
 * vCPU's registers stay loaded while it is this CPU's owner, and are
 * saved only when another vCPU enters here or it leaves the CPU (unbind).
 * Save and restore cover every component the CPU lets guests use
 * (xcr0_all), whatever the guest's XCR0: SSE registers are reachable
 * without XCR0.SSE, so a smaller mask would show one guest another's.
 */
#include "src/arch/x86_64/x86_fpu.h"
#include "vmx_internal.h"

static void fpu_xcr0(struct vmx_percpu *pc, uint64_t xcr0)
{
	if (pc->xsave && pc->hw_xcr0 != xcr0) {
		x86_fpu_xsetbv(0, xcr0);
		pc->hw_xcr0 = xcr0;
	}
}

static void fpu_save(struct vmx_percpu *pc, struct vmx_vcpu *o)
{
	fpu_xcr0(pc, pc->xcr0_all);
	x86_fpu_save(o->fpu, pc->xsave, pc->xcr0_all);
}

void vmx_fpu_enter(struct vmx_percpu *pc, struct vmx_vcpu *v)
{
	if (pc->fp_owner != v || v->reload_fp) {
		if (pc->fp_owner && pc->fp_owner != v)
			fpu_save(pc, pc->fp_owner);
		fpu_xcr0(pc, pc->xcr0_all);
		x86_fpu_load(v->fpu, pc->xsave, pc->xcr0_all);
		pc->fp_owner = v;
	}
	fpu_xcr0(pc, v->xcr0);
	if (pc->dr_owner != v || v->reload_fp) {
		if (pc->dr_owner && pc->dr_owner != v) {
			x86_cpu_dr_save(pc->dr_owner->dr);
			pc->dr_owner->dr6 = x86_cpu_read_dr6();
		}
		x86_cpu_dr_load(v->dr);
		x86_cpu_write_dr6(v->dr6);
		pc->dr_owner = v;
	}
	v->reload_fp = false;
}

void vmx_fpu_leave_cpu(struct vmx_percpu *pc, struct vmx_vcpu *v)
{
	if (pc->fp_owner == v) {
		fpu_save(pc, v);
		pc->fp_owner = 0;
	}
	if (pc->dr_owner == v) {
		x86_cpu_dr_save(v->dr);
		v->dr6 = x86_cpu_read_dr6();
		pc->dr_owner = 0;
	}
}

bool vmx_fpu_xsetbv(struct vmx_percpu *pc, struct vmx_vcpu *v, uint32_t index,
		    uint64_t value)
{
	if (index != 0 || !pc->xsave ||
	    !x86_cpuid_xcr0_valid(value, pc->xcr0_all))
		return false;
	v->xcr0 = value;
	if (pc->fp_owner == v)
		fpu_xcr0(pc, value);
	return true;
}
