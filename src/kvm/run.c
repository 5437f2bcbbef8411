/* SPDX-License-Identifier: Apache-2.0 */
/* The run loop: enter KVM until an exit the VM layer must see. */
#include "kvm_internal.h"

#include <errno.h>
#include <sys/ioctl.h>

static void run_cancelled(struct kvm_run *run, struct axvcpu_exit *exit)
{
	__atomic_store_n(&run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	exit->reason = AXVCPU_EXIT_CANCELLED;
}

int kvm_run_vcpu(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *exit)
{
	(void)percpu;
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_run *run = a->run;
	if (!kvm_vcpu_on_owner(a))
		return AXVCPU_EWRONGCPU; /* kicks could not reach this thread */
	/* The rest of a string I/O access, one element per exit. */
	if (a->io_active) {
		kvm_exit_io_next(vcpu, exit);
		return AXVCPU_OK;
	}
	/* The rest of a split MMIO access, one piece per exit. */
	if (a->mmio_active) {
		kvm_exit_mmio_next(vcpu, exit);
		return AXVCPU_OK;
	}
	for (;;) {
		/*
		 * KVM keeps guest TLBs coherent itself (x86 guests shoot down
		 * with IPIs): a fence request needs no work, only to be taken
		 * so that axvcpu_fence_pending() turns false.
		 */
		(void)axvcpu_fence_take(vcpu);
		if (axvcpu_kick_take(vcpu)) {
			run_cancelled(run, exit);
			return AXVCPU_OK;
		}
		if (kvm_irq_prepare(vcpu, exit))
			return AXVCPU_OK;
		run->kvm_valid_regs = KVM_SYNC_MASK;
		if (ioctl(a->fd, KVM_RUN, 0) < 0) {
			if (errno != EINTR && errno != EAGAIN) {
				kvm_exit_internal(
				    exit, AXVCPU_KVM_INTERNAL_RUN_FAILED,
				    (uint64_t)errno, 0);
				return AXVCPU_OK;
			}
			/*
			 * A kick sets its flag before immediate_exit, so
			 * clearing immediate_exit and then checking the flag
			 * at the top cannot lose one.
			 */
			__atomic_store_n(&run->immediate_exit, 0,
					 __ATOMIC_SEQ_CST);
			continue;
		}
		if (a->parked)
			kvm_power_check_started(vcpu);
		if (kvm_exit_decode(vcpu, exit))
			return AXVCPU_OK;
	}
}
