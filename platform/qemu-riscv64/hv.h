/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bare-metal hypervisor for qemu-system-riscv64 -M virt: services
 * shared by its files (console, host SBI, timer, frames).
 */
#ifndef HV_H
#define HV_H

#include <axvcpu/axvcpu.h>
#include <stdarg.h>

/* Harts the hypervisor supports (stacks in start.S). */
#define HV_MAX_HARTS 8

/* QEMU virt: ticks of `time` per second. */
#define HV_TIMEBASE_HZ 10000000ull

/* console.c: the real 16550 at 0x10000000. */
void hv_putc(char c);
void hv_puts(const char *s);
/* A byte of input, or -1. */
int hv_getc(void);
/* printf subset: %s %c %d %u %x %lx %lu %ld %llx %p, '0' and width. */
void hv_printf(const char *fmt, ...);
void hv_vprintf(const char *fmt, va_list ap);

/* hostsbi.c: calls to OpenSBI below us. */
long hv_sbi_hart_start(unsigned long hart, unsigned long addr,
		       unsigned long opaque);
/* Stop QEMU through the sifive test finisher; status 0 = success. */
__attribute__((noreturn)) void hv_poweroff(int status);

/* timer.c: host time and the preemption timer (stimecmp, Sstc). */
uint64_t hv_time(void);
void hv_timer_arm(uint64_t deadline);
void hv_timer_disarm(void);

/* hal.c: the axvcpu HAL (frame allocator over free RAM). */
void hv_hal_init(void);
/* Frames handed out so far (for tests). */
uint64_t hv_frames_used(void);

/* A simple spinlock for the few shared structures. */
struct hv_lock {
	volatile int held;
};
void hv_lock(struct hv_lock *l);
void hv_unlock(struct hv_lock *l);

/* Fatal host error: print and power off with a failure status. */
__attribute__((noreturn)) void hv_panic(const char *why);

#endif /* HV_H */
