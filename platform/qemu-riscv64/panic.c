/* SPDX-License-Identifier: Apache-2.0 */
/* The way out when the hypervisor itself is broken. */
#include "hv.h"

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
