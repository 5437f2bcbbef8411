/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Idle-harts benchmark (bench/riscv64/run.sh): one vCPU per hart, the
 * guest (tests/riscv64/guest/idle.c) times a compute job on vCPU 0 while
 * the others halt; prints the median job time in `time` ticks.
 */
#include "platform/qemu-riscv64/vm.h"
#include "proto.h"

#define REPEATS_MAX 16

static uint64_t ticks[REPEATS_MAX];
static unsigned count;
static uint64_t idle_harts;

static bool idle_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
		      void *arg)
{
	(void)vm;
	(void)id;
	(void)arg;
	if (e->reason != AXVCPU_EXIT_HYPERCALL)
		return false;
	if (e->hypercall.nr == TP_BENCH_RESULT) {
		if (count < REPEATS_MAX)
			ticks[count++] = e->hypercall.args[1];
		idle_harts = e->hypercall.args[2];
		return true;
	}
	if (e->hypercall.nr != TP_BENCH_DONE)
		return false;
	for (unsigned i = 1; i < count; i++)
		for (unsigned j = i; j > 0 && ticks[j - 1] > ticks[j]; j--) {
			uint64_t t = ticks[j];
			ticks[j] = ticks[j - 1];
			ticks[j - 1] = t;
		}
	hv_printf("bench idle_job_ticks=%lu idle_harts=%lu\n",
		  count ? ticks[count / 2] : 0, idle_harts);
	hv_poweroff(0);
}

void hv_program_init(struct hv_vm *hv, unsigned harts)
{
	hv_vm_build(hv, harts);
	hv->vm.hook = idle_hook;
}
