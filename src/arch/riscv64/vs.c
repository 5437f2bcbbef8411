/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VS-level CSRs. They only act while V=1, so they are switched lazily: a
 * hart keeps the last vCPU's values until another vCPU runs there or the
 * vCPU is unbound (see vcpu.c).
 */
#include "rv_csr.h"
#include "rv_ctx.h"

void rv_vs_load(struct rv_vcpu *v)
{
	const struct rv_vs_csrs *s = &v->vs;
	CSR_W(CSR_VSSTATUS, s->vsstatus);
	CSR_W(CSR_VSIE, s->vsie);
	CSR_W(CSR_VSTVEC, s->vstvec);
	CSR_W(CSR_VSSCRATCH, s->vsscratch);
	CSR_W(CSR_VSEPC, s->vsepc);
	CSR_W(CSR_VSCAUSE, s->vscause);
	CSR_W(CSR_VSTVAL, s->vstval);
	CSR_W(CSR_VSATP, s->vsatp);
	CSR_W(CSR_HTIMEDELTA, s->htimedelta);
	CSR_W(CSR_VSTIMECMP, s->vstimecmp);
	CSR_W(CSR_HGATP, v->hgatp);
	/* A VMID may have held another stage-2 root on this hart. */
	rv_hfence_gvma_all();
}

void rv_vs_save(struct rv_vcpu *v)
{
	struct rv_vs_csrs *s = &v->vs;
	s->vsstatus = CSR_R(CSR_VSSTATUS);
	s->vsie = CSR_R(CSR_VSIE);
	s->vstvec = CSR_R(CSR_VSTVEC);
	s->vsscratch = CSR_R(CSR_VSSCRATCH);
	s->vsepc = CSR_R(CSR_VSEPC);
	s->vscause = CSR_R(CSR_VSCAUSE);
	s->vstval = CSR_R(CSR_VSTVAL);
	s->vsatp = CSR_R(CSR_VSATP);
	s->htimedelta = CSR_R(CSR_HTIMEDELTA);
	s->vstimecmp = CSR_R(CSR_VSTIMECMP);
}
