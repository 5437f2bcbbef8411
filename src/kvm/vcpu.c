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
	int made = kvm_vm_devices_make(vm);
	if (made)
		return made;
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
	int err = kvm_mode_setup(vcpu, entry, config);
	if (!err) {
		struct kvm_vcpu_arch *a = kvm_arch(vcpu);
		const struct axvcpu_kvm_setup_config *cfg = config;
		a->boot_entry = entry;
		memset(&a->boot_cfg, 0, sizeof(a->boot_cfg));
		if (cfg)
			a->boot_cfg = *cfg;
	}
	return err;
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

/*
 * Whether the caller is the thread that bound the vCPU. The core lets any
 * thread with the bound CPU id through, but a KVM_RUN from another thread
 * could not be kicked (the signal goes to the binder) and an unbind there
 * would move the wrong thread's affinity. pthread_self() is a TLS read
 * (no syscall per run) and stays right in a forked child.
 */
bool kvm_vcpu_on_owner(const struct kvm_vcpu_arch *a)
{
	return pthread_equal(pthread_self(), a->owner);
}

/*
 * Pins are counted per thread: one thread may have several vCPUs bound.
 * The affinity to give back is the one the thread had before its first
 * pinned bind; keeping it per vCPU restored it while another vCPU was
 * still bound, and an unbind out of bind order left the thread pinned to
 * the mask of a vCPU long gone.
 */
static _Thread_local unsigned pin_depth;
static _Thread_local cpu_set_t pin_saved;

int kvm_vcpu_bind(struct axvcpu *vcpu, void *percpu)
{
	(void)percpu;
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	sigset_t kick;
	sigemptyset(&kick);
	sigaddset(&kick, axvcpu_kvm_kick_signal());
	cpu_set_t now;
	if (pthread_sigmask(SIG_UNBLOCK, &kick, NULL) != 0 ||
	    (pin_depth == 0 && sched_getaffinity(0, sizeof(now), &now) < 0))
		return AXVCPU_EHW;
	/* What the thread may use: its own affinity before any pin. */
	uint64_t mask = vcpu_pin_mask(vcpu, pin_depth ? &pin_saved : &now);
	if (mask) {
		cpu_set_t set;
		CPU_ZERO(&set);
		for (unsigned cpu = 0; cpu < 64; cpu++)
			if ((mask >> cpu) & 1)
				CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set) < 0)
			return AXVCPU_EHW;
		if (pin_depth++ == 0)
			pin_saved = now;
	}
	a->pinned = mask;
	a->owner = pthread_self();
	atomic_store(&a->tid, gettid());
	return AXVCPU_OK;
}

int kvm_vcpu_unbind(struct axvcpu *vcpu, void *percpu)
{
	(void)percpu;
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	if (!kvm_vcpu_on_owner(a))
		return AXVCPU_EWRONGCPU;
	/* The last pinned vCPU of this thread gives its affinity back. */
	if (a->pinned && pin_depth == 1 &&
	    sched_setaffinity(0, sizeof(pin_saved), &pin_saved) < 0)
		return AXVCPU_EHW;
	if (a->pinned)
		pin_depth--;
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
