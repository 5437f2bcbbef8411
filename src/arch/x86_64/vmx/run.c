/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The run loop: finish what the last exit left, take fences and kicks,
 * make the VMCS current, pick the event to inject, switch FP, MSR and TLB
 * context, VMLAUNCH/VMRESUME, and decode the exit until one is for the VM
 * layer. The answers the VM layer gives to an exit are the x86 layer's
 * (x86_vcpu.c).
 */
#include "src/arch/x86_64/x86_event.h"
#include "src/arch/x86_64/x86_stage2.h"
#include "vmx_internal.h"

/* Event types the instruction raises itself when it runs again. */
static bool run_soft_event(uint32_t word)
{
	unsigned t = (word >> 8) & 7;
	return t == X86_EVENT_SOFT_INT || t == 5 || t == 6;
}

static void run_inject_word(uint32_t word, uint32_t error)
{
	vmx_write(VMCS_ENTRY_INTR_INFO, word);
	if (word & X86_EVENT_ERR_VALID)
		vmx_write(VMCS_ENTRY_EXC_ERROR, error);
}

/*
 * The event for this entry: an interrupted one again, an exception, an
 * NMI, or the highest external interrupt when the guest can take it; the
 * interrupt / NMI window exits when something waits.
 */
static void run_inject(struct axvcpu *vcpu, struct vmx_vcpu *v)
{
	uint32_t proc =
	    v->proc_ctl & ~(VMX_PROC_INT_WINDOW | VMX_PROC_NMI_WINDOW);
	uint32_t intr = v->intr_state;
	/* The shadow of STI / MOV SS covers only the instruction after it:
	 * gone once rip moved on (an emulated instruction finished). */
	if (v->r.rip != v->exit_rip)
		intr &= ~(VMX_INTR_STI | VMX_INTR_MOVSS);
	if (intr != v->intr_state) {
		v->intr_state = intr;
		vmx_write(VMCS_GUEST_INTR_STATE, intr);
	}
	uint32_t word = 0;
	uint32_t again = v->idt_info;
	v->idt_info = 0;
	if ((again & X86_EVENT_VALID) && !run_soft_event(again)) {
		word = again &
		       (0xff | 0x700 | X86_EVENT_ERR_VALID | X86_EVENT_VALID);
		run_inject_word(word, v->idt_error);
	} else if (v->exc_pending) {
		v->exc_pending = false;
		word = x86_event_word(v->exc.vector, X86_EVENT_EXCEPTION,
				      v->exc.has_error);
		run_inject_word(word, v->exc.error);
		if (v->exc.set_cr2)
			x86_cpu_write_cr2(v->exc.cr2);
	}
	bool busy = word != 0;
	if (x86_event_nmi_pending(vcpu)) {
		if (!busy &&
		    !(intr & (VMX_INTR_NMI | VMX_INTR_MOVSS | VMX_INTR_STI))) {
			axvcpu_irq_clear(vcpu, X86_VECTOR_NMI);
			word = x86_event_word(X86_VECTOR_NMI, X86_EVENT_NMI,
					      false);
			run_inject_word(word, 0);
			busy = true;
		} else {
			proc |= VMX_PROC_NMI_WINDOW;
		}
	}
	int irq = x86_event_next_irq(vcpu);
	if (irq >= 0) {
		if (!busy &&
		    x86_event_irq_window(
			v->r.rflags, intr & (VMX_INTR_STI | VMX_INTR_MOVSS))) {
			axvcpu_irq_clear(vcpu, (uint64_t)irq);
			run_inject_word(
			    x86_event_word((uint8_t)irq, X86_EVENT_INTR, false),
			    0);
			busy = true;
		} else {
			proc |= VMX_PROC_INT_WINDOW;
		}
	}
	if (!busy)
		vmx_write(VMCS_ENTRY_INTR_INFO, 0);
	if (proc != v->proc_ctl) {
		v->proc_ctl = proc;
		vmx_write(VMCS_PROC_CTLS, proc);
	}
}

/* TLB: the guest's (VPID) and the EPT's entries flushed where they may
 * be stale. */
static void run_tlb(struct axvcpu *vcpu, struct vmx_percpu *pc,
		    struct vmx_vcpu *v)
{
	const struct vmx_caps *c = &vmx_caps_global;
	uint32_t fences = axvcpu_fence_take(vcpu);
	uint64_t gen = __atomic_load_n(&vmx_ept_generation, __ATOMIC_SEQ_CST);
	bool moved = v->last_cpu != (int)pc->cpu;
	if (gen != v->ept_gen || (fences & AXVCPU_FENCE_STAGE2) || moved) {
		if (c->ept_vpid & VMX_EPT_INVEPT_SINGLE)
			vmx_invept(VMX_INVEPT_SINGLE,
				   x86_ept_eptp(v->ept_root));
		else
			vmx_invept(VMX_INVEPT_ALL, 0);
		v->ept_gen = gen;
	}
	/* Without VPIDs every entry and exit flushes the guest's TLB. */
	if (c->vpid &&
	    (moved || v->flush_vpid || (fences & AXVCPU_FENCE_TLB))) {
		if (c->ept_vpid & VMX_VPID_INVVPID_SINGLE)
			vmx_invvpid(VMX_INVVPID_SINGLE, v->vpid);
		else
			vmx_invvpid(VMX_INVVPID_ALL, 0);
	}
	v->flush_vpid = false;
	v->last_cpu = (int)pc->cpu;
}

/* One entry with the registers in and out of the VMCS: the exit reason,
 * or the entry failure as a negative VM-instruction error. */
static int64_t run_enter(struct vmx_percpu *pc, struct vmx_vcpu *v)
{
	vmx_write(VMCS_GUEST_RSP, v->r.gpr[AXVCPU_X86_REG_RSP]);
	vmx_write(VMCS_GUEST_RIP, v->r.rip);
	vmx_write(VMCS_GUEST_RFLAGS, v->r.rflags);
	/* The preemption timer runs while IF is clear (the rest of the time
	 * it is as good as off). */
	bool timed = vmx_caps_global.preempt && !(v->r.rflags & X86_RFLAGS_IF);
	if (vmx_caps_global.preempt)
		vmx_write(VMCS_GUEST_PREEMPT_TIMER,
			  !timed            ? 0xffffffffu
			  : v->preempt_left ? v->preempt_left
					    : vmx_caps_global.preempt);
	(void)pc;
	int st = vmx_switch_run(&v->r, v->launched);
	if (st == 2)
		return -(int64_t)vmx_read(VMCS_INSN_ERROR) - 1;
	if (st)
		return -1;
	uint32_t reason = (uint32_t)vmx_read(VMCS_EXIT_REASON);
	/* An entry that failed as an exit leaves the VMCS unlaunched. */
	if (!(reason & VMX_EXIT_ENTRY_FAILED))
		v->launched = true;
	if (timed)
		v->preempt_left = (uint32_t)vmx_read(VMCS_GUEST_PREEMPT_TIMER);
	v->r.gpr[AXVCPU_X86_REG_RSP] = vmx_read(VMCS_GUEST_RSP);
	v->r.rip = v->exit_rip = vmx_read(VMCS_GUEST_RIP);
	v->r.rflags = vmx_read(VMCS_GUEST_RFLAGS);
	v->intr_state = (uint32_t)vmx_read(VMCS_GUEST_INTR_STATE);
	v->idt_info = (uint32_t)vmx_read(VMCS_IDT_INFO);
	if (v->idt_info & X86_EVENT_ERR_VALID)
		v->idt_error = (uint32_t)vmx_read(VMCS_IDT_ERROR);
	return (int64_t)reason;
}

int vmx_vcpu_run(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *exit)
{
	struct vmx_percpu *pc = percpu;
	struct vmx_vcpu *v = vmx_of(vcpu);
	struct x86_guest g;
	bool first = true;
	int err = vmx_vmcs_enter(pc, v);
	if (err)
		return err;
	for (;;) {
		/* What the last exit left: finished, or one more access. */
		if (v->emul.kind != X86_EMUL_NONE) {
			vmx_state_guest(v, &g);
			if (x86_vcpu_emul_done(
				&v->x, x86_emul_resume(&v->emul, &g, exit)))
				return AXVCPU_OK;
		}
		/* The core took a kick before the first entry. */
		if (!first && axvcpu_kick_take(vcpu)) {
			exit->reason = AXVCPU_EXIT_CANCELLED;
			return AXVCPU_OK;
		}
		first = false;
		v->ret = X86_RET_NONE;
		run_tlb(vcpu, pc, v);
		/* The guest's registers first: an injected #PF sets CR2. */
		x86_fpu_cpu_enter(&pc->fp, &v->x);
		vmx_msr_switch(pc, v);
		run_inject(vcpu, v);
		x86_vcpu_irq_entering(vcpu);
		int64_t reason = run_enter(pc, v);
		if (reason < 0) {
			exit->reason = AXVCPU_EXIT_FAIL_ENTRY;
			exit->fail_entry.hardware_entry_failure_reason =
			    (uint64_t)(-reason - 1);
			return AXVCPU_OK;
		}
		if (vmx_exit_handle(vcpu, pc, v, (uint32_t)reason, exit))
			return AXVCPU_OK;
	}
}
