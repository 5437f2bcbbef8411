/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bare-metal PC hypervisor (multiboot v1, x86-64, AMD SVM): services
 * shared by its files. One physical CPU per vCPU; the boot CPU is CPU 0.
 */
#ifndef HV_PC_H
#define HV_PC_H

#include "platform/common/console.h"
#include "platform/common/frames.h"
#include "platform/common/lock.h"
#include <axvcpu/axvcpu.h>

/* CPUs the hypervisor supports (stacks in start.S). */
#define HV_MAX_CPUS 8u
/* Bytes of each CPU's stack (start.S: STACK_SIZE). */
#define HV_STACK_SIZE 0x10000u
/* Where the APs' real-mode trampoline is copied (start.S: TRAMP). */
#define HV_TRAMPOLINE 0x6000u

/* Host interrupt vectors. */
#define HV_VEC_TIMER 0x20u /* the LAPIC timer: preemption and devices */
#define HV_VEC_KICK 0x21u  /* axvcpu kicks and host notifications */
#define HV_VEC_SPURIOUS 0xffu

/* Physical memory plan (qemu -m 1G or more). */
#define HV_POOL_START 0x01000000ull /* HAL frames: 16 MiB .. 96 MiB */
#define HV_POOL_END 0x06000000ull
#define HV_GUEST_HPA 0x08000000ull /* guest memory backing from 128 MiB */

/* cpu.c: port I/O, MSRs, CPUID and the like. */
static inline void hv_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline void hv_outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}
static inline void hv_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint8_t hv_inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint64_t hv_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}
static inline void hv_pause(void)
{
	__asm__ volatile("pause");
}
uint64_t hv_rdmsr(uint32_t msr);
void hv_wrmsr(uint32_t msr, uint64_t v);
void hv_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]);

/* console.c: COM1 of the machine (polled): platform/common/console.h's
 * UART functions (hv_putc: bytes as they are). */
void hv_console_init(void);

/* time.c: the TSC, calibrated against the PIT at boot; nanoseconds. */
void hv_time_init(void);
uint64_t hv_now_ns(void);
uint64_t hv_tsc_hz(void);
void hv_delay_us(uint64_t us);

/* idt.c: the IDT and the C side of interrupts. */
void hv_idt_load(void);
/* The vector of the last interrupt taken on this CPU. */
size_t hv_irq_last(void);
/* Called from the timer interrupt (every CPU). */
void hv_tick(unsigned cpu);

/* lapic.c: this CPU's local APIC. */
void hv_lapic_init(void);
unsigned hv_lapic_id(void);
void hv_lapic_eoi(void);
/* The preemption tick, every `period_us`. */
void hv_lapic_timer_start(uint64_t period_us);
void hv_lapic_ipi(unsigned apic_id, unsigned vector);
/* INIT-SIPI-SIPI to `apic_id`, entering at HV_TRAMPOLINE. */
void hv_lapic_start_ap(unsigned apic_id);

/* smp.c: bring up CPUs 1..n-1; each calls `fn(cpu)` on its stack. */
unsigned hv_smp_start(unsigned ncpus, void (*fn)(unsigned cpu));
/* This CPU's index (its APIC id: QEMU numbers them 0, 1, ...). */
unsigned hv_cpu(void);

/* hal.c: the axvcpu HAL (frames from platform/common's pool). */
void hv_hal_init(void);

/* panic.c: print and stop QEMU with status 1 (isa-debug-exit). */
__attribute__((noreturn)) void hv_panic(const char *fmt, ...);
/* Stop QEMU: the isa-debug-exit device (status*2+1), or a halt loop. */
__attribute__((noreturn)) void hv_exit(int status);

#endif /* HV_PC_H */
