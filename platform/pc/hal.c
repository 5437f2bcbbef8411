/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The axvcpu HAL on this machine: physical = virtual below 4 GiB (start.S
 * maps it so), frames from a pool the boot code places above the image
 * and the multiboot modules, a free list for frames given back, runs of
 * contiguous frames (the SVM permission maps) from the bump pointer.
 */
#include "hv.h"
#include "platform/pc/boot.h"

static struct hv_lock frame_lock;
static uint64_t frame_next, frame_end;
static uint64_t frame_free; /* freed frames, linked through their first word */
static uint64_t frames_used;

static void frame_zero(uint64_t pa)
{
	volatile uint64_t *p = (volatile uint64_t *)pa;
	for (unsigned i = 0; i < AXVCPU_FRAME_SIZE / 8; i++)
		p[i] = 0;
}

static void frame_free_push(uint64_t pa)
{
	*(uint64_t *)pa = frame_free;
	frame_free = pa;
}

static uint64_t frames_bump(size_t count, uint64_t align)
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
	for (size_t i = 0; i < count; i++)
		frame_zero(pa + (uint64_t)i * AXVCPU_FRAME_SIZE);
	return pa;
}

static bool hal_alloc_frame(axvcpu_hpa_t *paddr)
{
	hv_lock(&frame_lock);
	uint64_t pa = frame_free;
	if (pa) {
		frame_free = *(uint64_t *)pa;
		frames_used++;
	}
	hv_unlock(&frame_lock);
	if (!pa)
		pa = frames_bump(1, AXVCPU_FRAME_SIZE);
	else
		frame_zero(pa);
	*paddr = pa;
	return pa != 0;
}

static void hal_dealloc_frame(axvcpu_hpa_t pa)
{
	hv_lock(&frame_lock);
	frame_free_push(pa);
	frames_used--;
	hv_unlock(&frame_lock);
}

static bool hal_alloc_frames(size_t count, size_t align, axvcpu_hpa_t *paddr)
{
	*paddr = frames_bump(count, align);
	return *paddr != 0;
}

static void hal_dealloc_frames(axvcpu_hpa_t pa, size_t count)
{
	for (size_t i = 0; i < count; i++)
		hal_dealloc_frame(pa + i * AXVCPU_FRAME_SIZE);
}

static void *hal_phys_to_virt(axvcpu_hpa_t pa)
{
	return pa < (1ull << 32) ? (void *)pa : 0;
}

static axvcpu_hpa_t hal_virt_to_phys(const void *va)
{
	uint64_t a = (uint64_t)va;
	/* The image's own addresses (-2 GiB) map the first GiB. */
	return a >= 0xffffffff80000000ull ? a - 0xffffffff80000000ull : a;
}

static unsigned hal_current_cpu_id(void)
{
	return hv_cpu();
}

static void hal_send_kick_ipi(unsigned cpu)
{
	hv_lapic_ipi(cpu, HV_VEC_KICK);
}

static size_t hal_irq_fetch(void)
{
	return hv_irq_last();
}

static const struct axvcpu_hal hv_hal = {
	.alloc_frame = hal_alloc_frame,
	.dealloc_frame = hal_dealloc_frame,
	.phys_to_virt = hal_phys_to_virt,
	.virt_to_phys = hal_virt_to_phys,
	.current_cpu_id = hal_current_cpu_id,
	.irq_fetch = hal_irq_fetch,
	.send_kick_ipi = hal_send_kick_ipi,
	.alloc_frames = hal_alloc_frames,
	.dealloc_frames = hal_dealloc_frames,
};

void hv_hal_init(void)
{
	frame_next = hv_boot.pool_start;
	frame_end = hv_boot.pool_end;
	if (axvcpu_hal_register(&hv_hal))
		hv_panic("HAL registration refused");
}

uint64_t hv_frames_used(void)
{
	return frames_used;
}
