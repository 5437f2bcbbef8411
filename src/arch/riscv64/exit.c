/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Trap decode: what a trap from the guest means for the VM layer.
 * Guest-page faults on loads/stores are decoded into MMIO exits (htinst is
 * not relied on: the instruction is fetched with HLVX); everything the
 * backend cannot emulate becomes an exit with honest details, or an
 * exception delivered to the guest itself — never a host failure.
 */
#include "rv_csr.h"
#include "rv_ctx.h"
#include "rv_timer.h"
#include "src/decode/riscv_mem.h"

#define RV_INSN_WFI 0x10500073u

void rv_exit_trap_csrs(struct rv_vcpu *v)
{
	v->ctx.stval = CSR_R(CSR_STVAL);
	v->ctx.htval = CSR_R(CSR_HTVAL);
	v->ctx.htinst = CSR_R(CSR_HTINST);
}

unsigned rv_insn_fetch(const struct rv_vcpu *v, uint32_t *insn)
{
	/* Both halfwords at once where they can be (the pc may be only
	 * 2-aligned and the instruction may straddle a page boundary). */
	return rv_guest_fetch(v->ctx.pc, v->ctx.hstatus, insn);
}

void rv_exit_redirect(struct rv_vcpu *v, uint64_t cause, uint64_t tval)
{
	uint64_t vs = CSR_R(CSR_VSSTATUS);
	/* As the hardware would: remember the previous mode and SIE, mask. */
	vs &= ~(SSTATUS_SPP | SSTATUS_SPIE);
	if (v->ctx.sstatus & SSTATUS_SPP)
		vs |= SSTATUS_SPP;
	if (vs & SSTATUS_SIE)
		vs |= SSTATUS_SPIE;
	vs &= ~SSTATUS_SIE;
	CSR_W(CSR_VSSTATUS, vs);
	CSR_W(CSR_VSEPC, v->ctx.pc);
	CSR_W(CSR_VSCAUSE, cause);
	CSR_W(CSR_VSTVAL, tval);
	v->ctx.pc = CSR_R(CSR_VSTVEC) & ~3ull;
	v->ctx.sstatus |= SSTATUS_SPP;
	v->sync = true; /* hstatus.SPVP follows */
}

bool rv_exit_halt(struct rv_vcpu *v, struct axvcpu_exit *exit)
{
	/* WFI wakes on pending & enabled, whatever vsstatus.SIE says. */
	uint64_t pending = (CSR_R(CSR_HIP) | v->hvip) & HIP_VS_ALL;
	uint64_t enabled = CSR_R(CSR_VSIE) << 1;
	if (pending & enabled)
		return false;
	rv_exit_set(exit, AXVCPU_EXIT_HALT);
	exit->halt.deadline = rv_timer_deadline(v);
	return true;
}

/*
 * The common case of riscv_decode_mem(), inline: an uncompressed integer
 * LOAD or STORE (opcodes 0x03, 0x23), what device drivers use. False for
 * anything else, which the full decoder takes (its tests and fuzzing
 * cover both: the answers are the same).
 */
static inline bool rv_decode_plain(uint32_t insn, struct riscv_mem_access *a)
{
	unsigned op = insn & 0x7f, funct3 = insn >> 12 & 7;
	if (op == 0x03 && funct3 != 7) {
		a->kind = RISCV_MEM_LOAD;
		a->reg = insn >> 7 & 31;
		a->sign_ext = funct3 < 3;
		a->access_flags = AXVCPU_ACCESS_READ;
	} else if (op == 0x23 && funct3 < 4) {
		a->kind = RISCV_MEM_STORE;
		a->reg = insn >> 20 & 31;
		a->sign_ext = false;
		a->access_flags = AXVCPU_ACCESS_WRITE;
	} else {
		return false;
	}
	a->width = (uint8_t)(1u << (funct3 & 3));
	a->len = 4;
	return true;
}

static bool rv_exit_access(struct rv_vcpu *v, uint64_t cause,
			   struct axvcpu_exit *exit)
{
	uint64_t gpa = v->ctx.htval << 2 | (v->ctx.stval & 3);
	uint32_t flags =
	    cause == RV_CAUSE_FETCH_GUEST_PAGE  ? AXVCPU_ACCESS_EXECUTE
	    : cause == RV_CAUSE_LOAD_GUEST_PAGE ? AXVCPU_ACCESS_READ
						: AXVCPU_ACCESS_WRITE;
	exit->reason = AXVCPU_EXIT_NESTED_PAGE_FAULT;
	exit->nested_page_fault.addr = gpa;
	exit->nested_page_fault.access_flags = flags;
	if (cause == RV_CAUSE_FETCH_GUEST_PAGE)
		return true;
	/*
	 * A fault on the guest's own page-table walk (its vsatp tables in
	 * unmapped memory) names the PTE's address, not the load's: the
	 * instruction at the pc must not be emulated as an access there.
	 * htinst says so with a pseudo-instruction (bit 0 clear) where the
	 * hart fills it; QEMU 7.2 leaves it 0, so also compare the page
	 * offsets, which a real access shares with its virtual address.
	 */
	bool implicit =
	    (v->ctx.htinst && !(v->ctx.htinst & 1)) ||
	    ((v->ctx.hstatus & HSTATUS_GVA) && ((gpa ^ v->ctx.stval) & 0xfff));
	if (implicit)
		return true; /* an honest NPF: that address, that access */

	uint32_t insn = 0;
	struct riscv_mem_access acc;
	unsigned len = rv_insn_fetch(v, &insn);
	if (!len) {
		exit->nested_page_fault.access_flags |= AXVCPU_ACCESS_UNDECODED;
		return true;
	}
	bool is_load = cause == RV_CAUSE_LOAD_GUEST_PAGE;
	bool decoded =
	    rv_decode_plain(insn, &acc) || riscv_decode_mem(insn, &acc) == 0;
	if (!decoded || (acc.kind == RISCV_MEM_LOAD) != is_load) {
		exit->nested_page_fault.access_flags =
		    acc.kind == RISCV_MEM_OTHER
			? acc.access_flags | flags
			: flags | AXVCPU_ACCESS_UNDECODED;
		return true;
	}
	if (is_load) {
		exit->reason = AXVCPU_EXIT_MMIO_READ;
		exit->mmio_read.addr = gpa;
		exit->mmio_read.width = acc.width;
		exit->mmio_read.reg_width = 8;
		exit->mmio_read.sign_ext = acc.sign_ext;
		exit->mmio_read.reg = acc.reg;
	} else {
		uint64_t data = acc.reg ? v->ctx.gpr[acc.reg] : 0;
		if (acc.width < 8)
			data &= (1ull << (8 * acc.width)) - 1;
		exit->reason = AXVCPU_EXIT_MMIO_WRITE;
		exit->mmio_write.addr = gpa;
		exit->mmio_write.width = acc.width;
		exit->mmio_write.data = data;
	}
	v->ctx.pc += acc.len;
	return true;
}

/*
 * Decode the guest-page fault into an exit, and remember what the guest
 * would have seen without a hypervisor: the access fault of the same
 * access type (a fault on the guest's own page-table walk too: the
 * privileged spec raises the original access's fault for a PTE access
 * that fails), at the faulting instruction, with its virtual address.
 */
static bool rv_exit_guest_page(struct rv_vcpu *v, uint64_t cause,
			       struct axvcpu_exit *exit)
{
	struct rv_fault *f = &v->fault;
	uint64_t pc = v->ctx.pc;
	bool ret = rv_exit_access(v, cause, exit);
	f->reason = exit->reason;
	/*
	 * From the decoded access rather than the trap's cause: QEMU 7.2
	 * raises a load guest-page fault for an AMO, where the ISA (and a
	 * hart without a hypervisor) gives a store/AMO fault. LR is a load.
	 */
	uint32_t acc = exit->reason == AXVCPU_EXIT_MMIO_READ
			   ? AXVCPU_ACCESS_READ
		       : exit->reason == AXVCPU_EXIT_MMIO_WRITE
			   ? AXVCPU_ACCESS_WRITE
			   : exit->nested_page_fault.access_flags;
	f->cause = (acc & AXVCPU_ACCESS_EXECUTE) ? RV_CAUSE_FETCH_ACCESS
		   : (acc & AXVCPU_ACCESS_WRITE) ? RV_CAUSE_STORE_ACCESS
						 : RV_CAUSE_LOAD_ACCESS;
	/* stval is a guest virtual address only when GVA says so. */
	f->tval = (v->ctx.hstatus & HSTATUS_GVA) ? v->ctx.stval : 0;
	f->pc = pc;
	f->resume_pc = v->ctx.pc;
	/* The VM layer may complete the read before it reflects instead:
	 * a faulting load must leave its destination as it was. */
	f->reg =
	    exit->reason == AXVCPU_EXIT_MMIO_READ ? exit->mmio_read.reg : 0;
	f->reg_val = f->reg ? v->ctx.gpr[f->reg] : 0;
	return ret;
}

bool rv_exit_mmio_slow(struct rv_vcpu *v, uint64_t cause,
		       struct axvcpu_exit *exit, uint64_t stval, uint64_t htval,
		       uint64_t htinst)
{
	v->ctx.stval = stval;
	v->ctx.htval = htval;
	v->ctx.htinst = htinst;
	v->ret_kind = RV_RET_NONE;
	return rv_exit_guest_page(v, cause, exit);
}

int rv_exit_reflect(struct rv_vcpu *v, const struct axvcpu_exit *exit)
{
	struct rv_fault *f = &v->fault;
	/*
	 * The record must be the exit's, and the pc where that exit left
	 * it: after axvcpu_set_entry() the VM layer has resumed the guest
	 * elsewhere, and a fault at the old instruction would contradict it.
	 */
	if (f->reason == AXVCPU_EXIT_NOTHING || exit->reason != f->reason ||
	    v->ctx.pc != f->resume_pc)
		return AXVCPU_EBADSTATE;
	/* An MMIO access's fault is its kind's (the fast path leaves it
	 * to here); a nested page fault's was worked out at the exit. */
	if (f->reason == AXVCPU_EXIT_MMIO_READ)
		f->cause = RV_CAUSE_LOAD_ACCESS;
	else if (f->reason == AXVCPU_EXIT_MMIO_WRITE)
		f->cause = RV_CAUSE_STORE_ACCESS;
	if (f->reg)
		v->ctx.gpr[f->reg] = f->reg_val;
	v->ctx.pc = f->pc;
	f->reason = AXVCPU_EXIT_NOTHING;
	/* Raised at the next entry, where this vCPU's VS CSRs are live: the
	 * VM layer may call this on another hart or after unbind. */
	f->pending = true;
	v->sync = true;
	return AXVCPU_OK;
}

#define RV_CSR_SIE 0x104u
#define RV_CSR_SIP 0x144u

/*
 * A VS-mode csrrw/s/c[i] of sip or sie, trapped by hvictl.VTI where the
 * hart's own vsip read hides STIP and SEIP (percpu.c): answered as the
 * hart should. sip shows every VS interrupt pending for the guest — what
 * the host asserts, the guest's own timer once due — and only SSIP is
 * writable; sie is vsie. False if `insn` is no such access.
 */
static bool rv_exit_csr_sip(struct rv_vcpu *v, uint32_t insn)
{
	unsigned funct3 = insn >> 12 & 7, rd = insn >> 7 & 31;
	unsigned rs1 = insn >> 15 & 31, csr = insn >> 20;
	if ((insn & 0x7f) != 0x73 || !(funct3 & 3) ||
	    (csr != RV_CSR_SIP && csr != RV_CSR_SIE))
		return false;
	/* x0 reads 0 (its context slot is not kept 0: see backend.c). */
	uint64_t src = (funct3 & 4) ? rs1 : rs1 ? v->ctx.gpr[rs1] : 0;
	uint64_t old;
	if (csr == RV_CSR_SIE)
		old = CSR_R(CSR_VSIE);
	else
		old = ((CSR_R(CSR_HIP) | v->hvip | rv_timer_pending(v)) &
		       HIP_VS_ALL) >>
		      1;
	uint64_t val = (funct3 & 3) == 1   ? src
		       : (funct3 & 3) == 2 ? old | src
					   : old & ~src;
	/* csrrs/csrrc with x0 (or uimm 0) read only. */
	if ((funct3 & 3) == 1 || rs1 != 0) {
		if (csr == RV_CSR_SIE)
			CSR_W(CSR_VSIE, val);
		else
			v->hvip =
			    (v->hvip & ~HIP_VSSIP) | ((val << 1) & HIP_VSSIP);
	}
	if (rd)
		v->ctx.gpr[rd] = old;
	v->ctx.pc += 4;
	return true;
}

static bool rv_exit_virtual_insn(struct rv_vcpu *v, struct axvcpu_exit *exit)
{
	uint32_t insn = 0;
	unsigned len = rv_insn_fetch(v, &insn);
	if (len == 4 && (v->ctx.sstatus & SSTATUS_SPP) &&
	    rv_exit_csr_sip(v, insn))
		return false;
	/* WFI is the guest kernel's (VS-mode); its user space gets an
	 * illegal instruction, as on a hart without a hypervisor. */
	if (len == 4 && insn == RV_INSN_WFI && (v->ctx.sstatus & SSTATUS_SPP)) {
		v->ctx.pc += 4;
		return rv_exit_halt(v, exit);
	}
	/* Any other privileged instruction the guest may not use. */
	rv_exit_redirect(v, RV_CAUSE_ILLEGAL, len ? insn : 0);
	return false;
}

/*
 * A misaligned load or store the guest did not take itself (SBI FWFT
 * MISALIGNED_EXC_DELEG 0, where the firmware below let it reach HS):
 * done byte by byte through the guest's own translation, as firmware
 * would. Atomics and FP accesses cannot be split, and a byte that faults
 * (a store may then be partly done) leaves the exception to the guest.
 */
static bool rv_exit_misaligned(struct rv_vcpu *v, uint64_t cause)
{
	rv_exit_trap_csrs(v);
	uint32_t insn = 0;
	struct riscv_mem_access acc;
	uint64_t gva = v->ctx.stval, hs = v->ctx.hstatus, val = 0;
	bool load = cause == RV_CAUSE_LOAD_MISALIGNED;
	unsigned len = rv_insn_fetch(v, &insn), i = 0;
	if (len && riscv_decode_mem(insn, &acc) == 0 &&
	    (acc.kind == RISCV_MEM_LOAD) == load) {
		if (!load)
			val = acc.reg ? v->ctx.gpr[acc.reg] : 0;
		for (; i < acc.width; i++) {
			uint8_t b = (uint8_t)(val >> (8 * i));
			if (load ? rv_guest_load8(gva + i, hs, &b)
				 : rv_guest_store8(gva + i, hs, b))
				break;
			if (load)
				val |= (uint64_t)b << (8 * i);
		}
		if (i == acc.width) {
			unsigned sh = 64 - 8 * acc.width;
			if (load && acc.sign_ext && sh)
				val = (uint64_t)((int64_t)(val << sh) >> sh);
			if (load && acc.reg)
				v->ctx.gpr[acc.reg] = val;
			v->ctx.pc += len;
			return false;
		}
	}
	rv_exit_redirect(v, cause, gva);
	return false;
}

/* Every trap but an SBI call: kept out of the hot path's frame. */
static __attribute__((noinline)) bool
rv_exit_other(struct rv_vcpu *v, uint64_t cause, struct axvcpu_exit *exit)
{
	if (cause & SCAUSE_IRQ) {
		exit->reason = AXVCPU_EXIT_EXTERNAL_INTERRUPT;
		exit->external_interrupt.vector = cause & ~SCAUSE_IRQ;
		return true;
	}
	/* Any pending SBI return convention belongs to an older exit. */
	v->ret_kind = RV_RET_NONE;
	switch (cause) {
	case RV_CAUSE_FETCH_GUEST_PAGE:
	case RV_CAUSE_LOAD_GUEST_PAGE:
	case RV_CAUSE_STORE_GUEST_PAGE:
		rv_exit_trap_csrs(v);
		return rv_exit_guest_page(v, cause, exit);
	case RV_CAUSE_VIRTUAL_INSN:
		return rv_exit_virtual_insn(v, exit);
	case RV_CAUSE_LOAD_MISALIGNED:
	case RV_CAUSE_STORE_MISALIGNED:
		return rv_exit_misaligned(v, cause);
	default:
		/* Not delegated (access faults...): the guest's to handle. */
		rv_exit_trap_csrs(v);
		rv_exit_redirect(v, cause, v->ctx.stval);
		return false;
	}
}

bool rv_exit_handle(struct axvcpu *vcpu, struct rv_vcpu *v, uint64_t cause,
		    struct axvcpu_exit *exit)
{
	if (cause == RV_CAUSE_ECALL_VS) {
		v->ret_kind = RV_RET_NONE;
		return rv_sbi_handle(vcpu, v, exit);
	}
	return rv_exit_other(v, cause, exit);
}
