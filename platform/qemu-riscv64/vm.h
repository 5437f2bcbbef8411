/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one VM this hypervisor runs, on the shared VM object (vmm/vm.h):
 * guest RAM, a 16550 on the MMIO bus, stage-2 tables, one vCPU per hart.
 * What is the platform's own: the memory plan, the images, the devices
 * it picks, and the host services (time, sleep, IPIs, console).
 */
#ifndef HV_VM_H
#define HV_VM_H

#include "hv.h"
#include "platform/common/vm.h"
#include "vmm/cfi_flash.h"
#include "vmm/plic.h"
#include "vmm/uart16550.h"
#include "vmm/vm.h"

#define HV_GUEST_UART 0x10000000ull
/* The UART's PLIC source (QEMU virt's UART0_IRQ). */
#define HV_GUEST_UART_IRQ 10u
#define HV_GUEST_PLIC 0x0c000000ull
/* Two CFI flash banks from here, if the image has them. */
#define HV_GUEST_FLASH 0x20000000ull
#define HV_GUEST_FLASH_BLOCK (64u << 10)
/* PLIC sources, as QEMU virt's riscv,ndev. */
#define HV_GUEST_PLIC_NDEV 95u
/* Where a raw image goes when the build names no load address. */
#define HV_GUEST_RAW_LOAD 0x80200000ull

/* QEMU's exit status for each way a run ends (docs/riscv64.md). */
enum hv_status {
	HV_STATUS_OK = 0,      /* the guest powered off */
	HV_STATUS_FAIL = 1,    /* the VM ended on a host error */
	HV_STATUS_PANIC = 2,   /* the hypervisor cannot run (no H, Sstc...) */
	HV_STATUS_GUEST = 3,   /* the guest broke (an exit nobody handles) */
	HV_STATUS_IMAGE = 4,   /* a built-in image refused before the start */
	HV_STATUS_HOSTMEM = 5, /* QEMU's -m is too small for the guest RAM */
};

/*
 * The built-in images and where they go (blob.S, from the make variables
 * of the image: see mk/platform-qemu-riscv64.mk).
 */
struct hv_guest_cfg {
	uint64_t load;    /* raw image load address; 0: ELF, or the default */
	uint64_t dtb_gpa; /* the DTB (a1 at entry) */
	uint64_t initrd_gpa; /* the initrd, if there is one */
	uint64_t ram_size;   /* guest RAM at HV_GUEST_RAM_GPA, bytes */
	uint64_t cpus;       /* harts in the guest's DTB */
	uint64_t flash_bank; /* bytes of each of the two CFI banks, or 0 */
	const uint8_t *image, *image_end;
	const uint8_t *dtb, *dtb_end;
	const uint8_t *initrd, *initrd_end;
};
extern const struct hv_guest_cfg hv_guest_cfg;
/*
 * Host timer slice: a guest that never exits is preempted this often. The
 * boot hart polls console input at each (20 ms); the others get every
 * request by IPI (kicks, fences, stops), so theirs is a 1 s backstop.
 * Each preemption is an exit, and under QEMU 7.2 every exit flushes the
 * whole TLB (any V change does), which the guest pays in refills.
 */
#define HV_SLICE_TICKS (HV_TIMEBASE_HZ / 50)
#define HV_SLICE_OTHER_TICKS HV_TIMEBASE_HZ
static inline uint64_t hv_slice_ticks(unsigned hart)
{
	return hart ? HV_SLICE_OTHER_TICKS : HV_SLICE_TICKS;
}
/* Longest wait for other vCPUs to do a guest's remote fence (100 ms). */
#define HV_FENCE_WAIT_TICKS (HV_TIMEBASE_HZ / 10)
/* Most bytes one SBI DBCN write prints (the rest: a partial write). */
#define HV_DBCN_MAX 4096u

struct hv_vm {
	/* The shared VM object: vCPUs, memory, buses, console, policy. */
	struct vmm_vm vm;
	struct vmm_uart16550 uart;
	/* The guest's interrupt controller; the UART is its source 10. */
	struct vmm_plic plic;
	struct vmm_vm_dev *plic_dev;
	bool uart_irq; /* the UART's line as the PLIC last saw it */
	struct vmm_cfi_flash flash[2];
	struct axvcpu_stage2 *s2; /* guest RAM, through the map (vm.mem) */
	/* Stage-2 levels: 0 picks the fewest that cover the guest's map; 4
	 * asks for Sv48x4 (used where the hart has it). */
	unsigned s2_levels;
	/* Time every exit and print them by kind when the VM ends. */
	bool report_exits;
	uint64_t started; /* hv_time() when the guest was built */
	/*
	 * Called once when the VM has ended, on the boot hart, before the
	 * power-off (a test prints its plan); may power off itself.
	 */
	void (*on_end)(struct hv_vm *hv, enum vmm_vm_end end);
};

extern struct hv_vm hv_vm;

/* Build the VM from the built-in guest ELF and DTB with `nvcpu` vCPUs. */
void hv_vm_build(struct hv_vm *hv, unsigned nvcpu);

/* Run vCPU `hart` on this hart until the VM ends; then the boot hart
 * powers QEMU off with the VM's status and the others idle. */
__attribute__((noreturn)) void hv_vm_run(struct hv_vm *hv, unsigned hart);

/* testcheck.c: check exits against what test guests announce. */
void hv_testcheck_install(struct hv_vm *hv);

/* Chosen by the program linked in (prog_*.c): hook and vCPU count. */
void hv_program_init(struct hv_vm *hv, unsigned harts);

#endif /* HV_VM_H */
