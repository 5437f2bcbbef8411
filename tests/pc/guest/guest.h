/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The runtime of the PC test guests (64-bit, started by the hypervisor in
 * the library's LONG64 mode at 0x100000, vCPU N's stack below 0x100000 -
 * 16 KiB * N): hypercalls, the test protocol, port and MMIO helpers, an
 * IDT whose handler records the exception and resumes where the test
 * said (r15 for the checker, `guest_landing` for the guest's own traps).
 */
#ifndef PC_GUEST_H
#define PC_GUEST_H

#include "tests/pc/hv/proto.h"
#include <axvcpu/exit.h>
#include <axvcpu/x86.h>
#include <stdbool.h>
#include <stdint.h>

/* The hypercall instruction: VMMCALL (the VMX backend takes it too);
 * -DGUEST_HCALL='"vmcall"' for Intel's own (the VMX bench). */
#ifndef GUEST_HCALL
#define GUEST_HCALL "vmmcall"
#endif

/* A hypercall: nr in rax, args in rdi rsi rdx r10 r8 r9; rax back. */
static inline uint64_t hcall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
			     uint64_t a3, uint64_t a4, uint64_t a5)
{
	register uint64_t r10 __asm__("r10") = a3;
	register uint64_t r8 __asm__("r8") = a4;
	register uint64_t r9 __asm__("r9") = a5;
	__asm__ volatile(GUEST_HCALL
			 : "+a"(nr), "+D"(a0), "+S"(a1), "+d"(a2), "+r"(r10),
			   "+r"(r8), "+r"(r9)
			 :
			 : "memory", "rcx", "r11");
	return nr;
}

static inline void expect(unsigned reason, uint64_t addr, uint64_t width,
			  uint64_t x, uint64_t flags, const char *name)
{
	hcall(TP_EXPECT, reason, addr, width, x, flags, (uint64_t)name);
}

static inline void check(uint64_t got, uint64_t want, const char *name)
{
	hcall(TP_CHECK, got, want, 0, 0, 0, (uint64_t)name);
}

static inline void outb(uint16_t p, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(p));
}
static inline void outw(uint16_t p, uint16_t v)
{
	__asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(p));
}
static inline void outl(uint16_t p, uint32_t v)
{
	__asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(p));
}
static inline uint8_t inb(uint16_t p)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(p));
	return v;
}

/* What the last trap was (guest_trap_* set by the IDT handler). */
extern volatile uint64_t guest_trap_vector, guest_trap_error, guest_trap_rip,
    guest_trap_count, guest_irq_count, guest_nmi_count;
/* Where an exception resumes (0: stop the test with a failure). */
extern volatile uint64_t guest_landing;

/* lib.c */
void guest_puts(const char *s);
void guest_idt_init(void);
/* The vCPU id (CPUID APIC id). */
unsigned guest_cpu(void);
__attribute__((noreturn)) void guest_done(void);

/* The test program's entry (vCPU 0). */
void guest_main(void);

#endif /* PC_GUEST_H */
