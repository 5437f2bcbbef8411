/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one VM this hypervisor runs, on the shared VM object (vmm/vm.h):
 * guest flash and RAM, a PL011 and a GICv3 distributor and redistributors
 * on the MMIO bus, stage-2 tables, one vCPU per CPU. What is the
 * platform's own: the memory plan, the images, the devices it picks, and
 * the host services (time, sleep, SGIs, console).
 */
#ifndef HV_VM_H
#define HV_VM_H

#include "hv.h"
#include "platform/common/vm.h"
#include "vmm/gicv3.h"
#include "vmm/pl011.h"
#include "vmm/vm.h"
#include <axvcpu/stage2.h>

/* The guest's machine: QEMU virt's addresses. */
#define HV_GUEST_UART 0x09000000ull
#define HV_GUEST_UART_SPI 33u
#define HV_GUEST_GICD 0x08000000ull
#define HV_GUEST_GICR 0x080a0000ull
#define HV_GUEST_DTB_GPA 0x40000000ull
#define HV_GUEST_INITRD_GPA 0x48000000ull
/* IPA bits of the guest: 3 levels of tables, a root of 2 pages. */
#define HV_GUEST_IPA_BITS 40u
/* Most vCPUs (one device tree each is built in). */
#define HV_MAX_VCPUS 4u

struct hv_vm {
	/* The shared VM object: vCPUs, memory, buses, console, policy. */
	struct vmm_vm vm;
	struct vmm_pl011 uart;
	struct vmm_gicv3 gic;
	/* Guest-physical memory: the library's Armv8 stage 2, kept in step
	 * with the memory map (vmm_mem_attach_stage2()). */
	struct axvcpu_stage2 *s2;
	/*
	 * Called once when the VM has ended, on the boot CPU, before the
	 * power-off (a test prints its plan); may power off itself.
	 */
	void (*on_end)(struct hv_vm *hv, enum vmm_vm_end end);
};

extern struct hv_vm hv_vm;

/* Ticks of the physical counter per preemption slice (10 ms). */
uint64_t hv_slice(void);

/* Build the VM from the built-in guest images with `nvcpu` vCPUs. */
void hv_vm_build(struct hv_vm *hv, unsigned nvcpu);

/* Run vCPU `cpu` on this CPU until the VM ends; then the boot CPU powers
 * QEMU off with the VM's status and the others idle. */
__attribute__((noreturn)) void hv_vm_run(struct hv_vm *hv, unsigned cpu);

/* tests/aarch64/hv/check.c: check exits against what guests announce. */
void hv_testcheck_install(struct hv_vm *hv);

/* Chosen by the program linked in (prog_*.c): hook and vCPU count. */
void hv_program_init(struct hv_vm *hv, unsigned cpus);

#endif /* HV_VM_H */
