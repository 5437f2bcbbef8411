/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Idle-harts benchmark guest: hart 0 starts every other hart it has
 * (SBI HSM; with one hart there are none), which sit in WFI with nothing
 * armed, then times a fixed compute job. Run beside idle harts on fewer
 * host cores than harts, the job is as fast as alone only if the idle
 * harts' host threads sleep.
 */
#include "guest.h"

#define SBI_HSM 0x48534dul
#define REPEATS 5
#define ITERS 40000000u

extern char __stack1_top[];

static uint64_t job(void)
{
	uint64_t x = 1;
	for (unsigned i = 0; i < ITERS; i++)
		x = x * 6364136223846793005ull + 1442695040888963407ull;
	return x;
}

void guest_main(void)
{
	extern char guest_secondary_start[];
	unsigned started = 0;
	/* Every secondary shares one stack: they only ever run WFI. */
	for (unsigned long h = 1; h < 8; h++)
		if (!sbi_call(SBI_HSM, 0, h, (uint64_t)guest_secondary_start,
			      (uint64_t)__stack1_top, 0, 0, 0)
			 .error)
			started++;
	/* Give them time to start and fall asleep. */
	for (uint64_t end = rdtime() + 200000; rdtime() < end;)
		;
	for (unsigned r = 0; r < REPEATS; r++) {
		uint64_t t0 = rdtime();
		uint64_t x = job();
		hc(TP_BENCH_RESULT, 0, rdtime() - t0, started, x, 0, 0);
	}
	hc(TP_BENCH_DONE, 0, 0, 0, 0, 0, 0);
}

void guest_secondary_main(unsigned long hart, unsigned long arg)
{
	(void)hart;
	(void)arg;
	__asm__ volatile("csrw sie, zero");
	for (;;)
		__asm__ volatile("wfi");
}
