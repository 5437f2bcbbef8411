/* SPDX-License-Identifier: Apache-2.0 */
/* What x86_emul.c and x86_mmio.c share (not used by the backends). */
#ifndef AXVCPU_X86_EMUL_INTERNAL_H
#define AXVCPU_X86_EMUL_INTERNAL_H

#include "x86_emul.h"

#include <axvcpu/x86.h>

/* Phases of an instruction with two accesses. */
enum { EMUL_PHASE_FIRST = 0, EMUL_PHASE_SECOND_SENT = 1 };

/* The segment base linear addressing uses (64-bit mode: FS and GS only). */
static inline uint64_t emul_seg_base(const struct x86_guest *g, unsigned seg)
{
	if (seg >= 6)
		return 0;
	if (x86_regs_long64(&g->v) && seg != X86_SEG_FS && seg != X86_SEG_GS)
		return 0;
	return g->v.seg[seg].base;
}

/* Linear address of effective address `ea` in segment `seg`. */
static inline uint64_t emul_linear(const struct x86_guest *g, unsigned seg,
				   uint64_t ea)
{
	uint64_t la = emul_seg_base(g, seg) + ea;
	return x86_regs_long64(&g->v) ? la : (uint32_t)la;
}

/* The access a walk for the guest's data makes (user at CPL 3). */
static inline unsigned emul_access(const struct x86_guest *g, bool write)
{
	return (write ? X86_WALK_WRITE : X86_WALK_READ) |
	       (g->v.cpl == 3 ? X86_WALK_USER : 0);
}

/* Record a #PF for linear address `la` with error code `err`. */
static inline void emul_page_fault(struct x86_emul *e, uint32_t err,
				   uint64_t la)
{
	e->fault = (struct x86_fault){ .vector = AXVCPU_X86_EXC_PF,
				       .has_error = true,
				       .error = err,
				       .set_cr2 = true,
				       .cr2 = la };
}

/* x86_mmio.c: finish an MMIO instruction (see x86_emul_resume()). */
enum x86_emul_status emul_mmio_finish(struct x86_emul *e,
				      const struct x86_guest *g,
				      struct axvcpu_exit *exit);

#endif /* AXVCPU_X86_EMUL_INTERNAL_H */
