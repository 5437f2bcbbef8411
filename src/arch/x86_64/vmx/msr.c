/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MSRs, per the x86 layer's policy: the MSR bitmap lets the guest reach
 * what the world switch keeps per vCPU (the VMCS's segment bases and
 * SYSENTER MSRs, the SYSCALL MSRs switched here lazily) and TSC reads;
 * an intercepted access goes by x86_vcpu_msr.c, with the MSRs VMX keeps
 * in the VMCS (EFER, PAT, the TSC offset) emulated here.
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

/* An emulated MSR: true if done, false for #GP. */
static bool msr_backend(struct vmx_vcpu *v, const struct x86_msr_op *op,
			uint64_t *out)
{
	uint64_t val = op->val;
	bool write = op->write;
	switch (op->msr) {
	case X86_MSR_EFER: {
		uint64_t efer = vmx_read(VMCS_GUEST_EFER);
		if (!write) {
			*out = efer;
			return true;
		}
		if (!x86_msr_efer_write(efer, val, x86_vcpu_msr_efer_allowed(),
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
		return x86_vcpu_msr_emulate(&v->x, op, out);
	}
}

bool vmx_msr_handle(struct vmx_vcpu *v, bool write, struct axvcpu_exit *exit)
{
	struct x86_msr_op op = x86_vcpu_msr_op(&v->x, write);
	uint64_t out = 0;
	bool done = op.cls == X86_MSR_BACKEND && msr_backend(v, &op, &out);
	return x86_vcpu_msr_finish(&v->x, &op, done, out, vmx_exit_next_rip(v),
				   exit);
}
