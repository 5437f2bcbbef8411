/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An intercepted RDMSR/WRMSR of a bare-metal x86 vCPU, per the x86 layer's
 * policy (x86_msr_class): the MSRs it keeps in struct x86_vcpu (MTRRs, the
 * APIC base) emulated here, the backend's own (EFER, PAT, the TSC: in the
 * VMCB or the VMCS) by the backend, the hypervisor's own #GP, the rest to
 * the VM layer as SysRegRead / SysRegWrite (finished at the next entry, or
 * failed with #GP by axvcpu_set_return_error()).
 */
#include "x86_cpu.h"
#include "x86_msr.h"
#include "x86_vcpu.h"

struct x86_msr_op x86_vcpu_msr_op(const struct x86_vcpu *x, bool write)
{
	const uint64_t *g = x->r.gpr;
	uint32_t msr = (uint32_t)g[AXVCPU_X86_REG_RCX];
	return (struct x86_msr_op){
		.msr = msr,
		.write = write,
		.val = (uint32_t)g[AXVCPU_X86_REG_RAX] | g[AXVCPU_X86_REG_RDX]
							     << 32,
		.cls = x86_msr_class(msr, write),
	};
}

uint64_t x86_vcpu_msr_efer_allowed(void)
{
	uint32_t r[4];
	x86_cpu_cpuid(0x80000001u, 0, r);
	return X86_EFER_SCE | X86_EFER_LME |
	       ((r[3] & (1u << 20)) ? X86_EFER_NXE : 0);
}

bool x86_vcpu_msr_emulate(struct x86_vcpu *x, const struct x86_msr_op *op,
			  uint64_t *out)
{
	if (x86_mtrr_is(op->msr))
		return op->write
			   ? x86_mtrr_write(&x->mtrr, op->msr, op->val, 52)
			   : x86_mtrr_read(&x->mtrr, op->msr, out);
	if (op->msr != X86_MSR_APIC_BASE)
		return false;
	if (!op->write) {
		*out = x->apic_base;
		return true;
	}
	if (!x86_msr_apic_base_valid(op->val, 52))
		return false;
	x->apic_base = op->val;
	return true;
}

bool x86_vcpu_msr_finish(struct x86_vcpu *x, const struct x86_msr_op *op,
			 bool done, uint64_t out, uint64_t next_rip,
			 struct axvcpu_exit *exit)
{
	switch (op->cls) {
	case X86_MSR_BACKEND:
		if (!done) {
			x86_vcpu_raise(x, AXVCPU_X86_EXC_GP, 0);
			return false;
		}
		if (!op->write) {
			x->r.gpr[AXVCPU_X86_REG_RAX] = (uint32_t)out;
			x->r.gpr[AXVCPU_X86_REG_RDX] = out >> 32;
		}
		x->r.rip = next_rip;
		return false;
	case X86_MSR_FAULT:
		x86_vcpu_raise(x, AXVCPU_X86_EXC_GP, 0);
		return false;
	default: /* EXIT, and PASS ones intercepted after all (outside the
		    bitmap's ranges) */
		break;
	}
	x->ret = X86_RET_SYSREG;
	if (op->write) {
		x86_emul_insn_start(&x->emul, &x->r, X86_EMUL_SKIP, next_rip);
		exit->reason = AXVCPU_EXIT_SYSREG_WRITE;
		exit->sysreg_write.addr = op->msr;
		exit->sysreg_write.value = op->val;
	} else {
		x86_emul_insn_start(&x->emul, &x->r, X86_EMUL_RDMSR, next_rip);
		exit->reason = AXVCPU_EXIT_SYSREG_READ;
		exit->sysreg_read.addr = op->msr;
		exit->sysreg_read.reg = AXVCPU_X86_REG_READ_DATA;
	}
	return true;
}
