/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The x86 benchmark programs' shared part (SVM: tests/pc/hv/prog_bench.c,
 * VMX: tests/x86/hv/prog_bench_vmx.c): answers the bench guest's round
 * trips as cheaply as a VM layer can, asks the vendor's file for the floor
 * (a loop on a VMCB or VMCS written by hand, owing nothing to the
 * library), and prints medians and ratios in TSC cycles (under QEMU
 * -icount and in bochs: instructions, exactly).
 */
#include "tests/x86/hv/bench_hook.h"
#include "tests/lib/hv_bench.h"

#define TP_BENCH_NOP 16
#define TP_BENCH_RESULT 17
#define TP_BENCH_FLOOR 18
#define TP_BENCH_DONE 19
#define KINDS 5

static struct hvb_samples samples[KINDS];
static uint64_t trips = 1;

static void record(unsigned kind, uint64_t t)
{
	if (kind < KINDS)
		hvb_record(&samples[kind], t);
}

static void bench_report(void)
{
	static const char *const names[KINDS] = { "hypercall", "mmio_read",
						  "floor",
						  "guest_only_hypercall_loop",
						  "guest_only_mmio_loop" };
	uint64_t t[KINDS];
	for (unsigned k = 0; k < KINDS; k++) {
		t[k] = hvb_median(&samples[k]);
		hv_printf("bench %s_cycles=%lu repeats=%u\n", names[k],
			  (unsigned long)(t[k] / trips), samples[k].n);
	}
	hv_printf("bench tsc_mhz=%lu\n",
		  (unsigned long)(hv_tsc_hz() / 1000000));
	hvb_print_ratio("bench ratio_hypercall_vs_floor", t[0], t[2]);
	hvb_print_ratio("bench ratio_mmio_vs_floor", t[1], t[2]);
	hv_printf("bench host_hypercall_cycles=%lu host_mmio_read_cycles=%lu\n",
		  (unsigned long)((t[0] - t[3]) / trips),
		  (unsigned long)((t[1] - t[4]) / trips));
}

static bool bench_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
		       void *arg)
{
	struct hv_vm *hv = arg;
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
	case TP_BENCH_RESULT:
		trips = a[3] ? a[3] : 1;
		record((unsigned)a[0], a[1]);
		return true;
	case TP_BENCH_FLOOR:
		record(2, bench_floor_cycles(hv, a[0]));
		return true;
	case TP_BENCH_DONE:
		bench_report();
		hv_exit(0);
	default:
		return false;
	}
}

void hv_program_init(struct hv_vm *hv, unsigned ncpus)
{
	(void)ncpus;
	hv_vm_build(hv, 1);
	hv->vm.hook = bench_hook;
	hv->vm.hook_arg = hv;
}
