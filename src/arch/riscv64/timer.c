/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest timer: the guest's SBI set_timer programs its own vstimecmp
 * (Sstc), which raises VSTIP for the guest alone; the host's stimecmp is
 * never touched, so a guest cannot delay or steal host timer interrupts.
 */
#include "rv_csr.h"
#include "rv_ctx.h"

uint64_t rv_timer_deadline(const struct rv_vcpu *v)
{
	(void)v;
	/* The vCPU is loaded while it runs: the CSR is the truth (the guest
	 * may also write stimecmp directly, which lands in vstimecmp). */
	uint64_t cmp = CSR_R(CSR_VSTIMECMP);
	uint64_t delta = CSR_R(CSR_HTIMEDELTA);
	if (cmp == UINT64_MAX)
		return UINT64_MAX;
	/* Guest time is host time + htimedelta. */
	return cmp - delta;
}

void rv_timer_set(struct rv_vcpu *v, uint64_t stime_value)
{
	v->vs.vstimecmp = stime_value;
	CSR_W(CSR_VSTIMECMP, stime_value);
	/* The SBI contract: set_timer clears the pending timer interrupt. */
	v->hvip &= ~HIP_VSTIP;
}
