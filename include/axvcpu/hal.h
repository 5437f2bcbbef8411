/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/hal.h
 * The hardware abstraction the host provides (the seed's AxVCpuHal).
 *
 * The core and the bare-metal backends never call libc or malloc: every
 * byte of memory they use comes from alloc_frame (or, for memory that
 * must be contiguous, alloc_frames). Register one HAL, once,
 * before creating any vCPU, per-CPU state or stage-2 address space.
 * Replacing it later is allowed only while none exists, and must not race
 * with axvcpu_create(), axvcpu_percpu_init() or axvcpu_stage2_create() on
 * other threads.
 */
#ifndef AXVCPU_HAL_H
#define AXVCPU_HAL_H

#include <axvcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Host services. Members marked required must be non-NULL. */
struct axvcpu_hal {
	/**
	 * Required. Allocate one zeroed, AXVCPU_FRAME_SIZE-aligned frame of
	 * AXVCPU_FRAME_SIZE bytes; store its physical address in *paddr and
	 * return true, or return false when out of memory.
	 */
	bool (*alloc_frame)(axvcpu_hpa_t *paddr);
	/** Required. Give back a frame from alloc_frame. */
	void (*dealloc_frame)(axvcpu_hpa_t paddr);
	/** Required. The host-virtual address at which `paddr` is mapped. */
	void *(*phys_to_virt)(axvcpu_hpa_t paddr);
	/** Required. The physical address of host-virtual `vaddr`. */
	axvcpu_hpa_t (*virt_to_phys)(const void *vaddr);
	/**
	 * Required. The id (< AXVCPU_MAX_CPUS) of the physical CPU the caller
	 * runs on. A hosted HAL may give each thread its own id.
	 */
	unsigned (*current_cpu_id)(void);
	/**
	 * Optional. Acknowledge the host interrupt being taken and return its
	 * number (the seed's irq_fetch). aarch64 calls it when a host
	 * interrupt ends a guest run (GICv3: ICC_IAR1_EL1; the exit's
	 * vector, see aarch64.h); riscv64 and kvm do not call it.
	 */
	size_t (*irq_fetch)(void);
	/**
	 * Optional. Take and handle the host interrupt being taken (the
	 * seed's irq_hanlder). aarch64 calls it instead of irq_fetch when the
	 * HAL has no irq_fetch; riscv64 and kvm do not call it.
	 */
	void (*irq_handler)(void);
	/**
	 * Optional. Interrupt physical CPU `cpu` so that a vCPU running there
	 * exits (used by axvcpu_kick(), axvcpu_inject_interrupt() and
	 * axvcpu_request_fence() on bare-metal backends; riscv64: raise the
	 * hart's supervisor software interrupt). May be called from any
	 * thread or signal context the kick comes from. Without it a running
	 * vCPU notices those only at its next trap to the hypervisor.
	 */
	void (*send_kick_ipi)(unsigned cpu);
	/**
	 * Optional (appended last: older HALs that list members in order stay
	 * valid). Allocate `count` (>= 1) physically contiguous, zeroed
	 * frames whose first byte is aligned to `align` bytes (a power of two,
	 * >= AXVCPU_FRAME_SIZE); store the physical address of the first in
	 * *paddr and return true, or return false when out of memory. Used
	 * for what the hardware wants in one piece: stage-2 roots (Sv39x4 /
	 * Sv48x4: 4 frames aligned to 16 KiB; Armv8 concatenated roots: up
	 * to 16 frames aligned to their size), SVM's I/O and MSR permission
	 * maps. Without it only single frames can be had (the library then
	 * answers AXVCPU_EUNSUPPORTED where it needs more, see stage2.h).
	 * phys_to_virt of the first frame must give a virtual address from
	 * which all `count` frames are mapped in order. Given iff
	 * dealloc_frames is.
	 */
	bool (*alloc_frames)(size_t count, size_t align, axvcpu_hpa_t *paddr);
	/**
	 * Optional (required with alloc_frames). Give back the `count` frames
	 * at `paddr` that one alloc_frames call returned, all at once.
	 */
	void (*dealloc_frames)(axvcpu_hpa_t paddr, size_t count);
};

/**
 * @def AXVCPU_HAL_CPU_ID_DIRECT
 * A bare-metal image that compiles the core with link-time optimization
 * (as with backend.h's AXVCPU_RUN_OP_DIRECT) may define it as the name of
 * its HAL's current_cpu_id function, an external one (e.g.
 * `-DAXVCPU_HAL_CPU_ID_DIRECT=hv_hal_cpu_id`): axvcpu_run() then calls it
 * directly, inlined, instead of through the registered copy, and
 * axvcpu_hal_register() refuses a HAL with another current_cpu_id
 * (AXVCPU_EINVAL). Not defined by default.
 */

/**
 * Register the HAL. The structure is copied.
 * @return 0; AXVCPU_EINVAL if `hal` or a required member is NULL, or
 *         only one of alloc_frames / dealloc_frames is given (or, with
 *         AXVCPU_HAL_CPU_ID_DIRECT, current_cpu_id is not that function);
 *         AXVCPU_EBUSY if a different HAL is registered and vCPUs,
 *         per-CPU states or stage-2 address spaces that use it still
 *         exist, or another registration
 *         is in progress on another thread. Registering an identical HAL
 *         (the same function pointers) again is a no-op that returns 0.
 */
int axvcpu_hal_register(const struct axvcpu_hal *hal);

/** The registered HAL (the library's copy), or NULL if none is (or while
 * a replacement is being written). */
const struct axvcpu_hal *axvcpu_hal_get(void);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_HAL_H */
