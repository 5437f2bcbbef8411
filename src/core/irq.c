/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupt queue and kicks: lock-free, so any thread may inject into or
 * kick a running vCPU while its own thread is inside axvcpu_run().
 */
#include "vcpu_internal.h"

int axvcpu_inject_interrupt(struct axvcpu *vcpu, uint64_t vector)
{
	if (!vcpu || vector >= vcpu->backend->vector_count)
		return AXVCPU_EINVAL;
	if (vcpu->backend->vector_valid && !vcpu->backend->vector_valid(vector))
		return AXVCPU_EUNSUPPORTED;
	if (axvcpu_state(vcpu) == AXVCPU_STATE_CREATED)
		return AXVCPU_EBADSTATE;
	atomic_fetch_or(&vcpu->entry.irq[vector / 64],
			(uint64_t)1 << (vector % 64));
	/*
	 * Ordered after the bit: see axvcpu_run()'s Halt path, which stores
	 * Blocked and then looks at the bits. Store-then-load on both sides
	 * needs seq_cst loads (an acquire one may be satisfied early).
	 */
	enum axvcpu_state state = (enum axvcpu_state)(atomic_load(&vcpu->word) &
						      VCPU_WORD_STATE_MASK);
	if (state == AXVCPU_STATE_BLOCKED)
		axvcpu_wake(vcpu);
	else if (state == AXVCPU_STATE_RUNNING && vcpu->backend->kick)
		vcpu->backend->kick(vcpu);
	return AXVCPU_OK;
}

int axvcpu_kick(struct axvcpu *vcpu)
{
	if (!vcpu)
		return AXVCPU_EINVAL;
	if (axvcpu_state(vcpu) == AXVCPU_STATE_CREATED)
		return AXVCPU_EBADSTATE;
	atomic_store(&vcpu->entry.kick, 1u);
	if (axvcpu_state(vcpu) == AXVCPU_STATE_RUNNING && vcpu->backend->kick)
		vcpu->backend->kick(vcpu);
	return AXVCPU_OK;
}

/* Both takes run on every entry: a load first, so no write when empty. */
bool axvcpu_kick_take(struct axvcpu *vcpu)
{
	return atomic_load(&vcpu->entry.kick) &&
	       atomic_exchange(&vcpu->entry.kick, 0u);
}

bool axvcpu_kick_pending(const struct axvcpu *vcpu)
{
	return atomic_load(&((struct axvcpu *)vcpu)->entry.kick) != 0;
}

int64_t axvcpu_irq_first_pending(const struct axvcpu *vcpu)
{
	struct axvcpu *v = (struct axvcpu *)vcpu;
	for (unsigned w = 0; w < VCPU_IRQ_WORDS; w++) {
		uint64_t bits = atomic_load(&v->entry.irq[w]);
		if (bits)
			return (int64_t)(w * 64u +
					 (unsigned)__builtin_ctzll(bits));
	}
	return -1;
}

uint64_t axvcpu_irq_pending_word(const struct axvcpu *vcpu, unsigned word)
{
	if (word >= VCPU_IRQ_WORDS)
		return 0;
	return atomic_load(&((struct axvcpu *)vcpu)->entry.irq[word]);
}

bool axvcpu_irq_is_pending(const struct axvcpu *vcpu, uint64_t vector)
{
	if (vector >= AXVCPU_MAX_VECTORS)
		return false;
	struct axvcpu *v = (struct axvcpu *)vcpu;
	return (atomic_load(&v->entry.irq[vector / 64]) >> (vector % 64)) & 1;
}

bool axvcpu_irq_clear(struct axvcpu *vcpu, uint64_t vector)
{
	if (vector >= AXVCPU_MAX_VECTORS)
		return false;
	uint64_t bit = (uint64_t)1 << (vector % 64);
	return atomic_fetch_and(&vcpu->entry.irq[vector / 64], ~bit) & bit;
}

int axvcpu_request_fence(struct axvcpu *vcpu, uint32_t kinds)
{
	const uint32_t known =
	    AXVCPU_FENCE_ICACHE | AXVCPU_FENCE_TLB | AXVCPU_FENCE_STAGE2;
	if (!vcpu || !kinds || (kinds & ~known))
		return AXVCPU_EINVAL;
	if (axvcpu_state(vcpu) == AXVCPU_STATE_CREATED)
		return AXVCPU_EBADSTATE;
	atomic_fetch_or(&vcpu->entry.fence, kinds);
	/* Interrupt, not cancel: the backend fences and re-enters. */
	if (axvcpu_state(vcpu) == AXVCPU_STATE_RUNNING && vcpu->backend->kick)
		vcpu->backend->kick(vcpu);
	return AXVCPU_OK;
}

bool axvcpu_fence_pending(const struct axvcpu *vcpu)
{
	return vcpu && atomic_load(&((struct axvcpu *)vcpu)->entry.fence) != 0;
}

uint32_t axvcpu_fence_take(struct axvcpu *vcpu)
{
	return atomic_load(&vcpu->entry.fence)
		   ? (uint32_t)atomic_exchange(&vcpu->entry.fence, 0)
		   : 0;
}
