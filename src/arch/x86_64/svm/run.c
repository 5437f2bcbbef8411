/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The run loop: finish what the last exit left, take fences and kicks,
 * pick the event to inject, switch FP and TLB context, VMRUN, and decode
 * the #VMEXIT until one is for the VM layer. The answers the VM layer
 * gives to an exit are the x86 layer's (x86_vcpu.c).
 */
#include "src/arch/x86_64/x86_event.h"
#include "svm_internal.h"

/* Ask for a #VMEXIT as soon as the guest can take an interrupt: a
 * virtual interrupt it takes then, intercepted (VINTR). */
static void run_window(struct vmcb *c)
{
	c->int_ctl |= SVM_V_IRQ | SVM_V_IGN_TPR | (0xfu << 16);
	c->int_vector = 0;
	c->icpt1 |= SVM_I1_VINTR;
}

/* The event for this entry: an interrupted one again, an exception, an
 * NMI, or the highest external interrupt when the guest can take it.
 * Interrupts still queued after it open an interrupt window. */
static void run_inject(struct axvcpu *vcpu, struct svm_vcpu *v)
{
	struct vmcb *c = v->vmcb;
	/* The shadow of STI / MOV SS covers only the instruction after it:
	 * gone once rip moved on (an emulated instruction finished). */
	if (v->r.rip != c->rip)
		c->int_state &= ~SVM_INT_SHADOW;
	c->event_inj = 0;
	c->int_ctl &= ~SVM_V_IRQ;
	c->icpt1 &= ~SVM_I1_VINTR;
	uint64_t info = c->exit_int_info;
	uint32_t again = (uint32_t)info;
	c->exit_int_info = 0;
	bool soft = false;
	if (again & X86_EVENT_VALID) {
		enum x86_event_type t = x86_event_type_of(again);
		uint8_t vec = x86_event_vector(again);
		/* INTn, INT3 and INTO run again from their instruction. */
		soft = t == X86_EVENT_SOFT_INT ||
		       (t == X86_EVENT_EXCEPTION && (vec == 3 || vec == 4));
	}
	if ((again & X86_EVENT_VALID) && !soft) {
		/* The same layout, error code in 63:32. */
		c->event_inj = info;
	} else if (v->exc_pending) {
		v->exc_pending = false;
		c->event_inj =
		    (uint64_t)v->exc.error << 32 |
		    x86_event_word(v->exc.vector, X86_EVENT_EXCEPTION,
				   v->exc.has_error);
		if (v->exc.set_cr2)
			c->cr2 = v->exc.cr2;
	} else if (!v->nmi_blocked && x86_event_nmi_pending(vcpu)) {
		axvcpu_irq_clear(vcpu, X86_VECTOR_NMI);
		c->event_inj =
		    x86_event_word(X86_VECTOR_NMI, X86_EVENT_NMI, false);
		/* Held until the handler's IRET. */
		v->nmi_blocked = true;
		c->icpt1 |= SVM_I1_IRET;
	} else {
		int irq = x86_event_next_irq(vcpu);
		if (irq >= 0 &&
		    x86_event_irq_window(v->r.rflags,
					 c->int_state & SVM_INT_SHADOW)) {
			axvcpu_irq_clear(vcpu, (uint64_t)irq);
			c->event_inj =
			    x86_event_word((uint8_t)irq, X86_EVENT_INTR, false);
		}
	}
	if (x86_event_next_irq(vcpu) >= 0)
		run_window(c);
}

/* TLB: this vCPU's ASID is flushed where its entries may be stale. */
static void run_tlb(struct axvcpu *vcpu, struct svm_percpu *pc,
		    struct svm_vcpu *v)
{
	uint32_t fences = axvcpu_fence_take(vcpu);
	uint64_t gen = __atomic_load_n(&svm_npt_generation, __ATOMIC_SEQ_CST);
	bool stale = pc->last_serial != v->serial ||
		     v->last_cpu != (int)pc->cpu || fences || gen != v->npt_gen;
	v->npt_gen = gen;
	v->vmcb->tlb_ctl = !stale           ? SVM_TLB_NONE
			   : pc->flush_asid ? SVM_TLB_ASID
					    : SVM_TLB_ALL;
	pc->last_serial = v->serial;
	v->last_cpu = (int)pc->cpu;
}

/* One VMRUN with the registers in and out of the VMCB. */
static void run_enter(struct svm_percpu *pc, struct svm_vcpu *v)
{
	struct vmcb *c = v->vmcb;
	c->rax = v->r.gpr[AXVCPU_X86_REG_RAX];
	c->rsp = v->r.gpr[AXVCPU_X86_REG_RSP];
	c->rip = v->r.rip;
	c->rflags = v->r.rflags;
	x86_fpu_cpu_enter(&pc->fp, &v->x);
	svm_switch_run(&v->r, v->vmcb_pa, pc->host_vmcb_pa);
	v->r.gpr[AXVCPU_X86_REG_RAX] = c->rax;
	v->r.gpr[AXVCPU_X86_REG_RSP] = c->rsp;
	v->r.rip = c->rip;
	v->r.rflags = c->rflags;
}

int svm_vcpu_run(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *exit)
{
	struct svm_percpu *pc = percpu;
	struct svm_vcpu *v = svm_of(vcpu);
	struct x86_guest g;
	bool first = true;
	for (;;) {
		/* What the last exit left: finished, or one more access. */
		if (v->emul.kind != X86_EMUL_NONE) {
			svm_state_guest(v, &g);
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
		run_inject(vcpu, v);
		x86_vcpu_irq_entering(vcpu);
		run_enter(pc, v);
		if (svm_exit_handle(vcpu, pc, v, exit))
			return AXVCPU_OK;
	}
}
