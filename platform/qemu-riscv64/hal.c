/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The axvcpu HAL on bare metal: physical = virtual (the hypervisor runs
 * with satp off), frames from the RAM between the hypervisor image and the
 * guest RAM backing (the only frame source of the hypervisor), a free list
 * for frames given back. Contiguous runs (alloc_frames: stage-2 roots)
 * come from the bump pointer; the frames skipped to align one go to the
 * free list instead of being lost.
 */
#include "hv.h"
#include "pool.h"

extern char __hv_end[];

static struct hv_lock frame_lock;
static uint64_t frame_next; /* bump pointer */
static uint64_t frame_free; /* list of freed frames, linked in place */
static uint64_t frames_used;

static void frame_zero(uint64_t pa)
{
	uint64_t *p = (uint64_t *)pa;
	for (unsigned i = 0; i < AXVCPU_FRAME_SIZE / 8; i++)
		((volatile uint64_t *)p)[i] = 0;
}

/* Push frame `pa` on the free list; frame_lock held. */
static void frame_free_push(uint64_t pa)
{
	*(uint64_t *)pa = frame_free;
	frame_free = pa;
}

/* `count` contiguous zeroed frames aligned to `align`, or 0. */
static uint64_t frames_bump(size_t count, uint64_t align)
{
	hv_lock(&frame_lock);
	uint64_t pa = (frame_next + align - 1) & ~(align - 1);
	uint64_t end = pa + (uint64_t)count * AXVCPU_FRAME_SIZE;
	if (end > HV_POOL_END || end < pa) {
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

/* Given back one by one: the free list serves single frames. */
static void hal_dealloc_frames(axvcpu_hpa_t pa, size_t count)
{
	for (size_t i = 0; i < count; i++)
		hal_dealloc_frame(pa + i * AXVCPU_FRAME_SIZE);
}

static void *hal_phys_to_virt(axvcpu_hpa_t pa)
{
	return (void *)pa;
}

static axvcpu_hpa_t hal_virt_to_phys(const void *va)
{
	return (axvcpu_hpa_t)va;
}

static unsigned hal_current_cpu_id(void)
{
	unsigned long tp;
	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return (unsigned)tp;
}

/* A kick: an IPI through OpenSBI makes the target hart leave its guest. */
static void hal_send_kick_ipi(unsigned cpu)
{
	register unsigned long a0 __asm__("a0") = 1;
	register unsigned long a1 __asm__("a1") = cpu;
	register unsigned long a6 __asm__("a6") = 0;
	register unsigned long a7 __asm__("a7") = 0x735049;
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a6), "r"(a7)
			 : "memory");
}

static const struct axvcpu_hal hv_hal = {
	.alloc_frame = hal_alloc_frame,
	.dealloc_frame = hal_dealloc_frame,
	.phys_to_virt = hal_phys_to_virt,
	.virt_to_phys = hal_virt_to_phys,
	.current_cpu_id = hal_current_cpu_id,
	.send_kick_ipi = hal_send_kick_ipi,
	.alloc_frames = hal_alloc_frames,
	.dealloc_frames = hal_dealloc_frames,
};

void hv_hal_init(void)
{
	frame_next = (uint64_t)__hv_end;
	if (axvcpu_hal_register(&hv_hal))
		hv_panic("HAL registration refused");
}

uint64_t hv_frames_used(void)
{
	return frames_used;
}
