/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VM-exit decode: what each exit reason means for the VM layer, or what
 * the backend does itself (CPUID, XSETBV, control registers, instructions
 * the guest may not use, the interrupt and NMI windows) before entering
 * again.
 */
#include "src/arch/x86_64/x86_event.h"
#include "src/arch/x86_64/x86_mode.h"
#include "vmx_internal.h"

uint64_t vmx_exit_next_rip(const struct vmx_vcpu *v)
{
	uint64_t next = v->r.rip + vmx_read(VMCS_EXIT_INSN_LEN);
	return x86_trunc(next, vmx_state_code_size(v));
}

static void exit_skip(struct vmx_vcpu *v)
{
	v->r.rip = vmx_exit_next_rip(v);
}

static void exit_cpuid(struct vmx_vcpu *v)
{
	x86_vcpu_cpuid(&v->x, vmx_state_cr4(v) & X86_CR4_OSXSAVE);
	exit_skip(v);
}

/* `len`: the instruction's length (VMCALL's from the exit, VMMCALL's
 * from its decode). */
static bool exit_hypercall(struct vmx_vcpu *v, struct axvcpu_exit *exit,
			   unsigned len)
{
	x86_vcpu_hypercall(&v->x, vmx_state_long64(v), exit);
	/* rip past VMCALL now: the answer is in rax, never a fault. */
	v->r.rip = x86_trunc(v->r.rip + len, vmx_state_code_size(v));
	return true;
}

static bool exit_io(struct vmx_vcpu *v, struct axvcpu_exit *exit)
{
	uint64_t q = vmx_read(VMCS_EXIT_QUAL);
	struct x86_guest g;
	struct x86_pio p = {
		.port = (uint16_t)(q >> 16),
		.size = (uint8_t)((q & 7) + 1),
		.in = q & (1u << 3),
		.string = q & (1u << 4),
		.rep = q & (1u << 5),
		.addr_size = 2,
		.seg = X86_SEG_DS,
		.next_rip = vmx_exit_next_rip(v),
	};
	vmx_state_guest(v, &g);
	if (p.string) {
		/* The source segment and address size from the prefixes (the
		 * exit information has them only on some CPUs). */
		unsigned code_size = vmx_state_code_size(v);
		p.addr_size = (uint8_t)code_size;
		if (x86_vcpu_pio_prefixes(&g, code_size, &p))
			p.addr_size = code_size == 4 ? 2 : 4;
	}
	return x86_vcpu_emul_done(&v->x,
				  x86_emul_pio_start(&v->emul, &g, &p, exit));
}

static bool exit_ept(struct vmx_vcpu *v, struct axvcpu_exit *exit)
{
	uint64_t q = vmx_read(VMCS_EXIT_QUAL);
	uint64_t gpa = vmx_read(VMCS_GUEST_PHYS_ADDR);
	bool write = q & VMX_EPT_Q_WRITE;
	struct x86_guest g;
	/* An IRET that unblocked NMIs faulted: blocked again, as the CPU
	 * had it before the instruction (virtual NMIs). */
	if ((q & VMX_EPT_Q_NMI_UNBLOCK) && !(v->idt_info & X86_EVENT_VALID))
		v->intr_state |= VMX_INTR_NMI;
	bool walk = !(q & VMX_EPT_Q_GLA_VALID) || !(q & VMX_EPT_Q_GLA_XLATE);
	if ((q & VMX_EPT_Q_FETCH) || walk) {
		/* A fetch, or the guest's own page tables: nothing to
		 * emulate, an honest fault at that address. */
		x86_vcpu_npf(&v->x, gpa, q & VMX_EPT_Q_FETCH, write, exit);
		return true;
	}
	vmx_state_guest(v, &g);
	return x86_vcpu_emul_done(
	    &v->x, x86_emul_mmio_start(&v->emul, &g, gpa, write, exit));
}

/* The host's handler for `vector`, from its IDT. */
static uint64_t exit_idt_handler(uint8_t vector)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr;
	__asm__ volatile("sidt %0" : "=m"(idtr));
	const uint32_t *g = (const uint32_t *)(idtr.base + 16u * vector);
	return (g[0] & 0xffff) | (uint64_t)(g[1] & 0xffff0000u) |
	       (uint64_t)g[2] << 32;
}

/* A host interrupt ended the run (acknowledged by the exit): the host's
 * handler takes it, then see whose it was. The preemption timer's exit
 * (`timer`) takes what is pending in an STI window instead, and tells the
 * VM layer the last vector the HAL saw. */
static bool exit_extint(struct axvcpu *vcpu, struct axvcpu_exit *exit,
			uint32_t info, bool nmi, bool timer)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	uint8_t vector = nmi ? 2 : x86_event_vector(info);
	if (timer) {
		x86_cpu_irq_window();
		vector = hal && hal->irq_fetch ? (uint8_t)hal->irq_fetch() : 0;
	} else if (!nmi && (info & X86_EVENT_VALID))
		vmx_host_irq(exit_idt_handler(vector));
	if (!x86_vcpu_irq_is_host(vcpu))
		return false;
	exit->reason = AXVCPU_EXIT_EXTERNAL_INTERRUPT;
	exit->external_interrupt.vector = vector;
	return true;
}

static bool exit_exception(struct axvcpu *vcpu, struct vmx_vcpu *v,
			   struct axvcpu_exit *exit)
{
	uint32_t info = (uint32_t)vmx_read(VMCS_EXIT_INTR_INFO);
	if (x86_event_type_of(info) == X86_EVENT_NMI)
		return exit_extint(vcpu, exit, info, true, false);
	uint8_t vec = x86_event_vector(info);
	if (vec == AXVCPU_X86_EXC_UD) {
		/* AMD's VMMCALL faults on Intel CPUs: taken as VMCALL, so that
		 * a guest written for the SVM backend runs here unchanged. */
		static const uint8_t vmmcall[] = { 0x0f, 0x01, 0xd9 };
		struct x86_guest g;
		uint8_t b[X86_INSN_MAX_LEN];
		vmx_state_guest(v, &g);
		unsigned n = x86_emul_fetch(&g, b);
		unsigned len = x86_emul_insn_len(
		    x86_regs_cpu_mode(&g.v, v->r.rflags), b, n, vmmcall, 3);
		if (len && !(v->idt_info & X86_EVENT_VALID))
			return exit_hypercall(v, exit, len);
	}
	if (vec == AXVCPU_X86_EXC_DB) {
		/* The exit leaves DR6 as it was: the qualification has the
		 * bits the #DB would have set. */
		uint64_t q = vmx_read(VMCS_EXIT_QUAL);
		x86_cpu_write_dr6((x86_cpu_read_dr6() & ~0x600full) |
				  (q & 0x600full));
	}
	/* Given back to the guest, one delivery per entry. */
	vmx_exit_raise(v, vec,
		       (info & X86_EVENT_ERR_VALID)
			   ? (uint32_t)vmx_read(VMCS_EXIT_INTR_ERROR)
			   : 0);
	return false;
}

static void exit_xsetbv(struct vmx_percpu *pc, struct vmx_vcpu *v)
{
	if (x86_vcpu_xsetbv(&v->x, &pc->fp, vmx_state_cr4(v) & X86_CR4_OSXSAVE,
			    vmx_state_cpl()))
		exit_skip(v);
}

static void exit_internal(struct axvcpu_exit *exit, uint64_t code, uint64_t d0,
			  uint64_t d1)
{
	exit->reason = AXVCPU_EXIT_INTERNAL_ERROR;
	exit->internal_error.code = code;
	exit->internal_error.data[0] = d0;
	exit->internal_error.data[1] = d1;
}

bool vmx_exit_handle(struct axvcpu *vcpu, struct vmx_percpu *pc,
		     struct vmx_vcpu *v, uint32_t reason,
		     struct axvcpu_exit *exit)
{
	if (reason & VMX_EXIT_ENTRY_FAILED) {
		exit->reason = AXVCPU_EXIT_FAIL_ENTRY;
		exit->fail_entry.hardware_entry_failure_reason =
		    AXVCPU_VMX_FAIL_EXIT | (reason & 0xffff);
		return true;
	}
	switch (reason & 0xffff) {
	case VMX_EXIT_EXC_NMI:
		return exit_exception(vcpu, v, exit);
	case VMX_EXIT_EXTINT:
		return exit_extint(vcpu, exit,
				   (uint32_t)vmx_read(VMCS_EXIT_INTR_INFO),
				   false, false);
	case VMX_EXIT_PREEMPT_TIMER:
		return exit_extint(vcpu, exit, 0, false, true);
	case VMX_EXIT_INT_WINDOW:
	case VMX_EXIT_NMI_WINDOW:
	case VMX_EXIT_INIT:
	case VMX_EXIT_SIPI:
		return false; /* the loop injects when the window opens */
	case VMX_EXIT_EPT_VIOLATION:
		return exit_ept(v, exit);
	case VMX_EXIT_EPT_MISCONFIG:
		exit_internal(exit, AXVCPU_VMX_INTERNAL_EPT_MISCONFIG,
			      vmx_read(VMCS_GUEST_PHYS_ADDR), 0);
		return true;
	case VMX_EXIT_IO:
		return exit_io(v, exit);
	case VMX_EXIT_RDMSR:
		return vmx_msr_handle(v, false, exit);
	case VMX_EXIT_WRMSR:
		return vmx_msr_handle(v, true, exit);
	case VMX_EXIT_CPUID:
		exit_cpuid(v);
		return false;
	case VMX_EXIT_CR_ACCESS: {
		bool out;
		vmx_cr_access(v, exit, &out);
		return out;
	}
	case VMX_EXIT_HLT:
		x86_emul_insn_start(&v->emul, &v->r, X86_EMUL_SKIP,
				    vmx_exit_next_rip(v));
		exit->reason = AXVCPU_EXIT_HALT;
		exit->halt.deadline = UINT64_MAX;
		return true;
	case VMX_EXIT_VMCALL:
		return exit_hypercall(v, exit,
				      (unsigned)vmx_read(VMCS_EXIT_INSN_LEN));
	case VMX_EXIT_TRIPLE_FAULT:
		exit->reason = AXVCPU_EXIT_SYSTEM_DOWN;
		exit->system.reason = AXVCPU_X86_SYSTEM_TRIPLE_FAULT;
		return true;
	case VMX_EXIT_XSETBV:
		exit_xsetbv(pc, v);
		return false;
	case VMX_EXIT_INVD:
	case VMX_EXIT_WBINVD:
		exit_skip(v);
		return false;
	case VMX_EXIT_GETSEC:
	case VMX_EXIT_RDPMC:
	case VMX_EXIT_RSM:
	case VMX_EXIT_VMCALL + 1 ... VMX_EXIT_VMXON:
	case VMX_EXIT_MWAIT:
	case VMX_EXIT_MONITOR:
	case VMX_EXIT_INVEPT:
	case VMX_EXIT_RDTSCP:
	case VMX_EXIT_INVVPID:
	case VMX_EXIT_INVPCID:
	case VMX_EXIT_VMFUNC:
	case VMX_EXIT_XSAVES:
	case VMX_EXIT_XRSTORS:
		/* Not virtualized: an invalid opcode, as CPUID says. */
		vmx_exit_raise(v, AXVCPU_X86_EXC_UD, 0);
		return false;
	default:
		exit_internal(exit, AXVCPU_VMX_INTERNAL_UNKNOWN_EXIT,
			      reason & 0xffff, vmx_read(VMCS_EXIT_QUAL));
		return true;
	}
}
