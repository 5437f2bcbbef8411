/* SPDX-License-Identifier: Apache-2.0 */
/* Calls from the hypervisor to OpenSBI, and the power-off finisher. */
#include "hv.h"

#define SBI_EXT_HSM 0x48534d
#define SIFIVE_TEST 0x100000ul
#define SIFIVE_TEST_PASS 0x5555u
#define SIFIVE_TEST_FAIL 0x3333u

long hv_sbi_hart_start(unsigned long hart, unsigned long addr,
		       unsigned long opaque)
{
	register unsigned long a0 __asm__("a0") = hart;
	register unsigned long a1 __asm__("a1") = addr;
	register unsigned long a2 __asm__("a2") = opaque;
	register unsigned long a6 __asm__("a6") = 0;
	register unsigned long a7 __asm__("a7") = SBI_EXT_HSM;
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a2), "r"(a6), "r"(a7)
			 : "memory");
	return (long)a0;
}

void hv_poweroff(int status)
{
	volatile uint32_t *test = (volatile uint32_t *)SIFIVE_TEST;
	*test = status ? ((uint32_t)status << 16) | SIFIVE_TEST_FAIL
		       : SIFIVE_TEST_PASS;
	for (;;)
		__asm__ volatile("wfi");
}
