/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A CPU's FP registers (x87/SSE/AVX), XCR0 and debug registers under the
 * bare-metal x86 backends: what the CPU supports, and whose state they
 * hold. The host never uses them, so a vCPU's registers stay loaded while
 * it is this CPU's owner, and are saved only when another vCPU enters
 * here or it leaves the CPU (unbind). Save and restore cover every
 * component the CPU lets guests use (xcr0_all), whatever the guest's XCR0:
 * SSE registers are reachable without XCR0.SSE, so a smaller mask would
 * show one guest another's. The hardware XCR0 is the owner's while its
 * state is loaded. Freestanding.
 */
#ifndef AXVCPU_X86_FPU_CPU_H
#define AXVCPU_X86_FPU_CPU_H

#include "src/arch/x86_64/x86_vcpu.h"

/* A backend's per-CPU FP part. */
struct x86_fpu_cpu {
	bool xsave;
	/* DR6 switched with DR0-DR3 (VMX leaves the guest's in the CPU; the
	 * VMCB holds it on SVM). */
	bool dr6;
	/* XCR0 bits guests may use here (x87 SSE AVX AVX-512 the CPU has). */
	uint64_t xcr0_all;
	/* XCR0 now in the hardware. */
	uint64_t hw_xcr0;
	/* Whose FP registers / debug registers are in the hardware (NULL:
	 * nobody's). */
	struct x86_vcpu *fp_owner;
	struct x86_vcpu *dr_owner;
};

/* percpu_init: FXSR or AXVCPU_EUNSUPPORTED; XSAVE and the components
 * guests may use (AVX-512 only as a whole, and only with AVX). */
int x86_fpu_cpu_probe(struct x86_fpu_cpu *f);

/* percpu_enable: the CR4 bits the FP state needs (OSFXSR, OSXMMEXCPT,
 * OSXSAVE with XSAVE), for the backend's CR4 write. */
uint64_t x86_fpu_cpu_cr4(const struct x86_fpu_cpu *f);

/* percpu_enable, after the CR4 write: XCR0 = every guest component; no
 * owner. percpu_disable: no owner. */
void x86_fpu_cpu_enable(struct x86_fpu_cpu *f);
void x86_fpu_cpu_forget(struct x86_fpu_cpu *f);

/* bind: the XCR0 bits `x`'s CPUID may offer here. */
uint64_t x86_fpu_cpu_xcr0_allowed(const struct x86_fpu_cpu *f);

/* Before each entry: `x`'s FP state, XCR0 and debug registers loaded
 * (the owner's saved first; again after a reset, x->reload_fp). */
void x86_fpu_cpu_enter(struct x86_fpu_cpu *f, struct x86_vcpu *x);

/* Unbind: `x`'s state back to memory if this CPU holds it. */
void x86_fpu_cpu_leave(struct x86_fpu_cpu *f, struct x86_vcpu *x);

/* The guest's XSETBV (CPL and CR4.OSXSAVE checked by the caller): false
 * for #GP. */
bool x86_fpu_cpu_xsetbv(struct x86_fpu_cpu *f, struct x86_vcpu *x,
			uint32_t index, uint64_t value);

#endif /* AXVCPU_X86_FPU_CPU_H */
