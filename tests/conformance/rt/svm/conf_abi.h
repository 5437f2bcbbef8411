/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The svm runtime's constants, shared by the guest (rt.c, crt0.S) and the
 * host glue (prog_conformance.c). The guest is a flat x86-64 image the PC
 * hypervisor (platform/pc) loads at 1 MiB and enters in the library's
 * LONG64 mode (the first 4 GiB identity-mapped, CPL0) with rsp = 1 MiB;
 * guest RAM is [0, <1 GiB) but the VGA hole, and the PC devices sit at
 * their usual ports and addresses.
 */
#ifndef CONF_ABI_SVM_H
#define CONF_ABI_SVM_H

/* The runtime's name in its messages (tests/conformance/rt/x86). */
#define CONF_RT_NAME "svm"

/* Where the image is loaded and entered, and vCPU 0's setup stack. */
#define CONF_SVM_LOAD 0x100000ull
#define CONF_SVM_SETUP_SP 0x100000ull

/* The MMIO test region: above RAM, no device (2 GiB). */
#define CONF_RT_MMIO_BASE 0x80000000ull
/* Far from RAM and every device (below the 4 GiB LONG64 maps and the
 * APICs and firmware at its top). */
#define CONF_RT_FAR 0xe0000000ull
/* Ports of the port-I/O scenarios (no PC device claims them). */
#define CONF_RT_PIO_BASE 0x510u
/* An MSR the x86 layer's policy leaves to the VM: SysRegRead/Write. */
#define CONF_RT_SYSREG 0x4b564dffu
/* The vector the checker injects (an IDT gate of the runtime). */
#define CONF_RT_IRQ_VECTOR 0x40u
/* After axvcpu_reset(): the setup's stack; rdi 0 (INIT clears GPRs). */
#define CONF_RT_RESET_SP CONF_SVM_SETUP_SP
#define CONF_RT_RESET_ARG0 0u
/* The fault loop never reaches the guest's handlers (its IDT points at
 * unmapped memory: the VM layer reflects fault after fault). */
#define CONF_RT_FAULT_LOOP_MIN 0u
/* No guest timer (the halt_timer scenario does not apply). */
#define CONF_RT_TICKS_PER_MS 1u

/* Turns of a bounded wait for something the host does at once (an
 * interrupt delivered at the next entry): ~0.1 s under QEMU TCG. */
#define CONF_RT_SPIN_LIMIT 2000000u

/* Destination registers (enum axvcpu_x86_reg) of the MMIO loads in
 * rt.c, one each. */
#define CONF_SVM_REG_READ8 1    /* rcx, movzbq */
#define CONF_SVM_REG_READ16 2   /* rdx, movzwq */
#define CONF_SVM_REG_READ32 3   /* ebx, movl (zero-extends) */
#define CONF_SVM_REG_READ64 8   /* r8, movq */
#define CONF_SVM_REG_READ8S 9   /* r9, movsbq */
#define CONF_SVM_REG_READ16S 10 /* r10, movswq */
#define CONF_SVM_REG_READ32S 11 /* r11, movslq */
/* set_gpr index of the marker register: rbx. */
#define CONF_SVM_REG_MARKER 3

/* The fault loop's IDT target (unmapped, in the MMIO region) and the
 * size of its own stack: each reflected fault pushes a frame (48 bytes)
 * until the host timer ends the loop (a few ms: ~25 faults a ms). */
#define CONF_SVM_FAULT_TARGET (CONF_RT_MMIO_BASE + 0x900)
#define CONF_SVM_FAULT_STACK 0x10000u

#endif /* CONF_ABI_SVM_H */
