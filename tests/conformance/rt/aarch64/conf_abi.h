/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The aarch64 runtime's constants, shared by the guest (rt.c, crt0.S) and
 * the host glue (prog_conformance.c). The guest is an EL1 program at
 * guest-physical 0x40200000 on the QEMU platform's VM (MMU off).
 */
#ifndef CONF_ABI_AARCH64_H
#define CONF_ABI_AARCH64_H

/* The MMIO test region: unmapped guest-physical memory (the GIC is at
 * 0x08000000, the UART at 0x09000000, RAM from 0x40000000). */
#define CONF_RT_MMIO_BASE 0x10000000ull
/* Far from RAM and every device: 4 GiB. */
#define CONF_RT_FAR 0x100000000ull
/* No ports; the test system register is PMCR_EL0 (trapped: the guest
 * has no PMU), AXVCPU_AARCH64_SYSREG(3, 3, 9, 12, 0). */
#define CONF_RT_PIO_BASE 0u
#define CONF_RT_SYSREG 0xdce0u
/* The interrupt the checker injects: SGI 3 (also the SGI the runtime
 * sends itself, so that SendIPI carries the same vector). */
#define CONF_RT_IRQ_VECTOR 3u
/* After axvcpu_reset(): every register 0 but x0 = the create config's
 * x0, the platform's device tree. */
#define CONF_RT_RESET_SP 0u
#define CONF_RT_RESET_ARG0 0x40000000ull
/* The fault loop never reaches the guest's handler (its vector is
 * unmapped: the VM layer reflects fault after fault). */
#define CONF_RT_FAULT_LOOP_MIN 0u
/* QEMU virt's counter: 62.5 MHz. */
#define CONF_RT_TICKS_PER_MS 62500u

/* Turns of a bounded wait for something the host does at once (an
 * interrupt delivered at the next entry): ~0.1 s under QEMU TCG. */
#define CONF_RT_SPIN_LIMIT 2000000u

/* Destination registers of the MMIO loads in rt.c: W registers for the
 * zero-extending narrow loads (reg_width 4), X for the others. */
#define CONF_A64_REG_READ8 5    /* ldrb w5 */
#define CONF_A64_REG_READ16 6   /* ldrh w6 */
#define CONF_A64_REG_READ32 7   /* ldr w7 */
#define CONF_A64_REG_READ64 10  /* ldr x10; also the sysreg read's */
#define CONF_A64_REG_READ8S 11  /* ldrsb x11 */
#define CONF_A64_REG_READ16S 12 /* ldrsh x12 */
#define CONF_A64_REG_READ32S 13 /* ldrsw x13 */
/* The reset scenario's marker register: x19. */
#define CONF_A64_REG_MARKER 19

#endif /* CONF_ABI_AARCH64_H */
