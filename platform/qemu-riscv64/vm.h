/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one VM this hypervisor runs: guest RAM, a 16550 on the MMIO bus,
 * stage-2 tables, one vCPU per hart, and the seed's run_vcpu loop.
 */
#ifndef HV_VM_H
#define HV_VM_H

#include "hv.h"
#include "vmm/bus.h"
#include "vmm/guest_mem.h"
#include "vmm/uart16550.h"

#define HV_GUEST_UART 0x10000000ull
#define HV_GUEST_DTB_GPA 0x87e00000ull
/* Host timer slice: a guest that never exits is preempted this often. */
#define HV_SLICE_TICKS (HV_TIMEBASE_HZ / 100)
/* Longest wait for other vCPUs to do a guest's remote fence (100 ms). */
#define HV_FENCE_WAIT_TICKS (HV_TIMEBASE_HZ / 10)
/* Most bytes one SBI DBCN write prints (the rest: a partial write). */
#define HV_DBCN_MAX 4096u

struct hv_vm;

/*
 * A test's view of exits: called before the default handling; return
 * true if the exit was consumed.
 */
typedef bool (*hv_exit_hook)(struct hv_vm *vm, unsigned id,
			     struct axvcpu_exit *exit);

struct hv_vm {
	struct vmm_mem mem;
	struct vmm_bus bus;
	struct vmm_uart16550 uart;
	struct hv_lock dev_lock; /* bus devices and the UART */
	struct hv_lock hsm_lock; /* up[] checks and vCPU starts */
	struct hv_stage2 s2;
	struct axvcpu *vcpu[HV_MAX_HARTS];
	unsigned nvcpu;
	volatile int up[HV_MAX_HARTS]; /* vCPU N may run on hart N */
	int rx_held;                   /* input byte waiting for FIFO room */
	hv_exit_hook hook;
	/* Called when the last vCPU has stopped itself (SBI hart_stop):
	 * nothing can run again. Must not return; NULL: report, power off. */
	void (*all_down)(struct hv_vm *vm);
	unsigned max_levels; /* stage-2 levels to use at most (0: all) */
	uint64_t exits;
};

extern struct hv_vm hv_vm;

/* Build the VM from the built-in guest ELF and DTB with `nvcpu` vCPUs. */
void hv_vm_build(struct hv_vm *vm, unsigned nvcpu);

/* The run loop of vCPU `id` on this hart (returns when it goes down). */
void hv_vm_run(struct hv_vm *vm, unsigned id);

/* Move host console input into the guest UART. */
void hv_vm_poll_input(struct hv_vm *vm);

/* testcheck.c: check exits against what test guests announce. */
void hv_testcheck_install(struct hv_vm *vm);

/* Chosen by the program linked in (main_*.c): hook and vCPU count. */
void hv_program_init(struct hv_vm *vm, unsigned harts);

#endif /* HV_VM_H */
