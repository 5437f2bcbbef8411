/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Spinlocks: test and test-and-set, so that waiting CPUs spin on a read
 * of their cache line instead of writing it.
 */
#include "platform/common/lock.h"

/* The spin-wait hint where a CPU has one that helps its sibling. */
static inline void lock_relax(void)
{
#if defined(__x86_64__)
	__asm__ volatile("pause");
#endif
}

void hv_lock(struct hv_lock *l)
{
	while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->held, __ATOMIC_RELAXED))
			lock_relax();
}

void hv_unlock(struct hv_lock *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}
