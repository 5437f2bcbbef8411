/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Two-hart guest: hart 0 starts hart 1 with SBI HSM (CpuUp exit, the VM
 * layer's vcpu_on on the second physical hart), hart 1 checks its boot
 * registers, sends an IPI back across harts and stops itself (CpuDown).
 */
#include "guest.h"
#include <axvcpu/exit.h>

#define SBI_HSM 0x48534dul
#define SBI_IPI 0x735049ul
#define HART1_ARG 0x5eed5eedul

static volatile uint64_t hart1_seen, kick_wanted;
extern char __stack1_top[];

void guest_main(void)
{
	struct sbiret r;
	__asm__ volatile("csrs sstatus, %0" ::"r"(1ul << 13));
	__asm__ volatile("fmv.d.x f5, %0" ::"r"(0xa0a0a0a0a0a0a0a0ull));
	r = sbi_call(SBI_HSM, 2, 1, 0, 0, 0, 0, 0);
	check("hart 1 is STOPPED before hart_start", (uint64_t)r.value, 1);
	r = sbi_call(SBI_HSM, 2, 5, 0, 0, 0, 0, 0);
	check("status of a missing hart: INVALID_PARAM", (uint64_t)r.error,
	      (uint64_t)-3);

	extern char guest_secondary_start[];
	expect(AXVCPU_EXIT_CPU_UP, (uint64_t)guest_secondary_start,
	       (uint64_t)__stack1_top, 1, 0, "hart_start(1) is a CpuUp exit");
	/* Software interrupts on: hart 1 will send one across. */
	__asm__ volatile("csrs sie, %0" ::"r"(2ul));
	__asm__ volatile("csrs sstatus, %0" ::"r"(2ul));
	r = sbi_call(SBI_HSM, 0, 1, (uint64_t)guest_secondary_start,
		     (uint64_t)__stack1_top, 0, 0, 0);
	check("hart_start(1) succeeds", (uint64_t)r.error, 0);

	/* Halt (WFI, no timer) until hart 1's IPI wakes this vCPU. */
	uint64_t end = rdtime() + 50000000; /* 5 s */
	while (!trap_count && rdtime() < end)
		__asm__ volatile("wfi");
	__asm__ volatile("csrc sstatus, %0" ::"r"(2ul));
	check("hart 1 ran and wrote guest memory", hart1_seen, 0x5a);
	check("IPI from hart 1 woke hart 0 from WFI", trap_cause,
	      (1ull << 63) | 1);
	uint64_t f5;
	__asm__ volatile("fmv.x.d %0, f5" : "=r"(f5));
	check("hart 0's FP registers untouched by hart 1", f5,
	      0xa0a0a0a0a0a0a0a0ull);
	/* Hart 1 kicks this vCPU out of an endless loop. */
	expect(AXVCPU_EXIT_CANCELLED, 0, 0, 0, 0,
	       "axvcpu_kick from hart 1 cancels hart 0's run");
	kick_wanted = 1;
	__asm__ volatile("la s11, 1f\n 2: j 2b\n 1:" ::: "s11");
	do {
		r = sbi_call(SBI_HSM, 2, 1, 0, 0, 0, 0, 0);
	} while (r.value != 1 && rdtime() < end);
	check("hart 1 is STOPPED after hart_stop", (uint64_t)r.value, 1);
}

void guest_secondary_main(unsigned long hart, unsigned long arg)
{
	check("hart 1 starts with a0 = its hart id", hart, 1);
	check("hart 1 starts with a1 = the opaque argument", arg,
	      (uint64_t)__stack1_top);
	__asm__ volatile("csrs sstatus, %0" ::"r"(1ul << 13));
	uint64_t f5;
	__asm__ volatile("fmv.x.d %0, f5" : "=r"(f5));
	check("hart 1's FP registers start at zero", f5, 0);
	__asm__ volatile("fmv.d.x f5, %0" ::"r"(0x5555555555555555ull));
	hart1_seen = 0x5a;
	expect(AXVCPU_EXIT_SEND_IPI, 1, 0, 0, 0, "hart 1 sends an IPI");
	sbi_call(SBI_IPI, 0, 1, 0, 0, 0, 0, 0);
	/* Wait for hart 0 to spin, then have the host kick it. */
	uint64_t end = rdtime() + 50000000;
	while (!kick_wanted && rdtime() < end)
		;
	for (uint64_t t = rdtime() + 20000; rdtime() < t;)
		;
	hc(TP_KICK, 0, 0, 0, 0, 0, 0);
	expect(AXVCPU_EXIT_CPU_DOWN, 0, 0, 0, 0, "hart_stop is a CpuDown");
	sbi_call(SBI_HSM, 1, 0, 0, 0, 0, 0, 0);
	check("hart_stop does not return", 0, 1);
	for (;;)
		;
}
