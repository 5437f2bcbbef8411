/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal layout of a vCPU and the state-word protocol shared by the core's
 * files. Not installed; backends see only backend.h.
 */
#ifndef AXVCPU_CORE_VCPU_INTERNAL_H
#define AXVCPU_CORE_VCPU_INTERNAL_H

#include <axvcpu/backend.h>
#include <stdatomic.h>
#include <stddef.h>

/*
 * The state word holds an enum axvcpu_state in its low bits and the BUSY
 * bit while a short call (setup, set_gpr, bind...) owns the vCPU. Running
 * needs no BUSY bit: only run itself moves a vCPU out of Running.
 */
#define VCPU_WORD_BUSY 0x100u
#define VCPU_WORD_STATE_MASK 0xffu

/* Bit masks of states, for "allowed in" sets. */
#define VCPU_IN(s) (1u << (s))
#define VCPU_IN_SET_UP                                                         \
	(VCPU_IN(AXVCPU_STATE_FREE) | VCPU_IN(AXVCPU_STATE_READY) |            \
	 VCPU_IN(AXVCPU_STATE_BLOCKED))
#define VCPU_IN_BOUND                                                          \
	(VCPU_IN(AXVCPU_STATE_READY) | VCPU_IN(AXVCPU_STATE_BLOCKED))

#define VCPU_IRQ_WORDS (AXVCPU_MAX_VECTORS / 64u)

struct axvcpu {
	/* The core's part of the frame, below the backend's (backend.h's
	 * AXVCPU_ARCH_OFFSET, which axvcpu_arch() adds inline). */
	union {
		struct {
			/* First: axvcpu_entry_work() reads it inline. */
			struct axvcpu_entry_state entry;
			_Atomic uint32_t word;
			uint32_t vm_id;
			uint32_t vcpu_id;
			int32_t favor_phys_cpu;
			uint64_t phys_cpu_set;
			_Atomic int32_t bound_cpu;
			const struct axvcpu_backend *backend;
			axvcpu_hpa_t frame;
			/* The run path's backend facts, copied at create: fewer
			 * loads. */
			int (*run_op)(struct axvcpu *, void *,
				      struct axvcpu_exit *);
			uint32_t be_flags; /* enum axvcpu_backend_flags */
			uint32_t gpr_count;
			/* Registers 0..gpr_file_count-1 live at gpr_file
			 * (backend.h). */
			uint32_t gpr_file_count;
			uint64_t *gpr_file;
			/* The bound CPU's slot (set by bind, cleared by
			 * unbind). */
			struct percpu_slot *slot;
			/* Its `current` before this run (restored after). */
			struct axvcpu *slot_prev;
			/* The read exit the last run returned, until completed.
			 */
			struct axvcpu_read_completion pending;
			/* The last memory-access exit, until answered by
			 * reflect_fault. */
			struct axvcpu_exit last_access;
			/* enum axvcpu_power; see power.c for who moves it. */
			_Atomic uint32_t power;
			/* Parked by the backend's hardware
			 * (AXVCPU_POWER_PARKED_IN_RUN). */
			bool parked_in_run;
		};
		unsigned char core_area[AXVCPU_ARCH_OFFSET];
	};
	_Alignas(16) unsigned char arch[AXVCPU_ARCH_SIZE_MAX];
};

_Static_assert(offsetof(struct axvcpu, entry) == 0,
	       "axvcpu_entry_work() reads the entry state at the vCPU");
_Static_assert(offsetof(struct axvcpu, arch) == AXVCPU_ARCH_OFFSET,
	       "axvcpu_arch() must find the backend's part");

_Static_assert(sizeof(struct axvcpu) <= AXVCPU_FRAME_SIZE,
	       "a vCPU must fit in one HAL frame");

/*
 * Take the vCPU for a short call if its state is in `allowed` (a VCPU_IN
 * mask). Returns 0 and the state in *state, AXVCPU_EBUSY or
 * AXVCPU_EBADSTATE. Inline: completions take it on the exit path.
 */
static inline int vcpu_word_acquire(struct axvcpu *vcpu, uint32_t allowed,
				    enum axvcpu_state *state)
{
	uint32_t word = atomic_load_explicit(&vcpu->word, memory_order_acquire);
	for (;;) {
		if (!(allowed & VCPU_IN(word & VCPU_WORD_STATE_MASK)))
			return AXVCPU_EBADSTATE;
		if (word & VCPU_WORD_BUSY)
			return AXVCPU_EBUSY;
		if (atomic_compare_exchange_weak_explicit(
			&vcpu->word, &word, word | VCPU_WORD_BUSY,
			memory_order_acq_rel, memory_order_acquire)) {
			*state =
			    (enum axvcpu_state)(word & VCPU_WORD_STATE_MASK);
			return AXVCPU_OK;
		}
	}
}

/* Give the vCPU back, state unchanged (Ready/Blocked may have toggled). */
static inline void vcpu_word_release(struct axvcpu *vcpu)
{
	atomic_fetch_and_explicit(&vcpu->word, ~VCPU_WORD_BUSY,
				  memory_order_release);
}

/* Give the vCPU back in `state`. */
static inline void vcpu_word_release_to(struct axvcpu *vcpu,
					enum axvcpu_state state)
{
	atomic_store_explicit(&vcpu->word, (uint32_t)state,
			      memory_order_release);
}

/*
 * Per-CPU state. Each slot is changed only from its own CPU, so the flags
 * need no lock; `current` and the bound count are atomic because other
 * CPUs may read them. percpu.c owns the storage; run.c reads it inline
 * (axvcpu_run is the hot path).
 */
struct percpu_slot {
	_Atomic bool initialised;
	_Atomic bool enabled;
	const struct axvcpu_backend *backend;
	axvcpu_hpa_t frame;
	void *arch;
	_Atomic int bound;
	_Atomic(struct axvcpu *) current;
};

extern struct percpu_slot core_percpu_slots[AXVCPU_MAX_CPUS];

/* This CPU's slot if it is enabled for `backend`, else NULL. */
static inline struct percpu_slot *
percpu_slot_enabled_for(unsigned cpu, const struct axvcpu_backend *be)
{
	if (cpu >= AXVCPU_MAX_CPUS)
		return 0;
	struct percpu_slot *slot = &core_percpu_slots[cpu];
	if (!atomic_load_explicit(&slot->enabled, memory_order_acquire) ||
	    slot->backend != be)
		return 0;
	return slot;
}

/* The backend's per-CPU state of a slot. */
static inline void *percpu_slot_arch(struct percpu_slot *slot)
{
	return slot->arch;
}

/* Count vCPUs bound to the slot's CPU (refuses hardware_disable). */
void percpu_slot_bound_add(struct percpu_slot *slot, int delta);

/* Set the CPU's current vCPU; returns the previous one. */
static inline struct axvcpu *percpu_current_swap(unsigned cpu,
						 struct axvcpu *vcpu)
{
	if (cpu >= AXVCPU_MAX_CPUS)
		return 0;
	return atomic_exchange(&core_percpu_slots[cpu].current, vcpu);
}

#ifdef AXVCPU_HAL_CPU_ID_DIRECT
/* The HAL's current_cpu_id, the only one axvcpu_hal_register() takes. */
unsigned AXVCPU_HAL_CPU_ID_DIRECT(void);
#endif

/* The registered HAL, inline for the run path (hal.c owns it). */
extern struct axvcpu_hal core_hal_copy;
extern _Atomic int core_hal_status;
#define HAL_STATUS_READY 2
static inline const struct axvcpu_hal *hal_fast(void)
{
	return atomic_load_explicit(&core_hal_status, memory_order_acquire) ==
		       HAL_STATUS_READY
		   ? &core_hal_copy
		   : 0;
}

/* Live HAL users (vCPUs and per-CPU states); re-registration waits for 0. */
void hal_users_add(int delta);

/* Whether a parked vCPU must be held Blocked (wake cannot run it). */
static inline bool vcpu_held_parked(const struct axvcpu *vcpu)
{
	return atomic_load_explicit(&((struct axvcpu *)vcpu)->power,
				    memory_order_seq_cst) == AXVCPU_POWER_OFF &&
	       !vcpu->parked_in_run;
}

/* run's power bookkeeping around an exit: one load on the hot path, a
 * store only on a transition. */
static inline void power_note_entry(struct axvcpu *vcpu)
{
	uint32_t p = atomic_load_explicit(&vcpu->power, memory_order_relaxed);
	if (p == AXVCPU_POWER_ON_PENDING || p == AXVCPU_POWER_SUSPENDED)
		atomic_store(&vcpu->power, AXVCPU_POWER_ON);
}

static inline void power_note_exit(struct axvcpu *vcpu,
				   const struct axvcpu_exit *exit)
{
	if (exit->reason == AXVCPU_EXIT_CPU_DOWN)
		atomic_store(&vcpu->power, AXVCPU_POWER_OFF_PENDING);
	else if (exit->reason == AXVCPU_EXIT_HALT && exit->halt.suspend)
		atomic_store(&vcpu->power, AXVCPU_POWER_SUSPENDED);
}

/* Forget everything pending from before (reset): reads, kicks, irqs. */
void vcpu_pending_clear(struct axvcpu *vcpu);

/* Whether `width` is an access width the API accepts (1, 2, 4 or 8). */
static inline bool value_width_valid(unsigned width)
{
	return width - 1 < 8 && !(width & (width - 1));
}

/* All-ones in the low `bytes` bytes (8 or more: all 64 bits). */
static inline uint64_t value_mask(unsigned bytes)
{
	return bytes >= 8 ? ~(uint64_t)0 : (((uint64_t)1 << (bytes * 8)) - 1);
}

/* Value truncated to `width` bytes and extended to `reg_width` bytes. */
static inline uint64_t value_extend(uint64_t value, unsigned width,
				    unsigned reg_width, bool sign_ext)
{
	uint64_t v = value & value_mask(width);
	if (sign_ext && width < 8) {
		uint64_t sign = (uint64_t)1 << (width * 8 - 1);
		v = (v ^ sign) - sign;
	}
	return v & value_mask(reg_width);
}

#endif /* AXVCPU_CORE_VCPU_INTERNAL_H */
