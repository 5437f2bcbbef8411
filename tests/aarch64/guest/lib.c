/* SPDX-License-Identifier: Apache-2.0 */
/* Test-guest library. */
#include "guest.h"

volatile uint64_t trap_kind, trap_esr, trap_elr, trap_far, trap_count;
volatile uint64_t irq_count, irq_last, trap_resume, irq_seen[2];

uint64_t hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
	     uint64_t a5, uint64_t a6)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = a5;
	register uint64_t x6 __asm__("x6") = a6;
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : "r"(x4), "r"(x5), "r"(x6)
			 : "memory");
	return x0;
}

uint64_t smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
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

/* Vendor calls answer x0 = 0 and the value in x1 (or x0 < 0). */
uint64_t hc(unsigned long nr, uint64_t a0, uint64_t a1, uint64_t a2,
	    uint64_t a3, uint64_t a4, const char *a5)
{
	register uint64_t x0 __asm__("x0") = TP_FID(nr);
	register uint64_t x1 __asm__("x1") = a0;
	register uint64_t x2 __asm__("x2") = a1;
	register uint64_t x3 __asm__("x3") = a2;
	register uint64_t x4 __asm__("x4") = a3;
	register uint64_t x5 __asm__("x5") = a4;
	register uint64_t x6 __asm__("x6") = (uint64_t)a5;
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : "r"(x4), "r"(x5), "r"(x6)
			 : "memory");
	return (int64_t)x0 < 0 ? x0 : x1;
}

void expect(unsigned reason, uint64_t addr, uint64_t width, uint64_t x,
	    uint64_t flag, const char *name)
{
	hc(TP_EXPECT, reason, addr, width, x, flag, name);
}

void check(const char *name, uint64_t got, uint64_t want)
{
	hc(TP_CHECK, got, want, 0, 0, 0, name);
}

uint64_t guest_trap(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
	/* IRQs (vectors 1, 5, 9, 13): acknowledge, quiet, end. */
	if ((kind & 3) == 1) {
		uint64_t intid = SYSREG_R(icc_iar1_el1) & 0xffffff;
		if (intid < 1020) {
			if (intid == 27) /* the virtual timer: quiet it */
				SYSREG_W(cntv_ctl_el0, 0);
			irq_last = intid;
			if (intid < 128)
				irq_seen[intid / 64] |= 1ull << (intid % 64);
			irq_count++;
			SYSREG_W(icc_eoir1_el1, intid);
		}
		return elr;
	}
	trap_kind = kind;
	trap_esr = esr;
	trap_elr = elr;
	trap_far = far;
	trap_count++;
	uint64_t resume = trap_resume;
	if (resume) {
		trap_resume = 0;
		/* From EL0: come back to EL1 (the caller's mode). */
		if (kind >= 8)
			SYSREG_W(spsr_el1, 0x3c5);
		return resume;
	}
	return elr + 4;
}

void guest_shutdown(void)
{
	hc(TP_DONE, 0, 0, 0, 0, 0, 0);
	hvc(0x84000008, 0, 0, 0, 0, 0, 0); /* PSCI SYSTEM_OFF */
	for (;;)
		;
}
