/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bare-metal hypervisor for qemu-system-riscv64 -M virt: services
 * shared by its files (console, host SBI, timer, frames).
 */
#ifndef HV_H
#define HV_H

#include "platform/common/console.h"
#include "platform/common/frames.h"
#include "platform/common/lock.h"
#include <axvcpu/axvcpu.h>

/* Harts the hypervisor supports (stacks in start.S). */
#define HV_MAX_HARTS 8

/* QEMU virt: ticks of `time` per second. */
#define HV_TIMEBASE_HZ 10000000ull

/* hostsbi.c: calls to OpenSBI below us. */
long hv_sbi_hart_start(unsigned long hart, unsigned long addr,
		       unsigned long opaque);
/* Stop QEMU through the sifive test finisher; status 0 = success. */
__attribute__((noreturn)) void hv_poweroff(int status);

/* timer.c: host time and the preemption timer (stimecmp, Sstc). */
uint64_t hv_time(void);
void hv_timer_arm(uint64_t deadline);
void hv_timer_disarm(void);

/* hal.c: the axvcpu HAL (platform/common's frame pool over free RAM). */
void hv_hal_init(void);
/* hal.c: the HAL's current_cpu_id (the hart id, kept in tp). */
unsigned hv_hal_cpu_id(void);

/* Fatal host error: print and power off with a failure status. */
__attribute__((noreturn)) void hv_panic(const char *why);

#endif /* HV_H */
