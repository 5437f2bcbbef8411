/* SPDX-License-Identifier: Apache-2.0 */
/* The guest timer's pending bit, on every entry: inline. */
#ifndef AXVCPU_RV_TIMER_H
#define AXVCPU_RV_TIMER_H

#include "rv_csr.h"
#include "rv_ctx.h"

/*
 * HIP_VSTIP if the guest's timer is due, else 0: asserted through hvip
 * so that hip and the guest's sip show it as on a hart without a
 * hypervisor (QEMU 7.2 drops the Sstc one from them once hvip is
 * written). Guest time is host time + htimedelta.
 */
static inline uint64_t rv_timer_pending(const struct rv_vcpu *v)
{
	uint64_t now = CSR_R(CSR_TIME) + v->vs.htimedelta;
	return now >= CSR_R(CSR_VSTIMECMP) ? HIP_VSTIP : 0;
}

#endif /* AXVCPU_RV_TIMER_H */
