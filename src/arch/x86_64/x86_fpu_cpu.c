/* SPDX-License-Identifier: Apache-2.0 */
/* A CPU's FP and debug registers under the x86 backends (x86_fpu_cpu.h). */
#include "x86_fpu_cpu.h"

#include "x86_cpu.h"
#include "x86_fpu.h"

#define CPUID_XSAVE_ECX (1u << 26) /* leaf 1 ECX */
#define CPUID_FXSR_EDX (1u << 24)  /* leaf 1 EDX */

int x86_fpu_cpu_probe(struct x86_fpu_cpu *f)
{
	uint32_t r[4];
	x86_cpu_cpuid(1, 0, r);
	if (!(r[3] & CPUID_FXSR_EDX))
		return AXVCPU_EUNSUPPORTED;
	f->xsave = r[2] & CPUID_XSAVE_ECX;
	f->xcr0_all = X86_XCR0_X87 | X86_XCR0_SSE;
	if (f->xsave) {
		x86_cpu_cpuid(0xd, 0, r);
		uint64_t have = (uint64_t)r[3] << 32 | r[0];
		f->xcr0_all |= have & X86_XCR0_GUEST_MAX;
		/* AVX-512 only as a whole, and only with AVX. */
		const uint64_t zmm =
		    X86_XCR0_OPMASK | X86_XCR0_ZMM_HI256 | X86_XCR0_HI16_ZMM;
		if ((f->xcr0_all & zmm) != zmm || !(f->xcr0_all & X86_XCR0_AVX))
			f->xcr0_all &= ~zmm;
	}
	return AXVCPU_OK;
}

uint64_t x86_fpu_cpu_cr4(const struct x86_fpu_cpu *f)
{
	return X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
	       (f->xsave ? X86_CR4_OSXSAVE : 0);
}

void x86_fpu_cpu_enable(struct x86_fpu_cpu *f)
{
	if (f->xsave) {
		x86_fpu_xsetbv(0, f->xcr0_all);
		f->hw_xcr0 = f->xcr0_all;
	}
	x86_fpu_cpu_forget(f);
}

void x86_fpu_cpu_forget(struct x86_fpu_cpu *f)
{
	f->fp_owner = f->dr_owner = 0;
}

uint64_t x86_fpu_cpu_xcr0_allowed(const struct x86_fpu_cpu *f)
{
	return f->xsave ? f->xcr0_all : 0;
}

static void fpu_xcr0(struct x86_fpu_cpu *f, uint64_t xcr0)
{
	if (f->xsave && f->hw_xcr0 != xcr0) {
		x86_fpu_xsetbv(0, xcr0);
		f->hw_xcr0 = xcr0;
	}
}

static void fpu_save(struct x86_fpu_cpu *f, struct x86_vcpu *o)
{
	fpu_xcr0(f, f->xcr0_all);
	x86_fpu_save(o->fpu, f->xsave, f->xcr0_all);
}

static void fpu_dr_save(struct x86_fpu_cpu *f, struct x86_vcpu *o)
{
	x86_cpu_dr_save(o->dr);
	if (f->dr6)
		o->dr6 = x86_cpu_read_dr6();
}

void x86_fpu_cpu_enter(struct x86_fpu_cpu *f, struct x86_vcpu *x)
{
	if (f->fp_owner != x || x->reload_fp) {
		if (f->fp_owner && f->fp_owner != x)
			fpu_save(f, f->fp_owner);
		fpu_xcr0(f, f->xcr0_all);
		x86_fpu_load(x->fpu, f->xsave, f->xcr0_all);
		f->fp_owner = x;
	}
	fpu_xcr0(f, x->xcr0);
	if (f->dr_owner != x || x->reload_fp) {
		if (f->dr_owner && f->dr_owner != x)
			fpu_dr_save(f, f->dr_owner);
		x86_cpu_dr_load(x->dr);
		if (f->dr6)
			x86_cpu_write_dr6(x->dr6);
		f->dr_owner = x;
	}
	x->reload_fp = false;
}

void x86_fpu_cpu_leave(struct x86_fpu_cpu *f, struct x86_vcpu *x)
{
	if (f->fp_owner == x) {
		fpu_save(f, x);
		f->fp_owner = 0;
	}
	if (f->dr_owner == x) {
		fpu_dr_save(f, x);
		f->dr_owner = 0;
	}
}

bool x86_fpu_cpu_xsetbv(struct x86_fpu_cpu *f, struct x86_vcpu *x,
			uint32_t index, uint64_t value)
{
	if (index != 0 || !f->xsave ||
	    !x86_cpuid_xcr0_valid(value, f->xcr0_all))
		return false;
	x->xcr0 = value;
	if (f->fp_owner == x)
		fpu_xcr0(f, value);
	return true;
}
