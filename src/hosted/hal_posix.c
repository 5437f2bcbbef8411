/* SPDX-License-Identifier: Apache-2.0 */
/* The hosted HAL: frames from the C allocator, one "CPU" per thread. */
#include <axvcpu/error.h>
#include <axvcpu/hosted.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Atomic unsigned hosted_next_cpu;
static _Atomic uint64_t hosted_claimed;
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

/* posix_memalign: unlike aligned_alloc it takes any size with any
 * power-of-two alignment (16 KiB roots of 3 frames would not do). */
static bool hosted_alloc_frames(size_t count, size_t align, axvcpu_hpa_t *paddr)
{
	void *p = NULL;
	if (!count || count > SIZE_MAX / AXVCPU_FRAME_SIZE ||
	    align < AXVCPU_FRAME_SIZE || (align & (align - 1)) ||
	    posix_memalign(&p, align, count * AXVCPU_FRAME_SIZE))
		return false;
	memset(p, 0, count * AXVCPU_FRAME_SIZE);
	atomic_fetch_add(&hosted_frames, (long)count);
	*paddr = (axvcpu_hpa_t)(uintptr_t)p;
	return true;
}

static void hosted_dealloc_frames(axvcpu_hpa_t paddr, size_t count)
{
	atomic_fetch_sub(&hosted_frames, (long)count);
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

/*
 * Ids are claimed in a bitmap so that an automatic id never collides with
 * one a thread chose. Past AXVCPU_MAX_CPUS threads ids are shared (wrap),
 * which only matters to callers that bind more threads than that.
 */
static unsigned hosted_cpu_claim_any(void)
{
	uint64_t used = atomic_load(&hosted_claimed);
	for (;;) {
		if (used == ~(uint64_t)0)
			return atomic_fetch_add(&hosted_next_cpu, 1) %
			       AXVCPU_MAX_CPUS;
		unsigned cpu = (unsigned)__builtin_ctzll(~used);
		if (atomic_compare_exchange_weak(&hosted_claimed, &used,
						 used | ((uint64_t)1 << cpu)))
			return cpu;
	}
}

static unsigned hosted_current_cpu_id(void)
{
	if (hosted_cpu < 0)
		hosted_cpu = (int)hosted_cpu_claim_any();
	return (unsigned)hosted_cpu;
}

static const struct axvcpu_hal hosted_hal = {
	.alloc_frame = hosted_alloc_frame,
	.dealloc_frame = hosted_dealloc_frame,
	.phys_to_virt = hosted_phys_to_virt,
	.virt_to_phys = hosted_virt_to_phys,
	.current_cpu_id = hosted_current_cpu_id,
	.alloc_frames = hosted_alloc_frames,
	.dealloc_frames = hosted_dealloc_frames,
};

const struct axvcpu_hal *axvcpu_hosted_hal(void)
{
	return &hosted_hal;
}

int axvcpu_hosted_cpu_set(unsigned cpu)
{
	if (cpu >= AXVCPU_MAX_CPUS)
		return AXVCPU_EINVAL;
	atomic_fetch_or(&hosted_claimed, (uint64_t)1 << cpu);
	hosted_cpu = (int)cpu;
	return AXVCPU_OK;
}

long axvcpu_hosted_frames_in_use(void)
{
	return atomic_load(&hosted_frames);
}
