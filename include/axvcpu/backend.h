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
 * permission maps) allocates frames through axvcpu_hal_get(). Stage-2
 * tables are the core's: a backend names their format (`stage2`).
 */
#ifndef AXVCPU_BACKEND_H
#define AXVCPU_BACKEND_H

#include <axvcpu/axvcpu.h>
#include <stdatomic.h>

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

/* ---- stage 2 ------------------------------------------------------- */

/** What an entry of a stage-2 table is (axvcpu_stage2_format.decode). */
enum axvcpu_stage2_pte_kind {
	/** Not valid: the hardware faults on it. */
	AXVCPU_STAGE2_PTE_INVALID = 0,
	/** Points to the table of the next level down. */
	AXVCPU_STAGE2_PTE_TABLE,
	/** Maps a page or block (a leaf). */
	AXVCPU_STAGE2_PTE_LEAF,
};

/** axvcpu_stage2_format.flags. */
enum axvcpu_stage2_format_flags {
	/**
	 * Break before make: a valid entry is never replaced by another
	 * valid one (a leaf by the table its split makes); it is made
	 * invalid and the TLB invalidated for its range first (Armv8).
	 */
	AXVCPU_STAGE2_FMT_BBM = 1u << 0,
	/**
	 * The hardware may cache invalid entries (RISC-V): the TLB hook runs
	 * after a map too, so that the new mapping is seen at once on the
	 * calling CPU. Also the flag for a format whose hook holds the
	 * barrier its walker needs to see new entries (Armv8: DSB ISHST).
	 */
	AXVCPU_STAGE2_FMT_FENCE_MAP = 1u << 1,
};

/**
 * A stage-2 page-table format: how the core's table walker reads and
 * writes one kind of hardware table. Levels count up from the leaves:
 * level 0 maps 4 KiB pages, level L entries span 2^(12 + 9L) bytes, and
 * the root is level `levels - 1`. Every table but the root is one frame of
 * 512 eight-byte entries; the root has 2^root_bits entries, in
 * 2^(root_bits - 9) contiguous frames (aligned to their size) when that
 * is more than 512, and the address space is 2^(12 + 9 (levels - 1) +
 * root_bits) bytes. An all-zero entry, and any entry whose low 12 bits are
 * zero, must be invalid at every level (the walker writes 0 to unmap and
 * links frames it gives back through their first entry until the TLB is
 * invalidated).
 *
 * The encode/decode members are pure functions of their arguments (no
 * hardware access), so a format's code is host-testable; only
 * tlb_invalidate touches the hardware.
 */
struct axvcpu_stage2_format {
	/** Short name ("sv48x4", "ept4", ...). */
	const char *name;
	/** Levels, 1..5. */
	uint8_t levels;
	/** Index bits of the root table, 1..13. */
	uint8_t root_bits;
	/**
	 * Bit L set: a leaf may sit at level L. Bit 0 must be set and the
	 * bits contiguous from it (a split makes leaves one level down).
	 */
	uint8_t leaf_levels;
	/** Host-physical address bits a leaf or table entry can hold. */
	uint8_t pa_bits;
	/** enum axvcpu_stage2_format_flags. */
	uint32_t flags;
	/** Whether `perm` (READ/WRITE/EXEC, at least one, maybe DEVICE) can
	 * be encoded. */
	bool (*perm_valid)(uint32_t perm);
	/** The entry at `level` (>= 1) pointing to the table at `table`. */
	uint64_t (*table)(axvcpu_hpa_t table, unsigned level);
	/**
	 * The leaf at `level` mapping `hpa` (aligned to the level's span)
	 * with `perm` (perm_valid). decode must give back hpa and perm.
	 */
	uint64_t (*leaf)(axvcpu_hpa_t hpa, uint32_t perm, unsigned level);
	/**
	 * What entry `pte` at `level` is; for a table *addr is the next
	 * table's address, for a leaf *addr is the mapped address and *perm
	 * its permission. Never AXVCPU_STAGE2_PTE_TABLE at level 0, never
	 * a leaf at a level outside leaf_levels.
	 */
	enum axvcpu_stage2_pte_kind (*decode)(uint64_t pte, unsigned level,
					      axvcpu_hpa_t *addr,
					      uint32_t *perm);
	/**
	 * Invalidate the calling CPU's stage-2 TLB entries (and cached walks)
	 * of the tables at `root` for guest-physical [gpa, gpa + size) (a
	 * format may do more, e.g. flush everything). Optional: NULL for
	 * host tests and for backends that flush at their own time.
	 */
	void (*tlb_invalidate)(axvcpu_hpa_t root, axvcpu_gpa_t gpa,
			       uint64_t size);
};

/**
 * A backend's stage 2 (struct axvcpu_backend.stage2). Page-table backends
 * give only `format`, and the core's page-table walker serves every call
 * of stage2.h through the format it returns. A backend with an
 * implementation of its own (kvm: memory slots) leaves `format` NULL and
 * gives the other members, all required then. The core validates every
 * argument (alignment, ranges, perm bits) and takes the address space
 * (AXVCPU_EBUSY) before it calls them, so they run one at a time per
 * address space.
 */
struct axvcpu_stage2_ops {
	/**
	 * Fill *fmt with the format for `cfg`, with its levels / addr_bits
	 * of 0 resolved as stage2.h says (on the calling CPU). Return
	 * AXVCPU_EINVAL or AXVCPU_EUNSUPPORTED for what the format cannot do.
	 */
	int (*format)(const struct axvcpu_stage2_config *cfg,
		      struct axvcpu_stage2_format *fmt);
	/**
	 * Own implementation: set up for `cfg` (flags and reserved already
	 * checked 0); *priv is handed to the other ops, *size_bits is
	 * log2 of axvcpu_stage2_size().
	 */
	int (*create)(const struct axvcpu_stage2_config *cfg, void **priv,
		      unsigned *size_bits);
	/** Own implementation: unmap everything and release `priv`. */
	void (*destroy)(void *priv);
	/** Own implementation: axvcpu_stage2_map(), arguments checked. */
	int (*map)(void *priv, axvcpu_gpa_t gpa, axvcpu_hpa_t hpa,
		   uint64_t size, uint32_t perm);
	/** Own implementation: axvcpu_stage2_unmap(), arguments checked. */
	int (*unmap)(void *priv, axvcpu_gpa_t gpa, uint64_t size);
	/** Own implementation: axvcpu_stage2_lookup() into non-NULL
	 * pointers. */
	int (*lookup)(void *priv, axvcpu_gpa_t gpa, axvcpu_hpa_t *hpa,
		      uint32_t *perm, uint64_t *leaf_size);
};

/** Properties of a backend (struct axvcpu_backend.flags). */
enum axvcpu_backend_flags {
	/**
	 * run sets exit->reason and every field of the member that reason
	 * selects (unused fields 0), on every path that returns 0: the core
	 * then only sets the reason to NOTHING before calling it instead of
	 * zeroing the whole record (the exit path's cost).
	 */
	AXVCPU_BACKEND_RUN_FILLS_EXIT = 1u << 0,
};

/**
 * @def AXVCPU_RUN_OP_INLINE
 * Marks a backend's run op (and axvcpu_run(), axvcpu_complete_mmio_read()).
 * A bare-metal image linked with link-time optimization and one backend
 * may define AXVCPU_RUN_OP_DIRECT as that op's name (e.g.
 * `-DAXVCPU_RUN_OP_DIRECT=rv_vcpu_run`) when it compiles the core and the
 * backend: axvcpu_run() then calls that op directly whenever it is the
 * vCPU's (any other backend's still through the pointer), and all three
 * are inlined into their callers, so that the VM layer's loop saves only
 * the registers it keeps across the guest instead of two frames' worth
 * per exit. The op so named must fill the exit
 * (AXVCPU_BACKEND_RUN_FILLS_EXIT) and take a pending kick before its first
 * entry as before every re-entry (axvcpu_entry_work(), then
 * axvcpu_kick_take(): Cancelled): axvcpu_run() leaves both to it, with
 * nothing set in *exit beforehand. With AXVCPU_RUN_OP_REASON defined
 * too, the op called directly may also return the reason it wrote in
 * exit->reason (a positive value) instead of AXVCPU_OK: the core then
 * records that exit with its reason known (the same validation, on values
 * the compiler can forward; a backend whose op never returns one leaves
 * the flag out, which keeps its path as it was); through the ops table
 * it returns AXVCPU_OK or an error, as every run op. Without
 * AXVCPU_RUN_OP_DIRECT it expands to nothing.
 */
#ifdef AXVCPU_RUN_OP_DIRECT
#define AXVCPU_RUN_OP_INLINE __attribute__((always_inline))
#else
#define AXVCPU_RUN_OP_INLINE
#endif

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
	/**
	 * How this backend's guest-physical address spaces are made (see
	 * struct axvcpu_stage2_ops and stage2.h). Optional:
	 * axvcpu_stage2_create() answers AXVCPU_EUNSUPPORTED without it.
	 */
	const struct axvcpu_stage2_ops *stage2;
	/** enum axvcpu_backend_flags. */
	uint32_t flags;
	/**
	 * Optional (0: none): registers 0..gpr_file_count-1 (<= gpr_count)
	 * are kept as uint64_t at axvcpu_arch(vcpu) + gpr_file_offset +
	 * 8 * reg (8-aligned) whenever the vCPU is not running, and storing a
	 * value there is all that writing one takes (a register whose writes
	 * are ignored, such as RISC-V x0, has a slot the backend never
	 * reads). A completed MMIO read into such a register is then stored
	 * there by the core directly, without a complete_read call.
	 */
	unsigned gpr_file_count;
	/** Byte offset of register 0's slot in the arch area (see above). */
	size_t gpr_file_offset;
};

/** power_off's answer: the hardware waits for the start inside run. */
#define AXVCPU_POWER_PARKED_IN_RUN 1

/**
 * A vCPU parked with AXVCPU_POWER_PARKED_IN_RUN has started (the guest's
 * own startup reached it inside run): its power state becomes ON. No-op
 * in any other power state.
 */
void axvcpu_power_started(struct axvcpu *vcpu);

/**
 * Where a vCPU's backend state starts, from the vCPU's address: the core
 * keeps its own part of the frame below it (checked at compile time).
 */
#define AXVCPU_ARCH_OFFSET (AXVCPU_FRAME_SIZE - AXVCPU_ARCH_SIZE_MAX)

/** The backend's private per-vCPU state (arch_size bytes, 16-aligned). */
static inline void *axvcpu_arch(struct axvcpu *vcpu)
{
	return (unsigned char *)vcpu + AXVCPU_ARCH_OFFSET;
}

/** The same, for const access. */
static inline const void *axvcpu_arch_const(const struct axvcpu *vcpu)
{
	return (const unsigned char *)vcpu + AXVCPU_ARCH_OFFSET;
}

/**
 * Take a pending kick: returns true (and clears it) if axvcpu_kick() was
 * called since the last take. The core takes it before calling run (but
 * for a run op called directly, see AXVCPU_RUN_OP_DIRECT); backends call
 * it again before each re-entry of the guest inside run, and return
 * AXVCPU_EXIT_CANCELLED if it is true.
 */
bool axvcpu_kick_take(struct axvcpu *vcpu);

/**
 * Take the fences asked with axvcpu_request_fence() (enum
 * axvcpu_fence_kind bits, 0 if none) and clear them. Backends call it
 * before every guest entry, and do the fences on the local CPU.
 */
uint32_t axvcpu_fence_take(struct axvcpu *vcpu);

/**
 * What waits for a vCPU's next guest entry, as the core keeps it at the
 * start of every vCPU so that axvcpu_entry_work() can read it inline.
 * Backends use the functions of this header, never the fields.
 */
struct axvcpu_entry_state {
	/** Queued interrupt vectors, 64 a word. */
	_Atomic uint64_t irq[AXVCPU_MAX_VECTORS / 64];
	/** Fences asked (enum axvcpu_fence_kind bits; 64 bits wide, like
	 * `kick`, so that the entry's test ORs whole words). */
	_Atomic uint64_t fence;
	/** A kick not yet taken (0 or 1). */
	_Atomic uint64_t kick;
	/** Words of irq[] past the first the backend's vectors use (0 for
	 * up to 64 vectors). */
	uint32_t irq_more;
};

/**
 * Whether anything waits for the next guest entry: a kick, a fence
 * request or a queued interrupt (vectors below the backend's
 * vector_count). One inline check for the fast path: when it is false
 * the entry needs none of axvcpu_kick_take(), axvcpu_fence_take() or the
 * irq calls.
 */
static inline bool axvcpu_entry_work(const struct axvcpu *vcpu)
{
	struct axvcpu_entry_state *s =
	    (struct axvcpu_entry_state *)(uintptr_t)(const void *)vcpu;
	/*
	 * Relaxed: nothing is read on the strength of a false answer, and a
	 * true one is followed by the takes (atomic exchanges). A request
	 * racing with this load finds the vCPU Running and sends its kick,
	 * which traps the guest out right after the entry.
	 */
	uint64_t any = atomic_load_explicit(&s->kick, memory_order_relaxed) |
		       atomic_load_explicit(&s->fence, memory_order_relaxed) |
		       atomic_load_explicit(&s->irq[0], memory_order_relaxed);
	if (any)
		return true;
	/* The other words hold only vectors of backends with more than 64. */
	for (unsigned w = 1; w <= s->irq_more; w++)
		any |= atomic_load_explicit(&s->irq[w], memory_order_relaxed);
	return any != 0;
}

/**
 * axvcpu_entry_work() for a backend whose vector_count is at most 64,
 * which knows that only the first interrupt word can be set: three loads.
 */
static inline bool axvcpu_entry_work64(const struct axvcpu *vcpu)
{
	struct axvcpu_entry_state *s =
	    (struct axvcpu_entry_state *)(uintptr_t)(const void *)vcpu;
	return (atomic_load_explicit(&s->kick, memory_order_relaxed) |
		atomic_load_explicit(&s->fence, memory_order_relaxed) |
		atomic_load_explicit(&s->irq[0], memory_order_relaxed)) != 0;
}

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
