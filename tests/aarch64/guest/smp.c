/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Two-CPU guest: CPU 0 starts CPU 1 with PSCI CPU_ON (a CpuUp exit, the
 * VM layer's vcpu_on on the second physical CPU); they exchange SGIs
 * through ICC_SGI1R_EL1 (SendIPI exits), CPU 1 kicks CPU 0 out of a loop,
 * stops itself with CPU_OFF (CpuDown) and is started again.
 */
#include "guest.h"
#include <axvcpu/exit.h>

#define PSCI_CPU_OFF 0x84000002ul
#define PSCI_CPU_ON 0xc4000003ul
#define PSCI_AFFINITY_INFO 0xc4000004ul
#define FP_ASM ".arch_extension fp\n .arch_extension simd\n"

static volatile uint64_t step, cpu1_runs, kick_wanted;
extern char __stack1_top[], guest_secondary_start[];

static void irq_on(void)
{
	SYSREG_W(icc_pmr_el1, 0xff);
	SYSREG_W(icc_igrpen1_el1, 1);
	__asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
}

/* Wait (bounded, ~5 s) until `*p` is at least `v`. */
static bool wait_for(const volatile uint64_t *p, uint64_t v)
{
	uint64_t end = counter() + 5 * SYSREG_R(cntfrq_el0);
	while (*p < v && counter() < end)
		__asm__ volatile("yield");
	return *p >= v;
}

static uint64_t d5(void)
{
	uint64_t v;
	__asm__ volatile(FP_ASM "fmov %0, d5" : "=r"(v));
	return v;
}

static uint64_t affinity(uint64_t cpu)
{
	return hvc(PSCI_AFFINITY_INFO, cpu, 0, 0, 0, 0, 0);
}

/* Wait (bounded) until AFFINITY_INFO of CPU 1 says `state`. */
static uint64_t affinity_wait(uint64_t state)
{
	uint64_t end = counter() + 5 * SYSREG_R(cntfrq_el0), s;
	while ((s = affinity(1)) != state && counter() < end)
		;
	return s;
}

void guest_main(void)
{
	__asm__ volatile(FP_ASM "fmov d5, %0" ::"r"(0xa0a0a0a0a0a0a0a0ull));
	check("AFFINITY_INFO(1) before CPU_ON: OFF", affinity(1), 1);
	check("AFFINITY_INFO(7): INVALID_PARAMETERS", affinity(7),
	      (uint64_t)-2);
	check("CPU_ON(1) at an entry outside guest memory: INVALID_ADDRESS",
	      hvc(PSCI_CPU_ON, 1, TP_MMIO, 0, 0, 0, 0), (uint64_t)-9);
	check("... and CPU 1 stays OFF", affinity(1), 1);

	irq_on();
	uint64_t n0 = irq_count;
	expect(AXVCPU_EXIT_CPU_UP, (uint64_t)guest_secondary_start,
	       (uint64_t)__stack1_top, 1, 0, "CPU_ON(1) is a CpuUp exit");
	check("CPU_ON(1) succeeds",
	      hvc(PSCI_CPU_ON, 1, (uint64_t)guest_secondary_start,
		  (uint64_t)__stack1_top, 0, 0, 0),
	      0);
	check("CPU_ON(1) again while it runs: ALREADY_ON",
	      hvc(PSCI_CPU_ON, 1, (uint64_t)guest_secondary_start,
		  (uint64_t)__stack1_top, 0, 0, 0),
	      (uint64_t)-4);
	/* Halt until CPU 1's SGI wakes this vCPU. */
	uint64_t end = counter() + 5 * SYSREG_R(cntfrq_el0);
	while (irq_count == n0 && counter() < end)
		__asm__ volatile("wfi");
	check("SGI 1 from CPU 1 woke CPU 0 from WFI", irq_last, 1);
	check("CPU 0's FP registers untouched by CPU 1", d5(),
	      0xa0a0a0a0a0a0a0a0ull);
	check("AFFINITY_INFO(1) while it runs: ON", affinity(1), 0);
	expect(AXVCPU_EXIT_SYSTEM_SUSPEND, (uint64_t)guest_secondary_start, 0,
	       0, 0, "SYSTEM_SUSPEND is a SystemSuspend exit");
	check("... while CPU 1 is on: DENIED",
	      hvc(0xc400000e, (uint64_t)guest_secondary_start, 0, 0, 0, 0, 0),
	      (uint64_t)-3);

	expect(AXVCPU_EXIT_SEND_IPI, 2, 2, 0, 0, "SGI 2 to CPU 1: SendIPI");
	SYSREG_W(icc_sgi1r_el1, 2ull << 24 | 2);
	wait_for(&step, 2);

	/* CPU 1 kicks this vCPU out of an endless loop. */
	expect(AXVCPU_EXIT_CANCELLED, 0, 0, 0, 0,
	       "axvcpu_kick from CPU 1 cancels CPU 0's run");
	kick_wanted = 1;
	__asm__ volatile("adr x28, 1f\n 2: b 2b\n 1:" ::: "x28");

	check("CPU 1 is OFF after CPU_OFF", affinity_wait(1), 1);
	/* Start it again: x0 must be the new context id. */
	check("CPU_ON(1) again after CPU_OFF",
	      hvc(PSCI_CPU_ON, 1, (uint64_t)guest_secondary_start,
		  (uint64_t)__stack1_top - 16, 0, 0, 0),
	      0);
	check("restarted CPU 1 ran", wait_for(&cpu1_runs, 2), 1);
	check("restarted CPU 1 stopped again", affinity_wait(1), 1);
}

void guest_secondary_main(uint64_t mpidr, uint64_t arg)
{
	uint64_t run = ++cpu1_runs;
	check("CPU 1 reads MPIDR Aff0 1", mpidr & 0xff, 1);
	if (run > 1) {
		check("restarted CPU 1: x0 is the new context id", arg,
		      (uint64_t)__stack1_top - 16);
		expect(AXVCPU_EXIT_CPU_DOWN, 0, 0, 0, 0,
		       "restarted CPU 1: CPU_OFF is a CpuDown");
		hvc(PSCI_CPU_OFF, 0, 0, 0, 0, 0, 0);
		check("CPU_OFF does not return", 0, 1);
		for (;;)
			;
	}
	check("CPU 1 starts with x0 = the context id", arg,
	      (uint64_t)__stack1_top);
	check("CPU 1's FP registers start at zero", d5(), 0);
	__asm__ volatile(FP_ASM "fmov d5, %0" ::"r"(0x5555555555555555ull));
	irq_on();
	expect(AXVCPU_EXIT_SEND_IPI, 1, 1, 0, 0, "SGI 1 to CPU 0: SendIPI");
	SYSREG_W(icc_sgi1r_el1, 1ull << 24 | 1);
	uint64_t end = counter() + 5 * SYSREG_R(cntfrq_el0);
	while (irq_last != 2 && counter() < end)
		__asm__ volatile("wfi");
	check("SGI 2 from CPU 0 reached CPU 1", irq_last, 2);
	step = 2;
	/* Wait for CPU 0 to spin, then have the host kick it. */
	wait_for(&kick_wanted, 1);
	for (uint64_t t = counter() + SYSREG_R(cntfrq_el0) / 100;
	     counter() < t;)
		;
	hc(TP_KICK, 0, 0, 0, 0, 0, 0);
	expect(AXVCPU_EXIT_CPU_DOWN, 0, 0, 0, 0, "CPU_OFF is a CpuDown");
	hvc(PSCI_CPU_OFF, 0, 0, 0, 0, 0, 0);
	check("CPU_OFF does not return", 0, 1);
	for (;;)
		;
}
