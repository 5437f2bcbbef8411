/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a bare-metal x86 vCPU's exits have in common once the backend has
 * read its exit information (VMCB or VMCS): CPUID by the policy, the
 * hypercall convention, XSETBV, a nested page fault the decoder does not
 * take, the string I/O prefixes, whose a host interrupt was.
 */
#include "x86_cpu.h"
#include "x86_fpu_cpu.h"
#include "x86_vcpu.h"

void x86_vcpu_cpuid(struct x86_vcpu *x, bool osxsave)
{
	uint32_t r[4] = { 0, 0, 0, 0 };
	uint64_t *g = x->r.gpr;
	uint32_t leaf = (uint32_t)g[AXVCPU_X86_REG_RAX];
	uint32_t sub = (uint32_t)g[AXVCPU_X86_REG_RCX];
	x->cpuid.xcr0 = x->xcr0;
	x->cpuid.osxsave = osxsave;
	if (x86_cpuid_needs_host(&x->cpuid, leaf))
		x86_cpu_cpuid(leaf, sub, r);
	x86_cpuid_filter(&x->cpuid, leaf, sub, r);
	g[AXVCPU_X86_REG_RAX] = r[0];
	g[AXVCPU_X86_REG_RBX] = r[1];
	g[AXVCPU_X86_REG_RCX] = r[2];
	g[AXVCPU_X86_REG_RDX] = r[3];
}

bool x86_vcpu_xsetbv(struct x86_vcpu *x, struct x86_fpu_cpu *f, bool osxsave,
		     unsigned cpl)
{
	const uint64_t *g = x->r.gpr;
	uint64_t val = (uint32_t)g[AXVCPU_X86_REG_RAX] | g[AXVCPU_X86_REG_RDX]
							     << 32;
	uint32_t idx = (uint32_t)g[AXVCPU_X86_REG_RCX];
	if (!osxsave) {
		x86_vcpu_raise(x, AXVCPU_X86_EXC_UD, 0);
		return false;
	}
	if (cpl != 0 || !x86_fpu_cpu_xsetbv(f, x, idx, val)) {
		x86_vcpu_raise(x, AXVCPU_X86_EXC_GP, 0);
		return false;
	}
	return true;
}

void x86_vcpu_npf(struct x86_vcpu *x, uint64_t gpa, bool fetch, bool write,
		  struct axvcpu_exit *exit)
{
	x86_emul_npf_start(&x->emul, &x->r);
	x->emul.gpa = gpa;
	exit->reason = AXVCPU_EXIT_NESTED_PAGE_FAULT;
	exit->nested_page_fault.addr = gpa;
	exit->nested_page_fault.access_flags =
	    fetch ? AXVCPU_ACCESS_EXECUTE
		  : (AXVCPU_ACCESS_READ | (write ? AXVCPU_ACCESS_WRITE : 0));
}

bool x86_vcpu_pio_prefixes(const struct x86_guest *g, unsigned code_size,
			   struct x86_pio *p)
{
	static const uint8_t seg_of[6] = { 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65 };
	uint8_t b[X86_INSN_MAX_LEN];
	unsigned n = x86_emul_fetch(g, b);
	bool asz = false;
	for (unsigned i = 0; i < n; i++) {
		unsigned s = 0;
		while (s < 6 && seg_of[s] != b[i])
			s++;
		if (s < 6)
			p->seg = (uint8_t)s;
		else if (b[i] == 0x67)
			asz = true;
		else if (b[i] != 0x66 && b[i] != 0xf2 && b[i] != 0xf3 &&
			 b[i] != 0xf0 && !(code_size == 8 && (b[i] >> 4) == 4))
			break;
	}
	return asz;
}

bool x86_vcpu_irq_is_host(struct axvcpu *vcpu)
{
	if (axvcpu_kick_pending(vcpu))
		return false; /* the loop returns Cancelled */
	/*
	 * A kick IPI for an injection or a fence: the loop delivers it. Only
	 * an interrupt queued since the entry counts: one the guest cannot
	 * take yet (IF=0) stays queued, and taking every host interrupt for
	 * its kick would hide the host's own (its timer) from the VM layer
	 * for as long as the guest spins with interrupts off.
	 */
	const struct x86_vcpu *x = x86_vcpu_of(vcpu);
	for (unsigned w = 0; w < 4; w++)
		if (axvcpu_irq_pending_word(vcpu, w) & ~x->irq_entered[w])
			return false;
	return !axvcpu_fence_pending(vcpu);
}
