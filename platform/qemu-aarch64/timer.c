/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host time: the physical counter, and the EL2 physical timer
 * (CNTHP_*, PPI 26) that preempts guests. Guests have the virtual timer.
 */
#include "hv.h"

uint64_t hv_time(void)
{
	uint64_t t;
	__asm__ volatile("isb\n mrs %0, cntpct_el0" : "=r"(t));
	return t;
}

uint64_t hv_time_hz(void)
{
	uint64_t f;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

void hv_timer_arm(uint64_t deadline)
{
	__asm__ volatile(
	    "msr cnthp_cval_el2, %0\n msr cnthp_ctl_el2, %1\n isb" ::"r"(
		deadline),
	    "r"(1ul));
}
