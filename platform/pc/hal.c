/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The axvcpu HAL on this machine: physical = virtual below 4 GiB (start.S
 * maps it so), frames from platform/common's pool, which the boot code
 * places above the image and the multiboot modules.
 */
#include "hv.h"
#include "platform/pc/boot.h"

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
	.alloc_frame = hv_frames_hal_alloc,
	.dealloc_frame = hv_frames_hal_dealloc,
	.phys_to_virt = hal_phys_to_virt,
	.virt_to_phys = hal_virt_to_phys,
	.current_cpu_id = hal_current_cpu_id,
	.irq_fetch = hal_irq_fetch,
	.send_kick_ipi = hal_send_kick_ipi,
	.alloc_frames = hv_frames_hal_alloc_run,
	.dealloc_frames = hv_frames_hal_dealloc_run,
};

void hv_hal_init(void)
{
	hv_frames_init(hv_boot.pool_start, hv_boot.pool_end);
	if (axvcpu_hal_register(&hv_hal))
		hv_panic("HAL registration refused");
}
