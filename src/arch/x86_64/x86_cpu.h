/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The plain x86 instructions the bare-metal backends' C code uses (MSRs,
 * CPUID, the TSC, control and debug registers), inline: some are on the
 * exit path. The vendors' own instructions (VMX, SVM) stay in their
 * backends. Freestanding.
 */
#ifndef AXVCPU_X86_CPU_H
#define AXVCPU_X86_CPU_H

#include <stdint.h>

/** RDMSR: the 64-bit value of `msr`. */
static inline uint64_t x86_cpu_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

/** WRMSR of `val` to `msr`. */
static inline void x86_cpu_wrmsr(uint32_t msr, uint64_t val)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)val),
			 "d"((uint32_t)(val >> 32)));
}

/** CPUID of `leaf`/`sub`: eax, ebx, ecx, edx in r[0..3]. */
static inline void x86_cpu_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

/** RDTSC. */
static inline uint64_t x86_cpu_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/** MOV from CR0, CR2, CR3, CR4. */
static inline uint64_t x86_cpu_read_cr0(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint64_t x86_cpu_read_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t x86_cpu_read_cr3(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline uint64_t x86_cpu_read_cr4(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/** MOV to CR0, CR2, CR4. */
static inline void x86_cpu_write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" ::"r"(v) : "memory");
}

static inline void x86_cpu_write_cr2(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr2" ::"r"(v) : "memory");
}

static inline void x86_cpu_write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" ::"r"(v) : "memory");
}

/** DR0-DR3 to / from `dr`. */
static inline void x86_cpu_dr_save(uint64_t dr[4])
{
	__asm__ volatile("mov %%dr0, %0" : "=r"(dr[0]));
	__asm__ volatile("mov %%dr1, %0" : "=r"(dr[1]));
	__asm__ volatile("mov %%dr2, %0" : "=r"(dr[2]));
	__asm__ volatile("mov %%dr3, %0" : "=r"(dr[3]));
}

static inline void x86_cpu_dr_load(const uint64_t dr[4])
{
	__asm__ volatile("mov %0, %%dr0" ::"r"(dr[0]));
	__asm__ volatile("mov %0, %%dr1" ::"r"(dr[1]));
	__asm__ volatile("mov %0, %%dr2" ::"r"(dr[2]));
	__asm__ volatile("mov %0, %%dr3" ::"r"(dr[3]));
}

/** DR6 (VMX leaves it to the host; SVM keeps it in the VMCB). */
static inline uint64_t x86_cpu_read_dr6(void)
{
	uint64_t v;
	__asm__ volatile("mov %%dr6, %0" : "=r"(v));
	return v;
}

static inline void x86_cpu_write_dr6(uint64_t v)
{
	__asm__ volatile("mov %0, %%dr6" ::"r"(v));
}

/** A one-instruction STI window: the host takes a pending interrupt (the
 * instruction after STI runs before any is recognized). */
static inline void x86_cpu_irq_window(void)
{
	__asm__ volatile("sti; nop; cli" ::: "memory");
}

#endif /* AXVCPU_X86_CPU_H */
