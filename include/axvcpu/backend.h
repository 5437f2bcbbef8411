/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/backend.h
 * The interface a backend implements, and the core services it may use.
 *
 * Only backends include this header; a VM layer uses axvcpu.h. The core
 * does all state checking, locking and argument validation before calling
 * an op, so ops only do the hardware work. Every op runs with the vCPU
 * owned by the caller (no other op runs on it at the same time), except
 * `kick` and `vector_valid`: kick may run from any thread concurrently with
 * any op (the core calls it when it sees the vCPU Running, but the run may
 * end meanwhile), and vector_valid takes no vCPU.
 *
 * Memory: the core allocates one HAL frame per vCPU and gives the backend
 * `arch_size` bytes of it (axvcpu_arch()); a backend needing more (VMCS,
 * page tables) allocates frames through axvcpu_hal_get().
 */
#ifndef AXVCPU_BACKEND_H
#define AXVCPU_BACKEND_H

#include <axvcpu/axvcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest backend arch_size: what is left of the vCPU's frame. */
#define AXVCPU_ARCH_SIZE_MAX 3072u

/** Largest number of interrupt vectors the core can queue. */
#define AXVCPU_MAX_VECTORS 1024u

/** Kinds of read exits completed by axvcpu_complete_*. */
enum axvcpu_read_kind {
	/** No read pending. */
	AXVCPU_READ_NONE = 0,
	/** An AXVCPU_EXIT_MMIO_READ. */
	AXVCPU_READ_MMIO,
	/** An AXVCPU_EXIT_IO_READ. */
	AXVCPU_READ_IO,
	/** An AXVCPU_EXIT_SYSREG_READ. */
	AXVCPU_READ_SYSREG,
	/** An AXVCPU_EXIT_CONSOLE_READ. */
	AXVCPU_READ_CONSOLE,
};

/**
 * A read exit waiting for its value, as the core hands it to the backend.
 * `value` is already truncated to `width` and extended to `reg_width`
 * (console reads: as the VM layer gave it). A read the VM layer did not
 * complete is delivered at the next run with value 0 (console: -1).
 */
struct axvcpu_read_completion {
	enum axvcpu_read_kind kind; /**< which read (never NONE here) */
	uint32_t reg;               /**< destination register (MMIO, sysreg) */
	uint8_t width;              /**< access width in bytes */
	uint8_t reg_width;          /**< destination register width in bytes */
	bool sign_ext;              /**< whether `value` was sign-extended */
	uint64_t value;             /**< the value to deliver */
};

/**
 * Backend ops. Members marked optional may be NULL; axvcpu_create()
 * refuses (AXVCPU_EINVAL) a backend without name, create, setup,
 * set_entry, set_gpr, get_gpr, bind, unbind or run, or whose arch_size or
 * vector_count is too large; axvcpu_percpu_init() one without
 * percpu_enable or percpu_disable, or whose percpu_size is too large.
 * An op's error is returned to the VM layer as is.
 */
struct axvcpu_backend {
	/** Short name ("riscv64", "kvm", "mock"). */
	const char *name;
	/** Bytes of per-vCPU state, <= AXVCPU_ARCH_SIZE_MAX. */
	size_t arch_size;
	/** Bytes of per-CPU state, <= AXVCPU_FRAME_SIZE. */
	size_t percpu_size;
	/** Exact sizeof of the create config (0: none accepted). */
	size_t create_config_size;
	/** Exact sizeof of the setup config (0: none accepted). */
	size_t setup_config_size;
	/** Valid register indices for set_gpr/get_gpr are 0..gpr_count-1. */
	unsigned gpr_count;
	/** Valid vectors for inject_interrupt are 0..vector_count-1 (<=
	 * AXVCPU_MAX_VECTORS). */
	unsigned vector_count;

	/** Per-CPU init on the calling CPU; `percpu` is zeroed (a whole
	 * frame). Optional. */
	int (*percpu_init)(void *percpu, unsigned cpu);
	/** Enable virtualization on the calling CPU. Required. */
	int (*percpu_enable)(void *percpu);
	/** Disable it (never while a vCPU is bound here). Required. */
	int (*percpu_disable)(void *percpu);
	/** Release per-CPU resources. Optional. */
	void (*percpu_fini)(void *percpu);
	/** Stage-2 page-table levels this CPU supports. Optional (0). */
	unsigned (*max_guest_page_table_levels)(void *percpu);

	/** Initialise `arch` (zeroed) from the create config (may be NULL).
	 * Required. On error destroy is not called: release what it took. */
	int (*create)(struct axvcpu *vcpu, const void *config);
	/** Release what create/setup acquired (Created or Free). Optional. */
	void (*destroy)(struct axvcpu *vcpu);
	/** Set up entry, stage-2 root and config (may be NULL). Required. */
	int (*setup)(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		     axvcpu_hpa_t ept_root, const void *config);
	/** Set the entry point. Required. */
	int (*set_entry)(struct axvcpu *vcpu, axvcpu_gpa_t entry);
	/** Write register `reg` (< gpr_count). Required. */
	int (*set_gpr)(struct axvcpu *vcpu, unsigned reg, uint64_t val);
	/** Read register `reg` (< gpr_count). Required. */
	int (*get_gpr)(struct axvcpu *vcpu, unsigned reg, uint64_t *val);
	/** Bind to the calling CPU (`percpu` is that CPU's state). Required.
	 */
	int (*bind)(struct axvcpu *vcpu, void *percpu);
	/** Unbind from the calling CPU. Required. */
	int (*unbind)(struct axvcpu *vcpu, void *percpu);
	/**
	 * Enter the guest until an exit the VM layer must see. Fill *exit
	 * (zeroed, reason NOTHING, on entry). A returned read exit must have
	 * its fields set so that the core can record it as pending (see
	 * complete_read). Required. On error the core reports it and forgets
	 * *exit.
	 */
	int (*run)(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *exit);
	/**
	 * Deliver a completed read. Optional: if NULL the core writes
	 * `c->value` to register `c->reg` with set_gpr (MMIO and sysreg
	 * reads only; IO and console reads then need this op).
	 */
	int (*complete_read)(struct axvcpu *vcpu,
			     const struct axvcpu_read_completion *c);
	/**
	 * Make the next entry raise an access fault in the guest for the
	 * memory-access exit `exit` (the last one run returned) instead of
	 * retrying/skipping its instruction. Optional (EUNSUPPORTED).
	 */
	int (*reflect_fault)(struct axvcpu *vcpu,
			     const struct axvcpu_exit *exit);
	/** Set the result of the last call exit. Optional (EUNSUPPORTED). */
	int (*set_return_value)(struct axvcpu *vcpu, uint64_t val);
	/**
	 * Whether `vector` can be injected at all. Optional (all vectors
	 * below vector_count are accepted).
	 */
	bool (*vector_valid)(uint64_t vector);
	/**
	 * Make a running vCPU exit soon. Called from any thread, concurrently
	 * with run. Optional (the core's kick flag is then checked at the
	 * next entry only).
	 */
	void (*kick)(struct axvcpu *vcpu);
	/**
	 * Answer the last call exit with failure `err` (< 0, an AXVCPU_E*
	 * code; see axvcpu_set_return_error()). Optional (EUNSUPPORTED).
	 */
	int (*set_return_error)(struct axvcpu *vcpu, int err);
	/**
	 * The vCPU is being parked (axvcpu_power_off()). Optional (the core
	 * parks alone). Return 0 to have the core hold it Blocked until
	 * power_on, or AXVCPU_POWER_PARKED_IN_RUN when the hardware itself
	 * waits for the start inside run (kvm with an in-kernel irqchip): the
	 * vCPU then stays runnable, and the backend calls
	 * axvcpu_power_started() once it runs guest code again.
	 */
	int (*power_off)(struct axvcpu *vcpu);
	/**
	 * Put the CPU in its architecture's start state at `entry` with
	 * `arg` (axvcpu_power_on()). Optional: without it the core calls
	 * set_entry and `arg` is dropped.
	 */
	int (*power_on)(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg);
	/**
	 * Back to the state setup left (axvcpu_reset()): registers, entry,
	 * guest system state, FP. The core clears its own pending records.
	 * Optional (EUNSUPPORTED).
	 */
	int (*reset)(struct axvcpu *vcpu);
};

/** power_off's answer: the hardware waits for the start inside run. */
#define AXVCPU_POWER_PARKED_IN_RUN 1

/**
 * A vCPU parked with AXVCPU_POWER_PARKED_IN_RUN has started (the guest's
 * own startup reached it inside run): its power state becomes ON. No-op
 * in any other power state.
 */
void axvcpu_power_started(struct axvcpu *vcpu);

/** The backend's private per-vCPU state (arch_size bytes, 16-aligned). */
void *axvcpu_arch(struct axvcpu *vcpu);

/** The same, for const access. */
const void *axvcpu_arch_const(const struct axvcpu *vcpu);

/**
 * Take a pending kick: returns true (and clears it) if axvcpu_kick() was
 * called since the last take. The core takes it before calling run;
 * backends call it again before each re-entry of the guest inside run,
 * and return AXVCPU_EXIT_CANCELLED if it is true.
 */
bool axvcpu_kick_take(struct axvcpu *vcpu);

/**
 * Take the fences asked with axvcpu_request_fence() (enum
 * axvcpu_fence_kind bits, 0 if none) and clear them. Backends call it
 * before every guest entry, and do the fences on the local CPU.
 */
uint32_t axvcpu_fence_take(struct axvcpu *vcpu);

/** Whether a kick is pending, without clearing it. */
bool axvcpu_kick_pending(const struct axvcpu *vcpu);

/**
 * The lowest pending interrupt vector, or -1 if none. Safe concurrently
 * with axvcpu_inject_interrupt() from other threads.
 */
int64_t axvcpu_irq_first_pending(const struct axvcpu *vcpu);

/**
 * Pending vectors 64*word .. 64*word+63 as a bit mask, in one atomic load
 * (a cheap "anything for me?" check on the entry path); 0 if `word` is
 * out of range.
 */
uint64_t axvcpu_irq_pending_word(const struct axvcpu *vcpu, unsigned word);

/** Whether `vector` is pending. */
bool axvcpu_irq_is_pending(const struct axvcpu *vcpu, uint64_t vector);

/** Clear a pending vector (after delivering it); true if it was set. */
bool axvcpu_irq_clear(struct axvcpu *vcpu, uint64_t vector);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_BACKEND_H */
