/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MMIO: the decoded instruction behind a nested page fault as MmioRead /
 * MmioWrite exits, and its finish (docs/decode.md has the decoder).
 */
#include "x86_emul_internal.h"

/* The effective address of `m` (next_rip for RIP-relative). */
static uint64_t mmio_ea(const struct x86_regs *r,
			const struct x86_mem_operand *m, uint64_t next_rip)
{
	uint64_t ea = (uint64_t)m->disp;
	if (m->rip_rel)
		ea += next_rip;
	if (m->base != X86_REG_NONE)
		ea += r->gpr[m->base & 15];
	if (m->index != X86_REG_NONE)
		ea += r->gpr[m->index & 15] * m->scale;
	return x86_trunc(ea, m->addr_size);
}

static uint64_t mmio_linear(const struct x86_guest *g,
			    const struct x86_mem_operand *m, uint64_t next_rip)
{
	return emul_linear(g, m->seg, mmio_ea(g->r, m, next_rip));
}

/* Declined: an honest nested page fault, rip on the instruction. */
static enum x86_emul_status mmio_npf(struct x86_emul *e,
				     const struct x86_guest *g, uint64_t gpa,
				     uint32_t flags, struct axvcpu_exit *exit)
{
	x86_emul_npf_start(e, g->r);
	e->gpa = gpa;
	e->npf_flags = flags;
	exit->reason = AXVCPU_EXIT_NESTED_PAGE_FAULT;
	exit->nested_page_fault.addr = gpa;
	exit->nested_page_fault.access_flags = flags;
	return X86_EMUL_EXIT;
}

static void mmio_read_exit(struct axvcpu_exit *exit, uint64_t gpa,
			   unsigned width, unsigned reg, unsigned reg_width,
			   bool sign_ext)
{
	exit->reason = AXVCPU_EXIT_MMIO_READ;
	exit->mmio_read.addr = gpa;
	exit->mmio_read.width = (uint8_t)width;
	exit->mmio_read.reg = reg;
	exit->mmio_read.reg_width = (uint8_t)reg_width;
	exit->mmio_read.sign_ext = sign_ext;
}

static void mmio_write_exit(struct axvcpu_exit *exit, uint64_t gpa,
			    unsigned width, uint64_t data)
{
	exit->reason = AXVCPU_EXIT_MMIO_WRITE;
	exit->mmio_write.addr = gpa;
	exit->mmio_write.width = (uint8_t)width;
	exit->mmio_write.data = x86_trunc(data, width);
}

/* The non-memory operand's value (register or immediate) at `size`. */
static uint64_t mmio_other(const struct x86_regs *r,
			   const struct x86_mem_insn *d, unsigned size)
{
	if (d->other == X86_OPND_IMM)
		return x86_trunc(d->imm, size);
	if (d->other == X86_OPND_REG)
		return x86_regs_read(r, d->reg, d->reg_high8, size);
	return 0;
}

/* Sign-extend the low `size` bytes of `v`. */
static int64_t mmio_sext(uint64_t v, unsigned size)
{
	if (size >= 8)
		return (int64_t)v;
	unsigned sh = 64 - 8 * size;
	return (int64_t)(v << sh) >> sh;
}

enum x86_emul_status x86_emul_mmio_start(struct x86_emul *e,
					 const struct x86_guest *g,
					 uint64_t gpa, bool write,
					 struct axvcpu_exit *exit)
{
	struct x86_regs *r = g->r;
	uint32_t flags = write ? AXVCPU_ACCESS_WRITE : AXVCPU_ACCESS_READ;
	uint8_t bytes[X86_INSN_MAX_LEN];
	struct x86_mem_insn d;
	unsigned avail = x86_emul_fetch(g, bytes);
	if (!avail)
		return mmio_npf(e, g, gpa, flags | AXVCPU_ACCESS_UNDECODED,
				exit);
	enum x86_cpu_mode mode = x86_regs_cpu_mode(&g->v, r->rflags);
	if (x86_decode_mem(mode, bytes, avail, &d) != 0)
		return mmio_npf(e, g, gpa, flags | AXVCPU_ACCESS_UNDECODED,
				exit);
	/* IP wraps at the code size (64 KiB in real mode). */
	uint64_t next =
	    x86_trunc(r->rip + d.len, x86_regs_code_size(&g->v, r->rflags));
	/* Which operand faulted: MOVS reads its source, writes its
	 * destination; everything else has one memory operand. */
	bool copy_write = d.kind == X86_KIND_COPY && write;
	const struct x86_mem_operand *op = copy_write ? &d.mem2 : &d.mem;
	uint64_t la = mmio_linear(g, op, next);
	if (d.op == X86_OP_BT && d.other == X86_OPND_REG) {
		/* A bit string: the word holding the bit. */
		int64_t off = mmio_sext(
		    x86_regs_read(r, d.reg, false, d.op_size), d.op_size);
		int64_t bits = 8 * (int64_t)d.op_size;
		int64_t word =
		    off >= 0 ? off / bits : -((-off + bits - 1) / bits);
		la += (uint64_t)(word * (int64_t)d.op_size);
		if (!x86_regs_long64(&g->v))
			la = (uint32_t)la;
	}
	/* The decoded operand must be what faulted (same page offset), and
	 * lie in one page: the fault names only the page it hit. */
	if (((la ^ gpa) & 0xfff) != 0 || (gpa & 0xfff) + d.mem_size > 0x1000)
		return mmio_npf(e, g, gpa, flags | AXVCPU_ACCESS_UNDECODED,
				exit);
	bool want_write = d.kind == X86_KIND_STORE;
	bool want_read = d.kind == X86_KIND_LOAD ||
			 d.kind == X86_KIND_ALU_TO_REG ||
			 d.kind == X86_KIND_FLAGS;
	if ((want_write && !write) || (want_read && write))
		return mmio_npf(e, g, gpa, flags | AXVCPU_ACCESS_UNDECODED,
				exit);

	x86_emul_insn_start(e, r, X86_EMUL_MMIO, next);
	e->insn = d;
	e->gpa = gpa;
	e->npf_flags = flags;
	switch (d.kind) {
	case X86_KIND_LOAD:
		if (d.reg_high8 || d.other != X86_OPND_REG)
			mmio_read_exit(exit, gpa, d.mem_size,
				       AXVCPU_X86_REG_READ_DATA, d.mem_size,
				       false);
		else
			mmio_read_exit(exit, gpa, d.mem_size, d.reg, d.op_size,
				       d.sign_ext);
		return X86_EMUL_EXIT;
	case X86_KIND_STORE:
		mmio_write_exit(exit, gpa, d.mem_size,
				mmio_other(r, &d, d.mem_size));
		return X86_EMUL_EXIT;
	case X86_KIND_COPY:
		if (copy_write) {
			/* The source was read without a fault: RAM. */
			uint64_t src = mmio_linear(g, &d.mem, next);
			uint64_t data = 0, pf_la = src;
			uint32_t pf = 0;
			enum x86_walk_result w = x86_walk_read(
			    &g->v, &g->mem, src, &data, d.mem_size,
			    emul_access(g, false), &pf, &pf_la);
			if (w == X86_WALK_PAGE_FAULT) {
				emul_page_fault(e, pf, pf_la);
				x86_emul_cancel(e);
				return X86_EMUL_FAULT;
			}
			if (w != X86_WALK_OK)
				return mmio_npf(e, g, gpa,
						flags | AXVCPU_ACCESS_UNDECODED,
						exit);
			mmio_write_exit(exit, gpa, d.mem_size, data);
			return X86_EMUL_EXIT;
		}
		mmio_read_exit(exit, gpa, d.mem_size, AXVCPU_X86_REG_READ_DATA,
			       d.mem_size, false);
		return X86_EMUL_EXIT;
	default: /* ALU_TO_REG, ALU_TO_MEM, FLAGS, XCHG: read first */
		mmio_read_exit(exit, gpa, d.mem_size, AXVCPU_X86_REG_READ_DATA,
			       d.mem_size, false);
		return X86_EMUL_EXIT;
	}
}

/* rip past the instruction, or the string registers one element on. */
static void mmio_step(struct x86_emul *e, struct x86_regs *r)
{
	const struct x86_mem_insn *d = &e->insn;
	if (!d->str_regs) {
		r->rip = e->next_rip;
		return;
	}
	int64_t delta = (r->rflags & X86_RFLAGS_DF) ? -(int64_t)d->mem_size
						    : (int64_t)d->mem_size;
	unsigned as = d->mem.addr_size;
	if (d->str_regs & X86_STR_RSI)
		x86_regs_add(r, AXVCPU_X86_REG_RSI, as, delta);
	if (d->str_regs & X86_STR_RDI)
		x86_regs_add(r, AXVCPU_X86_REG_RDI, as, delta);
	if (d->rep != X86_REP_NONE) {
		x86_regs_add(r, AXVCPU_X86_REG_RCX, as, -1);
		if (x86_trunc(r->gpr[AXVCPU_X86_REG_RCX], as) != 0)
			return; /* executed again for the next element */
	}
	r->rip = e->next_rip;
}

/* Apply ALU `op` and keep the result and the flags in the record. */
static uint64_t mmio_alu(struct x86_emul *e, const struct x86_regs *r,
			 uint64_t dst, uint64_t src)
{
	const struct x86_mem_insn *d = &e->insn;
	uint64_t res = dst, fl = r->rflags;
	if (x86_alu_apply(d->op, d->op_size, dst, src, r->rflags, &res, &fl))
		fl = r->rflags;
	e->flags = fl;
	return res;
}

/* A MOVS from MMIO: the value goes to ES:[rDI], RAM or another device. */
static enum x86_emul_status mmio_copy_store(struct x86_emul *e,
					    const struct x86_guest *g,
					    struct axvcpu_exit *exit)
{
	const struct x86_mem_insn *d = &e->insn;
	uint64_t la = mmio_linear(g, &d->mem2, e->next_rip);
	uint64_t gpa = 0, v = e->value;
	uint32_t pf = 0;
	enum x86_walk_result w =
	    x86_walk(&g->v, &g->mem, la, emul_access(g, true), &gpa, &pf);
	if (w == X86_WALK_PAGE_FAULT) {
		emul_page_fault(e, pf, la);
		return X86_EMUL_FAULT;
	}
	if (w == X86_WALK_OK && (gpa & 0xfff) + d->mem_size <= 0x1000 &&
	    g->mem.write(g->mem.ctx, gpa, &v, d->mem_size) == 0) {
		mmio_step(e, g->r);
		return X86_EMUL_CONTINUE;
	}
	if (w != X86_WALK_OK || (gpa & 0xfff) + d->mem_size > 0x1000) {
		/* Nowhere to put it: the element is dropped. */
		mmio_step(e, g->r);
		return X86_EMUL_CONTINUE;
	}
	/* The destination is a device too: one more exit. */
	e->phase = EMUL_PHASE_SECOND_SENT;
	mmio_write_exit(exit, gpa, d->mem_size, v);
	return X86_EMUL_EXIT;
}

enum x86_emul_status emul_mmio_finish(struct x86_emul *e,
				      const struct x86_guest *g,
				      struct axvcpu_exit *exit)
{
	struct x86_regs *r = g->r;
	const struct x86_mem_insn *d = &e->insn;
	uint64_t mem = e->have_value ? x86_trunc(e->value, d->mem_size) : 0;
	if (e->phase == EMUL_PHASE_SECOND_SENT) {
		/* The write of a two-access instruction was handed out. */
		if (d->kind == X86_KIND_ALU_TO_MEM)
			r->rflags = e->flags;
		else if (d->kind == X86_KIND_XCHG)
			x86_regs_write(r, d->reg, d->reg_high8, d->op_size,
				       mem);
		mmio_step(e, r);
		return X86_EMUL_CONTINUE;
	}
	switch (d->kind) {
	case X86_KIND_LOAD:
		/* Not completed: the VM layer wrote the register itself. */
		if (e->have_value)
			x86_regs_write(r,
				       d->other == X86_OPND_REG
					   ? d->reg
					   : AXVCPU_X86_REG_RAX,
				       d->reg_high8, d->op_size, e->value);
		break;
	case X86_KIND_STORE:
		break;
	case X86_KIND_COPY:
		if (!(e->npf_flags & AXVCPU_ACCESS_WRITE))
			return mmio_copy_store(e, g, exit);
		break;
	case X86_KIND_ALU_TO_REG: {
		uint64_t dst =
		    x86_regs_read(r, d->reg, d->reg_high8, d->op_size);
		uint64_t res = mmio_alu(e, r, dst, mem);
		r->rflags = e->flags;
		/* CMP-like ops never get here (FLAGS kind). */
		x86_regs_write(r, d->reg, d->reg_high8, d->op_size, res);
		break;
	}
	case X86_KIND_FLAGS: {
		uint64_t other =
		    d->op == X86_OP_BT
			? (d->other == X86_OPND_IMM
			       ? d->imm
			       : x86_regs_read(r, d->reg, false, d->op_size))
			: mmio_other(r, d, d->op_size);
		if (d->mem_first)
			mmio_alu(e, r, mem, other);
		else
			mmio_alu(e, r, other, mem);
		r->rflags = e->flags;
		break;
	}
	case X86_KIND_ALU_TO_MEM: {
		uint64_t res =
		    mmio_alu(e, r, mem, mmio_other(r, d, d->op_size));
		e->phase = EMUL_PHASE_SECOND_SENT;
		mmio_write_exit(exit, e->gpa, d->mem_size, res);
		return X86_EMUL_EXIT;
	}
	case X86_KIND_XCHG:
		e->phase = EMUL_PHASE_SECOND_SENT;
		e->value = mem;
		e->have_value = true;
		mmio_write_exit(
		    exit, e->gpa, d->mem_size,
		    x86_regs_read(r, d->reg, d->reg_high8, d->op_size));
		return X86_EMUL_EXIT;
	default:
		break;
	}
	mmio_step(e, r);
	return X86_EMUL_CONTINUE;
}
