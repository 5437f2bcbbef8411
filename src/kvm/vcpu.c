/* SPDX-License-Identifier: Apache-2.0 */
/* vCPU lifecycle: KVM_CREATE_VCPU + kvm_run mapping, setup, bind/unbind. */
#define _GNU_SOURCE
#include "kvm_internal.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

int kvm_vcpu_create(struct axvcpu *vcpu, const void *config)
{
	const struct axvcpu_kvm_create_config *cfg = config;
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	if (!cfg || !cfg->vm)
		return AXVCPU_EINVAL;
	struct axvcpu_kvm_vm *vm = cfg->vm;
	int fd =
	    ioctl(vm->vm_fd, KVM_CREATE_VCPU, (unsigned long)axvcpu_id(vcpu));
	if (fd < 0)
		return AXVCPU_EHW;
	struct kvm_cpuid2 *cpuid = NULL;
	int err = kvm_vm_cpuid_for(vm, axvcpu_id(vcpu), &cpuid);
	if (!err && ioctl(fd, KVM_SET_CPUID2, cpuid) < 0)
		err = AXVCPU_EHW;
	free(cpuid);
	void *run = MAP_FAILED;
	if (!err) {
		run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE,
			   MAP_SHARED, fd, 0);
		if (run == MAP_FAILED)
			err = AXVCPU_ENOMEM;
	}
	if (err) {
		close(fd);
		return err;
	}
	a->vm = vm;
	a->fd = fd;
	a->run = run;
	a->host_cpu_mask = cfg->host_cpu_mask;
	atomic_store(&a->tid, 0);
	atomic_store(&a->irq_failed, -1);
	atomic_fetch_add(&vm->vcpus, 1);
	return AXVCPU_OK;
}

void kvm_vcpu_destroy(struct axvcpu *vcpu)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	munmap(a->run, a->vm->run_size);
	close(a->fd);
	atomic_fetch_sub(&a->vm->vcpus, 1);
}

int kvm_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root, const void *config)
{
	if (ept_root != 0)
		return AXVCPU_EINVAL; /* KVM owns stage 2: the memslots */
	return kvm_mode_setup(vcpu, entry, config);
}

/* The host CPUs to pin to: the configured set the thread may use. */
static uint64_t vcpu_pin_mask(struct axvcpu *vcpu, const cpu_set_t *allowed)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	uint64_t want =
	    a->host_cpu_mask ? a->host_cpu_mask : axvcpu_phys_cpu_set(vcpu);
	uint64_t mask = 0;
	for (unsigned cpu = 0; cpu < 64; cpu++)
		if ((want >> cpu) & 1 && CPU_ISSET(cpu, allowed))
			mask |= 1ull << cpu;
	return mask;
}

int kvm_vcpu_bind(struct axvcpu *vcpu, void *percpu)
{
	(void)percpu;
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	sigset_t kick;
	sigemptyset(&kick);
	sigaddset(&kick, axvcpu_kvm_kick_signal());
	if (pthread_sigmask(SIG_UNBLOCK, &kick, NULL) != 0 ||
	    sched_getaffinity(0, sizeof(a->saved_affinity),
			      &a->saved_affinity) < 0)
		return AXVCPU_EHW;
	uint64_t mask = vcpu_pin_mask(vcpu, &a->saved_affinity);
	if (mask) {
		cpu_set_t set;
		CPU_ZERO(&set);
		for (unsigned cpu = 0; cpu < 64; cpu++)
			if ((mask >> cpu) & 1)
				CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set) < 0)
			return AXVCPU_EHW;
	}
	a->pinned = mask;
	atomic_store(&a->tid, gettid());
	return AXVCPU_OK;
}

int kvm_vcpu_unbind(struct axvcpu *vcpu, void *percpu)
{
	(void)percpu;
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	if (a->pinned && sched_setaffinity(0, sizeof(a->saved_affinity),
					   &a->saved_affinity) < 0)
		return AXVCPU_EHW;
	a->pinned = 0;
	atomic_store(&a->tid, 0);
	return AXVCPU_OK;
}

uint64_t axvcpu_kvm_vcpu_affinity(const struct axvcpu *vcpu)
{
	if (!vcpu || axvcpu_backend_of(vcpu) != &axvcpu_backend_kvm)
		return 0;
	const struct kvm_vcpu_arch *a = axvcpu_arch_const(vcpu);
	return a->pinned;
}

int axvcpu_kvm_vcpu_fd(const struct axvcpu *vcpu)
{
	if (!vcpu || axvcpu_backend_of(vcpu) != &axvcpu_backend_kvm)
		return -1;
	const struct kvm_vcpu_arch *a = axvcpu_arch_const(vcpu);
	return a->fd;
}
