/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-"CPU" (per-thread, with the hosted HAL) enable: check that /dev/kvm
 * is usable and install the kick signal handler.
 */
#include "kvm_internal.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

bool axvcpu_kvm_available(const char **why)
{
	const char *reason = NULL;
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		reason = "/dev/kvm cannot be opened";
	else if (ioctl(fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		reason = "KVM API version is not 12";
	else if ((ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS) &
		  KVM_SYNC_MASK) != KVM_SYNC_MASK)
		reason = "KVM lacks KVM_CAP_SYNC_REGS";
	else if (ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_IMMEDIATE_EXIT) <= 0)
		reason = "KVM lacks KVM_CAP_IMMEDIATE_EXIT";
	if (fd >= 0)
		close(fd);
	if (why)
		*why = reason;
	return reason == NULL;
}

int kvm_percpu_enable(void *percpu)
{
	(void)percpu;
	if (!axvcpu_kvm_available(NULL))
		return AXVCPU_EHW;
	return kvm_kick_install();
}

int kvm_percpu_disable(void *percpu)
{
	(void)percpu;
	return AXVCPU_OK;
}

unsigned kvm_percpu_levels(void *percpu)
{
	(void)percpu;
	return 4; /* KVM's own stage 2; guests here use 4-level paging */
}
