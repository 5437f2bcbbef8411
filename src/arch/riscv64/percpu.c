/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-hart enable: which guest traps go straight to the guest (hedeleg,
 * hideleg), which counters it may read (hcounteren), and Sstc for the
 * guest's own timer (henvcfg.STCE).
 */
#include "rv_csr.h"
#include "rv_internal.h"

/* cycle, time, instret. */
#define RV_HCOUNTEREN 0x7u

int rv_percpu_init(void *percpu, unsigned cpu)
{
	struct rv_percpu *pc = percpu;
	if (!rv_h_present())
		return AXVCPU_EUNSUPPORTED;
	/* The guest timer is vstimecmp (Sstc); M-mode must let us at it. */
	if (!rv_sstc_present())
		return AXVCPU_EUNSUPPORTED;
	/* hgatp is WARL: what sticks tells the VMID width and the modes. */
	CSR_W(CSR_HGATP, 0x3fffull << 44);
	uint64_t got = CSR_R(CSR_HGATP);
	unsigned bits = 0;
	while (bits < 14 && (got >> (44 + bits) & 1))
		bits++;
	pc->vmid_bits = bits;
	pc->id = cpu + 1;
	CSR_W(CSR_HGATP, (uint64_t)AXVCPU_RISCV64_SV48X4 << 60);
	pc->levels = (CSR_R(CSR_HGATP) >> 60) == AXVCPU_RISCV64_SV48X4 ? 4 : 3;
	CSR_W(CSR_HGATP, 0);
	rv_hfence_gvma_all();
	return AXVCPU_OK;
}

/*
 * Whether a VS-mode read of sip hides pending timer and external
 * interrupts: QEMU 7.2 masks the value a vsip read returns with the
 * writable bits (SSIP only), so a guest never sees STIP or SEIP there,
 * although it takes the interrupts. Asked by asserting VSTIP through hvip
 * and reading vsip from HS-mode, which goes through the same code.
 */
static bool rv_vsip_hides_pending(void)
{
	CSR_W(CSR_HVIP, HIP_VSTIP);
	bool hidden = !(CSR_R(CSR_VSIP) & (HIP_VSTIP >> 1));
	CSR_W(CSR_HVIP, 0);
	return hidden;
}

int rv_percpu_enable(void *percpu)
{
	struct rv_percpu *pc = percpu;
	CSR_W(CSR_HEDELEG, RV_HEDELEG);
	pc->hedeleg = RV_HEDELEG;
	CSR_W(CSR_HIDELEG, HIP_VS_ALL);
	CSR_W(CSR_HCOUNTEREN, RV_HCOUNTEREN);
	CSR_W(CSR_HENVCFG, HENVCFG_STCE);
	CSR_W(CSR_HVIP, 0);
	if (CSR_R(CSR_HEDELEG) != RV_HEDELEG ||
	    CSR_R(CSR_HIDELEG) != HIP_VS_ALL)
		return AXVCPU_EHW;
	/*
	 * Where the guest's sip reads are wrong, make them trap (Ssaia's
	 * hvictl.VTI, sie too) and answer them in exit.c; a hart without
	 * the flaw, or without Ssaia, runs them natively.
	 */
	pc->sip_trapped = rv_vsip_hides_pending() &&
			  rv_hvictl_probe(HVICTL_VTI) == (int64_t)HVICTL_VTI;
	if (!pc->sip_trapped)
		rv_hvictl_probe(0);
	return AXVCPU_OK;
}

int rv_percpu_disable(void *percpu)
{
	struct rv_percpu *pc = percpu;
	CSR_W(CSR_HEDELEG, 0);
	CSR_W(CSR_HIDELEG, 0);
	CSR_W(CSR_HCOUNTEREN, 0);
	CSR_W(CSR_HENVCFG, 0);
	CSR_W(CSR_HVIP, 0);
	CSR_W(CSR_HGATP, 0);
	rv_hfence_gvma_all();
	if (pc->sip_trapped)
		rv_hvictl_probe(0);
	pc->sip_trapped = false;
	pc->loaded = 0;
	pc->fp_owner = 0;
	pc->ready = 0;
	return AXVCPU_OK;
}

unsigned rv_percpu_levels(void *percpu)
{
	return ((struct rv_percpu *)percpu)->levels;
}
