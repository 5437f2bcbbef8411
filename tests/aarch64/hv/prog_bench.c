/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Benchmark program: answers the bench guest's round trips as cheaply as a
 * VM layer can, times each batch between two marker hypercalls, runs the
 * floor loop (platform/qemu-aarch64/floor.S) on request, and prints
 * medians and ratios: physical-counter time, and retired instructions at
 * EL1 and EL2 from the PMU (INST_RETIRED: counted by QEMU only under
 * -icount, where it is exact).
 */
#include "platform/qemu-aarch64/vm.h"
#include "proto.h"
#include "tests/lib/hv_bench.h"

#define KINDS 3 /* 0 hypercall, 1 MMIO read, 2 floor */

void hv_floor_run(uint64_t pc, uint64_t n);

static struct hvb_samples ticks[KINDS], insns[KINDS];
static uint64_t trips = 1, t_start, i_start;

/*
 * PMU event counter 0: INST_RETIRED at EL1 and EL2 (not EL0). The backend
 * gives the guest no counter (MDCR_EL2.HPMN = 0), so counter 0 is EL2's,
 * enabled by MDCR_EL2.HPME.
 */
static void pmu_init(void)
{
	__asm__ volatile(
	    "mrs x9, mdcr_el2\n orr x9, x9, #(1 << 7)\n"
	    "msr mdcr_el2, x9\n"
	    "msr pmevtyper0_el0, %0\n"
	    "msr pmcntenset_el0, %1\n"
	    "mrs x9, pmcr_el0\n"
	    "orr x9, x9, #3\n" /* E, reset event counters */
	    "msr pmcr_el0, x9\n isb" ::"r"((1ull << 30) | (1ull << 27) | 0x08),
	    "r"(1ull)
	    : "x9");
}

static uint64_t insns_now(void)
{
	uint64_t v;
	__asm__ volatile("isb\n mrs %0, pmevcntr0_el0" : "=r"(v));
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
	static const char *const names[KINDS] = { "hypercall", "mmio_read",
						  "floor" };
	uint64_t t[KINDS], in[KINDS], hz = hv_time_hz();
	for (unsigned k = 0; k < KINDS; k++) {
		t[k] = hvb_median(&ticks[k]);
		in[k] = hvb_median(&insns[k]);
		hv_printf("bench %s_ns=%lu repeats=%u\n", names[k],
			  t[k] * (uint64_t)1000000000 / hz / trips, ticks[k].n);
		hv_printf("bench %s_insns=%lu\n", names[k], in[k] / trips);
	}
	hvb_print_ratio("bench ratio_hypercall_vs_floor", t[0], t[2]);
	hvb_print_ratio("bench ratio_mmio_vs_floor", t[1], t[2]);
	hvb_print_ratio("bench insn_ratio_hypercall_vs_floor", in[0], in[2]);
	hvb_print_ratio("bench insn_ratio_mmio_vs_floor", in[1], in[2]);
}

static bool bench_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
		       void *arg)
{
	(void)arg;
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	if (e->reason == AXVCPU_EXIT_MMIO_READ) {
		axvcpu_complete_mmio_read(vcpu, 0);
		return true;
	}
	if (e->reason != AXVCPU_EXIT_HYPERCALL)
		return false;
	const uint64_t *a = e->hypercall.args;
	switch (e->hypercall.nr) {
	case TP_BENCH_NOP:
		return true;
	case TP_BENCH_START:
		t_start = hv_time();
		i_start = insns_now();
		return true;
	case TP_BENCH_RESULT:
		trips = a[1];
		record((unsigned)a[0], hv_time() - t_start,
		       insns_now() - i_start);
		return true;
	case TP_BENCH_FLOOR: {
		/* No preemption inside the floor: it must run N hvcs. */
		__asm__ volatile("msr cnthp_ctl_el2, xzr\n isb");
		uint64_t t0 = hv_time(), i0 = insns_now();
		hv_floor_run(a[0], a[1]);
		record(2, hv_time() - t0, insns_now() - i0);
		hv_timer_arm(hv_time() + hv_slice());
		return true;
	}
	case TP_BENCH_DONE:
		bench_report();
		hv_poweroff(0);
	default:
		return false;
	}
}

void hv_program_init(struct hv_vm *hv, unsigned cpus)
{
	(void)cpus;
	hv_vm_build(hv, 1);
	hv->vm.hook = bench_hook;
	pmu_init();
}
