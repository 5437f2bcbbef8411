/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The frame pool: a bump pointer and a free list linked through the
 * first word of each freed frame, under one lock. Frames are zeroed
 * outside the lock.
 */
#include "platform/common/frames.h"
#include "platform/common/lock.h"

static struct hv_lock frame_lock;
static uint64_t frame_next, frame_end; /* the bump pointer and its limit */
static uint64_t frame_free; /* list of freed frames, linked in place */
static uint64_t frames_used;

void hv_frames_init(uint64_t start, uint64_t end)
{
	frame_next = start;
	frame_end = end;
}

static void frames_zero(uint64_t pa, size_t count)
{
	volatile uint64_t *p = (volatile uint64_t *)pa;
	for (uint64_t i = 0; i < (uint64_t)count * AXVCPU_FRAME_SIZE / 8; i++)
		p[i] = 0;
}

/* Push frame `pa` on the free list; frame_lock held. */
static void frame_free_push(uint64_t pa)
{
	*(uint64_t *)pa = frame_free;
	frame_free = pa;
}

uint64_t hv_frames_alloc(size_t count, uint64_t align)
{
	hv_lock(&frame_lock);
	uint64_t pa = (frame_next + align - 1) & ~(align - 1);
	uint64_t end = pa + (uint64_t)count * AXVCPU_FRAME_SIZE;
	if (end > frame_end || end < pa) {
		hv_unlock(&frame_lock);
		return 0;
	}
	for (uint64_t skip = frame_next; skip < pa; skip += AXVCPU_FRAME_SIZE)
		frame_free_push(skip);
	frame_next = end;
	frames_used += count;
	hv_unlock(&frame_lock);
	frames_zero(pa, count);
	return pa;
}

uint64_t hv_frames_used(void)
{
	return frames_used;
}

bool hv_frames_hal_alloc(axvcpu_hpa_t *paddr)
{
	hv_lock(&frame_lock);
	uint64_t pa = frame_free;
	if (pa) {
		frame_free = *(uint64_t *)pa;
		frames_used++;
	}
	hv_unlock(&frame_lock);
	if (!pa)
		pa = hv_frames_alloc(1, AXVCPU_FRAME_SIZE);
	else
		frames_zero(pa, 1);
	*paddr = pa;
	return pa != 0;
}

void hv_frames_hal_dealloc(axvcpu_hpa_t pa)
{
	hv_lock(&frame_lock);
	frame_free_push(pa);
	frames_used--;
	hv_unlock(&frame_lock);
}

bool hv_frames_hal_alloc_run(size_t count, size_t align, axvcpu_hpa_t *paddr)
{
	*paddr = hv_frames_alloc(count, align);
	return *paddr != 0;
}

void hv_frames_hal_dealloc_run(axvcpu_hpa_t pa, size_t count)
{
	for (size_t i = 0; i < count; i++)
		hv_frames_hal_dealloc(pa + i * AXVCPU_FRAME_SIZE);
}
