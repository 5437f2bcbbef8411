/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Control-register accesses that exit: writes touching a CR0/CR4 bit the
 * backend owns (the VMX fixed bits, bits the CPU lacks, CR0.PG), and CR3
 * accesses where the CPU forces CR3 exiting on. The write is checked as
 * the CPU would (#GP), the hardware value keeps the fixed bits while the
 * read shadow shows the guest its own, and paging changes follow: EFER.LMA
 * and the IA-32e entry control with CR0.PG, the PDPTEs of PAE paging, a
 * flush of the guest's TLB.
 */
#include "src/arch/x86_64/x86_mode.h"
#include "vmx_internal.h"

#define CR0_RESERVED 0xffffffff1ffaffc0ull

/* false: #GP queued. */
static bool cr0_write(struct vmx_vcpu *v, uint64_t val,
		      struct axvcpu_exit *exit, bool *exit_out)
{
	const struct vmx_caps *c = &vmx_caps_global;
	uint64_t old = vmx_state_cr0(v), cr4 = vmx_state_cr4(v);
	uint64_t efer = vmx_read(VMCS_GUEST_EFER);
	val |= X86_CR0_ET;
	if ((val & CR0_RESERVED) ||
	    ((val & X86_CR0_PG) && !(val & X86_CR0_PE)) ||
	    ((val & X86_CR0_NW) && !(val & X86_CR0_CD)))
		return false;
	if (!c->unrestricted && (~val & (X86_CR0_PE | X86_CR0_PG))) {
		exit->reason = AXVCPU_EXIT_INTERNAL_ERROR;
		exit->internal_error.code = AXVCPU_VMX_INTERNAL_NO_UNRESTRICTED;
		exit->internal_error.data[0] = val;
		*exit_out = true;
		return true;
	}
	bool pg_on = !(old & X86_CR0_PG) && (val & X86_CR0_PG);
	bool pg_off = (old & X86_CR0_PG) && !(val & X86_CR0_PG);
	if (pg_on && (efer & X86_EFER_LME)) {
		if (!(cr4 & X86_CR4_PAE))
			return false;
		efer |= X86_EFER_LMA;
	}
	if (pg_off && (efer & X86_EFER_LMA)) {
		if (vmx_state_long64(v))
			return false; /* leaving long mode from 64-bit code */
		efer &= ~X86_EFER_LMA;
	}
	uint64_t fixed0 = c->cr0_fixed0;
	if (c->unrestricted)
		fixed0 &= ~(X86_CR0_PE | X86_CR0_PG);
	vmx_write(VMCS_GUEST_CR0, (val | fixed0) & c->cr0_fixed1);
	vmx_write(VMCS_CR0_SHADOW, val);
	if (pg_on || pg_off) {
		vmx_write(VMCS_GUEST_EFER, efer);
		if (efer & X86_EFER_LMA)
			v->entry_ctl |= VMX_ENTRY_IA32E;
		else
			v->entry_ctl &= ~VMX_ENTRY_IA32E;
		vmx_write(VMCS_ENTRY_CTLS, v->entry_ctl);
	}
	if ((old ^ val) & (X86_CR0_PG | X86_CR0_WP | X86_CR0_PE))
		v->flush_vpid = true;
	if (pg_on)
		vmx_state_pdptes(v);
	return true;
}

static bool cr4_write(struct vmx_vcpu *v, uint64_t val)
{
	const struct vmx_caps *c = &vmx_caps_global;
	const uint64_t vmxe = 1ull << 13;
	uint64_t old = vmx_state_cr4(v);
	/* What the CPU cannot hold, and VMXE (VMX is hidden from guests). */
	if ((val & ~c->cr4_fixed1) || (val & vmxe))
		return false;
	if ((vmx_read(VMCS_GUEST_EFER) & X86_EFER_LMA) && !(val & X86_CR4_PAE))
		return false;
	vmx_write(VMCS_GUEST_CR4, (val | c->cr4_fixed0) & c->cr4_fixed1);
	vmx_write(VMCS_CR4_SHADOW, val);
	if ((old ^ val) & (X86_CR4_PAE | X86_CR4_PSE | X86_CR4_PGE |
			   X86_CR4_LA57 | X86_CR4_SMEP | X86_CR4_SMAP)) {
		v->flush_vpid = true;
		vmx_state_pdptes(v);
	}
	return true;
}

bool vmx_cr_access(struct vmx_vcpu *v, struct axvcpu_exit *exit, bool *exit_out)
{
	uint64_t q = vmx_read(VMCS_EXIT_QUAL);
	unsigned cr = q & 15, type = (q >> 4) & 3, reg = (q >> 8) & 15;
	bool ok = true;
	*exit_out = false;
	uint64_t val = v->r.gpr[reg];
	if (!vmx_state_long64(v))
		val = (uint32_t)val;
	switch (type) {
	case 0: /* MOV to CR */
		if (cr == 0)
			ok = cr0_write(v, val, exit, exit_out);
		else if (cr == 4)
			ok = cr4_write(v, val);
		else if (cr == 3) {
			vmx_write(VMCS_GUEST_CR3, val);
			v->flush_vpid = true;
			vmx_state_pdptes(v);
		}
		break;
	case 1: /* MOV from CR (CR3 store exiting) */
		if (cr == 3)
			v->r.gpr[reg] = vmx_read(VMCS_GUEST_CR3);
		break;
	case 2: /* CLTS */
		ok = cr0_write(v, vmx_state_cr0(v) & ~X86_CR0_TS, exit,
			       exit_out);
		break;
	default: { /* LMSW: bits 3:0, never clearing PE */
		uint64_t cr0 = vmx_state_cr0(v);
		uint64_t src = (q >> 16) & 0xf;
		ok =
		    cr0_write(v, (cr0 & ~0xeull) | (src & 0xf), exit, exit_out);
		break;
	}
	}
	if (!ok) {
		vmx_exit_raise(v, AXVCPU_X86_EXC_GP, 0);
		return false;
	}
	if (*exit_out)
		return false;
	v->r.rip = vmx_exit_next_rip(v);
	return true;
}
