/* SPDX-License-Identifier: Apache-2.0 */
/* The registered HAL: copied once, replaceable only while nothing uses it. */
#include "hal_internal.h"
#include "vcpu_internal.h"

enum { HAL_NONE, HAL_WRITING, HAL_READY };
_Static_assert(HAL_READY == HAL_STATUS_READY, "vcpu_internal.h's hal_fast");

struct axvcpu_hal core_hal_copy;
_Atomic int core_hal_status = HAL_NONE;
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
	       a->send_kick_ipi == b->send_kick_ipi &&
	       a->alloc_frames == b->alloc_frames &&
	       a->dealloc_frames == b->dealloc_frames;
}

int axvcpu_hal_register(const struct axvcpu_hal *hal)
{
	if (!hal || !hal->alloc_frame || !hal->dealloc_frame ||
	    !hal->phys_to_virt || !hal->virt_to_phys || !hal->current_cpu_id ||
	    !hal->alloc_frames != !hal->dealloc_frames)
		return AXVCPU_EINVAL;
#ifdef AXVCPU_HAL_CPU_ID_DIRECT
	/* The run path calls this one directly (hal.h). */
	if (hal->current_cpu_id != AXVCPU_HAL_CPU_ID_DIRECT)
		return AXVCPU_EINVAL;
#endif
	int status = atomic_load(&core_hal_status);
	if (status == HAL_READY && hal_same(&core_hal_copy, hal))
		return AXVCPU_OK;
	if (atomic_load(&hal_users) != 0)
		return AXVCPU_EBUSY;
	if (status == HAL_WRITING ||
	    !atomic_compare_exchange_strong(&core_hal_status, &status,
					    HAL_WRITING))
		return AXVCPU_EBUSY;
	core_hal_copy = *hal;
	atomic_store(&core_hal_status, HAL_READY);
	return AXVCPU_OK;
}

const struct axvcpu_hal *axvcpu_hal_get(void)
{
	return atomic_load_explicit(&core_hal_status, memory_order_acquire) ==
		       HAL_READY
		   ? &core_hal_copy
		   : 0;
}

void hal_users_add(int delta)
{
	atomic_fetch_add(&hal_users, delta);
}

/* One frame of the plain kind when that is all that is asked: the HAL's
 * own free list is cheaper than a contiguous run, and alloc_frames is
 * optional. */
static bool hal_frames_single(size_t count, size_t align)
{
	return count == 1 && align == AXVCPU_FRAME_SIZE;
}

int hal_frames_alloc(size_t count, size_t align, axvcpu_hpa_t *paddr)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!hal)
		return AXVCPU_EBADSTATE;
	if (!count || align < AXVCPU_FRAME_SIZE || (align & (align - 1)))
		return AXVCPU_EINVAL;
	bool ok;
	if (hal_frames_single(count, align))
		ok = hal->alloc_frame(paddr);
	else if (hal->alloc_frames)
		ok = hal->alloc_frames(count, align, paddr);
	else
		return AXVCPU_EUNSUPPORTED;
	/* A HAL breaking its own alignment promise would corrupt tables. */
	if (ok && (*paddr & (align - 1))) {
		hal_frames_free(*paddr, count, align);
		return AXVCPU_ENOMEM;
	}
	return ok ? AXVCPU_OK : AXVCPU_ENOMEM;
}

void hal_frames_free(axvcpu_hpa_t paddr, size_t count, size_t align)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (hal_frames_single(count, align))
		hal->dealloc_frame(paddr);
	else
		hal->dealloc_frames(paddr, count);
}
