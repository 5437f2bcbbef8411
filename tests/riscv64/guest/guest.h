/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test-guest library: SBI calls, the test protocol with the hypervisor's
 * checking program (prog_exits.c), and the trap record.
 */
#ifndef TEST_GUEST_H
#define TEST_GUEST_H

#include "tests/riscv64/hv/proto.h"
#include <stdbool.h>
#include <stdint.h>

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0,
		       unsigned long a1, unsigned long a2, unsigned long a3,
		       unsigned long a4, unsigned long a5);

/* sbi_call() with a nop where the ecall is: the guest's share of it. */
struct sbiret sbi_call_noexit(unsigned long eid, unsigned long fid,
			      unsigned long a0, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4, unsigned long a5);

/* The protocol's hypercalls (vendor SBI extension). */
struct sbiret hc(unsigned long nr, unsigned long a0, unsigned long a1,
		 unsigned long a2, unsigned long a3, unsigned long a4,
		 const char *a5);

/* The next exit must be `reason` with these details (see testproto.h). */
void expect(unsigned reason, uint64_t addr, uint64_t width, uint64_t x,
	    uint64_t flag, const char *name);
/* A guest-side check: the host prints ok/not ok. */
void check(const char *name, uint64_t got, uint64_t want);
/* Print a line through the hypervisor console (SBI DBCN). */
void gputs(const char *s);

/* What the last trap into the guest was. */
extern volatile uint64_t trap_cause, trap_tval, trap_count;
/* sip as the handler of the last interrupt read it, on entry. */
extern volatile uint64_t trap_sip;
/* Where a user-mode ecall resumes (in supervisor mode), if set. */
extern volatile uint64_t user_return_pc;
/* The last access fault (scause 1, 5, 7) the guest took: its scause,
 * sepc, stval and sstatus (SPP/SPIE/SIE as the trap left them). */
extern volatile uint64_t fault_cause, fault_epc, fault_tval, fault_status;
extern volatile uint64_t fault_count;
/* Where the next access fault resumes, if set (used once): a fetch
 * fault's sepc is not an instruction to step over. */
extern volatile uint64_t fault_return_pc;

/* C side of the trap vector: returns the pc to resume at. */
uint64_t guest_trap(uint64_t cause, uint64_t epc, uint64_t tval);

void guest_main(void);
void guest_secondary_main(unsigned long hart, unsigned long arg);
__attribute__((noreturn)) void guest_shutdown(void);

static inline uint64_t rdtime(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

#endif /* TEST_GUEST_H */
