/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's x87/SSE/AVX state, switched by the bare-metal x86 backends
 * (the host is built with -mno-sse and never touches it, so a vCPU's state
 * stays in the registers until another vCPU enters on that CPU, and goes
 * back to memory when the vCPU leaves the CPU). XSAVE/XRSTOR with the
 * guest's XCR0 where the CPU has XSAVE, FXSAVE/FXRSTOR otherwise. The
 * instructions are in x86_fpu_asm.S; this is freestanding C.
 */
#ifndef AXVCPU_X86_FPU_H
#define AXVCPU_X86_FPU_H

#include <stdbool.h>
#include <stdint.h>

/* Bytes of one vCPU's save area (one frame: up to AVX-512 fits). */
#define X86_FPU_AREA_SIZE 4096u

/*
 * Put the power-on FP state in `area` (16-byte aligned for FXSAVE,
 * 64-byte for XSAVE): FCW 0x37f, MXCSR 0x1f80, every register empty or 0,
 * the XSAVE header saying "initial state" for every component.
 */
void x86_fpu_area_init(void *area);

/* Save / load the FP registers to / from `area` (XSAVE with `xcr0` when
 * `xsave`, else FXSAVE). */
void x86_fpu_save(void *area, bool xsave, uint64_t xcr0);
void x86_fpu_load(const void *area, bool xsave, uint64_t xcr0);

/* x86_fpu_asm.S */
void x86_fpu_xsave(void *area, uint64_t mask);
void x86_fpu_xrstor(const void *area, uint64_t mask);
void x86_fpu_fxsave(void *area);
void x86_fpu_fxrstor(const void *area);
void x86_fpu_xsetbv(uint32_t index, uint64_t value);
uint64_t x86_fpu_xgetbv(uint32_t index);

#endif /* AXVCPU_X86_FPU_H */
