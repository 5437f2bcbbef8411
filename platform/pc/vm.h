/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one VM this hypervisor runs, on the shared VM object (vmm/vm.h):
 * guest RAM and firmware through the library's stage 2 (NPT), the PC
 * devices of vmm/ (16550, debug ports, CMOS, reset lines, PIT, PICs,
 * local APICs and IOAPIC, PCI host bridge, ACPI power management), one
 * vCPU per CPU. What is the platform's own: the memory plan, the images
 * (multiboot modules), the devices it picks and how they are wired, and
 * the host services (time, sleep, IPIs, console).
 */
#ifndef HV_PC_VM_H
#define HV_PC_VM_H

#include "hv.h"
#include "platform/common/vm.h"
#include "vmm/pc.h"
#include "vmm/pc_acpi.h"
#include "vmm/pc_intc.h"
#include "vmm/pc_pci.h"
#include "vmm/pc_pit.h"
#include "vmm/uart16550.h"
#include "vmm/vm.h"

/* The guest's interrupt lines (ISA IRQs). */
#define HV_IRQ_PIT 0u
#define HV_IRQ_UART 4u
#define HV_IRQ_SCI 9u

/* Host tick (preemption and device time), microseconds. */
#define HV_TICK_US 1000u

/* What the guest is. */
enum hv_guest_kind {
	HV_GUEST_FIRMWARE, /* a BIOS ROM at the top of 4 GiB: "bios" */
	HV_GUEST_LINUX,    /* a bzImage (and initrd): "kernel" */
	HV_GUEST_FLAT,     /* a raw image at HV_FLAT_GPA (real16: 0x7c00) */
};

#define HV_FLAT_GPA 0x100000ull
#define HV_FLAT_REAL_GPA 0x7c00ull
/* The VGA window: not RAM. */
#define HV_VGA_START 0xa0000ull
#define HV_VGA_END 0xc0000ull
/* ACPI tables for guests without firmware (Linux, memtest86+). */
#define HV_ACPI_RSDP_GPA 0xe0000ull
#define HV_ACPI_TABLES_GPA 0xe0100ull
#define HV_PM_PORT 0x600u

struct hv_vm {
	/* The shared VM object: vCPUs, memory, buses, console, policy. */
	struct vmm_vm vm;
	struct axvcpu_stage2 *s2;
	uint8_t *ram; /* guest RAM at gpa 0 (host mapping) */
	uint64_t ram_size;
	uint8_t *rom; /* the firmware below 4 GiB */
	uint64_t rom_size;
	enum hv_guest_kind kind;
	uint32_t mode;    /* enum axvcpu_x86_mode of vCPU 0 */
	uint64_t entry;   /* vCPU 0's entry */
	uint64_t boot_si; /* Linux: the zero page (rsi) */
	unsigned ncpus;
	struct vmm_uart16550 uart;
	struct vmm_vm_dev *uart_dev;
	struct pc_debugport dbg;
	struct pc_cmos cmos;
	struct pc_reset reset;
	struct pc_pit pit;
	struct vmm_vm_dev *pit_dev;
	struct pc_intc intc;
	struct pc_pci pci;
	struct pc_acpi_pm pm;
	bool uart_irq;
	/* Set by a program before hv_vm_build(): unclaimed reads answer 0
	 * instead of a PC's all-ones (the conformance suite's VM). */
	bool open_bus_zero;
	/*
	 * Called once when the VM has ended, on the boot CPU, before the
	 * machine stops (a test prints its plan); may stop it itself.
	 */
	void (*on_end)(struct hv_vm *hv, enum vmm_vm_end end);
};

extern struct hv_vm hv_vm;

/* Build the VM from the boot modules with `nvcpu` vCPUs. */
void hv_vm_build(struct hv_vm *hv, unsigned nvcpu);

/* Run vCPU `cpu` on this CPU until the VM ends; then the boot CPU stops
 * QEMU with the VM's status and the others idle. */
__attribute__((noreturn)) void hv_vm_run(struct hv_vm *hv, unsigned cpu);

/* Chosen by the program linked in (prog_*.c): hook and vCPU count. */
void hv_program_init(struct hv_vm *hv, unsigned ncpus);

/* The exit checker of the test programs (tests/pc/hv/check.c). */
void hv_testcheck_install(struct hv_vm *hv);

#endif /* HV_PC_VM_H */
