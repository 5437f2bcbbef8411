/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host timer: the hypervisor's own stimecmp (Sstc), used to preempt
 * guests. Guests have their own comparator (vstimecmp) in the backend.
 */
#include "hv.h"

uint64_t hv_time(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

void hv_timer_arm(uint64_t deadline)
{
	__asm__ volatile("csrw 0x14d, %0" ::"r"(deadline));
}

void hv_timer_disarm(void)
{
	hv_timer_arm(UINT64_MAX);
}
