/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The axvcpu HAL on bare metal: physical = virtual (the EL2 identity map),
 * frames from platform/common's pool over the RAM between the hypervisor
 * image and the guests' memory; interrupts from the GIC.
 */
#include "hv.h"
#include "pool.h"
#include <axvcpu/aarch64.h>

extern char __hv_end[];

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
	.alloc_frame = hv_frames_hal_alloc,
	.dealloc_frame = hv_frames_hal_dealloc,
	.phys_to_virt = hal_phys_to_virt,
	.virt_to_phys = hal_virt_to_phys,
	.current_cpu_id = hal_current_cpu_id,
	.irq_fetch = hal_irq_fetch,
	.irq_handler = hal_irq_handler,
	.send_kick_ipi = hal_send_kick_ipi,
	.alloc_frames = hv_frames_hal_alloc_run,
	.dealloc_frames = hv_frames_hal_dealloc_run,
};

void hv_hal_init(void)
{
	hv_frames_init((uint64_t)__hv_end, HV_POOL_END);
	if (axvcpu_hal_register(&hv_hal))
		hv_panic("HAL registration refused");
}
