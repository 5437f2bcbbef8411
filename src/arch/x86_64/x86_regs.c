/* SPDX-License-Identifier: Apache-2.0 */
/* Register writes with x86's width rules, and the guest's CPU mode. */
#include "x86_regs.h"

bool x86_regs_long64(const struct x86_sysview *v)
{
	return (v->efer & X86_EFER_LMA) && v->seg[X86_SEG_CS].l;
}

enum x86_cpu_mode x86_regs_cpu_mode(const struct x86_sysview *v,
				    uint64_t rflags)
{
	if (!(v->cr0 & X86_CR0_PE) || (rflags & X86_RFLAGS_VM))
		return X86_MODE_REAL;
	if (x86_regs_long64(v))
		return X86_MODE_LONG64;
	return v->seg[X86_SEG_CS].db ? X86_MODE_PROT32 : X86_MODE_PROT16;
}

unsigned x86_regs_code_size(const struct x86_sysview *v, uint64_t rflags)
{
	switch (x86_regs_cpu_mode(v, rflags)) {
	case X86_MODE_LONG64:
		return 8;
	case X86_MODE_PROT32:
		return 4;
	default:
		return 2;
	}
}

void x86_regs_write(struct x86_regs *r, unsigned reg, bool high8, unsigned size,
		    uint64_t val)
{
	uint64_t *g = &r->gpr[reg & 15];
	switch (size) {
	case 1:
		if (high8)
			*g = (*g & ~0xff00ull) | (val & 0xff) << 8;
		else
			*g = (*g & ~0xffull) | (val & 0xff);
		return;
	case 2:
		*g = (*g & ~0xffffull) | (val & 0xffff);
		return;
	case 4:
		*g = val & 0xffffffffull;
		return;
	default:
		*g = val;
		return;
	}
}

uint64_t x86_regs_read(const struct x86_regs *r, unsigned reg, bool high8,
		       unsigned size)
{
	uint64_t g = r->gpr[reg & 15];
	if (size == 1 && high8)
		return (g >> 8) & 0xff;
	return x86_trunc(g, size);
}

void x86_regs_add(struct x86_regs *r, unsigned reg, unsigned size,
		  int64_t delta)
{
	uint64_t v = r->gpr[reg & 15] + (uint64_t)delta;
	x86_regs_write(r, reg, false, size, v);
}
