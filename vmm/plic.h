/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/plic.h
 * A RISC-V Platform-Level Interrupt Controller (PLIC) model with QEMU
 * virt's register layout, so a guest's device tree and drivers are the
 * familiar ones (Linux's "sifive,plic-1.0.0" / "riscv,plic0"):
 *
 * | offset                      | register                                  |
 * |-----------------------------|-------------------------------------------|
 * | 0x000000 + 4*id             | priority of source id (1..ndev), 0..7     |
 * | 0x001000 + 4*w              | pending bits of sources 32w..32w+31 (RO)  |
 * | 0x002000 + 0x80*c + 4*w     | enable bits of context c                  |
 * | 0x200000 + 0x1000*c         | priority threshold of context c           |
 * | 0x200004 + 0x1000*c         | claim (read) / complete (write)           |
 *
 * Sources are level-triggered, as the devices behind them (a 16550) are:
 * a source is pending while its line is high and it is not being served;
 * a claim returns the pending, enabled source of the highest priority
 * (ties: the lowest id; priority 0 never), 0 if none, and marks it in
 * service; a complete of an in-service source enabled for that context
 * ends service, and the source is pending again if its line is still
 * high. A context's output (its hart's external interrupt) is asserted
 * while a pending, enabled source has a priority above its threshold.
 * Registers are 32 bits; other widths and unknown offsets read 0 and
 * ignore writes; bit 0 (source 0) is hardwired to 0.
 *
 * Freestanding and not locked (callers serialise, like every VM device).
 * The output callback runs inside vmm_plic_set_irq() and register writes
 * and claims, whenever a context's output changes.
 */
#ifndef AXVCPU_VMM_PLIC_H
#define AXVCPU_VMM_PLIC_H

#include "vmm/bus.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most sources (ids 1..VMM_PLIC_MAX_SOURCES-1) a model has. */
#define VMM_PLIC_MAX_SOURCES 128u
/** Most contexts (QEMU virt: hart N's M-mode is 2N, its S-mode 2N+1). */
#define VMM_PLIC_MAX_CONTEXTS 32u
/** Bytes of address space (QEMU virt's, for 8 harts' two contexts). */
#define VMM_PLIC_SIZE 0x600000u
/** Highest priority (3 priority bits, as QEMU virt). */
#define VMM_PLIC_MAX_PRIORITY 7u

#define VMM_PLIC_WORDS (VMM_PLIC_MAX_SOURCES / 32)

/** The model's state. Fields are private; read them in tests only. */
struct vmm_plic {
	unsigned ndev;      /**< sources 1..ndev */
	unsigned ncontexts; /**< contexts 0..ncontexts-1 */
	void (*output)(void *ctx, unsigned context, bool level);
	void *ctx;
	uint32_t priority[VMM_PLIC_MAX_SOURCES];
	uint32_t level[VMM_PLIC_WORDS];   /**< input lines */
	uint32_t pending[VMM_PLIC_WORDS]; /**< gateway: line high, not served */
	uint32_t active[VMM_PLIC_WORDS];  /**< claimed, not yet completed */
	uint32_t enable[VMM_PLIC_MAX_CONTEXTS][VMM_PLIC_WORDS];
	uint32_t threshold[VMM_PLIC_MAX_CONTEXTS];
	bool out[VMM_PLIC_MAX_CONTEXTS];        /**< outputs as last told */
	uint64_t claims[VMM_PLIC_MAX_CONTEXTS]; /**< successful claims */
};

/**
 * Reset `p` to power-on (priorities, enables, thresholds 0, nothing
 * pending; input lines low) with `ndev` sources (clamped to
 * VMM_PLIC_MAX_SOURCES - 1) and `ncontexts` contexts (clamped to
 * VMM_PLIC_MAX_CONTEXTS). `output(ctx, context, level)` (may be NULL) is
 * called whenever a context's output changes.
 */
void vmm_plic_init(struct vmm_plic *p, unsigned ndev, unsigned ncontexts,
		   void (*output)(void *ctx, unsigned context, bool level),
		   void *ctx);

/**
 * Back to power-on, keeping the configuration and the input lines (the
 * devices behind them keep their state across a PLIC reset; a line still
 * high is pending again).
 */
void vmm_plic_reset(struct vmm_plic *p);

/** Drive source `id`'s input line (ids 0 and above ndev are ignored). */
void vmm_plic_set_irq(struct vmm_plic *p, unsigned id, bool level);

/** Whether context `context`'s output is asserted. */
bool vmm_plic_output(const struct vmm_plic *p, unsigned context);

/** Bus ops; the bus `dev` pointer is the struct vmm_plic *. */
extern const struct vmm_device_ops vmm_plic_ops;

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_PLIC_H */
