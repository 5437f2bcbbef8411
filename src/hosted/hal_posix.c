/* SPDX-License-Identifier: Apache-2.0 */
/* The hosted HAL: frames from aligned_alloc, one "CPU" per thread. */
#include <axvcpu/error.h>
#include <axvcpu/hosted.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static _Atomic unsigned hosted_next_cpu;
static _Atomic long hosted_frames;
static _Thread_local int hosted_cpu = -1;

static bool hosted_alloc_frame(axvcpu_hpa_t *paddr)
{
	void *p = aligned_alloc(AXVCPU_FRAME_SIZE, AXVCPU_FRAME_SIZE);
	if (!p)
		return false;
	memset(p, 0, AXVCPU_FRAME_SIZE);
	atomic_fetch_add(&hosted_frames, 1);
	*paddr = (axvcpu_hpa_t)(uintptr_t)p;
	return true;
}

static void hosted_dealloc_frame(axvcpu_hpa_t paddr)
{
	atomic_fetch_sub(&hosted_frames, 1);
	free((void *)(uintptr_t)paddr);
}

static void *hosted_phys_to_virt(axvcpu_hpa_t paddr)
{
	return (void *)(uintptr_t)paddr;
}

static axvcpu_hpa_t hosted_virt_to_phys(const void *vaddr)
{
	return (axvcpu_hpa_t)(uintptr_t)vaddr;
}

static unsigned hosted_current_cpu_id(void)
{
	if (hosted_cpu < 0)
		hosted_cpu = (int)(atomic_fetch_add(&hosted_next_cpu, 1) %
				   AXVCPU_MAX_CPUS);
	return (unsigned)hosted_cpu;
}

static const struct axvcpu_hal hosted_hal = {
	.alloc_frame = hosted_alloc_frame,
	.dealloc_frame = hosted_dealloc_frame,
	.phys_to_virt = hosted_phys_to_virt,
	.virt_to_phys = hosted_virt_to_phys,
	.current_cpu_id = hosted_current_cpu_id,
};

const struct axvcpu_hal *axvcpu_hosted_hal(void)
{
	return &hosted_hal;
}

int axvcpu_hosted_cpu_set(unsigned cpu)
{
	if (cpu >= AXVCPU_MAX_CPUS)
		return AXVCPU_EINVAL;
	hosted_cpu = (int)cpu;
	return AXVCPU_OK;
}

long axvcpu_hosted_frames_in_use(void)
{
	return atomic_load(&hosted_frames);
}
