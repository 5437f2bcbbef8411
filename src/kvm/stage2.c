/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The kvm backend's stage 2: KVM owns the tables, so an address space is
 * the VM's memory slots. A map is one slot whose userspace_addr is the
 * HAL's phys_to_virt of the host-physical address (the hosted HAL is the
 * identity), read-only without WRITE (READ is required; EXEC cannot be
 * expressed, KVM memory is always executable). An unmap deletes the slots
 * it covers and re-creates the pieces left on either side; the free slot
 * numbers those need are counted first (ENOMEM, nothing changed). The core
 * has checked every argument and holds the address space.
 */
#include "kvm_internal.h"

#include <string.h>

/* Guest physical-address width when KVM's CPUID does not say. */
#define KVM_S2_GPA_BITS_DEFAULT 36u

static unsigned kvm_s2_gpa_bits(const struct axvcpu_kvm_vm *vm)
{
	const struct kvm_cpuid2 *c = vm->cpuid;
	for (uint32_t i = 0; c && i < c->nent; i++)
		if (c->entries[i].function == 0x80000008u &&
		    (c->entries[i].eax & 0xff) >= 32)
			return c->entries[i].eax & 0xff;
	return KVM_S2_GPA_BITS_DEFAULT;
}

static int kvm_s2_create(const struct axvcpu_stage2_config *cfg, void **priv,
			 unsigned *size_bits)
{
	struct axvcpu_kvm_vm *vm = cfg->backend_vm;
	if (!vm)
		return AXVCPU_EINVAL;
	pthread_mutex_lock(&vm->lock);
	bool taken = vm->stage2;
	vm->stage2 = true;
	pthread_mutex_unlock(&vm->lock);
	if (taken)
		return AXVCPU_EINVAL;
	*priv = vm;
	*size_bits = kvm_s2_gpa_bits(vm);
	return AXVCPU_OK;
}

static void kvm_s2_destroy(void *priv)
{
	struct axvcpu_kvm_vm *vm = priv;
	pthread_mutex_lock(&vm->lock);
	for (unsigned i = 0; i < AXVCPU_KVM_MEM_SLOTS_MAX; i++) {
		struct kvm_mem_slot *s = &vm->slots[i];
		if (s->used && s->s2_perm &&
		    kvm_mem_region_set(vm, i, s, 0) == AXVCPU_OK)
			memset(s, 0, sizeof(*s));
	}
	vm->stage2 = false;
	pthread_mutex_unlock(&vm->lock);
}

static int kvm_s2_map(void *priv, axvcpu_gpa_t gpa, axvcpu_hpa_t hpa,
		      uint64_t size, uint32_t perm)
{
	struct axvcpu_kvm_vm *vm = priv;
	if (!(perm & AXVCPU_STAGE2_READ) || size > SIZE_MAX)
		return AXVCPU_EINVAL;
	void *host = axvcpu_hal_get()->phys_to_virt(hpa);
	if (!host)
		return AXVCPU_EINVAL;
	uint32_t flags =
	    (perm & AXVCPU_STAGE2_WRITE) ? 0 : AXVCPU_KVM_MEM_READONLY;
	return kvm_mem_add(vm, gpa, host, (size_t)size, flags, false, perm);
}

static bool kvm_s2_overlaps(const struct kvm_mem_slot *s, axvcpu_gpa_t gpa,
			    uint64_t end)
{
	return s->used && s->gpa < end && gpa < s->gpa + s->size;
}

/* Re-create what is left of `old` outside [gpa, end) in slot `at` (and
 * `spare` for a second piece). */
static int kvm_s2_pieces(struct axvcpu_kvm_vm *vm,
			 const struct kvm_mem_slot *old, unsigned at,
			 unsigned *spare, axvcpu_gpa_t gpa, uint64_t end)
{
	struct kvm_mem_slot piece[2];
	unsigned n = 0;
	uint64_t old_end = old->gpa + old->size;
	if (old->gpa < gpa) {
		piece[n] = *old;
		piece[n++].size = gpa - old->gpa;
	}
	if (old_end > end) {
		piece[n] = *old;
		piece[n].gpa = end;
		piece[n].host = (char *)old->host + (end - old->gpa);
		piece[n++].size = old_end - end;
	}
	for (unsigned i = 0; i < n; i++) {
		unsigned slot = at;
		if (i) {
			while (vm->slots[*spare].used)
				++*spare;
			slot = *spare;
		}
		int err =
		    kvm_mem_region_set(vm, slot, &piece[i], piece[i].size);
		if (err)
			return err;
		vm->slots[slot] = piece[i];
	}
	return AXVCPU_OK;
}

static int kvm_s2_unmap(void *priv, axvcpu_gpa_t gpa, uint64_t size)
{
	struct axvcpu_kvm_vm *vm = priv;
	uint64_t end = gpa + size;
	int err = AXVCPU_OK;
	pthread_mutex_lock(&vm->lock);
	/* Check and count first: only stage-2 slots, enough free ones. */
	unsigned free_slots = 0, needed = 0;
	for (unsigned i = 0; i < AXVCPU_KVM_MEM_SLOTS_MAX; i++) {
		const struct kvm_mem_slot *s = &vm->slots[i];
		if (!s->used) {
			free_slots++;
		} else if (kvm_s2_overlaps(s, gpa, end)) {
			if (!s->s2_perm)
				err = AXVCPU_EINVAL;
			/* Cut out of the middle: the slot's number holds
			 * one piece, the other needs a new one. */
			needed += s->gpa < gpa && s->gpa + s->size > end;
		}
	}
	if (!err && needed > free_slots)
		err = AXVCPU_ENOMEM;
	unsigned spare = 0;
	for (unsigned i = 0; !err && i < AXVCPU_KVM_MEM_SLOTS_MAX; i++) {
		struct kvm_mem_slot old = vm->slots[i];
		if (!kvm_s2_overlaps(&old, gpa, end))
			continue;
		err = kvm_mem_region_set(vm, i, &old, 0);
		if (err)
			break;
		memset(&vm->slots[i], 0, sizeof(vm->slots[i]));
		err = kvm_s2_pieces(vm, &old, i, &spare, gpa, end);
		/* KVM refusing a piece of what it had: put the slot back as
		 * it was, if it lets us. */
		if (err && !vm->slots[i].used &&
		    !kvm_mem_region_set(vm, i, &old, old.size))
			vm->slots[i] = old;
	}
	pthread_mutex_unlock(&vm->lock);
	return err;
}

static int kvm_s2_lookup(void *priv, axvcpu_gpa_t gpa, axvcpu_hpa_t *hpa,
			 uint32_t *perm, uint64_t *leaf_size)
{
	struct axvcpu_kvm_vm *vm = priv;
	int err = AXVCPU_ENOTFOUND;
	pthread_mutex_lock(&vm->lock);
	for (unsigned i = 0; i < AXVCPU_KVM_MEM_SLOTS_MAX; i++) {
		const struct kvm_mem_slot *s = &vm->slots[i];
		if (!s->used || gpa < s->gpa || gpa - s->gpa >= s->size)
			continue;
		*hpa = axvcpu_hal_get()->virt_to_phys((char *)s->host +
						      (gpa - s->gpa));
		*perm = s->s2_perm ? s->s2_perm
				   : AXVCPU_STAGE2_READ | AXVCPU_STAGE2_EXEC |
					 ((s->flags & AXVCPU_KVM_MEM_READONLY)
					      ? 0
					      : AXVCPU_STAGE2_WRITE);
		*leaf_size = AXVCPU_FRAME_SIZE;
		err = AXVCPU_OK;
		break;
	}
	pthread_mutex_unlock(&vm->lock);
	return err;
}

const struct axvcpu_stage2_ops kvm_stage2_ops = {
	.create = kvm_s2_create,
	.destroy = kvm_s2_destroy,
	.map = kvm_s2_map,
	.unmap = kvm_s2_unmap,
	.lookup = kvm_s2_lookup,
};
