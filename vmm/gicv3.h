/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/gicv3.h
 * A GICv3 distributor and redistributors for guests (what U-Boot and
 * Linux's irq-gic-v3 expect), to pair with a backend that gives the guest
 * the GIC's CPU interface itself (aarch64: the list registers of the
 * virtual CPU interface, axvcpu_inject_interrupt() with the INTID).
 *
 * What it models: one security state (GICD_CTLR.DS = 1, affinity routing
 * always on), group, enable, pending, priority, configuration and group
 * modifier bits of every SGI, PPI and SPI, SPI routing (GICD_IROUTER<n>),
 * the redistributors' TYPER (affinity Aff0 = cpu % 16, Aff1 = cpu / 16,
 * as the aarch64 backend numbers vCPUs; Last on the final one) and WAKER,
 * and the identification registers (PIDR2: architecture version 3). No
 * LPIs, no ITS, no GICv2 compatibility.
 *
 * Delivery: an interrupt that is pending, enabled, in group 1 with group 1
 * enabled in GICD_CTLR goes to its CPU through the `inject` callback
 * (SPIs: the CPU GICD_IROUTER names, CPU 0 for IRM or a CPU the VM does
 * not have) and stops being pending here: the CPU interface holds it from
 * then on (active state lives there too: ISACTIVER reads 0). An SPI line
 * (vmm_gicv3_set_spi()) becomes pending on its rising edge; a line that
 * stays high does not interrupt again after the guest ends it — device
 * models raise it again when they have more to say (the PL011 drains its
 * FIFO in one handler run, so one edge per burst of input is enough).
 *
 * Thread safety: the model has its own lock; every entry point takes it,
 * so the distributor and redistributor regions may be separate bus
 * devices used by several vCPUs at once. `inject` is called with the lock
 * held and must not call back into the model.
 */
#ifndef AXVCPU_VMM_GICV3_H
#define AXVCPU_VMM_GICV3_H

#include "vmm/bus.h"
#include "vmm/lock.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most CPUs (redistributors) of one model. */
#define VMM_GICV3_MAX_CPUS 16u
/** Most SPIs: a multiple of 32 (INTIDs 32..991; 1020..1023 are special). */
#define VMM_GICV3_MAX_SPIS 960u
/** Bytes of the distributor region. */
#define VMM_GICV3_DIST_SIZE 0x10000u
/** Bytes of one redistributor (RD_base and SGI_base frames). */
#define VMM_GICV3_REDIST_STRIDE 0x20000u

/** Per-CPU state: the redistributor's SGIs and PPIs. */
struct vmm_gicv3_redist {
	uint32_t group, enable, pending, grpmod;
	uint32_t cfg[2];
	uint8_t prio[32];
	bool sleep; /**< GICR_WAKER.ProcessorSleep */
};

/** The model. Fields are private; read them in tests only. */
struct vmm_gicv3 {
	struct vmm_lock lock;
	unsigned ncpu, nspi;
	void (*inject)(void *ctx, unsigned cpu, uint32_t intid);
	void *ctx;
	uint32_t ctlr;
	/* SPIs, by INTID / 32 (word 0 unused: SGIs and PPIs are per CPU). */
	uint32_t group[32], enable[32], pending[32], level[32], grpmod[32];
	uint32_t cfg[64];
	uint8_t prio[1024];
	uint64_t router[1024];
	struct vmm_gicv3_redist cpu[VMM_GICV3_MAX_CPUS];
	uint64_t delivered; /**< interrupts handed to `inject` (statistics) */
};

/**
 * Make `g` a reset GIC for `ncpu` CPUs (1..VMM_GICV3_MAX_CPUS) with
 * `nspi` SPIs (rounded up to a multiple of 32, at most
 * VMM_GICV3_MAX_SPIS). `inject(ctx, cpu, intid)` delivers.
 * @return 0; AXVCPU_EINVAL (NULL `g` or `inject`, ncpu out of range).
 */
int vmm_gicv3_init(struct vmm_gicv3 *g, unsigned ncpu, unsigned nspi,
		   void (*inject)(void *ctx, unsigned cpu, uint32_t intid),
		   void *ctx);

/** Back to the power-on state (a system reset); lines stay as they are. */
void vmm_gicv3_reset(struct vmm_gicv3 *g);

/**
 * Drive SPI `intid` (32..) to `level`; a rising edge makes it pending.
 * @return 0; AXVCPU_EINVAL (NULL, not an SPI of this model).
 */
int vmm_gicv3_set_spi(struct vmm_gicv3 *g, uint32_t intid, bool level);

/** Bytes of the redistributor region for `ncpu` CPUs. */
#define VMM_GICV3_REDIST_SIZE(ncpu) ((uint64_t)(ncpu)*VMM_GICV3_REDIST_STRIDE)

/** Bus ops of the distributor region (`dev` is the struct vmm_gicv3 *). */
extern const struct vmm_device_ops vmm_gicv3_dist_ops;
/** Bus ops of the redistributor region (`dev` is the struct vmm_gicv3 *). */
extern const struct vmm_device_ops vmm_gicv3_redist_ops;

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_GICV3_H */
