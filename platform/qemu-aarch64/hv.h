/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bare-metal hypervisor for qemu-system-aarch64 -M virt,
 * virtualization=on,gic-version=3: services shared by its files (console,
 * host PSCI, GIC, timer, frames, MMU).
 */
#ifndef HV_H
#define HV_H

#include "platform/common/console.h"
#include "platform/common/frames.h"
#include "platform/common/lock.h"
#include <axvcpu/axvcpu.h>

/* CPUs the hypervisor supports (stacks in start.S). */
#define HV_MAX_CPUS 8

/* QEMU virt's devices. */
#define HV_UART_BASE 0x09000000ul
#define HV_GICD_BASE 0x08000000ul
#define HV_GICR_BASE 0x080a0000ul

/* psci.c: calls to the PSCI QEMU provides below us (SMC conduit). */
long hv_psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t arg);
/* Stop QEMU: 0 through PSCI SYSTEM_OFF; otherwise the status through
 * semihosting (QEMU needs -semihosting), PSCI if that is off. */
__attribute__((noreturn)) void hv_poweroff(int status);

/* timer.c: the physical counter and the EL2 physical timer (PPI 26). */
#define HV_TIMER_PPI 26u
uint64_t hv_time(void);
uint64_t hv_time_hz(void);
void hv_timer_arm(uint64_t deadline);

/* gic.c: the host's GICv3. */
void hv_gic_init_dist(void);
void hv_gic_init_cpu(unsigned cpu);
/* Acknowledge: the INTID, or 1023 if none is pending. */
unsigned hv_gic_ack(void);
/* Priority drop and deactivation (EOImode 1). */
void hv_gic_end(unsigned intid);
void hv_gic_sgi(unsigned cpu, unsigned intid);

/* mmu.c: the EL2 identity map (device below 1 GiB, normal RAM above). */
void hv_mmu_init(void);
void hv_mmu_enable(void);
/* Make `size` bytes at `p` (code just written) visible to instruction
 * fetches of every CPU. */
void hv_sync_icache(const void *p, uint64_t size);

/* hal.c: the axvcpu HAL (platform/common's frame pool over free RAM). */
void hv_hal_init(void);

/* This CPU's number (TPIDR_EL2). */
static inline unsigned hv_cpu(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(v));
	return (unsigned)v;
}

/* Set by programs whose QEMU runs with -semihosting (exit statuses). */
extern int hv_semihosting;

/* Fatal host error: print and power off with a failure status. */
__attribute__((noreturn)) void hv_panic(const char *why);

#endif /* HV_H */
