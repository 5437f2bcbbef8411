/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The EL1 system registers the guest owns. They act only below EL2, so
 * they are switched lazily: a CPU keeps the last vCPU's values until
 * another vCPU runs there or the vCPU is unbound (see run.c).
 */
#include "a64_internal.h"
#include "a64_sysreg.h"

void a64_el1_reset(struct a64_vcpu *v)
{
	v->el1 = (struct a64_el1){ .sctlr = SCTLR_EL1_RESET };
}

static void a64_keys_load(const uint64_t *k)
{
	SYSREG_W(S3_0_C2_C1_0, k[0]); /* APIAKeyLo_EL1 */
	SYSREG_W(S3_0_C2_C1_1, k[1]);
	SYSREG_W(S3_0_C2_C1_2, k[2]); /* APIBKey */
	SYSREG_W(S3_0_C2_C1_3, k[3]);
	SYSREG_W(S3_0_C2_C2_0, k[4]); /* APDAKey */
	SYSREG_W(S3_0_C2_C2_1, k[5]);
	SYSREG_W(S3_0_C2_C2_2, k[6]); /* APDBKey */
	SYSREG_W(S3_0_C2_C2_3, k[7]);
	SYSREG_W(S3_0_C2_C3_0, k[8]); /* APGAKey */
	SYSREG_W(S3_0_C2_C3_1, k[9]);
}

static void a64_keys_save(uint64_t *k)
{
	k[0] = SYSREG_R(S3_0_C2_C1_0);
	k[1] = SYSREG_R(S3_0_C2_C1_1);
	k[2] = SYSREG_R(S3_0_C2_C1_2);
	k[3] = SYSREG_R(S3_0_C2_C1_3);
	k[4] = SYSREG_R(S3_0_C2_C2_0);
	k[5] = SYSREG_R(S3_0_C2_C2_1);
	k[6] = SYSREG_R(S3_0_C2_C2_2);
	k[7] = SYSREG_R(S3_0_C2_C2_3);
	k[8] = SYSREG_R(S3_0_C2_C3_0);
	k[9] = SYSREG_R(S3_0_C2_C3_1);
}

void a64_el1_load(const struct a64_percpu *pc, struct a64_vcpu *v)
{
	const struct a64_el1 *s = &v->el1;
	SYSREG_W(sctlr_el1, s->sctlr);
	SYSREG_W(ttbr0_el1, s->ttbr0);
	SYSREG_W(ttbr1_el1, s->ttbr1);
	SYSREG_W(tcr_el1, s->tcr);
	SYSREG_W(mair_el1, s->mair);
	SYSREG_W(amair_el1, s->amair);
	SYSREG_W(vbar_el1, s->vbar);
	SYSREG_W(contextidr_el1, s->contextidr);
	SYSREG_W(tpidr_el0, s->tpidr_el0);
	SYSREG_W(tpidrro_el0, s->tpidrro_el0);
	SYSREG_W(tpidr_el1, s->tpidr_el1);
	SYSREG_W(cpacr_el1, s->cpacr);
	SYSREG_W(esr_el1, s->esr);
	SYSREG_W(far_el1, s->far);
	SYSREG_W(afsr0_el1, s->afsr0);
	SYSREG_W(afsr1_el1, s->afsr1);
	SYSREG_W(par_el1, s->par);
	SYSREG_W(elr_el1, s->elr);
	SYSREG_W(spsr_el1, s->spsr);
	SYSREG_W(csselr_el1, s->csselr);
	SYSREG_W(cntkctl_el1, s->cntkctl);
	SYSREG_W(mdscr_el1, s->mdscr);
	SYSREG_W(cntv_cval_el0, s->cntv_cval);
	SYSREG_W(cntv_ctl_el0, s->cntv_ctl);
	if (pc->pauth)
		a64_keys_load(s->keys);
	SYSREG_W(vmpidr_el2, v->vmpidr);
}

void a64_el1_save(const struct a64_percpu *pc, struct a64_vcpu *v)
{
	struct a64_el1 *s = &v->el1;
	s->sctlr = SYSREG_R(sctlr_el1);
	s->ttbr0 = SYSREG_R(ttbr0_el1);
	s->ttbr1 = SYSREG_R(ttbr1_el1);
	s->tcr = SYSREG_R(tcr_el1);
	s->mair = SYSREG_R(mair_el1);
	s->amair = SYSREG_R(amair_el1);
	s->vbar = SYSREG_R(vbar_el1);
	s->contextidr = SYSREG_R(contextidr_el1);
	s->tpidr_el0 = SYSREG_R(tpidr_el0);
	s->tpidrro_el0 = SYSREG_R(tpidrro_el0);
	s->tpidr_el1 = SYSREG_R(tpidr_el1);
	s->cpacr = SYSREG_R(cpacr_el1);
	s->esr = SYSREG_R(esr_el1);
	s->far = SYSREG_R(far_el1);
	s->afsr0 = SYSREG_R(afsr0_el1);
	s->afsr1 = SYSREG_R(afsr1_el1);
	s->par = SYSREG_R(par_el1);
	s->elr = SYSREG_R(elr_el1);
	s->spsr = SYSREG_R(spsr_el1);
	s->csselr = SYSREG_R(csselr_el1);
	s->cntkctl = SYSREG_R(cntkctl_el1);
	s->mdscr = SYSREG_R(mdscr_el1);
	s->cntv_ctl = SYSREG_R(cntv_ctl_el0);
	s->cntv_cval = SYSREG_R(cntv_cval_el0);
	/* A timer left running would fire on this CPU for nobody. */
	SYSREG_W(cntv_ctl_el0, 0);
	if (pc->pauth)
		a64_keys_save(s->keys);
}
