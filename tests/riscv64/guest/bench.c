/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Benchmark guest: N hypercall round trips and N MMIO-read round trips
 * through axvcpu_run, the hand-written floor loop the hypervisor runs
 * without axvcpu, and the same guest loops without exits, each repeated; time
 * and retired instructions (exact under -icount) are measured here and reported
 * by hypercall.
 */
#include "guest.h"

#define N 2000
#define REPEATS 7

static inline uint64_t rdinstret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

/* ecall N times (a0 = N), then fault on purpose to end the floor run. */
__asm__(".pushsection .text, \"ax\"\n"
	".balign 4\n"
	".globl floor_loop\n"
	"floor_loop:\n"
	"1: ecall\n"
	"addi a0, a0, -1\n"
	"bnez a0, 1b\n"
	"ld zero, 0(zero)\n"
	"2: j 2b\n"
	".popsection");
extern char floor_loop[];

static void report(unsigned kind, uint64_t t0, uint64_t i0)
{
	uint64_t t = rdtime() - t0, i = rdinstret() - i0;
	hc(TP_BENCH_RESULT, kind, t, i, N, 0, 0);
}

void guest_main(void)
{
	for (unsigned r = 0; r < REPEATS; r++) {
		uint64_t t0 = rdtime(), i0 = rdinstret();
		for (unsigned k = 0; k < N; k++)
			hc(TP_BENCH_NOP, 0, 0, 0, 0, 0, 0);
		report(0, t0, i0);

		volatile uint32_t *mmio = (volatile uint32_t *)TP_MMIO;
		t0 = rdtime();
		i0 = rdinstret();
		for (unsigned k = 0; k < N; k++)
			(void)*mmio;
		report(1, t0, i0);

		hc(TP_BENCH_FLOOR, (uint64_t)floor_loop, N, 0, 0, 0, 0);

		/* The guest's own share of the loops above: the same code
		 * with the ecall / the MMIO load replaced by no exit. */
		t0 = rdtime();
		i0 = rdinstret();
		for (unsigned k = 0; k < N; k++)
			sbi_call_noexit(TP_EXT, TP_BENCH_NOP, 0, 0, 0, 0, 0, 0);
		report(3, t0, i0);
		static volatile uint32_t ram;
		t0 = rdtime();
		i0 = rdinstret();
		for (unsigned k = 0; k < N; k++)
			(void)ram;
		report(4, t0, i0);
	}
	hc(TP_BENCH_DONE, 0, 0, 0, 0, 0, 0);
}

void guest_secondary_main(unsigned long hart, unsigned long arg)
{
	(void)hart;
	(void)arg;
}
