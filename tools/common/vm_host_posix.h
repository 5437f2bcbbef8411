/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file tools/common/vm_host_posix.h
 * The host services of the VM object (struct vmm_vm_host) that every
 * Linux program needs the same way: a monotonic clock and, per vCPU
 * thread, a sleep that notify() ends (a mutex and a condition variable on
 * CLOCK_MONOTONIC). axvcpu-run and the kvm conformance test use it; the
 * program adds its own console, log and reset members.
 */
#ifndef AXVCPU_TOOLS_VM_HOST_POSIX_H
#define AXVCPU_TOOLS_VM_HOST_POSIX_H

#include "vmm/vm.h"

#include <pthread.h>

/** One vCPU thread's sleep. */
struct vm_host_posix_slot {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/** A notify() no wait() has consumed yet. */
	bool notified;
};

/** The state behind the services; the members' `ctx` points here. */
struct vm_host_posix {
	struct vm_host_posix_slot slot[VMM_VM_MAX_VCPUS];
	/** The program's own context (vm_host_posix_user()). */
	void *user;
};

/**
 * Initialise `p` and fill `host`'s ctx, now (nanoseconds), wait, notify
 * and relax; the other members are left as they are.
 * @return 0, or AXVCPU_EHW if a mutex or condition cannot be made.
 */
int vm_host_posix_init(struct vm_host_posix *p, void *user,
		       struct vmm_vm_host *host);

/** Release what vm_host_posix_init() made (no thread may wait). */
void vm_host_posix_fini(struct vm_host_posix *p);

/** The `user` given to vm_host_posix_init(), from a member's ctx. */
void *vm_host_posix_user(void *ctx);

/** CLOCK_MONOTONIC in nanoseconds (the now() of these services). */
uint64_t vm_host_posix_now(void);

#endif /* AXVCPU_TOOLS_VM_HOST_POSIX_H */
