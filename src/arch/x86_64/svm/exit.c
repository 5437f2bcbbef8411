/* SPDX-License-Identifier: Apache-2.0 */
/*
 * #VMEXIT decode: what each exit code means for the VM layer, or what the
 * backend does itself (CPUID, XSETBV, instructions the guest may not use,
 * the interrupt window) before entering again.
 */
#include "src/arch/x86_64/x86_event.h"
#include "svm_internal.h"

/* The next rip: the hardware's where it saves it, else computed from the
 * instruction (`opcode` after prefixes; `len` if it cannot be fetched). */
static uint64_t exit_next_rip(struct svm_percpu *pc, struct svm_vcpu *v,
			      const uint8_t *opcode, unsigned oplen)
{
	if (pc->nrips && v->vmcb->next_rip)
		return v->vmcb->next_rip;
	struct x86_guest g;
	uint8_t bytes[X86_INSN_MAX_LEN];
	svm_state_guest(v, &g);
	unsigned avail = x86_emul_fetch(&g, bytes);
	unsigned len = x86_emul_insn_len(x86_regs_cpu_mode(&g.v, v->r.rflags),
					 bytes, avail, opcode, oplen);
	uint64_t next = v->r.rip + (len ? len : oplen);
	return x86_trunc(next, x86_regs_code_size(&g.v, v->r.rflags));
}

static void exit_skip(struct svm_percpu *pc, struct svm_vcpu *v,
		      const uint8_t *opcode, unsigned oplen)
{
	v->r.rip = exit_next_rip(pc, v, opcode, oplen);
	v->vmcb->int_state &= ~SVM_INT_SHADOW;
}

static const uint8_t op_cpuid[] = { 0x0f, 0xa2 };
static const uint8_t op_hlt[] = { 0xf4 };
static const uint8_t op_vmmcall[] = { 0x0f, 0x01, 0xd9 };
static const uint8_t op_xsetbv[] = { 0x0f, 0x01, 0xd1 };
static const uint8_t op_invd[] = { 0x0f, 0x08 };
static const uint8_t op_rdmsr[] = { 0x0f, 0x32 };
static const uint8_t op_wrmsr[] = { 0x0f, 0x30 };

static void exit_cpuid(struct svm_percpu *pc, struct svm_vcpu *v)
{
	x86_vcpu_cpuid(&v->x, v->vmcb->cr4 & X86_CR4_OSXSAVE);
	exit_skip(pc, v, op_cpuid, sizeof(op_cpuid));
}

static bool exit_hypercall(struct svm_percpu *pc, struct svm_vcpu *v,
			   struct axvcpu_exit *exit)
{
	struct x86_sysview view;
	svm_state_view(v, &view);
	x86_vcpu_hypercall(&v->x, x86_regs_long64(&view), exit);
	/* rip past VMMCALL now: the answer is in rax, never a fault. */
	exit_skip(pc, v, op_vmmcall, sizeof(op_vmmcall));
	return true;
}

static bool exit_io(struct svm_vcpu *v, struct axvcpu_exit *exit)
{
	uint64_t info = v->vmcb->exit_info1;
	struct x86_guest g;
	struct x86_pio p = {
		.port = (uint16_t)(info >> SVM_IO_PORT_SHIFT),
		.size = (info >> SVM_IO_SZ_SHIFT) & 1   ? 1
			: (info >> SVM_IO_SZ_SHIFT) & 2 ? 2
							: 4,
		.in = info & SVM_IO_IN,
		.string = info & SVM_IO_STR,
		.rep = info & SVM_IO_REP,
		.addr_size = (info >> SVM_IO_ASZ_SHIFT) & 1   ? 2
			     : (info >> SVM_IO_ASZ_SHIFT) & 2 ? 4
							      : 8,
		.seg = X86_SEG_DS,
		/* IOIO always saves the next rip, nrip-save or not. */
		.next_rip = v->vmcb->exit_info2,
	};
	svm_state_guest(v, &g);
	/* OUTS reads seg:[rSI]: the segment of an override prefix (the
	 * address size is in the exit information). */
	if (p.string && !p.in)
		x86_vcpu_pio_prefixes(&g, x86_regs_code_size(&g.v, v->r.rflags),
				      &p);
	return x86_vcpu_emul_done(&v->x,
				  x86_emul_pio_start(&v->emul, &g, &p, exit));
}

static bool exit_npf(struct svm_vcpu *v, struct axvcpu_exit *exit)
{
	uint64_t info = v->vmcb->exit_info1;
	uint64_t gpa = v->vmcb->exit_info2;
	bool write = info & SVM_NPF_W;
	struct x86_guest g;
	svm_state_guest(v, &g);
	if ((info & SVM_NPF_ID) || (info & SVM_NPF_WALK)) {
		/* A fetch, or the guest's own page tables: nothing to
		 * emulate, an honest fault at that address. */
		x86_vcpu_npf(&v->x, gpa, info & SVM_NPF_ID, write, exit);
		return true;
	}
	return x86_vcpu_emul_done(
	    &v->x, x86_emul_mmio_start(&v->emul, &g, gpa, write, exit));
}

/* A host interrupt ended the run: take it, then see whose it was. */
static bool exit_intr(struct axvcpu *vcpu, struct axvcpu_exit *exit,
		      uint64_t vector)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	x86_cpu_irq_window();
	if (!x86_vcpu_irq_is_host(vcpu))
		return false;
	exit->reason = AXVCPU_EXIT_EXTERNAL_INTERRUPT;
	exit->external_interrupt.vector =
	    vector ? vector : (hal && hal->irq_fetch ? hal->irq_fetch() : 0);
	return true;
}

static void exit_xsetbv(struct svm_percpu *pc, struct svm_vcpu *v)
{
	if (x86_vcpu_xsetbv(&v->x, &pc->fp, v->vmcb->cr4 & X86_CR4_OSXSAVE,
			    v->vmcb->cpl))
		exit_skip(pc, v, op_xsetbv, sizeof(op_xsetbv));
}

static void exit_internal(struct svm_vcpu *v, struct axvcpu_exit *exit)
{
	exit->reason = AXVCPU_EXIT_INTERNAL_ERROR;
	exit->internal_error.code = AXVCPU_SVM_INTERNAL_UNKNOWN_EXIT;
	exit->internal_error.data[0] = v->vmcb->exit_code;
	exit->internal_error.data[1] = v->vmcb->exit_info1;
}

bool svm_exit_handle(struct axvcpu *vcpu, struct svm_percpu *pc,
		     struct svm_vcpu *v, struct axvcpu_exit *exit)
{
	struct vmcb *c = v->vmcb;
	uint64_t code = c->exit_code;
	/*
	 * VMEXIT_INVALID is a 64-bit -1, but QEMU (7.2) stores a 32-bit one:
	 * no other exit code ends in 0xffffffff, so both are a failed entry
	 * (an InternalError told the VM layer nothing it could act on).
	 */
	if ((uint32_t)code == 0xffffffffu)
		code = SVM_EXIT_INVALID;
	switch (code) {
	case SVM_EXIT_INTR:
		return exit_intr(vcpu, exit, 0);
	case SVM_EXIT_NMI:
		return exit_intr(vcpu, exit, 2);
	case SVM_EXIT_SMI:
	case SVM_EXIT_VINTR:
		return false; /* the loop injects when the window opens */
	case SVM_EXIT_IRET:
		v->nmi_blocked = false;
		c->icpt1 &= ~SVM_I1_IRET;
		return false;
	case SVM_EXIT_NPF:
		return exit_npf(v, exit);
	case SVM_EXIT_IOIO:
		return exit_io(v, exit);
	case SVM_EXIT_MSR:
		return svm_msr_handle(
		    v,
		    exit_next_rip(pc, v, c->exit_info1 ? op_wrmsr : op_rdmsr,
				  2),
		    exit);
	case SVM_EXIT_CPUID:
		exit_cpuid(pc, v);
		return false;
	case SVM_EXIT_HLT:
		x86_emul_insn_start(&v->emul, &v->r, X86_EMUL_SKIP,
				    exit_next_rip(pc, v, op_hlt, 1));
		exit->reason = AXVCPU_EXIT_HALT;
		exit->halt.deadline = UINT64_MAX;
		return true;
	case SVM_EXIT_VMMCALL:
		return exit_hypercall(pc, v, exit);
	case SVM_EXIT_SHUTDOWN:
		exit->reason = AXVCPU_EXIT_SYSTEM_DOWN;
		exit->system.reason = AXVCPU_X86_SYSTEM_TRIPLE_FAULT;
		return true;
	case SVM_EXIT_XSETBV:
		exit_xsetbv(pc, v);
		return false;
	case SVM_EXIT_INVD:
		exit_skip(pc, v, op_invd, sizeof(op_invd));
		return false;
	case SVM_EXIT_EXC_BASE + AXVCPU_X86_EXC_DB:
	case SVM_EXIT_EXC_BASE + AXVCPU_X86_EXC_AC:
		/* Given back to the guest, one delivery per entry. */
		svm_exit_raise(v, (uint8_t)(code - SVM_EXIT_EXC_BASE),
			       (uint32_t)c->exit_info1);
		return false;
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
	case SVM_EXIT_INVLPGA:
	case SVM_EXIT_RDTSCP:
	case SVM_EXIT_MONITOR:
	case SVM_EXIT_MWAIT:
	case SVM_EXIT_MWAIT_COND:
	case SVM_EXIT_RDPRU:
	case SVM_EXIT_RDPMC:
	case SVM_EXIT_RSM:
		/* Not virtualized: an invalid opcode, as CPUID says. */
		svm_exit_raise(v, AXVCPU_X86_EXC_UD, 0);
		return false;
	case SVM_EXIT_INVALID:
		exit->reason = AXVCPU_EXIT_FAIL_ENTRY;
		exit->fail_entry.hardware_entry_failure_reason = code;
		return true;
	default:
		exit_internal(v, exit);
		return true;
	}
}
