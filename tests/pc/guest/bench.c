/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The benchmark guest: N hypercalls, N MMIO reads, the host's floor loop,
 * and the same loops without their exits, each timed with the TSC (the
 * guest's TSC is the host's: no offset) and reported to the bench program
 * (tests/pc/hv/prog_bench.c). Under QEMU -icount the TSC counts
 * instructions, exactly.
 */
#include "guest.h"

#define N 1000
#define REPEATS 7
#define TP_BENCH_NOP 16
#define TP_BENCH_RESULT 17
#define TP_BENCH_FLOOR 18
#define TP_BENCH_DONE 19

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static void report(unsigned kind, uint64_t t)
{
	hcall(TP_BENCH_RESULT, kind, t, 0, N, 0, 0);
}

static volatile uint32_t ram_word;

void guest_main(void)
{
	for (unsigned r = 0; r < REPEATS; r++) {
		uint64_t t = rdtsc();
		for (unsigned i = 0; i < N; i++)
			hcall(TP_BENCH_NOP, 0, 0, 0, 0, 0, 0);
		report(0, rdtsc() - t);
		t = rdtsc();
		for (unsigned i = 0; i < N; i++)
			(void)*(volatile uint32_t *)TP_MMIO;
		report(1, rdtsc() - t);
		hcall(TP_BENCH_FLOOR, N, 0, 0, 0, 0, 0);
		/* The same loops without exits: what the guest itself costs. */
		t = rdtsc();
		for (unsigned i = 0; i < N; i++)
			__asm__ volatile("nop; nop; nop" ::: "memory");
		report(3, rdtsc() - t);
		t = rdtsc();
		for (unsigned i = 0; i < N; i++)
			(void)ram_word;
		report(4, rdtsc() - t);
	}
	hcall(TP_BENCH_DONE, 0, 0, 0, 0, 0, 0);
}
