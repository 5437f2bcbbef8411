/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The state word: atomic compare-and-swap transitions. A refused call never
 * writes the word, so a wrong call cannot change the state (the Rust crate
 * overwrote it with Invalid).
 */
#include "vcpu_internal.h"

static const char *const state_names[AXVCPU_STATE_COUNT] = {
	[AXVCPU_STATE_CREATED] = "Created", [AXVCPU_STATE_FREE] = "Free",
	[AXVCPU_STATE_READY] = "Ready",     [AXVCPU_STATE_RUNNING] = "Running",
	[AXVCPU_STATE_BLOCKED] = "Blocked",
};

const char *axvcpu_state_name(enum axvcpu_state state)
{
	if ((unsigned)state >= AXVCPU_STATE_COUNT)
		return "Invalid";
	return state_names[state];
}

enum axvcpu_state axvcpu_state(const struct axvcpu *vcpu)
{
	if (!vcpu)
		return AXVCPU_STATE_CREATED;
	uint32_t word = atomic_load_explicit(&((struct axvcpu *)vcpu)->word,
					     memory_order_acquire);
	return (enum axvcpu_state)(word & VCPU_WORD_STATE_MASK);
}

/* Ready <-> Blocked only: these need no backend work. */
int axvcpu_set_state(struct axvcpu *vcpu, enum axvcpu_state state)
{
	if (!vcpu ||
	    (state != AXVCPU_STATE_READY && state != AXVCPU_STATE_BLOCKED))
		return AXVCPU_EINVAL;
	uint32_t word = atomic_load_explicit(&vcpu->word, memory_order_acquire);
	for (;;) {
		uint32_t cur = word & VCPU_WORD_STATE_MASK;
		if (!(VCPU_IN_BOUND & VCPU_IN(cur)))
			return AXVCPU_EBADSTATE;
		if (word & VCPU_WORD_BUSY)
			return AXVCPU_EBUSY;
		if (cur == (uint32_t)state)
			return AXVCPU_OK;
		/* A parked vCPU runs again only through power_on. */
		if (state == AXVCPU_STATE_READY && vcpu_held_parked(vcpu))
			return AXVCPU_EBADSTATE;
		if (atomic_compare_exchange_weak_explicit(
			&vcpu->word, &word, (uint32_t)state,
			memory_order_seq_cst, memory_order_acquire))
			break;
	}
	/* Blocking with an interrupt already queued would lose the wake-up. */
	if (state == AXVCPU_STATE_BLOCKED &&
	    axvcpu_irq_first_pending(vcpu) >= 0)
		axvcpu_wake(vcpu);
	return AXVCPU_OK;
}

int axvcpu_wake(struct axvcpu *vcpu)
{
	if (!vcpu)
		return AXVCPU_EINVAL;
	uint32_t word = atomic_load_explicit(&vcpu->word, memory_order_seq_cst);
	for (;;) {
		uint32_t cur = word & VCPU_WORD_STATE_MASK;
		if (cur == AXVCPU_STATE_READY || cur == AXVCPU_STATE_RUNNING)
			return AXVCPU_OK;
		if (cur != AXVCPU_STATE_BLOCKED)
			return AXVCPU_EBADSTATE;
		/* Parked: only axvcpu_power_on() starts it (its interrupts
		 * stay queued). Not an error for inject, which wakes too. */
		if (vcpu_held_parked(vcpu))
			return AXVCPU_OK;
		/* Keep the BUSY bit: a short call may own the vCPU meanwhile.
		 */
		uint32_t next = (word & VCPU_WORD_BUSY) | AXVCPU_STATE_READY;
		if (atomic_compare_exchange_weak_explicit(
			&vcpu->word, &word, next, memory_order_seq_cst,
			memory_order_seq_cst))
			return AXVCPU_OK;
	}
}
