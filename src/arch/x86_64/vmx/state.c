/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's system state in the VMCS: a mode's state (the x86 layer's
 * x86_sregs) staged and applied at the next entry, the shadowed CR0/CR4,
 * and the description of the state the x86 layer works on at an exit.
 */
#include "src/arch/x86_64/x86_mode.h"
#include "vmx_internal.h"

#define SEG_SEL(n) ((enum vmx_field)(VMCS_GUEST_ES_SEL + 2 * (n)))
#define SEG_LIMIT(n) ((enum vmx_field)(VMCS_GUEST_ES_LIMIT + 2 * (n)))
#define SEG_AR(n) ((enum vmx_field)(VMCS_GUEST_ES_AR + 2 * (n)))
#define SEG_BASE(n) ((enum vmx_field)(VMCS_GUEST_ES_BASE + 2 * (n)))

/* Access rights in the VMCS form. */
static uint32_t state_ar(const struct x86_segment *s)
{
	if (s->unusable)
		return VMX_AR_UNUSABLE;
	return (uint32_t)((s->type & 0xf) | (s->s & 1) << 4 |
			  (s->dpl & 3) << 5 | (s->present & 1) << 7 |
			  (s->avl & 1) << 12 | (s->l & 1) << 13 |
			  (s->db & 1) << 14 | (s->g & 1) << 15);
}

static void state_seg(unsigned n, const struct x86_segment *s)
{
	vmx_write(SEG_SEL(n), s->sel);
	vmx_write(SEG_LIMIT(n), s->limit);
	vmx_write(SEG_AR(n), state_ar(s));
	vmx_write(SEG_BASE(n), s->base);
}

void vmx_state_stage(struct vmx_vcpu *v, const struct x86_sregs *s)
{
	v->load = *s;
	v->state_dirty = true;
}

uint64_t vmx_state_cr0(const struct vmx_vcpu *v)
{
	return (vmx_read(VMCS_GUEST_CR0) & ~v->cr0_mask) |
	       (vmx_read(VMCS_CR0_SHADOW) & v->cr0_mask);
}

uint64_t vmx_state_cr4(const struct vmx_vcpu *v)
{
	return (vmx_read(VMCS_GUEST_CR4) & ~v->cr4_mask) |
	       (vmx_read(VMCS_CR4_SHADOW) & v->cr4_mask);
}

/* PAE paging outside long mode: the CPU takes the four PDPTEs from the
 * VMCS at entry, so they are loaded here as MOV to CR3 would. */
void vmx_state_pdptes(struct vmx_vcpu *v)
{
	uint64_t cr0 = vmx_state_cr0(v), cr4 = vmx_state_cr4(v);
	uint64_t pdpte[4] = { 0, 0, 0, 0 };
	if (!(cr0 & X86_CR0_PG) || !(cr4 & X86_CR4_PAE) ||
	    (vmx_read(VMCS_GUEST_EFER) & X86_EFER_LMA))
		return;
	uint64_t cr3 = vmx_read(VMCS_GUEST_CR3) & 0xffffffe0u;
	if (vmx_gmem_read(v, cr3, pdpte, sizeof(pdpte)))
		for (unsigned i = 0; i < 4; i++)
			pdpte[i] = 0;
	for (unsigned i = 0; i < 4; i++)
		vmx_write((enum vmx_field)(VMCS_GUEST_PDPTE0 + 2 * i),
			  pdpte[i]);
}

void vmx_state_apply(struct vmx_vcpu *v)
{
	const struct vmx_caps *c = &vmx_caps_global;
	const struct x86_sregs *s = &v->load;
	const struct x86_segment *seg[8] = { &s->es, &s->cs, &s->ss,  &s->ds,
					     &s->fs, &s->gs, &s->ldt, &s->tr };
	for (unsigned n = 0; n < 8; n++)
		state_seg(n, seg[n]);
	vmx_write(VMCS_GUEST_GDTR_BASE, s->gdt.base);
	vmx_write(VMCS_GUEST_GDTR_LIMIT, s->gdt.limit);
	vmx_write(VMCS_GUEST_IDTR_BASE, s->idt.base);
	vmx_write(VMCS_GUEST_IDTR_LIMIT, s->idt.limit);
	uint64_t fixed0 = c->cr0_fixed0;
	if (c->unrestricted)
		fixed0 &= ~(X86_CR0_PE | X86_CR0_PG);
	vmx_write(VMCS_GUEST_CR0, (s->cr0 | fixed0) & c->cr0_fixed1);
	vmx_write(VMCS_CR0_SHADOW, s->cr0);
	vmx_write(VMCS_GUEST_CR3, s->cr3);
	vmx_write(VMCS_GUEST_CR4, (s->cr4 | c->cr4_fixed0) & c->cr4_fixed1);
	vmx_write(VMCS_CR4_SHADOW, s->cr4);
	vmx_write(VMCS_GUEST_EFER, s->efer);
	if (s->efer & X86_EFER_LMA)
		v->entry_ctl |= VMX_ENTRY_IA32E;
	else
		v->entry_ctl &= ~VMX_ENTRY_IA32E;
	vmx_write(VMCS_ENTRY_CTLS, v->entry_ctl);
	vmx_state_pdptes(v);
	vmx_write(VMCS_GUEST_DR7, 0x400);
	vmx_write(VMCS_GUEST_DEBUGCTL, 0);
	if (c->pat)
		vmx_write(VMCS_GUEST_PAT, v->pat);
	vmx_write(VMCS_GUEST_SYSENTER_CS, 0);
	vmx_write(VMCS_GUEST_SYSENTER_ESP, 0);
	vmx_write(VMCS_GUEST_SYSENTER_EIP, 0);
	vmx_write(VMCS_GUEST_INTR_STATE, 0);
	vmx_write(VMCS_GUEST_ACTIVITY, 0);
	vmx_write(VMCS_GUEST_PENDING_DBG, 0);
	vmx_write(VMCS_ENTRY_INTR_INFO, 0);
	v->intr_state = 0;
	v->idt_info = 0;
	v->state_dirty = false;
	v->flush_vpid = true;
}

unsigned vmx_state_code_size(const struct vmx_vcpu *v)
{
	uint32_t ar = (uint32_t)vmx_read(VMCS_GUEST_CS_AR);
	if ((v->entry_ctl & VMX_ENTRY_IA32E) && (ar & VMX_AR_L))
		return 8;
	return (ar & VMX_AR_DB) ? 4 : 2;
}

bool vmx_state_long64(const struct vmx_vcpu *v)
{
	return (v->entry_ctl & VMX_ENTRY_IA32E) &&
	       (vmx_read(VMCS_GUEST_CS_AR) & VMX_AR_L);
}

uint8_t vmx_state_cpl(void)
{
	return (uint8_t)((vmx_read(VMCS_GUEST_SS_AR) >> 5) & 3);
}

void vmx_state_view(const struct vmx_vcpu *v, struct x86_sysview *out)
{
	out->cr0 = vmx_state_cr0(v);
	out->cr3 = vmx_read(VMCS_GUEST_CR3);
	out->cr4 = vmx_state_cr4(v);
	out->efer = vmx_read(VMCS_GUEST_EFER);
	out->cpl = vmx_state_cpl();
	for (unsigned n = 0; n < 6; n++) {
		uint32_t ar = (uint32_t)vmx_read(SEG_AR(n));
		out->seg[n] = (struct x86_segview){
			.base = vmx_read(SEG_BASE(n)),
			.limit = (uint32_t)vmx_read(SEG_LIMIT(n)),
			.sel = (uint16_t)vmx_read(SEG_SEL(n)),
			.l = (ar & VMX_AR_L) != 0,
			.db = (ar & VMX_AR_DB) != 0,
		};
	}
}

void vmx_state_guest(struct vmx_vcpu *v, struct x86_guest *g)
{
	g->r = &v->r;
	vmx_state_view(v, &g->v);
	g->mem = (struct x86_gmem){ vmx_gmem_read, vmx_gmem_write, v };
}

int vmx_state_mode(struct vmx_vcpu *v, axvcpu_gpa_t entry)
{
	const struct x86_gmem mem = { vmx_gmem_read, vmx_gmem_write, v };
	struct x86_sregs s;
	int err = x86_vcpu_mode_state(&v->x, entry, &mem, &s);
	if (!err)
		vmx_state_stage(v, &s);
	return err;
}
