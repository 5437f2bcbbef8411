/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Benchmark guest: round trips through axvcpu_run — an SBI call the
 * backend answers (BASE get_spec_version), a vendor hypercall the VM layer
 * answers (prog_bench's exit hook), an MMIO read of a real vmm/ device
 * register (the 16550's LSR on the VM's bus, completed with
 * axvcpu_complete_mmio_read) — the hand-written floor loop the hypervisor
 * runs without axvcpu, and each guest loop again with no exit (its own
 * share). Time and retired instructions (exact under -icount) are measured
 * here and reported by hypercall.
 *
 * Built with -DBENCH_TRACE it is the guest of bench/riscv64/breakdown.sh
 * instead: per path, N round trips then M, each run between two calls of
 * trace_mark(), which the exec trace shows at a known address.
 */
#include "guest.h"

#define N 2000
#define REPEATS 7
/* The 16550's line status register on the platform's guest UART. */
#define UART_LSR ((volatile uint8_t *)0x10000005ul)

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

/* Kinds (prog_bench.c): the path, then its guest-only loop. */
enum { K_HC, K_MMIO, K_FLOOR, K_HC_GUEST, K_MMIO_GUEST, K_BASE, K_BASE_GUEST };

/*
 * One loop per kind, all of the same shape, so that a path's guest-only
 * loop differs from it only by the ecall (a nop) or the load (from RAM).
 */
#define BENCH_LOOP(name, body)                                                 \
	static void name(unsigned n)                                           \
	{                                                                      \
		for (unsigned k = 0; k < n; k++) {                             \
			body;                                                  \
		}                                                              \
	}
static volatile uint8_t ram_byte;
BENCH_LOOP(loop_hc, sbi_call(TP_EXT, TP_BENCH_NOP, 0, 0, 0, 0, 0, 0))
BENCH_LOOP(loop_hc_guest,
	   sbi_call_noexit(TP_EXT, TP_BENCH_NOP, 0, 0, 0, 0, 0, 0))
BENCH_LOOP(loop_base, sbi_call(0x10, 0, 0, 0, 0, 0, 0, 0))
BENCH_LOOP(loop_base_guest, sbi_call_noexit(0x10, 0, 0, 0, 0, 0, 0, 0))
BENCH_LOOP(loop_mmio, (void)*UART_LSR)
BENCH_LOOP(loop_mmio_guest, (void)ram_byte)

static void (*const loops[])(unsigned) = {
	[K_HC] = loop_hc,
	[K_MMIO] = loop_mmio,
	[K_HC_GUEST] = loop_hc_guest,
	[K_MMIO_GUEST] = loop_mmio_guest,
	[K_BASE] = loop_base,
	[K_BASE_GUEST] = loop_base_guest,
};

static void loop(unsigned kind, unsigned n)
{
	loops[kind](n);
}

#ifdef BENCH_TRACE
#define TRACE_N 50
#define TRACE_M 150
/* The exec trace's phase boundary: a guest pc the breakdown looks for. */
__attribute__((noinline)) void trace_mark(void);
void trace_mark(void)
{
	__asm__ volatile("" ::: "memory");
}

void guest_main(void)
{
	static const unsigned kinds[] = { K_BASE, K_HC, K_MMIO };
	for (unsigned i = 0; i < 3; i++) {
		trace_mark();
		loop(kinds[i], TRACE_N);
		trace_mark();
		loop(kinds[i], TRACE_M);
		trace_mark();
	}
	hc(TP_BENCH_DONE, 0, 0, 0, 0, 0, 0);
}
#else
static inline uint64_t rdinstret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static void timed(unsigned kind)
{
	uint64_t t0 = rdtime(), i0 = rdinstret();
	loop(kind, N);
	uint64_t t = rdtime() - t0, i = rdinstret() - i0;
	hc(TP_BENCH_RESULT, kind, t, i, N, 0, 0);
}

void guest_main(void)
{
	for (unsigned r = 0; r < REPEATS; r++) {
		timed(K_HC);
		timed(K_MMIO);
		hc(TP_BENCH_FLOOR, (uint64_t)floor_loop, N, 0, 0, 0, 0);
		timed(K_HC_GUEST);
		timed(K_MMIO_GUEST);
		timed(K_BASE);
		timed(K_BASE_GUEST);
	}
	hc(TP_BENCH_DONE, 0, 0, 0, 0, 0, 0);
}
#endif

void guest_secondary_main(unsigned long hart, unsigned long arg)
{
	(void)hart;
	(void)arg;
}
