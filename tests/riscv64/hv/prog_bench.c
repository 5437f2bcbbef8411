/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Benchmark program: the bench guest's round trips through the VM object
 * (vmm/vm.h) — its vendor hypercall answered by this exit hook, its MMIO
 * read of the UART's LSR by the VM's bus and device, its SBI BASE call by
 * the backend alone — the floor loop (floor.S) on request, and medians
 * and ratios. Numbers are in `time` ticks (100 ns) and retired
 * instructions (exact only under QEMU -icount).
 */
#include "platform/qemu-riscv64/vm.h"
#include "proto.h"
#include "tests/lib/hv_bench.h"

void hv_floor_run(uint64_t pc, uint64_t n);

/* kind 0 hypercall, 1 MMIO read, 2 floor, 3/4 guest-only loops of 0/1,
 * 5 SBI BASE, 6 its guest-only loop (tests/riscv64/guest/bench.c) */
#define KINDS 7
static struct hvb_samples ticks[KINDS], insns[KINDS];
static uint64_t trips = 1;

static uint64_t rdinstret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static void record(unsigned kind, uint64_t t, uint64_t i)
{
	if (kind < KINDS) {
		hvb_record(&ticks[kind], t);
		hvb_record(&insns[kind], i);
	}
}

static void bench_report(void)
{
	static const char *const names[KINDS] = { "hypercall",
						  "mmio_read",
						  "floor",
						  "guest_only_hypercall_loop",
						  "guest_only_mmio_loop",
						  "sbi_base",
						  "guest_only_sbi_base_loop" };
	uint64_t t[KINDS], in[KINDS];
	for (unsigned k = 0; k < KINDS; k++) {
		t[k] = hvb_median(&ticks[k]);
		in[k] = hvb_median(&insns[k]);
		/* ns per round trip: ticks are 100 ns. */
		hv_printf("bench %s_ns=%lu repeats=%u\n", names[k],
			  t[k] * 100 / trips, ticks[k].n);
		hv_printf("bench %s_insns=%lu\n", names[k], in[k] / trips);
	}
	hvb_print_ratio("bench ratio_hypercall_vs_floor", t[0], t[2]);
	hvb_print_ratio("bench ratio_mmio_vs_floor", t[1], t[2]);
	hvb_print_ratio("bench ratio_sbi_base_vs_floor", t[5], t[2]);
	hvb_print_ratio("bench insn_ratio_hypercall_vs_floor", in[0], in[2]);
	/*
	 * Instructions outside the guest per round trip (exact only under
	 * -icount): the path's loop minus its guest-only twin. The ecall
	 * retires like the twin's nop; a load that faults does not retire
	 * while the twin's RAM load does, so the MMIO figure adds 1 back
	 * (that load) and 1 more: it counts the faulting load too. The
	 * floor's guest share is its loop's ecall, addi and bnez.
	 */
	uint64_t floor_hs = in[2] / trips > 3 ? in[2] / trips - 3 : 0;
	hv_printf("bench hs_insns_sbi_base=%lu\n", (in[5] - in[6]) / trips);
	hv_printf("bench hs_insns_hypercall=%lu\n", (in[0] - in[3]) / trips);
	hv_printf("bench hs_insns_mmio_read=%lu\n",
		  (in[1] - in[4]) / trips + 2);
	hv_printf("bench hs_insns_floor=%lu\n", floor_hs);
}

/* The bench's calls other than the measured one. */
static __attribute__((noinline)) bool bench_call(struct axvcpu_exit *e)
{
	const uint64_t *a = e->hypercall.args;
	switch (e->hypercall.nr) {
	case TP_BENCH_RESULT:
		trips = a[3];
		record((unsigned)a[0], a[1], a[2]);
		return true;
	case TP_BENCH_FLOOR: {
		/* No preemption inside the floor: it must run N ecalls. */
		hv_timer_disarm();
		uint64_t t0 = hv_time(), i0 = rdinstret();
		hv_floor_run(a[0], a[1]);
		record(2, hv_time() - t0, rdinstret() - i0);
		hv_timer_arm(hv_time() + HV_SLICE_TICKS);
		return true;
	}
	case TP_BENCH_DONE:
		bench_report();
		hv_poweroff(0);
	default:
		return false;
	}
}

/*
 * The VM's exit hook: the measured vendor hypercall (TP_BENCH_NOP) is
 * answered here at once, as a VM layer answers its own hypercalls; every
 * other exit is the VM object's.
 */
static bool bench_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
		       void *arg)
{
	(void)arg;
	(void)vm;
	(void)id;
	if (e->reason != AXVCPU_EXIT_HYPERCALL)
		return false;
	if (e->hypercall.nr == TP_BENCH_NOP)
		return true;
	return bench_call(e);
}

void hv_program_init(struct hv_vm *hv, unsigned harts)
{
	(void)harts;
	hv_vm_build(hv, 1);
	hv->vm.hook = bench_hook;
}
