/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The run loop: load the vCPU's state where needed, inject, enter, and
 * take the exit apart; exits the backend handles itself (lazy FP, ID
 * registers, PSCI queries, its own interrupts) re-enter at once.
 */
#include "a64_internal.h"
#include "a64_sysreg.h"

static struct a64_vcpu *a64_of(struct axvcpu *vcpu)
{
	return axvcpu_arch(vcpu);
}

uint64_t a64_vcpu_vtcr(const struct a64_percpu *pc, const struct a64_vcpu *v);

/* Make `v` the vCPU whose EL1, timer and vGIC state the CPU holds. */
static void a64_load(struct a64_percpu *pc, struct a64_vcpu *v)
{
	if (pc->loaded == v && !v->el1_dirty)
		return;
	/* Rewritten in memory (power_on, reset), the hardware's copy is
	 * stale: a64_unload() drops it rather than save it over. */
	if (pc->loaded)
		a64_unload(pc, pc->loaded);
	uint64_t vtcr = a64_vcpu_vtcr(pc, v);
	if (vtcr != pc->vtcr) {
		SYSREG_W(vtcr_el2, vtcr);
		pc->vtcr = vtcr;
	}
	SYSREG_W(vttbr_el2, v->vttbr);
	a64_el1_load(pc, v);
	a64_vgic_load(pc, v);
	a64_isb();
	pc->loaded = v;
	v->el1_dirty = false;
}

static void a64_fence_local(uint32_t kinds)
{
	/* By the VMID in VTTBR_EL2 (loaded): its stage-1 (and 2) entries. */
	if (kinds & AXVCPU_FENCE_STAGE2)
		__asm__ volatile(
		    "dsb ishst\n tlbi vmalls12e1\n dsb nsh\n isb" ::
			: "memory");
	else if (kinds & AXVCPU_FENCE_TLB)
		__asm__ volatile("dsb ishst\n tlbi vmalle1\n dsb nsh\n isb" ::
				     : "memory");
	if (kinds & AXVCPU_FENCE_ICACHE)
		__asm__ volatile("ic iallu\n dsb nsh\n isb" ::: "memory");
}

/* Enter the guest once. Returns the fences others asked that were done. */
static uint32_t a64_enter(struct axvcpu *vcpu, struct a64_percpu *pc,
			  struct a64_vcpu *v)
{
	a64_load(pc, v);
	/*
	 * Taken this late so that a request arriving after it finds the guest
	 * running: its kick SGI then traps out at once. The vCPUs of a VM
	 * share its VMID: when another one entered here last, its stage-1
	 * entries are this one's to lose (KVM's "last ran" flush).
	 */
	uint32_t asked = axvcpu_fence_take(vcpu);
	uint32_t fences = asked;
	if (pc->last != v->serial) {
		fences |= AXVCPU_FENCE_TLB;
		pc->last = v->serial;
	}
	if (v->s2_flush) {
		/* A new root under this VMID: every CPU's old entries. */
		__asm__ volatile(
		    "dsb ishst\n tlbi vmalls12e1is\n dsb ish\n isb" ::
			: "memory");
		v->s2_flush = false;
	}
	if (fences)
		a64_fence_local(fences);
	a64_vgic_sync(vcpu, pc, v);
	uint64_t hcr = pc->hcr | v->hcr;
	if (v->inject.pending) {
		if (v->inject.serror)
			hcr |= HCR_VSE;
		a64_inject_apply(v);
	}
	if (hcr != pc->hcr) {
		SYSREG_W(hcr_el2, hcr);
	}
	bool fp_mine = pc->fp_owner == v && !v->fp_reload;
	SYSREG_W(cptr_el2,
		 CPTR_RES1 | CPTR_TTA | CPTR_TAM | (fp_mine ? 0 : CPTR_TFP));
	a64_isb();

	a64_switch_run(&v->ctx);

	if (hcr != pc->hcr)
		SYSREG_W(hcr_el2, pc->hcr); /* VSE taken or not: once only */
	return asked;
}

/*
 * A physical interrupt ended the run. The backend's own ones are handled
 * here (false: go on); any other is an ExternalInterrupt for the VM layer.
 */
static bool a64_exit_irq(struct axvcpu *vcpu, struct a64_percpu *pc,
			 struct a64_vcpu *v, bool fenced,
			 struct axvcpu_exit *exit)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!hal->irq_fetch) {
		if (hal->irq_handler)
			hal->irq_handler();
		exit->reason = AXVCPU_EXIT_EXTERNAL_INTERRUPT;
		exit->external_interrupt.vector = AXVCPU_AARCH64_IRQ_UNKNOWN;
		return true;
	}
	uint64_t intid = hal->irq_fetch();
	if (intid >= 1020)
		return false; /* spurious: nothing to end */
	switch (intid) {
	case AXVCPU_AARCH64_VTIMER_PPI:
		/* Priority drop only: the guest's EOI deactivates it. */
		SYSREG_W(icc_eoir1_el1, intid);
		a64_vgic_timer_fired(pc, v);
		return false;
	case AXVCPU_AARCH64_MAINT_PPI:
		/* a64_vgic_sync() refills the list registers. */
		SYSREG_W(icc_eoir1_el1, intid);
		SYSREG_W(icc_dir_el1, intid);
		return false;
	case AXVCPU_AARCH64_KICK_SGI:
		SYSREG_W(icc_eoir1_el1, intid);
		SYSREG_W(icc_dir_el1, intid);
		if (axvcpu_kick_pending(vcpu) || fenced ||
		    axvcpu_fence_pending(vcpu) ||
		    axvcpu_irq_first_pending(vcpu) >= 0)
			return false; /* the loop takes the kick */
		break;
	default:
		break;
	}
	exit->reason = AXVCPU_EXIT_EXTERNAL_INTERRUPT;
	exit->external_interrupt.vector = intid;
	return true;
}

int a64_vcpu_run(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *exit)
{
	struct a64_percpu *pc = percpu;
	struct a64_vcpu *v = a64_of(vcpu);
	bool fenced = false;
	v->ret_kind = A64_RET_NONE;
	v->ret_call = A64_CALL_OTHER;
	/* The core forgets the last access exit when it runs again. */
	v->fault.valid = false;
	if (v->pair.pending) {
		a64_abort_pair_next(v, exit);
		return AXVCPU_OK;
	}
	for (;;) {
		if (a64_enter(vcpu, pc, v))
			fenced = true;
		bool out;
		switch (v->ctx.kind) {
		case A64_EXC_IRQ:
			out = a64_exit_irq(vcpu, pc, v, fenced, exit);
			break;
		case A64_EXC_SYNC:
			out = a64_exit_handle(vcpu, pc, v, exit);
			break;
		case A64_EXC_SERROR:
			/* The guest's doing (an external abort): its own
			 * virtual SError, not the host's problem. */
			v->inject.pending = true;
			v->inject.serror = true;
			out = false;
			break;
		default: /* FIQ: the host uses group 1 only */
			exit->reason = AXVCPU_EXIT_EXTERNAL_INTERRUPT;
			exit->external_interrupt.vector =
			    AXVCPU_AARCH64_IRQ_UNKNOWN;
			out = true;
		}
		if (out)
			return AXVCPU_OK;
		/* Handled here; a kick still has to reach the VM layer. */
		if (axvcpu_kick_take(vcpu)) {
			exit->reason = AXVCPU_EXIT_CANCELLED;
			return AXVCPU_OK;
		}
	}
}

int a64_vcpu_complete_read(struct axvcpu *vcpu,
			   const struct axvcpu_read_completion *c)
{
	if (c->kind != AXVCPU_READ_MMIO && c->kind != AXVCPU_READ_SYSREG)
		return AXVCPU_EUNSUPPORTED;
	return a64_vcpu_set_gpr(vcpu, c->reg, c->value);
}

int a64_vcpu_reflect_fault(struct axvcpu *vcpu, const struct axvcpu_exit *exit)
{
	return a64_abort_reflect(a64_of(vcpu), exit);
}

int a64_vcpu_set_return_value(struct axvcpu *vcpu, uint64_t val)
{
	struct a64_vcpu *v = a64_of(vcpu);
	switch (v->ret_kind) {
	case A64_RET_VALUE:
		v->ctx.x[0] = val;
		return AXVCPU_OK;
	case A64_RET_CALL:
		v->ctx.x[0] = 0;
		v->ctx.x[1] = val;
		return AXVCPU_OK;
	case A64_RET_STATUS:
		/* PSCI AFFINITY_INFO: ON 0, OFF 1, ON_PENDING 2. */
		v->ctx.x[0] = (int64_t)val < 0                 ? val
			      : val == AXVCPU_POWER_ON_PENDING ? 2
			      : val == AXVCPU_POWER_OFF        ? 1
							       : 0;
		return AXVCPU_OK;
	default:
		return AXVCPU_EINVAL;
	}
}

int a64_vcpu_set_return_error(struct axvcpu *vcpu, int err)
{
	struct a64_vcpu *v = a64_of(vcpu);
	if (v->ret_kind == A64_RET_NONE)
		return AXVCPU_EBADSTATE;
	v->ctx.x[0] = (uint64_t)a64_psci_error_of(err, v->ret_call);
	if (v->ret_kind == A64_RET_CALL)
		v->ctx.x[1] = 0;
	return AXVCPU_OK;
}
