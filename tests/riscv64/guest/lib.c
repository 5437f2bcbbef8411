/* SPDX-License-Identifier: Apache-2.0 */
/* Test-guest library. */
#include "guest.h"

volatile uint64_t trap_cause, trap_tval, trap_count, user_return_pc, trap_sip;
volatile uint64_t fault_cause, fault_epc, fault_tval, fault_status;
volatile uint64_t fault_count, fault_return_pc;

struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0,
		       unsigned long a1, unsigned long a2, unsigned long a3,
		       unsigned long a4, unsigned long a5)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r5 __asm__("a5") = a5;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = eid;
	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

struct sbiret sbi_call_noexit(unsigned long eid, unsigned long fid,
			      unsigned long a0, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4, unsigned long a5)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r5 __asm__("a5") = a5;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = eid;
	__asm__ volatile("nop"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

struct sbiret hc(unsigned long nr, unsigned long a0, unsigned long a1,
		 unsigned long a2, unsigned long a3, unsigned long a4,
		 const char *a5)
{
	return sbi_call(TP_EXT, nr, a0, a1, a2, a3, a4, (unsigned long)a5);
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

void gputs(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	sbi_call(0x4442434e, 0, n, (unsigned long)s, 0, 0, 0, 0);
}

uint64_t guest_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
	uint64_t status;
	/* Before anything can trap again: what this trap did to sstatus. */
	__asm__ volatile("csrr %0, sstatus" : "=r"(status));
	trap_cause = cause;
	trap_tval = tval;
	trap_count++;
	if ((int64_t)cause < 0) {
		/* Interrupts: quiet the source so that we return. */
		unsigned code = cause & 63;
		__asm__ volatile("csrr %0, sip" : "=r"(status));
		trap_sip = status;
		if (code == 1)
			__asm__ volatile("csrc sip, %0" ::"r"(2ul));
		else if (code == 5)
			sbi_call(0x54494d45, 0, ~0ul, 0, 0, 0, 0, 0);
		else if (code == 9)
			__asm__ volatile("csrc sie, %0" ::"r"(1ul << 9));
		return epc;
	}
	/* An ecall from user mode returns to supervisor code. */
	if (cause == 8 && user_return_pc) {
		__asm__ volatile("csrs sstatus, %0" ::"r"(1ul << 8));
		return user_return_pc;
	}
	if (cause == 1 || cause == 5 || cause == 7) {
		fault_cause = cause;
		fault_epc = epc;
		fault_tval = tval;
		fault_status = status;
		fault_count++;
		uint64_t resume = fault_return_pc;
		fault_return_pc = 0;
		if (resume)
			return resume;
	}
	/* Exceptions: skip the instruction (2 or 4 bytes). */
	uint16_t lo = *(volatile uint16_t *)epc;
	return epc + ((lo & 3) == 3 ? 4 : 2);
}

void guest_shutdown(void)
{
	hc(TP_DONE, 0, 0, 0, 0, 0, 0);
	sbi_call(0x53525354, 0, 0, 0, 0, 0, 0, 0);
	for (;;)
		;
}
