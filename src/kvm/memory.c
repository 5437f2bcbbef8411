/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest memory: KVM memslots, and the host address of a guest range. The
 * lower layer of the backend's stage 2 (stage2.c), and the older
 * axvcpu_kvm_vm_*_memory calls, which stay for programs that want KVM's
 * own view (a slot of memory the library allocates).
 */
#include "kvm_internal.h"

#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

static bool kvm_mem_aligned(uint64_t v)
{
	return (v & (uint64_t)(sysconf(_SC_PAGESIZE) - 1)) == 0;
}

int kvm_mem_region_set(struct axvcpu_kvm_vm *vm, unsigned slot,
		       const struct kvm_mem_slot *s, uint64_t size)
{
	struct kvm_userspace_memory_region r;
	memset(&r, 0, sizeof(r));
	r.slot = slot;
	r.flags = (s->flags & AXVCPU_KVM_MEM_READONLY) ? KVM_MEM_READONLY : 0;
	r.guest_phys_addr = s->gpa;
	r.memory_size = size; /* 0 deletes the slot */
	r.userspace_addr = (uint64_t)(uintptr_t)s->host;
	return ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &r) < 0 ? AXVCPU_EHW
								    : AXVCPU_OK;
}

void kvm_mem_release(struct kvm_mem_slot *slot)
{
	munmap(slot->host, slot->size);
	memset(slot, 0, sizeof(*slot));
}

int kvm_mem_add(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa, void *host,
		size_t size, uint32_t flags, bool owned, uint32_t s2_perm)
{
	if (!vm || !host || !size || (flags & ~AXVCPU_KVM_MEM_READONLY) ||
	    !kvm_mem_aligned(gpa) || !kvm_mem_aligned(size) ||
	    !kvm_mem_aligned((uint64_t)(uintptr_t)host) || gpa + size < gpa)
		return AXVCPU_EINVAL;
	if ((flags & AXVCPU_KVM_MEM_READONLY) && !vm->readonly_mem)
		return AXVCPU_EUNSUPPORTED;
	pthread_mutex_lock(&vm->lock);
	int err = AXVCPU_ENOMEM;
	unsigned free_slot = AXVCPU_KVM_MEM_SLOTS_MAX;
	for (unsigned i = 0; i < AXVCPU_KVM_MEM_SLOTS_MAX; i++) {
		const struct kvm_mem_slot *s = &vm->slots[i];
		if (!s->used) {
			if (free_slot == AXVCPU_KVM_MEM_SLOTS_MAX)
				free_slot = i;
		} else if (gpa < s->gpa + s->size && s->gpa < gpa + size) {
			err = AXVCPU_EINVAL;
			free_slot = AXVCPU_KVM_MEM_SLOTS_MAX;
			break;
		}
	}
	if (free_slot < AXVCPU_KVM_MEM_SLOTS_MAX) {
		struct kvm_mem_slot s = {
			.used = true,
			.owned = owned,
			.flags = flags,
			.s2_perm = s2_perm,
			.gpa = gpa,
			.host = host,
			.size = size,
		};
		err = kvm_mem_region_set(vm, free_slot, &s, size);
		if (!err)
			vm->slots[free_slot] = s;
	}
	pthread_mutex_unlock(&vm->lock);
	return err;
}

int axvcpu_kvm_vm_map_memory(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa,
			     void *host, size_t size, uint32_t flags)
{
	return kvm_mem_add(vm, gpa, host, size, flags, false, 0);
}

int axvcpu_kvm_vm_alloc_memory(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa,
			       size_t size, uint32_t flags, void **host)
{
	if (host)
		*host = NULL;
	if (!vm || !size || !kvm_mem_aligned(size))
		return AXVCPU_EINVAL;
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return AXVCPU_ENOMEM;
	int err = kvm_mem_add(vm, gpa, p, size, flags, true, 0);
	if (err) {
		munmap(p, size);
		return err;
	}
	if (host)
		*host = p;
	return AXVCPU_OK;
}

int axvcpu_kvm_vm_unmap_memory(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa)
{
	if (!vm)
		return AXVCPU_EINVAL;
	pthread_mutex_lock(&vm->lock);
	int err = AXVCPU_ENOTFOUND;
	for (unsigned i = 0; i < AXVCPU_KVM_MEM_SLOTS_MAX; i++) {
		struct kvm_mem_slot *s = &vm->slots[i];
		if (!s->used || s->gpa != gpa)
			continue;
		err = kvm_mem_region_set(vm, i, s, 0);
		if (!err) {
			if (s->owned)
				kvm_mem_release(s);
			else
				memset(s, 0, sizeof(*s));
		}
		break;
	}
	pthread_mutex_unlock(&vm->lock);
	return err;
}

void *kvm_mem_lookup(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa, size_t len,
		     bool writable)
{
	if (!vm || gpa + len < gpa)
		return NULL;
	void *hva = NULL;
	pthread_mutex_lock(&vm->lock);
	for (unsigned i = 0; i < AXVCPU_KVM_MEM_SLOTS_MAX; i++) {
		const struct kvm_mem_slot *s = &vm->slots[i];
		if (s->used && gpa >= s->gpa && gpa + len <= s->gpa + s->size) {
			if (!writable || !(s->flags & AXVCPU_KVM_MEM_READONLY))
				hva = (char *)s->host + (gpa - s->gpa);
			break;
		}
	}
	pthread_mutex_unlock(&vm->lock);
	return hva;
}

void *axvcpu_kvm_vm_gpa_to_hva(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa,
			       size_t len)
{
	return kvm_mem_lookup(vm, gpa, len, false);
}
