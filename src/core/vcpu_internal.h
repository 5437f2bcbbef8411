/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal layout of a vCPU and the state-word protocol shared by the core's
 * files. Not installed; backends see only backend.h.
 */
#ifndef AXVCPU_CORE_VCPU_INTERNAL_H
#define AXVCPU_CORE_VCPU_INTERNAL_H

#include <axvcpu/backend.h>
#include <stdatomic.h>

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
	_Atomic uint32_t word;
	uint32_t vm_id;
	uint32_t vcpu_id;
	int32_t favor_phys_cpu;
	uint64_t phys_cpu_set;
	_Atomic int32_t bound_cpu;
	const struct axvcpu_backend *backend;
	axvcpu_hpa_t frame;
	/* The read exit the last run returned, until completed. */
	struct axvcpu_read_completion pending;
	/* The last memory-access exit, until answered by reflect_fault. */
	struct axvcpu_exit last_access;
	/* enum axvcpu_power; see power.c for who moves it. */
	_Atomic uint32_t power;
	/* Parked by the backend's hardware (AXVCPU_POWER_PARKED_IN_RUN). */
	bool parked_in_run;
	_Atomic bool kick;
	_Atomic uint32_t fence;
	_Atomic uint64_t irq[VCPU_IRQ_WORDS];
	_Alignas(16) unsigned char arch[AXVCPU_ARCH_SIZE_MAX];
};

_Static_assert(sizeof(struct axvcpu) <= AXVCPU_FRAME_SIZE,
	       "a vCPU must fit in one HAL frame");

/*
 * Take the vCPU for a short call if its state is in `allowed` (a VCPU_IN
 * mask). Returns 0 and the state in *state, AXVCPU_EBUSY or
 * AXVCPU_EBADSTATE.
 */
int vcpu_word_acquire(struct axvcpu *vcpu, uint32_t allowed,
		      enum axvcpu_state *state);

/* Give the vCPU back, state unchanged (Ready/Blocked may have toggled). */
void vcpu_word_release(struct axvcpu *vcpu);

/* Give the vCPU back in `state`. */
void vcpu_word_release_to(struct axvcpu *vcpu, enum axvcpu_state state);

/* Per-CPU slot access for vcpu.c/run.c (percpu.c owns the storage). */
struct percpu_slot;

/* This CPU's slot if it is enabled for `backend`, else NULL. */
struct percpu_slot *percpu_slot_enabled_for(unsigned cpu,
					    const struct axvcpu_backend *be);

/* The backend's per-CPU state of a slot. */
void *percpu_slot_arch(struct percpu_slot *slot);

/* Count vCPUs bound to the slot's CPU (refuses hardware_disable). */
void percpu_slot_bound_add(struct percpu_slot *slot, int delta);

/* Set the CPU's current vCPU; returns the previous one. */
struct axvcpu *percpu_current_swap(unsigned cpu, struct axvcpu *vcpu);

/* Live HAL users (vCPUs and per-CPU states); re-registration waits for 0. */
void hal_users_add(int delta);

/* Whether a parked vCPU must be held Blocked (wake cannot run it). */
static inline bool vcpu_held_parked(const struct axvcpu *vcpu)
{
	return atomic_load_explicit(&((struct axvcpu *)vcpu)->power,
				    memory_order_seq_cst) == AXVCPU_POWER_OFF &&
	       !vcpu->parked_in_run;
}

/* run's power bookkeeping around an exit (power.c). */
void power_note_entry(struct axvcpu *vcpu);
void power_note_exit(struct axvcpu *vcpu, const struct axvcpu_exit *exit);

/* Forget everything pending from before (reset): reads, kicks, irqs. */
void vcpu_pending_clear(struct axvcpu *vcpu);

/* Value truncated to `width` bytes and extended to `reg_width` bytes. */
uint64_t value_extend(uint64_t value, unsigned width, unsigned reg_width,
		      bool sign_ext);

/* Whether `width` is an access width the API accepts (1, 2, 4 or 8). */
bool value_width_valid(unsigned width);

#endif /* AXVCPU_CORE_VCPU_INTERNAL_H */
