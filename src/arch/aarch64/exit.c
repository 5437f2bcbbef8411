/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Trap decode: what an exception taken from the guest means for the VM
 * layer. Everything the backend cannot emulate becomes an exit with honest
 * details, or an exception delivered to the guest itself (an undefined
 * instruction, an abort, an SError) — never a host failure.
 */
#include "a64_internal.h"
#include "a64_sysreg.h"

/* Instruction length from ESR_EL2.IL (2 for a 16-bit T32 one). */
static uint64_t a64_insn_len(uint64_t esr)
{
	return (esr & ESR_IL) ? 4 : 2;
}

void a64_exit_undef(struct a64_vcpu *v)
{
	v->inject.pending = true;
	v->inject.serror = false;
	v->inject.esr = (uint64_t)EC_UNKNOWN << 26 | ESR_IL;
	v->inject.far = 0;
}

/*
 * Take the exception the way a CPU without a hypervisor would: from EL1
 * with SP_EL1 to VBAR_EL1 + 0x200, with SP_EL0 + 0, from AArch64 EL0 +
 * 0x400, from AArch32 EL0 + 0x600; aborts from EL1 are "current EL" ones.
 */
void a64_inject_apply(struct a64_vcpu *v)
{
	uint64_t p = v->ctx.pstate, off, esr = v->inject.esr;
	v->inject.pending = false;
	if (v->inject.serror)
		return; /* HCR_EL2.VSE, set by the entry path */
	uint64_t mode = p & PSR_MODE_MASK;
	bool from_el1 = !(p & PSR_AARCH32) && ((mode >> 2) & 3) == 1;
	if (p & PSR_AARCH32)
		off = 0x600;
	else if (!from_el1)
		off = 0x400;
	else
		off = (mode & 1) ? 0x200 : 0;
	uint64_t ec = ESR_EC(esr);
	if (from_el1 && (ec == EC_DABT_LOW || ec == EC_IABT_LOW))
		esr += 1ull << 26;
	SYSREG_W(esr_el1, esr);
	SYSREG_W(far_el1, v->inject.far);
	SYSREG_W(elr_el1, v->ctx.pc);
	SYSREG_W(spsr_el1, p);
	uint64_t sctlr = SYSREG_R(sctlr_el1);
	uint64_t np = PSR_MODE_EL1H | PSR_DAIF;
	/* PAN is set on entry to EL1 unless SCTLR_EL1.SPAN says keep it. */
	if (!(sctlr & SCTLR_SPAN))
		np |= PSR_PAN;
	else
		np |= p & PSR_PAN;
	if (sctlr & SCTLR_DSSBS)
		np |= PSR_SSBS;
	v->ctx.pstate = np;
	v->ctx.pc = SYSREG_R(vbar_el1) + off;
}

static bool a64_timer_fired(void)
{
	uint64_t ctl = SYSREG_R(cntv_ctl_el0);
	return (ctl & (CNT_ENABLE | CNT_IMASK | CNT_ISTATUS)) ==
	       (CNT_ENABLE | CNT_ISTATUS);
}

bool a64_exit_halt(struct axvcpu *vcpu, const struct a64_percpu *pc,
		   struct a64_vcpu *v, struct axvcpu_exit *exit)
{
	/* WFI wakes on any pending interrupt, masked by PSTATE or not. */
	if (v->timer_pending || a64_vgic_any_pending(pc) || a64_timer_fired() ||
	    axvcpu_irq_first_pending(vcpu) >= 0)
		return false;
	exit->reason = AXVCPU_EXIT_HALT;
	exit->halt.deadline = a64_timer_deadline();
	return true;
}

uint64_t a64_timer_deadline(void)
{
	uint64_t ctl = SYSREG_R(cntv_ctl_el0);
	return (ctl & (CNT_ENABLE | CNT_IMASK)) == CNT_ENABLE
		   ? SYSREG_R(cntv_cval_el0)
		   : UINT64_MAX;
}

static bool a64_exit_wfx(struct axvcpu *vcpu, const struct a64_percpu *pc,
			 struct a64_vcpu *v, struct axvcpu_exit *exit)
{
	uint64_t esr = v->ctx.esr;
	v->ctx.pc += a64_insn_len(esr);
	if (ESR_ISS(esr) & 1) {
		/* WFE (trapped on request): a yield, due at once. */
		exit->reason = AXVCPU_EXIT_HALT;
		exit->halt.deadline = SYSREG_R(cntpct_el0);
		return true;
	}
	return a64_exit_halt(vcpu, pc, v, exit);
}

/* Lazy FP: the guest touched FP/SIMD while another vCPU's were loaded. */
static void a64_exit_fp(struct a64_percpu *pc, struct a64_vcpu *v)
{
	SYSREG_W(cptr_el2, CPTR_RES1 | CPTR_TTA | CPTR_TAM);
	a64_isb();
	/* Not an owner reset since: its memory copy is the truth then. */
	if (pc->fp_owner && pc->fp_owner != v && !pc->fp_owner->fp_reload)
		a64_fp_save(pc->fp_owner->fp);
	a64_fp_load(v->fp);
	pc->fp_owner = v;
	v->fp_reload = false;
}

bool a64_exit_handle(struct axvcpu *vcpu, struct a64_percpu *pc,
		     struct a64_vcpu *v, struct axvcpu_exit *exit)
{
	uint64_t esr = v->ctx.esr;
	/* Any pending call convention belongs to an older exit. */
	v->ret_kind = A64_RET_NONE;
	switch (ESR_EC(esr)) {
	case EC_WFX:
		return a64_exit_wfx(vcpu, pc, v, exit);
	case EC_FP:
		a64_exit_fp(pc, v);
		return false;
	case EC_SMC64:
		v->ctx.pc += 4; /* SMC traps before it executes */
				/* fall through */
	case EC_HVC64:
		if (!a64_psci_handle(vcpu, v, exit))
			return false;
		if (exit->reason == AXVCPU_EXIT_CPU_DOWN) {
			/* An off CPU has no timer and no interrupts in
			 * flight; power_on starts it afresh. */
			SYSREG_W(cntv_ctl_el0, 0);
			a64_vgic_discard(pc, v);
			a64_vgic_clear(v);
		}
		return true;
	case EC_SYSREG:
		return a64_sysreg_handle(v, exit);
	case EC_IABT_LOW:
	case EC_DABT_LOW:
		return a64_abort_handle(v, exit);
	default:
		/* SVE, SME, PAuth or anything else the guest may not use. */
		a64_exit_undef(v);
		return false;
	}
}
