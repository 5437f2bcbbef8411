/* SPDX-License-Identifier: Apache-2.0 */
/* The registered HAL: copied once, replaceable only while nothing uses it. */
#include "vcpu_internal.h"

enum { HAL_NONE, HAL_WRITING, HAL_READY };

static struct axvcpu_hal hal_copy;
static _Atomic int hal_status = HAL_NONE;
static _Atomic long hal_users;

static bool hal_same(const struct axvcpu_hal *a, const struct axvcpu_hal *b)
{
	return a->alloc_frame == b->alloc_frame &&
	       a->dealloc_frame == b->dealloc_frame &&
	       a->phys_to_virt == b->phys_to_virt &&
	       a->virt_to_phys == b->virt_to_phys &&
	       a->current_cpu_id == b->current_cpu_id &&
	       a->irq_fetch == b->irq_fetch &&
	       a->irq_handler == b->irq_handler &&
	       a->send_kick_ipi == b->send_kick_ipi;
}

int axvcpu_hal_register(const struct axvcpu_hal *hal)
{
	if (!hal || !hal->alloc_frame || !hal->dealloc_frame ||
	    !hal->phys_to_virt || !hal->virt_to_phys || !hal->current_cpu_id)
		return AXVCPU_EINVAL;
	int status = atomic_load(&hal_status);
	if (status == HAL_READY && hal_same(&hal_copy, hal))
		return AXVCPU_OK;
	if (atomic_load(&hal_users) != 0)
		return AXVCPU_EBUSY;
	if (status == HAL_WRITING ||
	    !atomic_compare_exchange_strong(&hal_status, &status, HAL_WRITING))
		return AXVCPU_EBUSY;
	hal_copy = *hal;
	atomic_store(&hal_status, HAL_READY);
	return AXVCPU_OK;
}

const struct axvcpu_hal *axvcpu_hal_get(void)
{
	return atomic_load_explicit(&hal_status, memory_order_acquire) ==
		       HAL_READY
		   ? &hal_copy
		   : 0;
}

void hal_users_add(int delta)
{
	atomic_fetch_add(&hal_users, delta);
}
