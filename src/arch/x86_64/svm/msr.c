/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Intercepted RDMSR/WRMSR (x86_vcpu_msr.c): the MSRs SVM keeps in the
 * VMCB, EFER, PAT and the TSC offset, emulated here.
 */
#include "src/arch/x86_64/x86_msr.h"
#include "svm_internal.h"

/* An emulated MSR: true if done, false for #GP. */
static bool msr_backend(struct svm_vcpu *v, const struct x86_msr_op *op,
			uint64_t *out)
{
	struct vmcb *c = v->vmcb;
	uint64_t val = op->val;
	bool write = op->write;
	switch (op->msr) {
	case X86_MSR_EFER:
		if (!write) {
			*out = c->efer & ~X86_EFER_SVME;
			return true;
		}
		if (!x86_msr_efer_write(c->efer & ~X86_EFER_SVME, val,
					x86_vcpu_msr_efer_allowed(), c->cr0,
					&val))
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
	case X86_MSR_TSC:
		if (!write) {
			*out = x86_cpu_rdtsc() + c->tsc_offset;
			return true;
		}
		c->tsc_offset = val - x86_cpu_rdtsc();
		return true;
	default:
		return x86_vcpu_msr_emulate(&v->x, op, out);
	}
}

bool svm_msr_handle(struct svm_vcpu *v, uint64_t next_rip,
		    struct axvcpu_exit *exit)
{
	struct x86_msr_op op = x86_vcpu_msr_op(&v->x, v->vmcb->exit_info1 & 1);
	uint64_t out = 0;
	bool done = op.cls == X86_MSR_BACKEND && msr_backend(v, &op, &out);
	return x86_vcpu_msr_finish(&v->x, &op, done, out, next_rip, exit);
}
