/* SPDX-License-Identifier: Apache-2.0 */
/* The way out when the hypervisor itself is broken. */
#include "hv.h"

void hv_panic(const char *why)
{
	hv_printf("hv: panic: %s\n", why);
	hv_poweroff(2);
}

void hv_trap_fatal(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far);
void hv_trap_fatal(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
	static int once;
	hv_printf("hv: unexpected host exception %lu esr=%lx elr=%lx far=%lx\n",
		  kind, esr, elr, far);
	/* A second one (the semihosting exit itself faulting: QEMU without
	 * -semihosting) powers off plainly. */
	if (__atomic_exchange_n(&once, 1, __ATOMIC_RELAXED))
		hv_semihosting = 0;
	hv_poweroff(3);
}
