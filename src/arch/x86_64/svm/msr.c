/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Intercepted RDMSR/WRMSR, per the x86 layer's policy: EFER, PAT, the APIC
 * base, TSC writes and the MTRRs emulated here (in the VMCB or the vCPU), the
 * hypervisor's own MSRs #GP, the rest to the VM layer as SysRegRead /
 * SysRegWrite (finished at the next entry, or failed with #GP by
 * axvcpu_set_return_error()).
 */
#include "src/arch/x86_64/x86_msr.h"
#include "src/arch/x86_64/x86_mtrr.h"
#include "svm_internal.h"

/* EFER bits a guest may set: SCE, LME, and NXE where the CPU has NX. */
static uint64_t msr_efer_allowed(void)
{
	uint32_t r[4];
	x86_cpu_cpuid(0x80000001u, 0, r);
	return X86_EFER_SCE | X86_EFER_LME |
	       ((r[3] & (1u << 20)) ? X86_EFER_NXE : 0);
}

/* An emulated MSR: true if done, false for #GP. */
static bool msr_backend(struct svm_vcpu *v, uint32_t msr, bool write,
			uint64_t val, uint64_t *out)
{
	struct vmcb *c = v->vmcb;
	if (x86_mtrr_is(msr))
		return write ? x86_mtrr_write(&v->mtrr, msr, val, 52)
			     : x86_mtrr_read(&v->mtrr, msr, out);
	switch (msr) {
	case X86_MSR_EFER:
		if (!write) {
			*out = c->efer & ~X86_EFER_SVME;
			return true;
		}
		if (!x86_msr_efer_write(c->efer & ~X86_EFER_SVME, val,
					msr_efer_allowed(), c->cr0, &val))
			return false;
		c->efer = val | X86_EFER_SVME;
		return true;
	case X86_MSR_PAT:
		if (!write) {
			*out = c->g_pat;
			return true;
		}
		if (!x86_msr_pat_valid(val))
			return false;
		c->g_pat = val;
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
	case X86_MSR_TSC:
		if (!write) {
			*out = x86_cpu_rdtsc() + c->tsc_offset;
			return true;
		}
		c->tsc_offset = val - x86_cpu_rdtsc();
		return true;
	default:
		return false;
	}
}

bool svm_msr_handle(struct svm_vcpu *v, uint64_t next_rip,
		    struct axvcpu_exit *exit)
{
	uint32_t msr = (uint32_t)v->r.gpr[AXVCPU_X86_REG_RCX];
	bool write = v->vmcb->exit_info1 & 1;
	uint64_t val = (uint32_t)v->r.gpr[AXVCPU_X86_REG_RAX] |
		       v->r.gpr[AXVCPU_X86_REG_RDX] << 32;
	uint64_t out = 0;
	switch (x86_msr_class(msr, write)) {
	case X86_MSR_BACKEND:
		if (!msr_backend(v, msr, write, val, &out)) {
			svm_exit_raise(v, AXVCPU_X86_EXC_GP, 0);
			return false;
		}
		if (!write) {
			v->r.gpr[AXVCPU_X86_REG_RAX] = (uint32_t)out;
			v->r.gpr[AXVCPU_X86_REG_RDX] = out >> 32;
		}
		v->r.rip = next_rip;
		return false;
	case X86_MSR_FAULT:
		svm_exit_raise(v, AXVCPU_X86_EXC_GP, 0);
		return false;
	default: /* EXIT, and PASS ones that were intercepted after all */
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
