/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AArch64 test-guest library: SMCCC calls, the test protocol with the
 * hypervisor's checking program (tests/aarch64/hv/check.c), the trap
 * record of the guest's own EL1 vectors.
 */
#ifndef TEST_GUEST_H
#define TEST_GUEST_H

#include "tests/aarch64/hv/proto.h"
#include <stdbool.h>
#include <stdint.h>

/* An HVC with x0 = fid, x1..x6: returns x0. */
uint64_t hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
	     uint64_t a5, uint64_t a6);
/* The same through SMC. */
uint64_t smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/* The protocol's hypercalls: x1 (the value), or x0 if it is an error. */
uint64_t hc(unsigned long nr, uint64_t a0, uint64_t a1, uint64_t a2,
	    uint64_t a3, uint64_t a4, const char *a5);

/* The next exit must be `reason` with these details (see proto.h). */
void expect(unsigned reason, uint64_t addr, uint64_t width, uint64_t x,
	    uint64_t flag, const char *name);
/* A guest-side check: the host prints ok/not ok. */
void check(const char *name, uint64_t got, uint64_t want);

/* What the guest's last exception was (its EL1 vectors). */
extern volatile uint64_t trap_kind, trap_esr, trap_elr, trap_far;
extern volatile uint64_t trap_count, irq_count, irq_last;
/* INTIDs 0..127 taken since the test last cleared it. */
extern volatile uint64_t irq_seen[2];
/* Where the next synchronous exception resumes, if set (used once). */
extern volatile uint64_t trap_resume;

/* C side of the vectors: returns the address to return to. */
uint64_t guest_trap(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far);

void guest_main(void);
void guest_secondary_main(uint64_t mpidr, uint64_t arg);
__attribute__((noreturn)) void guest_shutdown(void);

static inline uint64_t counter(void)
{
	uint64_t t;
	__asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(t));
	return t;
}

#define SYSREG_R(name)                                                         \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("mrs %0, " #name : "=r"(v_));                 \
		v_;                                                            \
	})
#define SYSREG_W(name, v)                                                      \
	__asm__ volatile("msr " #name ", %0\n isb" ::"r"((uint64_t)(v))        \
			 : "memory")

#endif /* TEST_GUEST_H */
