/* SPDX-License-Identifier: Apache-2.0 */
/* Spinlocks, and the way out when the hypervisor itself is broken. */
#include "hv.h"

void hv_lock(struct hv_lock *l)
{
	while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
		;
}

void hv_unlock(struct hv_lock *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

void hv_panic(const char *why)
{
	hv_printf("hv: panic: %s\n", why);
	hv_poweroff(2);
}

void hv_trap_fatal(uint64_t cause, uint64_t epc, uint64_t tval);
void hv_trap_fatal(uint64_t cause, uint64_t epc, uint64_t tval)
{
	hv_printf("hv: unexpected host trap scause=%lx sepc=%lx stval=%lx\n",
		  cause, epc, tval);
	hv_poweroff(3);
}
