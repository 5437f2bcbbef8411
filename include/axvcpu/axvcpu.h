/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/axvcpu.h
 * The vCPU API: one object, the same calls on every backend.
 *
 * Threading: every call is safe to make from any thread. Calls that change
 * a vCPU are serialised by an atomic state word: a call that finds another
 * call in progress on the same vCPU returns AXVCPU_EBUSY, one made in the
 * wrong state returns AXVCPU_EBADSTATE, and in both cases nothing changes.
 * axvcpu_kick(), axvcpu_inject_interrupt(), axvcpu_wake() and the read-only
 * queries may be called at any time, also while the vCPU runs.
 * axvcpu_destroy() must not race with other calls on the same vCPU.
 */
#ifndef AXVCPU_AXVCPU_H
#define AXVCPU_AXVCPU_H

#include <axvcpu/error.h>
#include <axvcpu/exit.h>
#include <axvcpu/hal.h>
#include <axvcpu/percpu.h>
#include <axvcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Library version, as numbers and as a string. */
#define AXVCPU_VERSION_MAJOR 0
#define AXVCPU_VERSION_MINOR 1
#define AXVCPU_VERSION_PATCH 0
#define AXVCPU_VERSION_STRING "0.1.0"

/** The library's version string (the one it was built as). */
const char *axvcpu_version(void);

/** Parameters of axvcpu_create() (the seed's AxVCpu::new arguments). */
struct axvcpu_create_params {
	/** Id of the VM this vCPU belongs to. */
	uint32_t vm_id;
	/** Id of the vCPU in its VM; vCPU 0 is the bootstrap processor. */
	uint32_t vcpu_id;
	/** Preferred physical CPU, or -1 for none (advisory, for schedulers).
	 */
	int32_t favor_phys_cpu;
	/** Physical CPUs it may be bound to (bit N = CPU N); 0 = any. */
	uint64_t phys_cpu_set;
	/** Backend create config (e.g. struct axvcpu_riscv64_create_config). */
	const void *arch_config;
	/** sizeof(*arch_config); checked by the backend. */
	size_t arch_config_size;
};

/**
 * Create a vCPU of `backend` in state Created. Its memory comes from the
 * HAL's alloc_frame.
 * @return 0 and *out set; AXVCPU_EINVAL (NULL argument, bad config,
 *         favor_phys_cpu not in phys_cpu_set); AXVCPU_EBADSTATE if no HAL is
 * registered; AXVCPU_ENOMEM; or the backend's error. On error *out is NULL.
 */
int axvcpu_create(const struct axvcpu_backend *backend,
		  const struct axvcpu_create_params *params,
		  struct axvcpu **out);

/**
 * Destroy a vCPU and give its memory back to the HAL.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE unless Created or
 *         Free (unbind it first); AXVCPU_EBUSY.
 */
int axvcpu_destroy(struct axvcpu *vcpu);

/**
 * Set up the vCPU: Created -> Free.
 * @param entry     guest-physical entry point.
 * @param ept_root  host-physical root of the stage-2 page table (EPT, NPT,
 *                  hgatp, VTTBR); backends that own stage 2 (kvm)
 *                  document how they use it.
 * @param setup_config      backend setup config, may be NULL for defaults.
 * @param setup_config_size sizeof(*setup_config), or 0 with NULL.
 * @return 0; AXVCPU_EINVAL; AXVCPU_EBADSTATE unless Created; AXVCPU_EBUSY;
 *         or the backend's error, in which case the vCPU stays Created.
 */
int axvcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry, axvcpu_hpa_t ept_root,
		 const void *setup_config, size_t setup_config_size);

/** The vCPU's id within its VM (0 if `vcpu` is NULL). */
uint32_t axvcpu_id(const struct axvcpu *vcpu);

/** The id of the VM the vCPU belongs to (0 if `vcpu` is NULL). */
uint32_t axvcpu_vm_id(const struct axvcpu *vcpu);

/** The preferred physical CPU given at create time, or -1. */
int32_t axvcpu_favor_phys_cpu(const struct axvcpu *vcpu);

/**
 * The physical CPUs this vCPU may run on, as a mask; 0 means any
 * (the seed's `None`).
 */
uint64_t axvcpu_phys_cpu_set(const struct axvcpu *vcpu);

/** Whether this is the bootstrap vCPU (vcpu_id 0). */
bool axvcpu_is_bsp(const struct axvcpu *vcpu);

/** The backend the vCPU was created with (NULL if `vcpu` is NULL). */
const struct axvcpu_backend *axvcpu_backend_of(const struct axvcpu *vcpu);

/**
 * The current state (a snapshot; it may change right after if other
 * threads act on the vCPU). AXVCPU_STATE_CREATED if `vcpu` is NULL.
 */
enum axvcpu_state axvcpu_state(const struct axvcpu *vcpu);

/**
 * The physical CPU the vCPU is bound to, or -1 when not bound.
 */
int axvcpu_bound_cpu(const struct axvcpu *vcpu);

/**
 * Move a bound vCPU between Ready and Blocked without running it (the
 * seed's `unsafe set_state`, made safe: states that need backend work are
 * reached only through setup/bind/run/unbind). Setting the current state
 * again is a no-op.
 * @return 0; AXVCPU_EINVAL (NULL, or `state` is not Ready/Blocked);
 *         AXVCPU_EBADSTATE unless the vCPU is Ready or Blocked;
 *         AXVCPU_EBUSY.
 */
int axvcpu_set_state(struct axvcpu *vcpu, enum axvcpu_state state);

/**
 * Bind the vCPU to the physical CPU of the caller: Free -> Ready.
 * @return 0; AXVCPU_EINVAL; AXVCPU_EBADSTATE unless Free, or if this CPU
 *         has no enabled per-CPU state of the vCPU's backend;
 *         AXVCPU_EWRONGCPU if this CPU is not in phys_cpu_set;
 *         AXVCPU_EBUSY; or the backend's error (the vCPU stays Free).
 */
int axvcpu_bind(struct axvcpu *vcpu);

/**
 * Unbind from the caller's physical CPU: Ready or Blocked -> Free.
 * @return 0; AXVCPU_EINVAL; AXVCPU_EBADSTATE unless Ready or Blocked;
 *         AXVCPU_EWRONGCPU if called on another CPU than the bound one;
 *         AXVCPU_EBUSY; or the backend's error (the state is unchanged).
 */
int axvcpu_unbind(struct axvcpu *vcpu);

/**
 * Run the guest until it exits: Ready -> Running -> Ready (or Blocked on a
 * Halt exit). A read exit left pending by the previous run and not
 * completed is completed with 0 first (unless set_gpr wrote its register).
 * An access exit with an impossible width or destination register (a
 * backend bug) is turned into AXVCPU_EXIT_INTERNAL_ERROR with code
 * AXVCPU_INTERNAL_BAD_WIDTH or AXVCPU_INTERNAL_BAD_REG.
 * A pending axvcpu_kick() makes run return AXVCPU_EXIT_CANCELLED at once.
 * @param exit receives the decoded exit.
 * @return 0; AXVCPU_EINVAL; AXVCPU_EBADSTATE unless Ready (a Blocked
 *         vCPU must be woken first); AXVCPU_EWRONGCPU if called on another
 *         CPU than the bound one; AXVCPU_EBUSY; or the backend's error, in
 *         which case the vCPU goes back to Ready, *exit is NOTHING and a
 *         read pending from the previous exit stays pending.
 */
int axvcpu_run(struct axvcpu *vcpu, struct axvcpu_exit *exit);

/**
 * Set the entry point (the seed's set_entry; used with set_gpr to start a
 * secondary vCPU, see vcpu_on in README.md).
 * @return 0; AXVCPU_EINVAL; AXVCPU_EBADSTATE if Created (set up first) or
 *         Running; AXVCPU_EBUSY; or the backend's error.
 */
int axvcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry);

/**
 * Set general-purpose register `reg` (index convention: see the backend's
 * header). After an MMIO/system-register read exit, writing the exit's
 * destination register completes the read (the seed's way).
 * @return 0; AXVCPU_EINVAL (NULL, `reg` out of range); AXVCPU_EBADSTATE if
 *         Created or Running; AXVCPU_EBUSY.
 */
int axvcpu_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val);

/**
 * Read general-purpose register `reg` into *val.
 * @return as axvcpu_set_gpr(); *val is untouched on error.
 */
int axvcpu_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val);

/**
 * Set the value the guest sees as the result of the hypercall / SBI call
 * / console call that caused the last exit.
 * @return 0; AXVCPU_EINVAL; AXVCPU_EBADSTATE if Created or Running;
 *         AXVCPU_EBUSY; AXVCPU_EUNSUPPORTED if the backend has no such
 *         convention.
 */
int axvcpu_set_return_value(struct axvcpu *vcpu, uint64_t val);

/**
 * Finish an AXVCPU_EXIT_MMIO_READ: `value` is truncated to the access
 * width, zero- or sign-extended as the exit says, and written to the
 * destination register (or handed back to the host, kvm).
 * @return 0; AXVCPU_EINVAL (NULL, or no MMIO read is pending: the last
 *         exit was something else or was already completed);
 *         AXVCPU_EBADSTATE if Running; AXVCPU_EBUSY.
 */
int axvcpu_complete_mmio_read(struct axvcpu *vcpu, uint64_t value);

/** Finish an AXVCPU_EXIT_IO_READ; as axvcpu_complete_mmio_read(). */
int axvcpu_complete_io_read(struct axvcpu *vcpu, uint64_t value);

/** Finish an AXVCPU_EXIT_SYSREG_READ; as axvcpu_complete_mmio_read(). */
int axvcpu_complete_sysreg_read(struct axvcpu *vcpu, uint64_t value);

/**
 * Finish an AXVCPU_EXIT_CONSOLE_READ with the character read, or -1 if
 * none is available; as axvcpu_complete_mmio_read().
 */
int axvcpu_complete_console_read(struct axvcpu *vcpu, int64_t value);

/**
 * Answer the last exit with a fault the guest itself sees, for a memory
 * access the VM layer will not emulate (a NestedPageFault, or an MMIO
 * access that reaches no device): at the next entry the backend raises the
 * architecture's access fault in the guest (RISC-V load/store/instruction
 * access fault to VS-mode, ...) instead of retrying or skipping the
 * instruction, and a pending MMIO read is dropped. The guest's kernel then
 * handles it like on real hardware, and the host keeps running.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE if Created or
 *         Running; AXVCPU_ENOTFOUND if the last exit was not a memory
 *         access (MmioRead, MmioWrite, NestedPageFault) or was already
 *         answered; AXVCPU_EBUSY; AXVCPU_EBADSTATE also if the backend
 *         can no longer reflect it (e.g. the pc was moved since, with
 *         set_entry); AXVCPU_EUNSUPPORTED if the backend cannot (kvm:
 *         KVM owns the access).
 */
int axvcpu_reflect_fault(struct axvcpu *vcpu);

/**
 * Queue interrupt `vector` for the guest (meaning per backend: x86 vector,
 * RISC-V interrupt cause, Arm INTID). It is delivered on a later entry
 * when the guest can take it; a Blocked vCPU is woken (-> Ready) and a
 * running one is kicked so that it takes it soon.
 * @return 0; AXVCPU_EINVAL (NULL, vector out of range for the backend);
 *         AXVCPU_EBADSTATE if Created; AXVCPU_EUNSUPPORTED if the backend
 *         cannot inject that vector.
 */
int axvcpu_inject_interrupt(struct axvcpu *vcpu, uint64_t vector);

/**
 * Make the vCPU leave axvcpu_run() as soon as possible with
 * AXVCPU_EXIT_CANCELLED; if it is not running, its next run returns that
 * at once. Safe from any thread and from signal handlers of the host.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE if Created.
 */
int axvcpu_kick(struct axvcpu *vcpu);

/**
 * Ask `vcpu` to fence (`kinds`: enum axvcpu_fence_kind bits) before it
 * next executes guest code: the answer to another vCPU's
 * AXVCPU_EXIT_REMOTE_FENCE. A running vCPU is interrupted and fences
 * without leaving axvcpu_run(); one that is not running fences at its next
 * entry. Safe from any thread.
 * @return 0; AXVCPU_EINVAL (NULL, `kinds` 0 or unknown bits);
 *         AXVCPU_EBADSTATE if Created.
 */
int axvcpu_request_fence(struct axvcpu *vcpu, uint32_t kinds);

/**
 * Whether a fence asked with axvcpu_request_fence() is still to be done.
 * The requester waits for false on each running target (a target that is
 * not running executes no guest code before it fences).
 */
bool axvcpu_fence_pending(const struct axvcpu *vcpu);

/**
 * Wake a Blocked vCPU: Blocked -> Ready. Waking a Ready or Running vCPU is
 * a no-op that returns 0.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE if Created or Free.
 */
int axvcpu_wake(struct axvcpu *vcpu);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_AXVCPU_H */
