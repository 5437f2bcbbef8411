/* SPDX-License-Identifier: Apache-2.0 */
/* Instruction fetch, the pending record, and finishing instructions. */
#include "x86_emul_internal.h"
#include "x86_event.h"

unsigned x86_emul_fetch(const struct x86_guest *g, uint8_t *bytes)
{
	uint64_t la = g->r->rip;
	if (!x86_regs_long64(&g->v))
		la = (uint32_t)(la + g->v.seg[X86_SEG_CS].base);
	/* Up to the end of the page, then the rest if that is RAM too. */
	unsigned first = 0x1000 - (unsigned)(la & 0xfff);
	if (first > X86_INSN_MAX_LEN)
		first = X86_INSN_MAX_LEN;
	if (x86_walk_read(&g->v, &g->mem, la, bytes, first, X86_WALK_NOCHECK, 0,
			  0) != X86_WALK_OK)
		return 0;
	if (first == X86_INSN_MAX_LEN)
		return first;
	if (x86_walk_read(&g->v, &g->mem, la + first, bytes + first,
			  X86_INSN_MAX_LEN - first, X86_WALK_NOCHECK, 0,
			  0) != X86_WALK_OK)
		return first;
	return X86_INSN_MAX_LEN;
}

static bool emul_prefix(uint8_t b)
{
	switch (b) {
	case 0x26:
	case 0x2e:
	case 0x36:
	case 0x3e:
	case 0x64:
	case 0x65:
	case 0x66:
	case 0x67:
	case 0xf0:
	case 0xf2:
	case 0xf3:
		return true;
	default:
		return false;
	}
}

unsigned x86_emul_insn_len(enum x86_cpu_mode mode, const uint8_t *bytes,
			   unsigned avail, const uint8_t *opcode,
			   unsigned oplen)
{
	unsigned i = 0;
	while (i < avail && i < X86_INSN_MAX_LEN && emul_prefix(bytes[i]))
		i++;
	if (mode == X86_MODE_LONG64 && i < avail && (bytes[i] & 0xf0) == 0x40)
		i++;
	if (i + oplen > avail || i + oplen > X86_INSN_MAX_LEN)
		return 0;
	for (unsigned k = 0; k < oplen; k++)
		if (bytes[i + k] != opcode[k])
			return 0;
	return i + oplen;
}

void x86_emul_cancel(struct x86_emul *e)
{
	e->kind = X86_EMUL_NONE;
	e->have_value = false;
	e->fault_pending = false;
	e->phase = EMUL_PHASE_FIRST;
}

void x86_emul_insn_start(struct x86_emul *e, const struct x86_regs *r,
			 enum x86_emul_kind kind, uint64_t next_rip)
{
	x86_emul_cancel(e);
	e->kind = (uint8_t)kind;
	e->rip = r->rip;
	e->next_rip = next_rip;
}

void x86_emul_npf_start(struct x86_emul *e, const struct x86_regs *r)
{
	x86_emul_insn_start(e, r, X86_EMUL_NPF, r->rip);
}

void x86_emul_complete(struct x86_emul *e, uint64_t value)
{
	e->value = value;
	e->have_value = true;
}

bool x86_emul_read_pending(const struct x86_emul *e)
{
	if (e->kind == X86_EMUL_RDMSR)
		return true;
	if (e->kind == X86_EMUL_PIO)
		return e->pio.in;
	return e->kind == X86_EMUL_MMIO && e->phase == EMUL_PHASE_FIRST &&
	       e->insn.kind != X86_KIND_STORE &&
	       !(e->insn.kind == X86_KIND_COPY &&
		 (e->npf_flags & AXVCPU_ACCESS_WRITE));
}

int x86_emul_fail(struct x86_emul *e, const struct x86_regs *r, uint8_t vector,
		  uint32_t error)
{
	if (e->kind == X86_EMUL_NONE || r->rip != e->rip)
		return AXVCPU_EBADSTATE;
	e->fault = (struct x86_fault){ .vector = vector,
				       .has_error = x86_event_has_error(vector),
				       .error = error };
	e->fault_pending = true;
	return AXVCPU_OK;
}

/* Move rSI/rDI one element and count rCX down; rip past the instruction
 * when the string is done. */
static void emul_string_step(struct x86_regs *r, unsigned str_regs, bool rep,
			     unsigned addr_size, unsigned elem,
			     uint64_t next_rip)
{
	int64_t d = (r->rflags & X86_RFLAGS_DF) ? -(int64_t)elem : elem;
	if (str_regs & X86_STR_RSI)
		x86_regs_add(r, AXVCPU_X86_REG_RSI, addr_size, d);
	if (str_regs & X86_STR_RDI)
		x86_regs_add(r, AXVCPU_X86_REG_RDI, addr_size, d);
	if (rep) {
		x86_regs_add(r, AXVCPU_X86_REG_RCX, addr_size, -1);
		if (x86_trunc(r->gpr[AXVCPU_X86_REG_RCX], addr_size) != 0)
			return; /* executed again for the next element */
	}
	r->rip = next_rip;
}

/* ---- port I/O --------------------------------------------------------- */

enum x86_emul_status x86_emul_pio_start(struct x86_emul *e,
					const struct x86_guest *g,
					const struct x86_pio *p,
					struct axvcpu_exit *exit)
{
	struct x86_regs *r = g->r;
	x86_emul_insn_start(e, r, X86_EMUL_PIO, p->next_rip);
	e->pio = *p;
	uint32_t count = 1;
	if (p->string && p->rep) {
		uint64_t c =
		    x86_trunc(r->gpr[AXVCPU_X86_REG_RCX], p->addr_size);
		if (c == 0) {
			r->rip = p->next_rip;
			x86_emul_cancel(e);
			return X86_EMUL_CONTINUE;
		}
		count = c > 0xffffffffu ? 0xffffffffu : (uint32_t)c;
	}
	if (p->in) {
		if (p->string) {
			/* The destination must be writable before the port is
			 * read: a fault comes first, with no exit. */
			uint64_t la =
			    emul_linear(g, X86_SEG_ES,
					x86_trunc(r->gpr[AXVCPU_X86_REG_RDI],
						  p->addr_size));
			uint64_t gpa;
			uint32_t pf = 0;
			if (x86_walk(&g->v, &g->mem, la, emul_access(g, true),
				     &gpa, &pf) == X86_WALK_PAGE_FAULT) {
				emul_page_fault(e, pf, la);
				x86_emul_cancel(e);
				return X86_EMUL_FAULT;
			}
		}
		exit->reason = AXVCPU_EXIT_IO_READ;
		exit->io_read.port = p->port;
		exit->io_read.width = p->size;
		exit->io_read.count = count;
		return X86_EMUL_EXIT;
	}
	uint64_t data = 0;
	if (p->string) {
		uint64_t la = emul_linear(
		    g, p->seg,
		    x86_trunc(r->gpr[AXVCPU_X86_REG_RSI], p->addr_size));
		uint32_t pf = 0;
		uint64_t pf_la = la;
		enum x86_walk_result w =
		    x86_walk_read(&g->v, &g->mem, la, &data, p->size,
				  emul_access(g, false), &pf, &pf_la);
		if (w == X86_WALK_PAGE_FAULT) {
			emul_page_fault(e, pf, pf_la);
			x86_emul_cancel(e);
			return X86_EMUL_FAULT;
		}
		/* Source not in RAM (an MMIO source): the port sees
		 * all-ones, as a read of nothing would give. */
		if (w != X86_WALK_OK)
			data = ~0ull;
	} else {
		data = r->gpr[AXVCPU_X86_REG_RAX];
	}
	exit->reason = AXVCPU_EXIT_IO_WRITE;
	exit->io_write.port = p->port;
	exit->io_write.width = p->size;
	exit->io_write.count = count;
	exit->io_write.data = x86_trunc(data, p->size);
	return X86_EMUL_EXIT;
}

static enum x86_emul_status emul_pio_finish(struct x86_emul *e,
					    const struct x86_guest *g)
{
	struct x86_regs *r = g->r;
	const struct x86_pio *p = &e->pio;
	uint64_t v = e->have_value ? e->value : 0;
	if (p->in && !p->string) {
		x86_regs_write(r, AXVCPU_X86_REG_RAX, false, p->size, v);
		r->rip = e->next_rip;
		return X86_EMUL_CONTINUE;
	}
	if (!p->string) {
		r->rip = e->next_rip;
		return X86_EMUL_CONTINUE;
	}
	if (p->in) {
		uint64_t la = emul_linear(
		    g, X86_SEG_ES,
		    x86_trunc(r->gpr[AXVCPU_X86_REG_RDI], p->addr_size));
		uint32_t pf = 0;
		uint64_t pf_la = la;
		/* A destination that is not RAM drops the element. */
		if (x86_walk_write(&g->v, &g->mem, la, &v, p->size,
				   emul_access(g, true), &pf,
				   &pf_la) == X86_WALK_PAGE_FAULT) {
			emul_page_fault(e, pf, pf_la);
			return X86_EMUL_FAULT;
		}
	}
	emul_string_step(r, p->in ? X86_STR_RDI : X86_STR_RSI, p->rep,
			 p->addr_size, p->size, e->next_rip);
	return X86_EMUL_CONTINUE;
}

/* ---- resume ------------------------------------------------------------ */

enum x86_emul_status x86_emul_resume(struct x86_emul *e,
				     const struct x86_guest *g,
				     struct axvcpu_exit *exit)
{
	struct x86_regs *r = g->r;
	if (e->kind == X86_EMUL_NONE)
		return X86_EMUL_CONTINUE;
	/* The VM layer moved the guest: it resumes there. */
	if (r->rip != e->rip) {
		x86_emul_cancel(e);
		return X86_EMUL_CONTINUE;
	}
	if (e->fault_pending) {
		x86_emul_cancel(e);
		return X86_EMUL_FAULT;
	}
	enum x86_emul_status st = X86_EMUL_CONTINUE;
	switch (e->kind) {
	case X86_EMUL_MMIO:
		st = emul_mmio_finish(e, g, exit);
		break;
	case X86_EMUL_PIO:
		st = emul_pio_finish(e, g);
		break;
	case X86_EMUL_RDMSR: {
		uint64_t v = e->have_value ? e->value : 0;
		r->gpr[AXVCPU_X86_REG_RAX] = (uint32_t)v;
		r->gpr[AXVCPU_X86_REG_RDX] = v >> 32;
		r->rip = e->next_rip;
		break;
	}
	case X86_EMUL_SKIP:
		r->rip = e->next_rip;
		break;
	default: /* X86_EMUL_NPF: executed again */
		break;
	}
	if (st != X86_EMUL_EXIT)
		x86_emul_cancel(e);
	return st;
}
