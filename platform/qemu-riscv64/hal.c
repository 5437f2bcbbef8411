/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The axvcpu HAL on bare metal: physical = virtual (the hypervisor runs
 * with satp off), frames from platform/common's pool over the RAM between
 * the hypervisor image and the guest RAM backing (the only frame source of
 * the hypervisor), kicks through OpenSBI.
 */
#include "hv.h"
#include "pool.h"

extern char __hv_end[];

static void *hal_phys_to_virt(axvcpu_hpa_t pa)
{
	return (void *)pa;
}

static axvcpu_hpa_t hal_virt_to_phys(const void *va)
{
	return (axvcpu_hpa_t)va;
}

/* External: the core calls it directly (AXVCPU_HAL_CPU_ID_DIRECT, see
 * mk/platform-qemu-riscv64.mk). */
unsigned hv_hal_cpu_id(void)
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
	.alloc_frame = hv_frames_hal_alloc,
	.dealloc_frame = hv_frames_hal_dealloc,
	.phys_to_virt = hal_phys_to_virt,
	.virt_to_phys = hal_virt_to_phys,
	.current_cpu_id = hv_hal_cpu_id,
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
