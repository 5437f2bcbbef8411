/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The run loop's fast paths (vcpu.c), inline in its frame: the vendor
 * hypercall, and MMIO. A guest-page fault on an uncompressed integer LOAD
 * or STORE becomes an MmioRead / MmioWrite exit in one pass, with the
 * record reflect_fault needs (struct rv_fault). Anything else — a fault of
 * the guest's own page-table walk, a fetch that faults, a compressed,
 * atomic or FP access — goes to the general decode in exit.c
 * (rv_exit_mmio_slow()), which gives the same answers for these two forms
 * (its decoder is tested and fuzzed against an independent one).
 */
#ifndef AXVCPU_RV_EXIT_FAST_H
#define AXVCPU_RV_EXIT_FAST_H

#include "rv_csr.h"
#include "rv_ctx.h"

/*
 * The 32-bit instruction at a guest pc (2-aligned), or 0 if a fetch
 * faults: HLVX.WU when the pc is 4-aligned (it cannot straddle a page),
 * two HLVX.HU otherwise; a private trap handler right behind them catches
 * a fault. hstatus.SPVP still holds the guest's privilege from its trap,
 * which is what HLVX checks against; a fault changes hstatus, sstatus and
 * the trap CSRs, which the caller has in hand and the next entry writes
 * again. A compressed instruction comes back with a second halfword the
 * caller ignores (or 0, if that one faulted: the general path fetches
 * again).
 */
static inline uint64_t rv_fetch32(uint64_t gva)
{
	uint64_t insn, t, lo, hi;
	__asm__ volatile(
	    "la %[t], 1f\n\t"
	    "csrrw %[t], stvec, %[t]\n\t"
	    "li %[i], 0\n\t"
	    "andi %[lo], %[a], 2\n\t"
	    "bnez %[lo], 2f\n\t"
	    /* hlvx.wu i, (a) */
	    ".insn r 0x73, 4, 0x34, %[i], %[a], x3\n\t"
	    "j 1f\n"
	    /* hlvx.hu lo, (a); hlvx.hu hi, (a + 2) */
	    "2:\t.insn r 0x73, 4, 0x32, %[lo], %[a], x3\n\t"
	    "addi %[hi], %[a], 2\n\t"
	    ".insn r 0x73, 4, 0x32, %[hi], %[hi], x3\n\t"
	    "slli %[hi], %[hi], 16\n\t"
	    "or %[i], %[lo], %[hi]\n\t"
	    ".balign 4\n"
	    "1:\tcsrw stvec, %[t]"
	    : [i] "=&r"(insn), [t] "=&r"(t), [lo] "=&r"(lo), [hi] "=&r"(hi)
	    : [a] "r"(gva)
	    : "memory");
	return insn;
}

/*
 * A load (cause 21) or store (23) guest-page fault into an exit: its
 * reason if this fast path made it, -1 if the general decode made one, 0
 * if there is none for the VM layer (as rv_exit_handle()).
 */
static inline __attribute__((always_inline)) int
rv_exit_mmio(struct rv_vcpu *v, uint64_t cause, struct axvcpu_exit *exit)
{
	uint64_t stval = CSR_R(CSR_STVAL), htval = CSR_R(CSR_HTVAL);
	uint64_t htinst = CSR_R(CSR_HTINST), pc = v->ctx.pc;
	uint64_t gpa = htval << 2 | (stval & 3);
	uint64_t gva = v->ctx.hstatus & HSTATUS_GVA;
	uint64_t insn;
	/* As rv_exit_access() decides: a fault of the guest's page-table
	 * walk (htinst's pseudo-instruction, or a GVA whose page offset is
	 * not the access's) names the PTE, not an access to emulate. */
	if ((__builtin_expect(htinst != 0, 0) && !(htinst & 1)) ||
	    (gva && ((gpa ^ stval) & 0xfff)) || !(insn = rv_fetch32(pc)))
		goto slow;
	struct rv_fault *f = &v->fault;
	unsigned f3 = insn >> 12 & 7;
	/*
	 * The vCPU's own records first, *exit last: with the run op inlined
	 * into axvcpu_run(), nothing then stands between the stores to *exit
	 * and the core's loads of them (its validation and record), which the
	 * compiler forwards instead of reloading.
	 */
	/* stval is a guest virtual address only when GVA says so. */
	f->tval = gva ? stval : 0;
	f->pc = pc;
	if (cause == RV_CAUSE_LOAD_GUEST_PAGE) {
		if ((insn & 0x7f) != 0x03 || f3 == 7)
			goto slow;
		unsigned rd = insn >> 7 & 31;
		f->reason = AXVCPU_EXIT_MMIO_READ;
		/* Its destination as it was, for reflect_fault after a
		 * completion. x0's slot is never read back (reg 0). */
		f->reg = rd;
		f->reg_val = v->ctx.gpr[rd];
		f->resume_pc = v->ctx.pc = pc + 4;
		exit->reason = AXVCPU_EXIT_MMIO_READ;
		exit->mmio_read.addr = gpa;
		exit->mmio_read.width = (uint8_t)(1u << (f3 & 3));
		exit->mmio_read.reg_width = 8;
		exit->mmio_read.sign_ext = f3 < 3;
		exit->mmio_read.reg = rd;
		return AXVCPU_EXIT_MMIO_READ;
	}
	{
		if ((insn & 0x7f) != 0x23 || f3 > 3)
			goto slow;
		unsigned rs2 = insn >> 20 & 31;
		uint64_t data = rs2 ? v->ctx.gpr[rs2] : 0;
		if (f3 < 3)
			data &= (1ull << (8 << f3)) - 1;
		f->reason = AXVCPU_EXIT_MMIO_WRITE;
		f->reg = 0;
		f->resume_pc = v->ctx.pc = pc + 4;
		exit->reason = AXVCPU_EXIT_MMIO_WRITE;
		exit->mmio_write.addr = gpa;
		exit->mmio_write.width = (uint8_t)(1u << f3);
		exit->mmio_write.data = data;
		return AXVCPU_EXIT_MMIO_WRITE;
	}
slow:
	return rv_exit_mmio_slow(v, cause, exit, stval, htval, htinst) ? -1 : 0;
}

/*
 * An ecall of the vendor extension AXVCPU_RISCV64_SBI_EXT_HYPERCALL
 * (a7): the Hypercall exit (nr = a6, args = a0..a5), answered SBI_SUCCESS
 * with value 0 unless the VM layer sets another (as rv_sbi_handle()).
 */
static inline __attribute__((always_inline)) void
rv_exit_hypercall(struct rv_vcpu *v, struct axvcpu_exit *exit)
{
	uint64_t *a = &v->ctx.gpr[10];
	exit->reason = AXVCPU_EXIT_HYPERCALL;
	exit->hypercall.nr = a[6];
	for (unsigned i = 0; i < 6; i++)
		exit->hypercall.args[i] = a[i];
	v->ret_kind = RV_RET_VALUE;
	a[0] = 0;
	a[1] = 0;
	v->ctx.pc += 4;
}

#endif /* AXVCPU_RV_EXIT_FAST_H */
