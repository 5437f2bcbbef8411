/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Power states: parked vCPUs (a guest CPU that is off), starting them, and
 * reset. The power word is separate from the state word so that "is vCPU
 * N on?" is one atomic load from any thread, while the state word keeps
 * its meaning (bound, runnable, halted).
 */
#include "vcpu_internal.h"

static const char *const power_names[] = {
	[AXVCPU_POWER_ON] = "On",
	[AXVCPU_POWER_OFF] = "Off",
	[AXVCPU_POWER_ON_PENDING] = "OnPending",
	[AXVCPU_POWER_OFF_PENDING] = "OffPending",
	[AXVCPU_POWER_SUSPENDED] = "Suspended",
	[5] = 0,
	[AXVCPU_POWER_RESUME_PENDING] = "ResumePending",
};

const char *axvcpu_power_name(enum axvcpu_power power)
{
	unsigned p = (unsigned)power;
	if (p >= sizeof(power_names) / sizeof(power_names[0]) ||
	    !power_names[p])
		return "Invalid";
	return power_names[p];
}

enum axvcpu_power axvcpu_power_state(const struct axvcpu *vcpu)
{
	if (!vcpu)
		return AXVCPU_POWER_OFF;
	struct axvcpu *v = (struct axvcpu *)vcpu;
	uint32_t p = atomic_load(&v->power);
	/* Woken from a suspend but not entered yet: the HSM spec's name. */
	if (p == AXVCPU_POWER_SUSPENDED &&
	    axvcpu_state(vcpu) == AXVCPU_STATE_READY)
		return AXVCPU_POWER_RESUME_PENDING;
	return (enum axvcpu_power)p;
}

void axvcpu_power_started(struct axvcpu *vcpu)
{
	uint32_t off = AXVCPU_POWER_OFF;
	if (vcpu->parked_in_run &&
	    atomic_compare_exchange_strong(&vcpu->power, &off, AXVCPU_POWER_ON))
		vcpu->parked_in_run = false;
}

int axvcpu_power_off(struct axvcpu *vcpu)
{
	if (!vcpu)
		return AXVCPU_EINVAL;
	enum axvcpu_state state;
	int err = vcpu_word_acquire(vcpu, VCPU_IN_SET_UP, &state);
	if (err)
		return err;
	if (atomic_load(&vcpu->power) == AXVCPU_POWER_OFF) {
		vcpu_word_release(vcpu);
		return AXVCPU_OK;
	}
	int how = vcpu->backend->power_off ? vcpu->backend->power_off(vcpu)
					   : AXVCPU_OK;
	if (how < 0) {
		vcpu_word_release(vcpu);
		return how;
	}
	vcpu->parked_in_run = how == AXVCPU_POWER_PARKED_IN_RUN;
	/*
	 * seq_cst, paired with wake's load of the power word: a wake that
	 * read ON before this store may still make the vCPU Ready, so the
	 * state is set Blocked after it, under the BUSY bit (wake keeps
	 * BUSY and only turns Blocked into Ready, never Ready into Blocked).
	 */
	atomic_store(&vcpu->power, AXVCPU_POWER_OFF);
	bool bound = state != AXVCPU_STATE_FREE;
	vcpu_word_release_to(
	    vcpu, bound && !vcpu->parked_in_run   ? AXVCPU_STATE_BLOCKED
		  : state == AXVCPU_STATE_BLOCKED ? AXVCPU_STATE_READY
						  : state);
	return AXVCPU_OK;
}

int axvcpu_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg)
{
	if (!vcpu)
		return AXVCPU_EINVAL;
	enum axvcpu_state state;
	int err = vcpu_word_acquire(vcpu, VCPU_IN_SET_UP, &state);
	if (err)
		return err;
	/* Holding BUSY: a second starter gets EBUSY or sees ON_PENDING. */
	if (atomic_load(&vcpu->power) != AXVCPU_POWER_OFF) {
		vcpu_word_release(vcpu);
		return AXVCPU_EBADSTATE;
	}
	err = vcpu->backend->power_on
		  ? vcpu->backend->power_on(vcpu, entry, arg)
		  : vcpu->backend->set_entry(vcpu, entry);
	if (err) {
		vcpu_word_release(vcpu);
		return err;
	}
	/* A fresh start answers nothing from before it was parked. */
	vcpu->pending.kind = AXVCPU_READ_NONE;
	vcpu->last_access.reason = AXVCPU_EXIT_NOTHING;
	vcpu->parked_in_run = false;
	atomic_store(&vcpu->power, AXVCPU_POWER_ON_PENDING);
	vcpu_word_release_to(
	    vcpu, state == AXVCPU_STATE_BLOCKED ? AXVCPU_STATE_READY : state);
	return AXVCPU_OK;
}

void vcpu_pending_clear(struct axvcpu *vcpu)
{
	vcpu->pending.kind = AXVCPU_READ_NONE;
	vcpu->last_access.reason = AXVCPU_EXIT_NOTHING;
	atomic_store(&vcpu->entry.kick, 0u);
	atomic_store(&vcpu->entry.fence, 0);
	for (unsigned w = 0; w < VCPU_IRQ_WORDS; w++)
		atomic_store(&vcpu->entry.irq[w], 0);
}

int axvcpu_reset(struct axvcpu *vcpu)
{
	if (!vcpu)
		return AXVCPU_EINVAL;
	if (!vcpu->backend->reset)
		return AXVCPU_EUNSUPPORTED;
	enum axvcpu_state state;
	int err = vcpu_word_acquire(vcpu, VCPU_IN_SET_UP, &state);
	if (err)
		return err;
	err = vcpu->backend->reset(vcpu);
	if (err) {
		vcpu_word_release(vcpu);
		return err;
	}
	vcpu_pending_clear(vcpu);
	vcpu->parked_in_run = false;
	atomic_store(&vcpu->power, AXVCPU_POWER_ON);
	vcpu_word_release_to(
	    vcpu, state == AXVCPU_STATE_BLOCKED ? AXVCPU_STATE_READY : state);
	return AXVCPU_OK;
}

int axvcpu_set_return_error(struct axvcpu *vcpu, int err)
{
	if (!vcpu || err >= 0)
		return AXVCPU_EINVAL;
	if (!vcpu->backend->set_return_error)
		return AXVCPU_EUNSUPPORTED;
	enum axvcpu_state state;
	int e = vcpu_word_acquire(vcpu, VCPU_IN_SET_UP, &state);
	if (e)
		return e;
	e = vcpu->backend->set_return_error(vcpu, err);
	vcpu_word_release(vcpu);
	return e;
}
