/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/run_vcpu.h
 * The seed's run_vcpu loop on the public API: bind the vCPU, run it,
 * dispatch MMIO and port I/O exits to device buses and complete reads
 * through axvcpu_complete_mmio_read()/axvcpu_complete_io_read(), and return
 * the first exit the buses cannot handle to the caller, after unbinding.
 * (An MMIO/port read returned that way can no longer be completed: the
 * vCPU is unbound, and its next run completes it with 0. Callers that
 * want to answer such exits use vmm_run_loop() on a vCPU they bind.)
 *
 * Freestanding: the same loop runs in a bare-metal hypervisor and in a
 * Linux process.
 */
#ifndef AXVCPU_VMM_RUN_VCPU_H
#define AXVCPU_VMM_RUN_VCPU_H

#include <axvcpu/axvcpu.h>

#include "vmm/bus.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Per-exit-kind counters a run can fill. */
struct vmm_exit_stats {
	/** Exits of each reason. */
	uint64_t count[AXVCPU_EXIT_REASON_COUNT];
	/** Time inside axvcpu_run() that ended with each reason. */
	uint64_t run_ns[AXVCPU_EXIT_REASON_COUNT];
	/** Time spent handling each reason in the loop (device models). */
	uint64_t handle_ns[AXVCPU_EXIT_REASON_COUNT];
};

/** How vmm_run_vcpu() handles exits. Zero-initialise, then set. */
struct vmm_run_config {
	/** MMIO bus, or NULL: then every MMIO exit is returned. */
	struct vmm_bus *mmio;
	/** Port-I/O bus, or NULL: then every port exit is returned. */
	struct vmm_bus *pio;
	/**
	 * Unclaimed ports read all-ones and swallow writes (what a PC's
	 * open bus does) instead of being returned to the caller.
	 */
	bool pio_open_bus;
	/** The same for unclaimed MMIO. */
	bool mmio_open_bus;
	/**
	 * Called for every exit, handled or not, before it is handled
	 * (tracing). May be NULL.
	 */
	void (*on_exit)(void *ctx, struct axvcpu *vcpu,
			const struct axvcpu_exit *exit);
	/**
	 * Called after an exit was handled by a bus; returning true stops
	 * the loop and returns that exit (e.g. a device asked for power
	 * off, or the VM is shutting down). May be NULL.
	 */
	bool (*should_stop)(void *ctx, struct axvcpu *vcpu);
	/** Passed to the callbacks. */
	void *ctx;
	/** Monotonic nanoseconds, for `stats` time; may be NULL. */
	uint64_t (*now_ns)(void);
	/** Counters to add to, or NULL. Not locked: one per vCPU. */
	struct vmm_exit_stats *stats;
};

/**
 * Bind `vcpu` on the calling CPU, run it until an exit the buses do not
 * handle, unbind, and return that exit in *exit.
 *
 * Handled here: NOTHING (run again); MMIO_READ/MMIO_WRITE and
 * IO_READ/IO_WRITE claimed by a device (or unclaimed with open bus on).
 * Everything else is returned — HALT (the vCPU is then Blocked), CANCELLED
 * (a kick), HYPERCALL, SYSTEM_DOWN, ... — as are accesses nobody claims.
 * A device error on a claimed access is treated as unclaimed.
 * @return 0 with *exit set; AXVCPU_EINVAL (NULL argument); or the error of
 *         axvcpu_bind/run/unbind or of a completion call (the vCPU is
 *         unbound when possible, *exit holds the last exit).
 */
int vmm_run_vcpu(struct axvcpu *vcpu, const struct vmm_run_config *cfg,
		 struct axvcpu_exit *exit);

/**
 * The loop of vmm_run_vcpu() without bind/unbind, for a vCPU the caller
 * keeps bound (so that it can still complete or answer the exit returned,
 * e.g. axvcpu_set_return_value() after a HYPERCALL).
 * @return as vmm_run_vcpu().
 */
int vmm_run_loop(struct axvcpu *vcpu, const struct vmm_run_config *cfg,
		 struct axvcpu_exit *exit);

/**
 * Handle one exit the way vmm_run_vcpu() does, for callers with their own
 * loop (bound vCPU, exit just returned by axvcpu_run()).
 * @return 1 if handled (run again), 0 if the caller must handle it, or a
 *         negative error from a completion call.
 */
int vmm_handle_exit(struct axvcpu *vcpu, const struct vmm_run_config *cfg,
		    const struct axvcpu_exit *exit);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_RUN_VCPU_H */
