/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Benchmark guest: N hypercall round trips and N MMIO-read round trips
 * through axvcpu_run, and the hand-written floor loop the hypervisor runs
 * without axvcpu, each repeated. The hypervisor measures time and retired
 * instructions (exact under -icount) between the markers.
 */
#include "guest.h"

#define N 2000
#define REPEATS 7

/* hvc N times (x0 = N), then smc to end the floor run. */
__asm__(".pushsection .text, \"ax\"\n"
	".balign 4\n"
	".globl floor_loop\n"
	"floor_loop:\n"
	"1: hvc #0\n"
	"subs x0, x0, #1\n"
	"b.ne 1b\n"
	"smc #0\n"
	"2: b 2b\n"
	".popsection");
extern char floor_loop[];

void guest_main(void)
{
	for (unsigned r = 0; r < REPEATS; r++) {
		hc(TP_BENCH_START, 0, 0, 0, 0, 0, 0);
		for (unsigned k = 0; k < N; k++)
			hvc(TP_FID(TP_BENCH_NOP), 0, 0, 0, 0, 0, 0);
		hc(TP_BENCH_RESULT, 0, N, 0, 0, 0, 0);

		volatile uint32_t *mmio = (volatile uint32_t *)TP_MMIO;
		hc(TP_BENCH_START, 0, 0, 0, 0, 0, 0);
		for (unsigned k = 0; k < N; k++)
			(void)*mmio;
		hc(TP_BENCH_RESULT, 1, N, 0, 0, 0, 0);

		hc(TP_BENCH_FLOOR, (uint64_t)floor_loop, N, 0, 0, 0, 0);
	}
	hc(TP_BENCH_DONE, 0, 0, 0, 0, 0, 0);
}

void guest_secondary_main(uint64_t mpidr, uint64_t arg)
{
	(void)mpidr;
	(void)arg;
}
