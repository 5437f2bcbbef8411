/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/pc_acpi.h
 * The little ACPI a PC guest needs from its platform: tables (RSDP, RSDT,
 * FADT with a FACS, a DSDT holding only \_S5, MADT with the vCPUs' local
 * APICs, the I/O APIC, the IRQ 0 -> GSI 2 and SCI overrides and the LINT1
 * NMI) written into guest memory, and the fixed power-management registers
 * they point to: PM1 status/enable, PM1 control (SLP_TYP 5 with SLP_EN is
 * the soft-off a guest's poweroff ends with; SCI_EN always set, no SMI
 * command port: the system is in ACPI mode from the start) and the 3.58
 * MHz PM timer. Freestanding.
 */
#ifndef AXVCPU_VMM_PC_ACPI_H
#define AXVCPU_VMM_PC_ACPI_H

#include "vmm/bus.h"
#include "vmm/guest_mem.h"

#ifdef __cplusplus
extern "C" {
#endif

/** PM timer rate. */
#define PC_ACPI_PM_TIMER_HZ 3579545ull
/** Bytes of the PM register block (PM1 event, control, timer). */
#define PC_ACPI_PM_SIZE 16u
/** The sleep type \_S5 names (SLP_TYP of the soft-off). */
#define PC_ACPI_SLP_TYP_S5 5u

/** What the tables describe. */
struct pc_acpi_config {
	unsigned ncpus;       /**< vCPUs (APIC ids 0..ncpus-1) */
	uint16_t pm_base;     /**< port of the PM register block */
	uint8_t sci_irq;      /**< ISA IRQ of the SCI (level, active high) */
	uint64_t ioapic_base; /**< I/O APIC MMIO (GSI base 0) */
	uint64_t lapic_base;  /**< local APIC MMIO */
};

/**
 * Write the tables: the RSDP at `rsdp_gpa` (16-byte aligned; in
 * 0xe0000-0xfffff for a guest that scans for it), the rest from
 * `tables_gpa` on (at most 1 KiB plus 8 bytes per vCPU). Not reentrant
 * (the tables are assembled in a static buffer first).
 * @return 0; AXVCPU_EINVAL (NULL, a misaligned RSDP, no vCPU);
 *         vmm_mem_write()'s error (the memory is not guest RAM).
 */
int pc_acpi_build(struct vmm_mem *mem, uint64_t rsdp_gpa, uint64_t tables_gpa,
		  const struct pc_acpi_config *cfg);

/** The power-management registers. */
struct pc_acpi_pm {
	uint16_t sts, en, cnt;
	/** The soft-off (S5) or another sleep state written (optional). */
	void (*sleep)(void *ctx, unsigned slp_typ);
	void *ctx;
	/** The host clock in ns, for the PM timer (required). */
	uint64_t (*now)(void *ctx);
};

/** The PM register block (size PC_ACPI_PM_SIZE). */
extern const struct vmm_device_ops pc_acpi_pm_ops;

/** Registers to their power-on values (the callbacks are kept). */
void pc_acpi_pm_reset(void *pm);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_PC_ACPI_H */
