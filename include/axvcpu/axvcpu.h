/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/axvcpu.h
 * The vCPU API: one object, the same calls on every backend.
 *
 * Threading: every call is safe to make from any thread. Calls that change
 * a vCPU are serialised by an atomic state word: a call that finds another
 * call in progress on the same vCPU returns AXVCPU_EBUSY, one made in the
 * wrong state returns AXVCPU_EBADSTATE, and in both cases nothing changes.
 * Register reads (axvcpu_get_gpr) take the vCPU like writes do, so they
 * too can return AXVCPU_EBUSY. axvcpu_kick(), axvcpu_inject_interrupt(),
 * axvcpu_request_fence(), axvcpu_wake() and the read-only queries (id,
 * state, bound_cpu, fence_pending...) may be called at any time, also while
 * the vCPU runs. axvcpu_destroy() must not race with other calls on the
 * same vCPU. A backend may restrict further where a call is made (kvm:
 * run and unbind only from the thread that bound the vCPU).
 */
#ifndef AXVCPU_AXVCPU_H
#define AXVCPU_AXVCPU_H

#include <axvcpu/error.h>
#include <axvcpu/exit.h>
#include <axvcpu/hal.h>
#include <axvcpu/percpu.h>
#include <axvcpu/stage2.h>
#include <axvcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Library major version (of these headers). */
#define AXVCPU_VERSION_MAJOR 0
/** Library minor version. */
#define AXVCPU_VERSION_MINOR 1
/** Library patch version. */
#define AXVCPU_VERSION_PATCH 0
/** The version as a string, "MAJOR.MINOR.PATCH". */
#define AXVCPU_VERSION_STRING "0.1.0"

/** The library's version string (the one it was built as). */
const char *axvcpu_version(void);

/** Parameters of axvcpu_create() (the seed's AxVCpu::new arguments). */
struct axvcpu_create_params {
	/** Id of the VM this vCPU belongs to. */
	uint32_t vm_id;
	/** Id of the vCPU in its VM; vCPU 0 is the bootstrap processor. */
	uint32_t vcpu_id;
	/** Preferred physical CPU (< AXVCPU_MAX_CPUS), or -1 for none
	 * (advisory, for schedulers). */
	int32_t favor_phys_cpu;
	/** Physical CPUs it may be bound to (bit N = CPU N); 0 = any. */
	uint64_t phys_cpu_set;
	/** Backend create config (e.g. struct axvcpu_riscv64_create_config),
	 * or NULL if the backend accepts none (kvm requires one). */
	const void *arch_config;
	/** sizeof(*arch_config), or 0 with NULL; the core checks it against
	 * the backend's exact config size. */
	size_t arch_config_size;
};

/**
 * Create a vCPU of `backend` in state Created. Its memory comes from the
 * HAL's alloc_frame (one frame; the backend may take more).
 * @return 0 and *out set; AXVCPU_EINVAL (NULL argument, a backend missing
 *         a required op, a config pointer/size that does not match the
 *         backend's config size, favor_phys_cpu below -1 or not below
 *         AXVCPU_MAX_CPUS, or not in a nonzero phys_cpu_set);
 *         AXVCPU_EBADSTATE if no HAL is registered; AXVCPU_ENOMEM (the HAL
 *         gave no frame, or phys_to_virt gave NULL for it); or the
 *         backend's error. On error *out is NULL (if `out` is not NULL).
 */
int axvcpu_create(const struct axvcpu_backend *backend,
		  const struct axvcpu_create_params *params,
		  struct axvcpu **out);

/**
 * Destroy a vCPU and give its memory back to the HAL. `vcpu` is invalid
 * afterwards, also for the queries.
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
 * @return 0; AXVCPU_EINVAL (NULL vCPU, config pointer/size not matching
 *         the backend's setup config size); AXVCPU_EBADSTATE unless
 *         Created; AXVCPU_EBUSY; or the backend's error (e.g.
 *         AXVCPU_EINVAL for an entry or ept_root it refuses), in which
 *         case the vCPU stays Created.
 */
int axvcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry, axvcpu_hpa_t ept_root,
		 const void *setup_config, size_t setup_config_size);

/** The vCPU's id within its VM (0 if `vcpu` is NULL). */
uint32_t axvcpu_id(const struct axvcpu *vcpu);

/** The id of the VM the vCPU belongs to (0 if `vcpu` is NULL). */
uint32_t axvcpu_vm_id(const struct axvcpu *vcpu);

/** The preferred physical CPU given at create time, or -1 (also if
 * `vcpu` is NULL). */
int32_t axvcpu_favor_phys_cpu(const struct axvcpu *vcpu);

/**
 * The physical CPUs this vCPU may run on, as a mask; 0 means any
 * (the seed's `None`). 0 if `vcpu` is NULL.
 */
uint64_t axvcpu_phys_cpu_set(const struct axvcpu *vcpu);

/** Whether this is the bootstrap vCPU (vcpu_id 0); false if NULL. */
bool axvcpu_is_bsp(const struct axvcpu *vcpu);

/** The backend the vCPU was created with (NULL if `vcpu` is NULL). */
const struct axvcpu_backend *axvcpu_backend_of(const struct axvcpu *vcpu);

/**
 * The current state (a snapshot; it may change right after if other
 * threads act on the vCPU). AXVCPU_STATE_CREATED if `vcpu` is NULL.
 */
enum axvcpu_state axvcpu_state(const struct axvcpu *vcpu);

/**
 * The physical CPU the vCPU is bound to, or -1 when not bound (or NULL).
 */
int axvcpu_bound_cpu(const struct axvcpu *vcpu);

/**
 * Move a bound vCPU between Ready and Blocked without running it (the
 * seed's `unsafe set_state`, made safe: states that need backend work are
 * reached only through setup/bind/run/unbind). Setting the current state
 * again is a no-op. Blocking a vCPU that has an interrupt queued wakes it
 * again at once (it ends Ready, and the call still returns 0), so that the
 * wake-up is not lost.
 * @return 0; AXVCPU_EINVAL (NULL, or `state` is not Ready/Blocked);
 *         AXVCPU_EBADSTATE unless the vCPU is Ready or Blocked;
 *         AXVCPU_EBUSY (another call holds the vCPU, also for the no-op).
 */
int axvcpu_set_state(struct axvcpu *vcpu, enum axvcpu_state state);

/**
 * Bind the vCPU to the physical CPU of the caller: Free -> Ready.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE unless Free, or if
 *         this CPU has no enabled per-CPU state of the vCPU's backend
 *         (axvcpu_percpu_init() with another backend counts as none);
 *         AXVCPU_EWRONGCPU if this CPU is not in a nonzero phys_cpu_set;
 *         AXVCPU_EBUSY; or the backend's error (the vCPU stays Free).
 */
int axvcpu_bind(struct axvcpu *vcpu);

/**
 * Unbind from the caller's physical CPU: Ready or Blocked -> Free. A read
 * exit still pending stays pending (it can be completed while Free), and
 * a queued interrupt stays queued.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE unless Ready or
 *         Blocked;
 *         AXVCPU_EWRONGCPU if called on another CPU than the bound one;
 *         AXVCPU_EBUSY; or the backend's error (the state is unchanged).
 */
int axvcpu_unbind(struct axvcpu *vcpu);

/**
 * Run the guest until it exits: Ready -> Running -> Ready (or Blocked on a
 * Halt exit; Ready again at once if an interrupt is already queued). A
 * read exit left pending by the previous run and not completed is
 * completed first, with 0 (a console read with -1, "none available"),
 * unless set_gpr wrote its register.
 * An access exit with an impossible width or destination register (a
 * backend bug) is turned into AXVCPU_EXIT_INTERNAL_ERROR with code
 * AXVCPU_INTERNAL_BAD_WIDTH or AXVCPU_INTERNAL_BAD_REG.
 * A kick not yet taken (made while the vCPU was not running, or during a
 * run that ended with another exit first) makes run return
 * AXVCPU_EXIT_CANCELLED at once, after that completion, without entering
 * the guest.
 * @param exit receives the decoded exit.
 * @return 0; AXVCPU_EINVAL (NULL argument); AXVCPU_EBADSTATE unless Ready
 *         (a Blocked vCPU must be woken first), or if no HAL is
 *         registered; AXVCPU_EWRONGCPU if called on another CPU than the
 *         bound one; AXVCPU_EBUSY (on these *exit is not written); or an
 *         error of the backend, in which case the vCPU goes back to Ready,
 *         *exit is NOTHING and a read pending from the previous exit stays
 *         pending. The backend's error can also come from completing that
 *         pending read (e.g. AXVCPU_EUNSUPPORTED: an IO or console read on
 *         a backend without complete_read); that read is then dropped, so
 *         that the next run goes ahead.
 */
int axvcpu_run(struct axvcpu *vcpu, struct axvcpu_exit *exit);

/**
 * Set the entry point (the seed's set_entry; used with set_gpr to start a
 * secondary vCPU, see vcpu_on in README.md).
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE if Created (set up
 *         first) or Running; AXVCPU_EBUSY; or the backend's error (e.g.
 *         AXVCPU_EINVAL for an entry it cannot start at).
 */
int axvcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry);

/**
 * Set general-purpose register `reg` (index convention: see the backend's
 * header). After an MMIO/system-register read exit, writing the exit's
 * destination register completes the read (the seed's way): the value
 * is written as given, with no truncation or extension.
 * @return 0; AXVCPU_EINVAL (NULL, `reg` not below the backend's register
 *         count); AXVCPU_EBADSTATE if Created or Running; AXVCPU_EBUSY;
 *         or the backend's error (kvm: AXVCPU_EINVAL for
 *         AXVCPU_KVM_REG_READ_DATA with no read pending; riscv64: for an
 *         odd pc).
 */
int axvcpu_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val);

/**
 * Read general-purpose register `reg` into *val.
 * @return as axvcpu_set_gpr(), and AXVCPU_EINVAL if `val` is NULL; *val
 *         is untouched on error.
 */
int axvcpu_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val);

/**
 * Set the value the guest sees as the result of the hypercall / SBI call
 * / console call that caused the last exit.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE if Created or
 *         Running; AXVCPU_EBUSY; AXVCPU_EUNSUPPORTED if the backend has no
 *         such convention (checked before the state); or the backend's
 *         error (riscv64: AXVCPU_EINVAL when the last exit was no call;
 *         kvm writes rax after any exit).
 */
int axvcpu_set_return_value(struct axvcpu *vcpu, uint64_t val);

/**
 * Finish an AXVCPU_EXIT_MMIO_READ: `value` is truncated to the access
 * width, zero- or sign-extended as the exit says, and written to the
 * destination register now (or handed back to the host, kvm). Allowed in
 * Free too (a vCPU unbound with a read pending).
 * @return 0; AXVCPU_EINVAL (NULL, or no MMIO read is pending: the last
 *         exit was something else, was already completed, or the vCPU is
 *         Created); AXVCPU_EBADSTATE if Running; AXVCPU_EBUSY; or the
 *         backend's error delivering the value (AXVCPU_EUNSUPPORTED for
 *         an IO or console read on a backend without complete_read), in
 *         which case the read stays pending.
 */
int axvcpu_complete_mmio_read(struct axvcpu *vcpu, uint64_t value);

/** Finish an AXVCPU_EXIT_IO_READ; as axvcpu_complete_mmio_read(). */
int axvcpu_complete_io_read(struct axvcpu *vcpu, uint64_t value);

/** Finish an AXVCPU_EXIT_SYSREG_READ; as axvcpu_complete_mmio_read(). */
int axvcpu_complete_sysreg_read(struct axvcpu *vcpu, uint64_t value);

/**
 * Finish an AXVCPU_EXIT_CONSOLE_READ: for a one-byte read (`len` 0) the
 * character read, or -1 if none is available; for a read into guest
 * memory (`len` > 0) the number of bytes the VM layer wrote there, or -1
 * on failure. Handed over as is (no truncation); otherwise as
 * axvcpu_complete_mmio_read().
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
 * Completing an MmioRead first does not answer it (riscv64 puts the
 * destination register back). Allowed in Free too (after unbind).
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE if Created or
 *         Running; AXVCPU_ENOTFOUND if the last successful run's exit was
 *         not a memory access (MmioRead, MmioWrite, NestedPageFault) or
 *         was already answered by reflect_fault; AXVCPU_EBUSY;
 *         AXVCPU_EBADSTATE also if the backend can no longer reflect it
 *         (e.g. the pc was moved since, with set_entry);
 *         AXVCPU_EUNSUPPORTED if the backend cannot (kvm: KVM owns the
 *         access), returned only when there is an access exit to answer.
 */
int axvcpu_reflect_fault(struct axvcpu *vcpu);

/**
 * Queue interrupt `vector` for the guest (meaning per backend: x86 vector,
 * RISC-V interrupt cause, Arm INTID). It is delivered on a later entry
 * when the guest can take it; a Blocked vCPU is woken (-> Ready) and a
 * running one is kicked so that it takes it soon (no Cancelled exit; the
 * run goes on). Queuing a vector already queued is a no-op.
 * Free and Ready vCPUs take it at their next entry.
 * @return 0; AXVCPU_EINVAL (NULL, vector not below the backend's vector
 *         count); AXVCPU_EUNSUPPORTED if the backend cannot inject that
 *         vector; AXVCPU_EBADSTATE if Created (checked after the vector).
 */
int axvcpu_inject_interrupt(struct axvcpu *vcpu, uint64_t vector);

/**
 * Make the vCPU leave axvcpu_run() as soon as possible with
 * AXVCPU_EXIT_CANCELLED; if it is not running, its next run returns that
 * at once. One kick cancels one run, however often it was made. It does
 * not wake a Blocked vCPU (wake it to run it). A running vCPU returns
 * Cancelled from that run on kvm, and on riscv64 when the HAL has
 * send_kick_ipi (without it, at the guest's next trap; see riscv64.h).
 * Safe from any thread and from signal handlers of the host.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE if Created.
 */
int axvcpu_kick(struct axvcpu *vcpu);

/**
 * Ask `vcpu` to fence (`kinds`: enum axvcpu_fence_kind bits) before it
 * next executes guest code: the answer to another vCPU's
 * AXVCPU_EXIT_REMOTE_FENCE. A running vCPU is interrupted and fences
 * without leaving axvcpu_run(); one that is not running fences at its next
 * entry. Safe from any thread.
 * Requests add up until the vCPU fences. kvm does nothing for it (KVM
 * keeps guest TLBs coherent) but still clears the request.
 * @return 0; AXVCPU_EINVAL (NULL, `kinds` 0 or unknown bits);
 *         AXVCPU_EBADSTATE if Created.
 */
int axvcpu_request_fence(struct axvcpu *vcpu, uint32_t kinds);

/**
 * Whether a fence asked with axvcpu_request_fence() is still to be done.
 * The requester waits for false on each running target (a target that is
 * not running executes no guest code before it fences). False if `vcpu`
 * is NULL.
 */
bool axvcpu_fence_pending(const struct axvcpu *vcpu);

/**
 * Wake a Blocked vCPU: Blocked -> Ready. Waking a Ready or Running vCPU is
 * a no-op that returns 0.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE if Created or Free.
 */
int axvcpu_wake(struct axvcpu *vcpu);

/**
 * Park the vCPU: its guest CPU is off (SBI HSM stopped, PSCI CPU_OFF, an
 * x86 application processor waiting for a startup IPI) until
 * axvcpu_power_on() starts it. A bound vCPU becomes Blocked and stays so:
 * axvcpu_wake(), axvcpu_set_state() and injected interrupts (which stay
 * queued) do not make it Ready. One that is Free stays Free and is bound
 * Blocked. A backend whose hardware waits for the start itself (kvm with
 * an in-kernel irqchip: KVM_MP_STATE_INIT_RECEIVED, started by the guest's
 * own INIT/SIPI) leaves it Ready instead, and its power state turns ON
 * once it has started. Parking a parked vCPU again is a no-op.
 * Call it after a CpuDown exit (power OFF_PENDING -> OFF), and for
 * secondary vCPUs before the first run.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE if Created or
 *         Running; AXVCPU_EBUSY; or the backend's error (nothing changes).
 */
int axvcpu_power_off(struct axvcpu *vcpu);

/**
 * Start a parked vCPU at `entry` with `arg` (the seed's vcpu_on in one
 * step; an SBI hart_start, PSCI CPU_ON or startup IPI, normally after a
 * CpuUp exit): the backend puts the CPU in its architecture's start state
 * (riscv64: pc = entry, a0 = hart id, a1 = arg, VS-mode, MMU off; kvm:
 * real mode at entry, arg unused), the power state becomes ON_PENDING
 * (ON at its first entry), and a Blocked vCPU becomes Ready. From any
 * thread. Of two calls racing for one vCPU exactly one succeeds.
 * @return 0; AXVCPU_EINVAL (NULL, or an entry the backend refuses: the
 *         guest's "invalid address"); AXVCPU_EBADSTATE if Created or
 *         Running, or not parked (power not OFF: "already on");
 *         AXVCPU_EBUSY; or the backend's error. Nothing changes on error.
 */
int axvcpu_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg);

/**
 * The vCPU's power state (a snapshot; callable at any time from any
 * thread). AXVCPU_POWER_OFF if `vcpu` is NULL.
 */
enum axvcpu_power axvcpu_power_state(const struct axvcpu *vcpu);

/**
 * Put the vCPU back in the state axvcpu_setup() left it in, as a machine
 * reset does: registers, entry point and the backend's CPU state as after
 * setup (riscv64: a0/a1 from the create config again, guest CSRs and FP
 * cleared; kvm: the setup mode's registers, a reset local APIC), power ON,
 * and nothing left over from before: no pending read or access exit, no
 * kick, no fence request, no queued interrupt. A bound vCPU ends Ready.
 * Park secondary vCPUs again afterwards if the machine starts them off.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE if Created or
 *         Running; AXVCPU_EBUSY; AXVCPU_EUNSUPPORTED if the backend cannot
 *         reset; or the backend's error (then the vCPU may be half reset:
 *         reset it again or destroy it).
 */
int axvcpu_reset(struct axvcpu *vcpu);

/**
 * Answer the call that caused the last exit with a failure, given as an
 * AXVCPU_E* code the backend turns into the guest's convention (the value
 * form is axvcpu_set_return_value()):
 * - AXVCPU_ENOTFOUND: a target CPU does not exist (SBI INVALID_PARAM,
 *   PSCI INVALID_PARAMETERS);
 * - AXVCPU_EINVAL: an invalid address or argument (SBI INVALID_ADDRESS
 *   after CpuUp, INVALID_PARAM otherwise; PSCI INVALID_ADDRESS after
 *   CpuUp, INVALID_PARAMETERS otherwise);
 * - AXVCPU_EBADSTATE: the target is already on (SBI ALREADY_AVAILABLE,
 *   PSCI ALREADY_ON) or, after CpuDown, already off;
 * - AXVCPU_EUNSUPPORTED: not supported (SBI NOT_SUPPORTED, PSCI
 *   NOT_SUPPORTED);
 * - anything else: a generic failure (SBI FAILED, PSCI INTERNAL_FAILURE).
 * Answers CpuUp, CpuStatus, SendIPI, RemoteFence, ConsoleWrite and
 * Hypercall exits (kvm, svm: sets rax to -1 after a Hypercall; svm: #GP
 * in the guest after a SysRegRead/SysRegWrite).
 * @return 0; AXVCPU_EINVAL (NULL, `err` not negative); AXVCPU_EBADSTATE if
 *         Created or Running, or (riscv64, aarch64) the last exit was
 *         no call, or (svm) neither a call nor a SysReg exit (kvm writes
 *         rax after any exit, as axvcpu_set_return_value() does);
 *         AXVCPU_EUNSUPPORTED if the backend has no call convention;
 *         AXVCPU_EBUSY.
 */
int axvcpu_set_return_error(struct axvcpu *vcpu, int err);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_AXVCPU_H */
