/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file platform/common/lock.h
 * The spinlock of the bare-metal platforms: a test-and-set word, for the
 * few structures their CPUs share (console, frame pool, test plans).
 */
#ifndef HV_COMMON_LOCK_H
#define HV_COMMON_LOCK_H

/** A spinlock; zero-initialised means free. */
struct hv_lock {
	volatile int held; /**< 1 while a CPU holds it */
};

/** Take `l`, spinning until it is free (acquire ordering). */
void hv_lock(struct hv_lock *l);

/** Give `l` back (release ordering). */
void hv_unlock(struct hv_lock *l);

#endif /* HV_COMMON_LOCK_H */
