/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stage-2 aborts: a data abort with a valid syndrome is an MMIO exit as
 * ESR_EL2 describes it; without one (ISV = 0) the instruction is fetched
 * and decoded (src/decode/arm64_mem.h), its writeback applied here, a
 * pair emulated as two exits. What is not emulated is a NestedPageFault.
 * Every access exit is recorded so that reflect_fault can undo it and
 * raise the guest's own synchronous external abort instead.
 */
#include "a64_internal.h"
#include "a64_sysreg.h"
#include "src/decode/arm64_mem.h"

#define FSC_EXTABT 0x10ull
#define ISS_WNR (1ull << 6)
#define NO_REG 32

/* The faulting IPA: HPFAR_EL2.FIPA (IPA[51:12] at bits [43:4]). */
static uint64_t a64_abort_ipa(const struct a64_vcpu *v)
{
	return (v->ctx.hpfar & 0xffffffffff0ull) << 8 | (v->ctx.far & 0xfff);
}

/*
 * The instruction at the guest pc, fetched through the guest's own stage
 * 1 and stage 2 (AT S12E1R / S12E0R, as the mode it ran in). PAR_EL1 is
 * the guest's: put back.
 */
static bool a64_fetch(const struct a64_vcpu *v, uint32_t *insn)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	uint64_t va = v->ctx.pc, par;
	if ((va & 3) || !hal)
		return false;
	uint64_t saved = SYSREG_R(par_el1);
	if (((v->ctx.pstate >> 2) & 3) == 0)
		__asm__ volatile("at s12e0r, %0" ::"r"(va));
	else
		__asm__ volatile("at s12e1r, %0" ::"r"(va));
	a64_isb();
	par = SYSREG_R(par_el1);
	SYSREG_W(par_el1, saved);
	if (par & 1)
		return false;
	uint64_t pa = (par & 0xfffffffff000ull) | (va & 0xfff);
	const volatile uint32_t *p = hal->phys_to_virt(pa);
	if (!p)
		return false;
	*insn = *p;
	return true;
}

/* The virtual address a decoded access uses for its first register. */
static uint64_t a64_access_va(struct a64_vcpu *v,
			      const struct arm64_mem_access *a)
{
	uint64_t base = a->rn == 31 ? *a64_sp_of(v) : v->ctx.x[a->rn];
	switch (a->addr_mode) {
	case ARM64_MEM_ADDR_BASE_IMM:
		return a->writeback == ARM64_MEM_WB_POST
			   ? base
			   : base + (uint64_t)a->imm;
	case ARM64_MEM_ADDR_BASE_REG: {
		uint64_t off = a64_xreg(v, a->rm);
		if (a->extend == ARM64_MEM_EXT_UXTW)
			off &= 0xffffffffu;
		else if (a->extend == ARM64_MEM_EXT_SXTW)
			off = (uint64_t)(int64_t)(int32_t)off;
		return base + (off << a->shift);
	}
	case ARM64_MEM_ADDR_LITERAL:
		return v->ctx.pc + (uint64_t)a->imm;
	default:
		return v->ctx.far;
	}
}

/* Remember xN (not XZR) as it was before the access. */
static void a64_fault_save_reg(struct a64_fault *f, const struct a64_vcpu *v,
			       unsigned reg)
{
	if (reg >= 31)
		return;
	f->reg[f->nsave] = (uint8_t)reg;
	f->val[f->nsave] = v->ctx.x[reg];
	f->nsave++;
}

static bool a64_npf(struct a64_vcpu *v, uint64_t ipa, uint32_t flags,
		    struct axvcpu_exit *exit)
{
	exit->reason = AXVCPU_EXIT_NESTED_PAGE_FAULT;
	exit->nested_page_fault.addr = ipa;
	exit->nested_page_fault.access_flags = flags;
	v->fault.reason = AXVCPU_EXIT_NESTED_PAGE_FAULT;
	return true;
}

static void a64_mmio_exit(struct a64_vcpu *v, bool load, uint64_t addr,
			  unsigned width, unsigned rt, unsigned reg_width,
			  bool sign_ext, uint64_t data,
			  struct axvcpu_exit *exit)
{
	if (load) {
		exit->reason = AXVCPU_EXIT_MMIO_READ;
		exit->mmio_read.addr = addr;
		exit->mmio_read.width = (uint8_t)width;
		exit->mmio_read.reg_width = (uint8_t)reg_width;
		exit->mmio_read.sign_ext = sign_ext;
		exit->mmio_read.reg = rt;
	} else {
		if (width < 8)
			data &= (1ull << (8 * width)) - 1;
		exit->reason = AXVCPU_EXIT_MMIO_WRITE;
		exit->mmio_write.addr = addr;
		exit->mmio_write.width = (uint8_t)width;
		exit->mmio_write.data = data;
	}
	v->fault.reason = exit->reason;
	v->fault.gpa = addr;
}

/* A decoded load/store: writeback, pairs, then the exit. */
static bool a64_emulate(struct a64_vcpu *v, uint64_t ipa,
			const struct arm64_mem_access *a, bool decoded,
			uint32_t flags, struct axvcpu_exit *exit)
{
	struct a64_fault *f = &v->fault;
	bool load = a->kind == ARM64_MEM_LOAD;
	uint64_t next_pc = v->ctx.pc + a->len;
	unsigned wb = NO_REG;
	uint64_t wb_value = 0;
	if (decoded) {
		/* The fault must be on the access the decoder describes
		 * (its first register, for a pair). */
		if (a64_access_va(v, a) != v->ctx.far)
			return a64_npf(v, ipa, flags | AXVCPU_ACCESS_UNDECODED,
				       exit);
		if (a->writeback != ARM64_MEM_WB_NONE) {
			wb = a->rn;
			uint64_t base = wb == 31 ? *a64_sp_of(v) : v->ctx.x[wb];
			wb_value = base + (uint64_t)a->imm;
		}
	}
	if (a->nregs == 2 &&
	    ((v->ctx.far & 0xfff) + 2u * a->width > 0x1000 || !decoded))
		return a64_npf(v, ipa, flags, exit);
	/* Reflect_fault puts back what the access wrote. */
	f->nsave = 0;
	if (load) {
		a64_fault_save_reg(f, v, a->rt);
		if (a->nregs == 2)
			a64_fault_save_reg(f, v, a->rt2);
	}
	if (wb != NO_REG) {
		f->reg[f->nsave] = (uint8_t)wb;
		f->val[f->nsave] = wb == 31 ? *a64_sp_of(v) : v->ctx.x[wb];
		f->nsave++;
	}
	a64_mmio_exit(v, load, ipa, a->width, a->rt, a->reg_width, a->sign_ext,
		      a64_xreg(v, a->rt), exit);
	if (a->nregs == 2) {
		struct a64_pair *p = &v->pair;
		p->pending = true;
		p->load = load;
		p->width = a->width;
		p->reg_width = a->reg_width;
		p->sign_ext = a->sign_ext;
		p->rt = a->rt2;
		p->addr = ipa + a->width;
		p->data = a64_xreg(v, a->rt2);
		p->wb_reg = (uint8_t)wb;
		p->wb_value = wb_value;
		p->next_pc = next_pc;
		p->first_addr = ipa;
		return true; /* pc and writeback come with the second */
	}
	if (wb != NO_REG) {
		if (wb == 31)
			*a64_sp_of(v) = wb_value;
		else
			v->ctx.x[wb] = wb_value;
	}
	v->ctx.pc = next_pc;
	return true;
}

void a64_abort_pair_next(struct a64_vcpu *v, struct axvcpu_exit *exit)
{
	struct a64_pair *p = &v->pair;
	p->pending = false;
	a64_mmio_exit(v, p->load, p->addr, p->width, p->rt, p->reg_width,
		      p->sign_ext, p->data, exit);
	if (p->wb_reg != NO_REG) {
		if (p->wb_reg == 31)
			*a64_sp_of(v) = p->wb_value;
		else
			v->ctx.x[p->wb_reg] = p->wb_value;
	}
	v->ctx.pc = p->next_pc;
	v->fault.resume_pc = v->ctx.pc;
	v->fault.valid = true;
}

bool a64_abort_handle(struct a64_vcpu *v, struct axvcpu_exit *exit)
{
	uint64_t esr = v->ctx.esr, ipa = a64_abort_ipa(v);
	struct a64_fault *f = &v->fault;
	f->pc = v->ctx.pc;
	f->far = v->ctx.far;
	f->gpa = ipa;
	f->nsave = 0;
	f->valid = true;
	bool ret;
	if (ESR_EC(esr) == EC_IABT_LOW) {
		f->esr = (uint64_t)EC_IABT_LOW << 26 | ESR_IL | FSC_EXTABT;
		ret = a64_npf(v, ipa, AXVCPU_ACCESS_EXECUTE, exit);
	} else {
		f->esr = (uint64_t)EC_DABT_LOW << 26 | ESR_IL | FSC_EXTABT |
			 (esr & ISS_WNR);
		uint32_t flags =
		    (esr & ISS_WNR) ? AXVCPU_ACCESS_WRITE : AXVCPU_ACCESS_READ;
		struct arm64_mem_access a;
		uint32_t insn;
		int rc = arm64_decode_esr_mem(esr, &a);
		bool decoded = false;
		if (rc == AXVCPU_ENOTFOUND) {
			/* An AArch32 EL0 access is no A64 instruction. */
			if ((v->ctx.pstate & PSR_AARCH32) ||
			    !a64_fetch(v, &insn)) {
				a.access_flags =
				    flags | AXVCPU_ACCESS_UNDECODED;
				rc = AXVCPU_EINVAL;
			} else {
				rc = arm64_decode_mem(insn, &a);
				decoded = true;
			}
		}
		if (rc != 0)
			ret = a64_npf(v, ipa,
				      a.access_flags ? a.access_flags : flags,
				      exit);
		else
			ret = a64_emulate(v, ipa, &a, decoded, flags, exit);
	}
	f->resume_pc = v->ctx.pc;
	return ret;
}

int a64_abort_reflect(struct a64_vcpu *v, const struct axvcpu_exit *exit)
{
	struct a64_fault *f = &v->fault;
	uint64_t addr = exit->reason == AXVCPU_EXIT_MMIO_READ
			    ? exit->mmio_read.addr
			: exit->reason == AXVCPU_EXIT_MMIO_WRITE
			    ? exit->mmio_write.addr
			    : exit->nested_page_fault.addr;
	/*
	 * The record must be the exit's and the pc where that exit left it:
	 * after axvcpu_set_entry() the VM layer resumed the guest elsewhere.
	 */
	if (!f->valid || exit->reason != f->reason || addr != f->gpa ||
	    v->ctx.pc != f->resume_pc)
		return AXVCPU_EBADSTATE;
	for (unsigned i = 0; i < f->nsave; i++) {
		if (f->reg[i] == 31)
			*a64_sp_of(v) = f->val[i];
		else
			v->ctx.x[f->reg[i]] = f->val[i];
	}
	v->ctx.pc = f->pc;
	v->pair.pending = false;
	f->valid = false;
	v->inject.pending = true;
	v->inject.serror = false;
	v->inject.esr = f->esr;
	v->inject.far = f->far;
	return AXVCPU_OK;
}
