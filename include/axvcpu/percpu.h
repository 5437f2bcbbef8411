/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/percpu.h
 * Per-physical-CPU virtualization state (the seed's AxPerCpu).
 *
 * Each call acts on the physical CPU it is made on (the HAL's
 * current_cpu_id). A CPU must be initialised with a backend and enabled
 * before a vCPU of that backend can be bound to it.
 */
#ifndef AXVCPU_PERCPU_H
#define AXVCPU_PERCPU_H

#include <axvcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Prepare this CPU for `backend` (allocates its per-CPU frames).
 * @return 0; AXVCPU_EINVAL (NULL backend); AXVCPU_EBADSTATE if no HAL is
 * registered; AXVCPU_EBADSTATE if this CPU is already initialised;
 *         AXVCPU_ENOMEM; AXVCPU_EUNSUPPORTED if the hardware lacks the
 *         extension the backend needs.
 */
int axvcpu_percpu_init(const struct axvcpu_backend *backend);

/**
 * Turn hardware virtualization on for this CPU (VMXON, hedeleg, ...).
 * @return 0; AXVCPU_EBADSTATE if not initialised or already enabled;
 *         AXVCPU_EHW if the hardware refuses.
 */
int axvcpu_percpu_hardware_enable(void);

/**
 * Turn it off again.
 * @return 0; AXVCPU_EBADSTATE if not enabled or a vCPU is still bound
 *         here; AXVCPU_EHW.
 */
int axvcpu_percpu_hardware_disable(void);

/** Whether virtualization is enabled on this CPU. */
bool axvcpu_percpu_is_enabled(void);

/**
 * Release this CPU's per-CPU state (after hardware_disable), so that it
 * can be initialised again, possibly with another backend.
 * @return 0; AXVCPU_EBADSTATE if not initialised or still enabled.
 */
int axvcpu_percpu_fini(void);

/**
 * The largest number of guest page-table levels (stage 2) the hardware
 * of this CPU supports (e.g. 4 for EPT, 3 or 4 for Sv39x4/Sv48x4),
 * or 0 if this CPU is not initialised.
 */
unsigned axvcpu_percpu_max_guest_page_table_levels(void);

/** The vCPU running (or being operated on) on this CPU, or NULL. */
struct axvcpu *axvcpu_current(void);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_PERCPU_H */
