/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-physical-CPU state. Each slot is changed only from its own CPU, so
 * the flags need no lock; `current` and the bound count are atomic because
 * other CPUs may read them.
 */
#include "vcpu_internal.h"

struct percpu_slot core_percpu_slots[AXVCPU_MAX_CPUS];

/* The caller's slot, or NULL without a HAL or with a bad CPU id. */
static struct percpu_slot *percpu_slot_here(void)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!hal)
		return 0;
	unsigned cpu = hal->current_cpu_id();
	return cpu < AXVCPU_MAX_CPUS ? &core_percpu_slots[cpu] : 0;
}

static void percpu_zero(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((volatile unsigned char *)p)[i] = 0;
}

int axvcpu_percpu_init(const struct axvcpu_backend *backend)
{
	if (!backend || !backend->percpu_enable || !backend->percpu_disable ||
	    backend->percpu_size > AXVCPU_FRAME_SIZE)
		return AXVCPU_EINVAL;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	struct percpu_slot *slot = percpu_slot_here();
	if (!hal || !slot || atomic_load(&slot->initialised))
		return AXVCPU_EBADSTATE;
	axvcpu_hpa_t frame = 0;
	if (!hal->alloc_frame(&frame))
		return AXVCPU_ENOMEM;
	void *arch = hal->phys_to_virt(frame);
	/* As in axvcpu_create(): a HAL that cannot map the frame must give
	 * ENOMEM, not a write through NULL. */
	if (!arch) {
		hal->dealloc_frame(frame);
		return AXVCPU_ENOMEM;
	}
	percpu_zero(arch, AXVCPU_FRAME_SIZE);
	if (backend->percpu_init) {
		int err = backend->percpu_init(arch, hal->current_cpu_id());
		if (err) {
			hal->dealloc_frame(frame);
			return err;
		}
	}
	slot->backend = backend;
	slot->frame = frame;
	slot->arch = arch;
	hal_users_add(1);
	atomic_store(&slot->initialised, true);
	return AXVCPU_OK;
}

int axvcpu_percpu_hardware_enable(void)
{
	struct percpu_slot *slot = percpu_slot_here();
	if (!slot || !atomic_load(&slot->initialised) ||
	    atomic_load(&slot->enabled))
		return AXVCPU_EBADSTATE;
	int err = slot->backend->percpu_enable(slot->arch);
	if (err)
		return err;
	atomic_store(&slot->enabled, true);
	return AXVCPU_OK;
}

int axvcpu_percpu_hardware_disable(void)
{
	struct percpu_slot *slot = percpu_slot_here();
	if (!slot || !atomic_load(&slot->enabled) ||
	    atomic_load(&slot->bound) != 0)
		return AXVCPU_EBADSTATE;
	int err = slot->backend->percpu_disable(slot->arch);
	if (err)
		return err;
	atomic_store(&slot->enabled, false);
	return AXVCPU_OK;
}

bool axvcpu_percpu_is_enabled(void)
{
	struct percpu_slot *slot = percpu_slot_here();
	return slot && atomic_load(&slot->enabled);
}

int axvcpu_percpu_fini(void)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	struct percpu_slot *slot = percpu_slot_here();
	if (!slot || !atomic_load(&slot->initialised) ||
	    atomic_load(&slot->enabled))
		return AXVCPU_EBADSTATE;
	if (slot->backend->percpu_fini)
		slot->backend->percpu_fini(slot->arch);
	hal->dealloc_frame(slot->frame);
	slot->backend = 0;
	slot->arch = 0;
	atomic_store(&slot->initialised, false);
	hal_users_add(-1);
	return AXVCPU_OK;
}

unsigned axvcpu_percpu_max_guest_page_table_levels(void)
{
	struct percpu_slot *slot = percpu_slot_here();
	if (!slot || !atomic_load(&slot->initialised) ||
	    !slot->backend->max_guest_page_table_levels)
		return 0;
	return slot->backend->max_guest_page_table_levels(slot->arch);
}

struct axvcpu *axvcpu_current(void)
{
	struct percpu_slot *slot = percpu_slot_here();
	return slot ? atomic_load(&slot->current) : 0;
}

void percpu_slot_bound_add(struct percpu_slot *slot, int delta)
{
	atomic_fetch_add(&slot->bound, delta);
}
