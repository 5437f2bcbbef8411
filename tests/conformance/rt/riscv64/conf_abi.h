/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The riscv64 runtime's constants, shared by the guest (rt.c, crt0.S) and
 * the host glue (prog_conformance.c). The guest is a VS-mode program at
 * guest-physical 0x80200000 on the QEMU platform's VM.
 */
#ifndef CONF_ABI_RISCV64_H
#define CONF_ABI_RISCV64_H

/* The MMIO test region: unmapped guest-physical memory (RAM starts at
 * 0x80000000, the UART is at 0x10000000). */
#define CONF_RT_MMIO_BASE 0x40000000ull
/* Far from RAM and every device: 4 GiB. */
#define CONF_RT_FAR 0x100000000ull
/* No ports on RISC-V; no trapping system register. */
#define CONF_RT_PIO_BASE 0u
#define CONF_RT_SYSREG 0u
/* The interrupt the checker injects: supervisor software (VSSIP). */
#define CONF_RT_IRQ_VECTOR 1u
/* After axvcpu_reset(): every GPR 0 but a0 = hart id, a1 = dtb_addr. */
#define CONF_RT_RESET_SP 0u
#define CONF_RT_RESET_ARG0 0u
/* The fault loop never reaches the guest's handler (its vector is
 * unmapped: the VM layer reflects fault after fault). */
#define CONF_RT_FAULT_LOOP_MIN 0u
/* QEMU virt's `time`: 10 MHz. */
#define CONF_RT_TICKS_PER_MS 10000u

/* Turns of a bounded wait for something the host does at once (an
 * interrupt delivered at the next entry): ~0.1 s under QEMU TCG. */
#define CONF_RT_SPIN_LIMIT 2000000u

/* Destination registers (x-numbers) of the MMIO loads in rt.c. */
#define CONF_RV_REG_READ8 5    /* t0 */
#define CONF_RV_REG_READ16 6   /* t1 */
#define CONF_RV_REG_READ32 7   /* t2 */
#define CONF_RV_REG_READ64 28  /* t3 */
#define CONF_RV_REG_READ8S 29  /* t4 */
#define CONF_RV_REG_READ16S 30 /* t5 */
#define CONF_RV_REG_READ32S 31 /* t6 */
/* The reset scenario's marker register: s1 (x9). */
#define CONF_RV_REG_MARKER 9

#endif /* CONF_ABI_RISCV64_H */
