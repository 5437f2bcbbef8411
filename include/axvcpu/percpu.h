/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/percpu.h
 * Per-physical-CPU virtualization state (the seed's AxPerCpu).
 *
 * Each call acts on the physical CPU it is made on (the HAL's
 * current_cpu_id). A CPU must be initialised with a backend and enabled
 * before a vCPU of that backend can be bound to it. Calls for one CPU must
 * not race with each other (with the hosted HAL: threads that share an id
 * through axvcpu_hosted_cpu_set()); different CPUs are independent. A CPU
 * id not below AXVCPU_MAX_CPUS has no per-CPU state (AXVCPU_EBADSTATE).
 */
#ifndef AXVCPU_PERCPU_H
#define AXVCPU_PERCPU_H

#include <axvcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Prepare this CPU for `backend` (allocates its per-CPU frame).
 * @return 0; AXVCPU_EINVAL (NULL backend, or one without percpu_enable /
 *         percpu_disable or with percpu_size > AXVCPU_FRAME_SIZE);
 *         AXVCPU_EBADSTATE if no HAL is registered or this CPU is already
 *         initialised (with any backend); AXVCPU_ENOMEM; or the backend's
 *         error, e.g. AXVCPU_EUNSUPPORTED if the hardware lacks the
 *         extension the backend needs (riscv64; kvm checks /dev/kvm only at
 *         hardware_enable).
 */
int axvcpu_percpu_init(const struct axvcpu_backend *backend);

/**
 * Turn hardware virtualization on for this CPU (VMXON, hedeleg, ...).
 * @return 0; AXVCPU_EBADSTATE if not initialised or already enabled (or no
 *         HAL); or the backend's error: AXVCPU_EHW if the hardware refuses
 *         (kvm: /dev/kvm unusable). On error the CPU stays disabled.
 */
int axvcpu_percpu_hardware_enable(void);

/**
 * Turn it off again.
 * @return 0; AXVCPU_EBADSTATE if not enabled or a vCPU is still bound
 *         here; or the backend's error (the CPU then stays enabled; the
 *         riscv64 and kvm backends never fail here).
 */
int axvcpu_percpu_hardware_disable(void);

/** Whether virtualization is enabled on this CPU (false without a HAL). */
bool axvcpu_percpu_is_enabled(void);

/**
 * Release this CPU's per-CPU state (after hardware_disable), so that it
 * can be initialised again, possibly with another backend.
 * @return 0; AXVCPU_EBADSTATE if not initialised or still enabled.
 */
int axvcpu_percpu_fini(void);

/**
 * The largest number of guest page-table levels (stage 2) the hardware
 * of this CPU supports (e.g. 4 for EPT, 3 or 4 for Sv39x4/Sv48x4; kvm
 * always 4), or 0 if this CPU has no per-CPU state (not initialised) or
 * its backend does not say.
 */
unsigned axvcpu_percpu_max_guest_page_table_levels(void);

/**
 * The vCPU inside axvcpu_run() on this CPU (or whose bind/unbind is in
 * progress here: backends see it from inside those ops), or NULL. Other
 * calls on a vCPU do not make it current.
 */
struct axvcpu *axvcpu_current(void);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_PERCPU_H */
