/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The axvcpu HAL on bare metal: physical = virtual (the EL2 identity map),
 * frames from the RAM between the hypervisor image and the guests'
 * memory, a free list for frames given back; interrupts from the GIC.
 */
#include "hv.h"
#include "pool.h"
#include <axvcpu/aarch64.h>

extern char __hv_end[];

static struct hv_lock frame_lock;
static uint64_t frame_next; /* bump pointer */
static uint64_t frame_free; /* list of freed frames, linked in place */
static uint64_t frames_used;

static void frame_zero(uint64_t pa, unsigned count)
{
	volatile uint64_t *p = (volatile uint64_t *)pa;
	for (uint64_t i = 0; i < (uint64_t)count * AXVCPU_FRAME_SIZE / 8; i++)
		p[i] = 0;
}

uint64_t hv_frames_alloc(unsigned count, uint64_t align)
{
	hv_lock(&frame_lock);
	uint64_t pa = (frame_next + align - 1) & ~(align - 1);
	uint64_t end = pa + (uint64_t)count * AXVCPU_FRAME_SIZE;
	if (end > HV_POOL_END) {
		hv_unlock(&frame_lock);
		return 0;
	}
	frame_next = end;
	frames_used += count;
	hv_unlock(&frame_lock);
	frame_zero(pa, count);
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
		pa = hv_frames_alloc(1, AXVCPU_FRAME_SIZE);
	else
		frame_zero(pa, 1);
	*paddr = pa;
	return pa != 0;
}

static void hal_dealloc_frame(axvcpu_hpa_t pa)
{
	hv_lock(&frame_lock);
	*(uint64_t *)pa = frame_free;
	frame_free = pa;
	frames_used--;
	hv_unlock(&frame_lock);
}

/* Contiguous runs (stage-2 roots) come from the bump pointer. */
static bool hal_alloc_frames(size_t count, size_t align, axvcpu_hpa_t *paddr)
{
	*paddr = hv_frames_alloc((unsigned)count, align);
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
	return hv_cpu();
}

/* The seed's irq_fetch: acknowledge the interrupt being taken. */
static size_t hal_irq_fetch(void)
{
	return hv_gic_ack();
}

/* The seed's irq_handler: take and end one host interrupt. */
static void hal_irq_handler(void)
{
	unsigned id = hv_gic_ack();
	if (id < 1020)
		hv_gic_end(id);
}

/* A kick: the SGI makes the target CPU leave its guest. */
static void hal_send_kick_ipi(unsigned cpu)
{
	hv_gic_sgi(cpu, AXVCPU_AARCH64_KICK_SGI);
}

static const struct axvcpu_hal hv_hal = {
	.alloc_frame = hal_alloc_frame,
	.dealloc_frame = hal_dealloc_frame,
	.phys_to_virt = hal_phys_to_virt,
	.virt_to_phys = hal_virt_to_phys,
	.current_cpu_id = hal_current_cpu_id,
	.irq_fetch = hal_irq_fetch,
	.irq_handler = hal_irq_handler,
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
