/* SPDX-License-Identifier: Apache-2.0 */
/* The vendor-neutral part of a bare-metal x86 vCPU (x86_vcpu.h). */
#include "x86_vcpu.h"

#include "x86_cpu.h"
#include "x86_event.h"
#include "x86_fpu.h"
#include "x86_msr.h"

void x86_vcpu_create(struct axvcpu *vcpu, struct x86_vcpu *x,
		     const struct x86_vcpu_create_config *cfg)
{
	static uint64_t next_serial;
	x->serial = __atomic_add_fetch(&next_serial, 1, __ATOMIC_RELAXED);
	x->last_cpu = -1;
	x->bsp = axvcpu_is_bsp(vcpu);
	x->cpuid.apic_id = cfg ? cfg->apic_id : axvcpu_id(vcpu);
	x->cpuid.ncpus = cfg && cfg->ncpus ? cfg->ncpus : 1;
	x86_cpuid_probe(&x->cpuid, x86_cpu_cpuid);
}

int x86_vcpu_setup(struct x86_vcpu *x, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root,
		   const struct x86_vcpu_setup_config *cfg)
{
	if ((cfg && cfg->reserved) || !ept_root || (ept_root & 0xfff))
		return AXVCPU_EINVAL;
	uint32_t mode = cfg ? cfg->mode : AXVCPU_X86_MODE_REAL16;
	axvcpu_gpa_t sys = cfg && cfg->sys_area_gpa
			       ? cfg->sys_area_gpa
			       : AXVCPU_X86_SYS_AREA_DEFAULT;
	int err = x86_mode_check(mode, entry, sys);
	if (err)
		return err;
	x->mode = mode;
	x->sys_area = sys;
	x->boot_entry = entry;
	x->boot_stack = cfg ? cfg->stack : 0;
	return AXVCPU_OK;
}

void x86_vcpu_init_state(struct x86_vcpu *x)
{
	uint32_t sig[4];
	x86_cpu_cpuid(1, 0, sig);
	for (unsigned i = 0; i < 16; i++)
		x->r.gpr[i] = 0;
	x->r.gpr[AXVCPU_X86_REG_RDX] = sig[0];
	x->xcr0 = X86_XCR0_X87;
	x86_fpu_area_init(x->fpu);
	x->reload_fp = true;
	x->apic_base = x86_msr_apic_base_reset(x->bsp);
	x86_mtrr_reset(&x->mtrr);
	for (unsigned i = 0; i < 4; i++)
		x->dr[i] = 0;
	x->dr6 = 0xffff0ff0u;
	x->exc_pending = false;
	x->ret = X86_RET_NONE;
	x86_emul_cancel(&x->emul);
}

int x86_vcpu_start_state(struct x86_vcpu *x, axvcpu_gpa_t entry,
			 struct x86_sregs *s)
{
	if (entry > 0xffffffffull)
		return AXVCPU_EINVAL;
	if (!(entry & 0xfff) && entry < 0x100000) {
		x86_mode_sipi_state((uint8_t)(entry >> 12), s);
		x->r.rip = 0;
	} else {
		x86_mode_sregs(AXVCPU_X86_MODE_REAL16, entry, 0, s);
		x->r.rip = x86_mode_rip(AXVCPU_X86_MODE_REAL16, entry);
	}
	x->r.rflags = X86_RFLAGS_FIXED;
	return AXVCPU_OK;
}

int x86_vcpu_mode_state(struct x86_vcpu *x, axvcpu_gpa_t entry,
			const struct x86_gmem *mem, struct x86_sregs *s)
{
	if (x86_mode_uses_sys_area(x->mode)) {
		/* The area goes to guest RAM page by page, through stage 2. */
		uint64_t page[512];
		for (unsigned i = 0; i < AXVCPU_X86_SYS_AREA_SIZE / 0x1000;
		     i++) {
			x86_mode_sys_area_page(page, x->sys_area, i);
			if (mem->write(mem->ctx, x->sys_area + i * 0x1000ull,
				       page, 0x1000))
				return AXVCPU_EINVAL;
		}
	}
	x86_mode_sregs(x->mode, entry, x->sys_area, s);
	x->r.rip = x86_mode_rip(x->mode, entry);
	x->r.rflags = X86_RFLAGS_FIXED;
	x86_emul_cancel(&x->emul);
	x->exc_pending = false;
	return AXVCPU_OK;
}

int x86_vcpu_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val)
{
	struct x86_vcpu *x = x86_vcpu_of(vcpu);
	if (reg < 16)
		x->r.gpr[reg] = val;
	else if (reg == AXVCPU_X86_REG_RIP)
		x->r.rip = val; /* a moved rip drops what was in progress */
	else if (reg == AXVCPU_X86_REG_RFLAGS)
		x->r.rflags = (val & 0x3f7fd7ull) | X86_RFLAGS_FIXED;
	else if (reg == AXVCPU_X86_REG_READ_DATA &&
		 x86_emul_read_pending(&x->emul))
		x86_emul_complete(&x->emul, val);
	else
		return AXVCPU_EINVAL;
	return AXVCPU_OK;
}

int x86_vcpu_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val)
{
	struct x86_vcpu *x = x86_vcpu_of(vcpu);
	if (reg < 16)
		*val = x->r.gpr[reg];
	else if (reg == AXVCPU_X86_REG_RIP)
		*val = x->r.rip;
	else if (reg == AXVCPU_X86_REG_RFLAGS)
		*val = x->r.rflags;
	else if (reg == AXVCPU_X86_REG_READ_DATA &&
		 x86_emul_read_pending(&x->emul))
		*val = x->emul.have_value ? x->emul.value : 0;
	else
		return AXVCPU_EINVAL;
	return AXVCPU_OK;
}

int x86_vcpu_complete_read(struct axvcpu *vcpu,
			   const struct axvcpu_read_completion *c)
{
	struct x86_vcpu *x = x86_vcpu_of(vcpu);
	switch (c->kind) {
	case AXVCPU_READ_MMIO:
	case AXVCPU_READ_IO:
	case AXVCPU_READ_SYSREG:
		if (!x86_emul_read_pending(&x->emul))
			return AXVCPU_EINVAL;
		x86_emul_complete(&x->emul, c->value);
		return AXVCPU_OK;
	default:
		return AXVCPU_EUNSUPPORTED;
	}
}

int x86_vcpu_reflect_fault(struct axvcpu *vcpu, const struct axvcpu_exit *exit)
{
	struct x86_vcpu *x = x86_vcpu_of(vcpu);
	(void)exit;
	if (x->emul.kind != X86_EMUL_MMIO && x->emul.kind != X86_EMUL_NPF)
		return AXVCPU_EBADSTATE;
	/* The nearest the guest can handle to a bus error. */
	return x86_emul_fail(&x->emul, &x->r, AXVCPU_X86_EXC_GP, 0);
}

int x86_vcpu_set_return_value(struct axvcpu *vcpu, uint64_t val)
{
	struct x86_vcpu *x = x86_vcpu_of(vcpu);
	if (x->ret != X86_RET_HYPERCALL)
		return AXVCPU_EINVAL;
	x->r.gpr[AXVCPU_X86_REG_RAX] = val;
	return AXVCPU_OK;
}

int x86_vcpu_set_return_error(struct axvcpu *vcpu, int err)
{
	struct x86_vcpu *x = x86_vcpu_of(vcpu);
	(void)err;
	switch (x->ret) {
	case X86_RET_HYPERCALL:
		x->r.gpr[AXVCPU_X86_REG_RAX] = ~0ull;
		return AXVCPU_OK;
	case X86_RET_SYSREG:
		return x86_emul_fail(&x->emul, &x->r, AXVCPU_X86_EXC_GP, 0);
	default:
		return AXVCPU_EBADSTATE;
	}
}

void x86_vcpu_kick(struct axvcpu *vcpu)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	int cpu = axvcpu_bound_cpu(vcpu);
	if (hal && hal->send_kick_ipi && cpu >= 0)
		hal->send_kick_ipi((unsigned)cpu);
}

void x86_vcpu_raise(struct x86_vcpu *x, uint8_t vector, uint32_t error)
{
	x->exc = (struct x86_fault){ .vector = vector,
				     .has_error = x86_event_has_error(vector),
				     .error = error };
	x->exc_pending = true;
}
