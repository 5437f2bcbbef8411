/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/types.h
 * Basic address and state types shared by every axvcpu header.
 * Only freestanding headers are used, so this compiles for bare metal.
 */
#ifndef AXVCPU_TYPES_H
#define AXVCPU_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A guest-physical address (the seed's GuestPhysAddr). */
typedef uint64_t axvcpu_gpa_t;
/** A host-physical address (the seed's HostPhysAddr). */
typedef uint64_t axvcpu_hpa_t;

/** Size of the frames handed out by the HAL's alloc_frame. */
#define AXVCPU_FRAME_SIZE 4096u

/** Largest physical CPU id + 1 that the library tracks (bits of a mask). */
#define AXVCPU_MAX_CPUS 64u

/** Opaque vCPU object; create with axvcpu_create(). */
struct axvcpu;

/** A backend: one hardware virtualization interface (see backend.h). */
struct axvcpu_backend;

/**
 * vCPU lifecycle states (see the diagram in README.md).
 *
 *     Created --setup--> Free --bind--> Ready --run--> Running
 *                         ^               |  ^            |
 *                         +----unbind-----+  +---exit-----+
 *                         ^                  |            | (Halt)
 *                         +----unbind---- Blocked <-------+
 *                                    wake / inject -> Ready
 *
 * axvcpu_set_state() also moves a bound vCPU between Ready and Blocked.
 * Only Created and Free vCPUs can be destroyed.
 */
enum axvcpu_state {
	/** Allocated by axvcpu_create(); not yet set up. */
	AXVCPU_STATE_CREATED = 0,
	/** Set up, not bound to a physical CPU. */
	AXVCPU_STATE_FREE = 1,
	/** Bound to a physical CPU and runnable (by axvcpu_run()). */
	AXVCPU_STATE_READY = 2,
	/** Inside axvcpu_run() on its physical CPU. */
	AXVCPU_STATE_RUNNING = 3,
	/** Bound but halted (the guest waits for an interrupt); run refuses
	 * it until axvcpu_wake(), axvcpu_inject_interrupt() or
	 * axvcpu_set_state() makes it Ready. */
	AXVCPU_STATE_BLOCKED = 4,
};

/** Number of states, for tables indexed by enum axvcpu_state. */
#define AXVCPU_STATE_COUNT 5

/** The name of a state ("Ready"), or "Invalid" for an unknown value. */
const char *axvcpu_state_name(enum axvcpu_state state);

/**
 * Power state of a vCPU: whether the guest's CPU is on, the answer to
 * "is vCPU N on?" (SBI HSM hart_get_status, PSCI AFFINITY_INFO). It is
 * orthogonal to enum axvcpu_state: a powered-off (parked) vCPU exists,
 * may be bound, and waits for axvcpu_power_on(). The values are SBI HSM's
 * hart states, so a RISC-V VM layer returns them as they are; PSCI reads
 * ON_PENDING as ON_PENDING, OFF as OFF and everything else as ON.
 *
 *       power_off               power_on             first entry
 *   ON ----------> OFF --------------> ON_PENDING -------------> ON
 *    ^ \ CpuDown exit                                            |
 *    |  +--------> OFF_PENDING --power_off--> OFF                |
 *    |   Halt exit with halt.suspend                  woken      |
 *    +---------------------------------- SUSPENDED --------> RESUME_PENDING
 *                       (entry: ON)
 */
enum axvcpu_power {
	/** Started: runs guest code, or halts waiting for an interrupt. */
	AXVCPU_POWER_ON = 0,
	/** Parked by axvcpu_power_off(): waits for axvcpu_power_on(). */
	AXVCPU_POWER_OFF = 1,
	/** axvcpu_power_on() accepted; the vCPU has not entered yet. */
	AXVCPU_POWER_ON_PENDING = 2,
	/** The guest stopped it (a CpuDown exit); not yet parked. */
	AXVCPU_POWER_OFF_PENDING = 3,
	/** Halted in a suspend call (a Halt exit with halt.suspend). */
	AXVCPU_POWER_SUSPENDED = 4,
	/* 5 is HSM's SUSPEND_PENDING: a suspend here is one step. */
	/** Suspended and woken, not yet entered again. */
	AXVCPU_POWER_RESUME_PENDING = 6,
};

/** The name of a power state ("Off"), or "Invalid" for an unknown value. */
const char *axvcpu_power_name(enum axvcpu_power power);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_TYPES_H */
