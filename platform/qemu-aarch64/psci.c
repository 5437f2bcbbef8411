/* SPDX-License-Identifier: Apache-2.0 */
/* Calls from the hypervisor to the PSCI below it, and the way out. */
#include "hv.h"

static uint64_t hv_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "memory");
	return x0;
}

long hv_psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t arg)
{
	return (long)hv_smc(0xc4000003u, mpidr, entry, arg);
}

/* Semihosting SYS_EXIT_EXTENDED-style exit with a status (QEMU). */
static void hv_semihosting_exit(int status)
{
	static volatile uint64_t block[2];
	block[0] = 0x20026; /* ADP_Stopped_ApplicationExit */
	block[1] = (uint64_t)status;
	register uint64_t x0 __asm__("x0") = 0x18; /* SYS_EXIT */
	register uint64_t x1 __asm__("x1") = (uint64_t)block;
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

void hv_poweroff(int status)
{
	if (status && hv_semihosting)
		hv_semihosting_exit(status);
	hv_smc(0x84000008u, 0, 0, 0); /* SYSTEM_OFF */
	for (;;)
		__asm__ volatile("wfi");
}
