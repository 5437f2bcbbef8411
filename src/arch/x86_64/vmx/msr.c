/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MSRs, per the x86 layer's policy: the MSR bitmap lets the guest reach
 * what the world switch keeps per vCPU (the VMCS's segment bases and
 * SYSENTER MSRs, the SYSCALL MSRs switched here lazily) and TSC reads;
 * EFER, PAT, the APIC base and TSC writes are emulated here; the
 * hypervisor's own MSRs #GP; the rest goes to the VM layer as SysRegRead /
 * SysRegWrite (finished at the next entry, or failed with #GP by
 * axvcpu_set_return_error()).
 */
#include "src/arch/x86_64/x86_msr.h"
#include "vmx_internal.h"

/* Bitmap quarters: reads of 0..0x1fff, of 0xc0000000..0xc0001fff, then
 * the same for writes; a set bit intercepts. */
static void msr_pass(uint8_t *bm, uint32_t msr, bool write)
{
	unsigned base = write ? 2048 : 0;
	if (msr >= 0xc0000000u) {
		msr -= 0xc0000000u;
		base += 1024;
	}
	if (msr >= 0x2000u)
		return;
	bm[base + msr / 8] &= (uint8_t) ~(1u << (msr % 8));
}

void vmx_msr_bitmap_init(struct vmx_vcpu *v)
{
	static const uint32_t ranges[2] = { 0x0u, 0xc0000000u };
	for (unsigned i = 0; i < AXVCPU_FRAME_SIZE; i++)
		v->msr_bitmap[i] = 0xff;
	for (unsigned r = 0; r < 2; r++)
		for (uint32_t off = 0; off < 0x2000u; off++) {
			uint32_t msr = ranges[r] + off;
			if (x86_msr_class(msr, false) == X86_MSR_PASS)
				msr_pass(v->msr_bitmap, msr, false);
			if (x86_msr_class(msr, true) == X86_MSR_PASS)
				msr_pass(v->msr_bitmap, msr, true);
		}
}

static const uint32_t switched[VMX_SWITCHED_MSRS] = {
	X86_MSR_STAR, X86_MSR_LSTAR, X86_MSR_CSTAR, X86_MSR_SFMASK,
	X86_MSR_KERNEL_GS_BASE
};

void vmx_msr_switch(struct vmx_percpu *pc, struct vmx_vcpu *v)
{
	if (pc->msr_owner == v && !v->reload_msr)
		return;
	struct vmx_vcpu *o = pc->msr_owner;
	if (o && o != v) {
		for (unsigned i = 0; i < VMX_SWITCHED_MSRS; i++)
			o->msrs[i] = x86_cpu_rdmsr(switched[i]);
		o->cr2 = x86_cpu_read_cr2();
	}
	for (unsigned i = 0; i < VMX_SWITCHED_MSRS; i++)
		x86_cpu_wrmsr(switched[i], v->msrs[i]);
	x86_cpu_write_cr2(v->cr2);
	pc->msr_owner = v;
	v->reload_msr = false;
}

void vmx_msr_leave_cpu(struct vmx_percpu *pc, struct vmx_vcpu *v)
{
	if (pc->msr_owner != v)
		return;
	for (unsigned i = 0; i < VMX_SWITCHED_MSRS; i++)
		v->msrs[i] = x86_cpu_rdmsr(switched[i]);
	v->cr2 = x86_cpu_read_cr2();
	pc->msr_owner = 0;
}

/* EFER bits a guest may set: SCE, LME, and NXE where the CPU has NX. */
static uint64_t msr_efer_allowed(void)
{
	uint32_t r[4];
	x86_cpu_cpuid(0x80000001u, 0, r);
	return X86_EFER_SCE | X86_EFER_LME |
	       ((r[3] & (1u << 20)) ? X86_EFER_NXE : 0);
}

/* An emulated MSR: true if done, false for #GP. */
static bool msr_backend(struct vmx_vcpu *v, uint32_t msr, bool write,
			uint64_t val, uint64_t *out)
{
	if (x86_mtrr_is(msr))
		return write ? x86_mtrr_write(&v->mtrr, msr, val, 52)
			     : x86_mtrr_read(&v->mtrr, msr, out);
	switch (msr) {
	case X86_MSR_EFER: {
		uint64_t efer = vmx_read(VMCS_GUEST_EFER);
		if (!write) {
			*out = efer;
			return true;
		}
		if (!x86_msr_efer_write(efer, val, msr_efer_allowed(),
					vmx_state_cr0(v), &val))
			return false;
		vmx_write(VMCS_GUEST_EFER, val);
		return true;
	}
	case X86_MSR_PAT:
		if (!write) {
			*out = v->pat;
			return true;
		}
		if (!x86_msr_pat_valid(val))
			return false;
		v->pat = val;
		if (vmx_caps_global.pat)
			vmx_write(VMCS_GUEST_PAT, val);
		return true;
	case X86_MSR_APIC_BASE:
		if (!write) {
			*out = v->apic_base;
			return true;
		}
		if (!x86_msr_apic_base_valid(val, 52))
			return false;
		v->apic_base = val;
		return true;
	case X86_MSR_TSC: {
		uint64_t off = vmx_read(VMCS_TSC_OFFSET);
		if (!write) {
			*out = x86_cpu_rdtsc() + off;
			return true;
		}
		vmx_write(VMCS_TSC_OFFSET, val - x86_cpu_rdtsc());
		return true;
	}
	default:
		return false;
	}
}

bool vmx_msr_handle(struct vmx_vcpu *v, bool write, struct axvcpu_exit *exit)
{
	uint32_t msr = (uint32_t)v->r.gpr[AXVCPU_X86_REG_RCX];
	uint64_t val = (uint32_t)v->r.gpr[AXVCPU_X86_REG_RAX] |
		       v->r.gpr[AXVCPU_X86_REG_RDX] << 32;
	uint64_t next_rip = vmx_exit_next_rip(v);
	uint64_t out = 0;
	switch (x86_msr_class(msr, write)) {
	case X86_MSR_BACKEND:
		if (!msr_backend(v, msr, write, val, &out)) {
			vmx_exit_raise(v, AXVCPU_X86_EXC_GP, 0);
			return false;
		}
		if (!write) {
			v->r.gpr[AXVCPU_X86_REG_RAX] = (uint32_t)out;
			v->r.gpr[AXVCPU_X86_REG_RDX] = out >> 32;
		}
		v->r.rip = next_rip;
		return false;
	case X86_MSR_FAULT:
		vmx_exit_raise(v, AXVCPU_X86_EXC_GP, 0);
		return false;
	default: /* EXIT, and PASS ones outside the bitmap's ranges */
		break;
	}
	v->ret = X86_RET_SYSREG;
	if (write) {
		x86_emul_insn_start(&v->emul, &v->r, X86_EMUL_SKIP, next_rip);
		exit->reason = AXVCPU_EXIT_SYSREG_WRITE;
		exit->sysreg_write.addr = msr;
		exit->sysreg_write.value = val;
	} else {
		x86_emul_insn_start(&v->emul, &v->r, X86_EMUL_RDMSR, next_rip);
		exit->reason = AXVCPU_EXIT_SYSREG_READ;
		exit->sysreg_read.addr = msr;
		exit->sysreg_read.reg = AXVCPU_X86_REG_READ_DATA;
	}
	return true;
}
