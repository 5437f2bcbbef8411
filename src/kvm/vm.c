/* SPDX-License-Identifier: Apache-2.0 */
/* The KVM VM object: VM fd, in-kernel devices, MSR exits, CPUID. */
#include "kvm_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define KVM_VM_FLAGS_ALL                                                       \
	(AXVCPU_KVM_VM_IRQCHIP | AXVCPU_KVM_VM_PIT | AXVCPU_KVM_VM_USER_MSRS | \
	 AXVCPU_KVM_VM_NO_HYPERCALL_PORT)

static int kvm_vm_check(int kvm_fd, long cap)
{
	int r = ioctl(kvm_fd, KVM_CHECK_EXTENSION, cap);
	return r < 0 ? 0 : r;
}

static int kvm_vm_enable_cap(int vm_fd, uint32_t cap, uint64_t arg0)
{
	struct kvm_enable_cap ec;
	memset(&ec, 0, sizeof(ec));
	ec.cap = cap;
	ec.args[0] = arg0;
	return ioctl(vm_fd, KVM_ENABLE_CAP, &ec) < 0 ? AXVCPU_EHW : AXVCPU_OK;
}

/* Deny (and so send to user space) every access to the listed MSRs. */
static int kvm_vm_msr_filter(int vm_fd, const struct axvcpu_kvm_vm_config *c)
{
	/*
	 * One MSR per range, its bit clear. KVM copies the bitmap in whole
	 * longs (BITS_TO_LONGS(nmsrs) * sizeof(long)): a one-byte bitmap
	 * had it read 7 bytes past the object.
	 */
	static const uint64_t deny;
	struct kvm_msr_filter f;
	memset(&f, 0, sizeof(f));
	f.flags = KVM_MSR_FILTER_DEFAULT_ALLOW;
	for (uint32_t i = 0; i < c->trap_msr_count; i++) {
		f.ranges[i].flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE;
		f.ranges[i].nmsrs = 1;
		f.ranges[i].base = c->trap_msrs[i];
		f.ranges[i].bitmap = (uint8_t *)&deny;
	}
	return ioctl(vm_fd, KVM_X86_SET_MSR_FILTER, &f) < 0 ? AXVCPU_EHW
							    : AXVCPU_OK;
}

/*
 * KVM_GET_SUPPORTED_CPUID costs ~0.25 ms here and never changes while the
 * process runs: fetch it once for every VM. The once routine opens its own
 * /dev/kvm: handing it the first caller's fd through a global was a data
 * race between threads creating their first VMs at the same time.
 */
static pthread_once_t kvm_cpuid_once = PTHREAD_ONCE_INIT;
static struct kvm_cpuid2 *kvm_cpuid_cache;

static void kvm_vm_cpuid_fetch_once(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	for (uint32_t n = 128; n <= 4096; n *= 2) {
		struct kvm_cpuid2 *c =
		    calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
		if (!c)
			break;
		c->nent = n;
		if (ioctl(fd, KVM_GET_SUPPORTED_CPUID, c) == 0) {
			kvm_cpuid_cache = c;
			break;
		}
		int e = errno;
		free(c);
		if (e != E2BIG)
			break;
	}
	close(fd);
}

static int kvm_vm_cpuid_fetch(struct axvcpu_kvm_vm *vm)
{
	pthread_once(&kvm_cpuid_once, kvm_vm_cpuid_fetch_once);
	vm->cpuid = kvm_cpuid_cache;
	return vm->cpuid ? AXVCPU_OK : AXVCPU_EHW;
}

int kvm_vm_cpuid_for(struct axvcpu_kvm_vm *vm, uint32_t apic_id,
		     struct kvm_cpuid2 **out)
{
	size_t size = sizeof(*vm->cpuid) +
		      vm->cpuid->nent * sizeof(vm->cpuid->entries[0]);
	struct kvm_cpuid2 *c = malloc(size);
	if (!c)
		return AXVCPU_ENOMEM;
	memcpy(c, vm->cpuid, size);
	/* The guest learns its APIC id from leaf 1 (and 0xb's x2APIC id). */
	for (uint32_t i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];
		if (e->function == 1)
			e->ebx = (e->ebx & 0x00ffffffu) | (apic_id << 24);
		else if (e->function == 0xb)
			e->edx = apic_id;
	}
	*out = c;
	return AXVCPU_OK;
}

static int kvm_vm_devices(struct axvcpu_kvm_vm *vm,
			  const struct axvcpu_kvm_vm_config *cfg)
{
	uint64_t tss = cfg->tss_addr ? cfg->tss_addr : AXVCPU_KVM_TSS_ADDR;
	/* Only VMX needs it (real mode without unrestricted guest). */
	if (kvm_vm_check(vm->kvm_fd, KVM_CAP_SET_TSS_ADDR) &&
	    ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, (unsigned long)tss) < 0)
		return AXVCPU_EHW;
	/* Created later, by kvm_vm_devices_make(); refused now if absent. */
	if (cfg->flags & AXVCPU_KVM_VM_IRQCHIP) {
		if (!kvm_vm_check(vm->kvm_fd, KVM_CAP_IRQCHIP))
			return AXVCPU_EUNSUPPORTED;
		vm->irqchip = true;
	}
	if ((cfg->flags & AXVCPU_KVM_VM_PIT) &&
	    !kvm_vm_check(vm->kvm_fd, KVM_CAP_PIT2))
		return AXVCPU_EUNSUPPORTED;
	if (cfg->flags & AXVCPU_KVM_VM_USER_MSRS) {
		if (!kvm_vm_check(vm->kvm_fd, KVM_CAP_X86_USER_SPACE_MSR))
			return AXVCPU_EUNSUPPORTED;
		int err = kvm_vm_enable_cap(
		    vm->vm_fd, KVM_CAP_X86_USER_SPACE_MSR,
		    KVM_MSR_EXIT_REASON_INVAL | KVM_MSR_EXIT_REASON_UNKNOWN |
			KVM_MSR_EXIT_REASON_FILTER);
		if (err)
			return err;
		if (cfg->trap_msr_count) {
			if (!kvm_vm_check(vm->kvm_fd, KVM_CAP_X86_MSR_FILTER))
				return AXVCPU_EUNSUPPORTED;
			err = kvm_vm_msr_filter(vm->vm_fd, cfg);
			if (err)
				return err;
		}
	}
	/* Guest hypercalls KVM forwards (e.g. MAP_GPA_RANGE), if offered. */
	int hc = kvm_vm_check(vm->kvm_fd, KVM_CAP_EXIT_HYPERCALL);
	if (hc > 0)
		(void)kvm_vm_enable_cap(vm->vm_fd, KVM_CAP_EXIT_HYPERCALL,
					(uint64_t)hc);
	return AXVCPU_OK;
}

/*
 * The in-kernel irqchip and PIT, made once, just before the first vCPU
 * (KVM wants the irqchip before any vCPU) or the first call that needs
 * them. Not at VM creation: creating them starts an SRCU grace period in
 * the kernel (several ms here, whole jiffies), and every memory slot
 * added meanwhile waited for it; slots mapped before the first vCPU now
 * cost ~50 us instead of ~8 ms.
 */
int kvm_vm_devices_make(struct axvcpu_kvm_vm *vm)
{
	pthread_mutex_lock(&vm->lock);
	int err = vm->devices_err;
	if (!vm->devices_made) {
		vm->devices_made = true;
		if (vm->irqchip && ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0)
			err = AXVCPU_EHW;
		struct kvm_pit_config pit;
		memset(&pit, 0, sizeof(pit));
		if (!err && (vm->flags & AXVCPU_KVM_VM_PIT) &&
		    ioctl(vm->vm_fd, KVM_CREATE_PIT2, &pit) < 0)
			err = AXVCPU_EHW;
		vm->devices_err = err;
	}
	pthread_mutex_unlock(&vm->lock);
	return err;
}

static int kvm_vm_open(struct axvcpu_kvm_vm *vm)
{
	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0)
		return AXVCPU_EHW;
	if (ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		return AXVCPU_EUNSUPPORTED;
	int sync = kvm_vm_check(vm->kvm_fd, KVM_CAP_SYNC_REGS);
	if ((sync & KVM_SYNC_MASK) != KVM_SYNC_MASK ||
	    !kvm_vm_check(vm->kvm_fd, KVM_CAP_IMMEDIATE_EXIT))
		return AXVCPU_EUNSUPPORTED;
	int size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(struct kvm_run))
		return AXVCPU_EHW;
	vm->run_size = (size_t)size;
	vm->readonly_mem = kvm_vm_check(vm->kvm_fd, KVM_CAP_READONLY_MEM);
	vm->signal_msi = kvm_vm_check(vm->kvm_fd, KVM_CAP_SIGNAL_MSI);
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	return vm->vm_fd < 0 ? AXVCPU_EHW : AXVCPU_OK;
}

static void kvm_vm_free(struct axvcpu_kvm_vm *vm)
{
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	pthread_mutex_destroy(&vm->lock);
	free(vm);
}

int axvcpu_kvm_vm_create(const struct axvcpu_kvm_vm_config *cfg,
			 struct axvcpu_kvm_vm **out)
{
	if (out)
		*out = NULL;
	if (!cfg || !out || cfg->reserved ||
	    (cfg->flags & ~(uint32_t)KVM_VM_FLAGS_ALL) ||
	    ((cfg->flags & AXVCPU_KVM_VM_PIT) &&
	     !(cfg->flags & AXVCPU_KVM_VM_IRQCHIP)) ||
	    cfg->trap_msr_count > AXVCPU_KVM_TRAP_MSRS_MAX ||
	    (cfg->trap_msr_count && !(cfg->flags & AXVCPU_KVM_VM_USER_MSRS)))
		return AXVCPU_EINVAL;
	struct axvcpu_kvm_vm *vm = calloc(1, sizeof(*vm));
	if (!vm)
		return AXVCPU_ENOMEM;
	vm->kvm_fd = vm->vm_fd = -1;
	pthread_mutex_init(&vm->lock, NULL);
	vm->flags = cfg->flags;
	vm->hypercall_port = cfg->hypercall_port ? cfg->hypercall_port
						 : AXVCPU_KVM_HYPERCALL_PORT;
	int err = kvm_vm_open(vm);
	if (!err)
		err = kvm_vm_devices(vm, cfg);
	if (!err)
		err = kvm_vm_cpuid_fetch(vm);
	if (err) {
		kvm_vm_free(vm);
		return err;
	}
	*out = vm;
	return AXVCPU_OK;
}

int axvcpu_kvm_vm_destroy(struct axvcpu_kvm_vm *vm)
{
	if (!vm)
		return AXVCPU_EINVAL;
	if (atomic_load(&vm->vcpus) != 0)
		return AXVCPU_EBUSY;
	pthread_mutex_lock(&vm->lock);
	bool s2 = vm->stage2;
	pthread_mutex_unlock(&vm->lock);
	if (s2)
		return AXVCPU_EBUSY;
	/* Closing the VM fd drops KVM's references to the memory first. */
	close(vm->vm_fd);
	vm->vm_fd = -1;
	for (unsigned i = 0; i < AXVCPU_KVM_MEM_SLOTS_MAX; i++)
		if (vm->slots[i].used && vm->slots[i].owned)
			kvm_mem_release(&vm->slots[i]);
	kvm_vm_free(vm);
	return AXVCPU_OK;
}

int axvcpu_kvm_vm_irq_line(struct axvcpu_kvm_vm *vm, uint32_t gsi, bool level)
{
	if (!vm)
		return AXVCPU_EINVAL;
	if (!vm->irqchip)
		return AXVCPU_EBADSTATE;
	int err = kvm_vm_devices_make(vm);
	if (err)
		return err;
	struct kvm_irq_level l;
	memset(&l, 0, sizeof(l));
	l.irq = gsi;
	l.level = level ? 1 : 0;
	return ioctl(vm->vm_fd, KVM_IRQ_LINE, &l) < 0 ? AXVCPU_EHW : AXVCPU_OK;
}

bool axvcpu_kvm_vm_has_irqchip(const struct axvcpu_kvm_vm *vm)
{
	return vm && vm->irqchip;
}

int axvcpu_kvm_vm_fd(const struct axvcpu_kvm_vm *vm)
{
	return vm ? vm->vm_fd : -1;
}
