/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/lock.h
 * A spinlock for the VM layer's short critical sections (one device
 * access, one table update). Freestanding: C11 atomics only, so the same
 * code serves a bare-metal hypervisor (one vCPU per hart) and a Linux VMM
 * (one vCPU per thread, where `relax` should yield the CPU so that a
 * preempted holder gets to run).
 */
#ifndef AXVCPU_VMM_LOCK_H
#define AXVCPU_VMM_LOCK_H

#include <stdatomic.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A spinlock; zero-initialised is unlocked. */
struct vmm_lock {
	/* A word, not a bool: RISC-V swaps words in one instruction, a
	 * byte takes a compare-and-swap loop. */
	atomic_uint held;
};

/**
 * Wait for `l` and take it, calling `relax(ctx)` (if not NULL) between
 * attempts: vmm_lock_take()'s contended path, out of its line.
 */
static __attribute__((noinline, unused)) void
vmm_lock_spin(struct vmm_lock *l, void (*relax)(void *), void *ctx)
{
	for (;;) {
		while (atomic_load_explicit(&l->held, memory_order_relaxed))
			if (relax)
				relax(ctx);
		if (!atomic_exchange_explicit(&l->held, 1u,
					      memory_order_acquire))
			return;
	}
}

/**
 * Take `l`, calling `relax(ctx)` (if not NULL) between attempts. Not
 * recursive. Uncontended, it is one atomic exchange.
 */
static inline void vmm_lock_take(struct vmm_lock *l, void (*relax)(void *),
				 void *ctx)
{
	if (atomic_exchange_explicit(&l->held, 1u, memory_order_acquire))
		vmm_lock_spin(l, relax, ctx);
}

/** Release `l`. */
static inline void vmm_lock_give(struct vmm_lock *l)
{
	atomic_store_explicit(&l->held, 0u, memory_order_release);
}

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_LOCK_H */
