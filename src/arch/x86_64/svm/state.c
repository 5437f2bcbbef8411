/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's system state in the VMCB: loading a mode's state (the x86
 * layer's x86_sregs), and describing it to the x86 layer at an exit.
 */
#include "src/arch/x86_64/x86_mode.h"
#include "svm_internal.h"

/* Descriptor attributes in the VMCB's packed 12-bit form. */
static uint16_t state_attr(const struct x86_segment *s)
{
	if (s->unusable)
		return 0;
	return (uint16_t)((s->type & 0xf) | (s->s & 1) << 4 |
			  (s->dpl & 3) << 5 | (s->present & 1) << 7 |
			  (s->avl & 1) << 8 | (s->l & 1) << 9 |
			  (s->db & 1) << 10 | (s->g & 1) << 11);
}

static void state_seg(struct vmcb_seg *d, const struct x86_segment *s)
{
	d->sel = s->sel;
	d->attr = state_attr(s);
	d->limit = s->limit;
	d->base = s->base;
}

void svm_state_load(struct svm_vcpu *v, const struct x86_sregs *s)
{
	struct vmcb *c = v->vmcb;
	state_seg(&c->cs, &s->cs);
	state_seg(&c->ds, &s->ds);
	state_seg(&c->es, &s->es);
	state_seg(&c->fs, &s->fs);
	state_seg(&c->gs, &s->gs);
	state_seg(&c->ss, &s->ss);
	state_seg(&c->tr, &s->tr);
	state_seg(&c->ldtr, &s->ldt);
	c->gdtr =
	    (struct vmcb_seg){ .limit = s->gdt.limit, .base = s->gdt.base };
	c->idtr =
	    (struct vmcb_seg){ .limit = s->idt.limit, .base = s->idt.base };
	c->cr0 = s->cr0;
	c->cr3 = s->cr3;
	c->cr4 = s->cr4;
	c->cr2 = 0;
	/* SVME must stay set in the guest's EFER (VMRUN checks it); the
	 * guest never sees it (EFER reads are emulated). */
	c->efer = s->efer | X86_EFER_SVME;
	c->cpl = 0;
	c->dr7 = 0x400;
	c->dr6 = 0xffff0ff0;
	c->fs.base = c->gs.base = 0;
	c->kernel_gs_base = c->star = c->lstar = c->cstar = c->sfmask = 0;
	c->sysenter_cs = c->sysenter_esp = c->sysenter_eip = 0;
	c->int_state = 0;
	c->event_inj = 0;
	/* An event an exit interrupted belongs to the state left behind. */
	c->exit_int_info = 0;
}

static void state_segview(struct x86_segview *d, const struct vmcb_seg *s)
{
	d->base = s->base;
	d->limit = s->limit;
	d->sel = s->sel;
	d->l = (s->attr >> 9) & 1;
	d->db = (s->attr >> 10) & 1;
}

void svm_state_view(const struct svm_vcpu *v, struct x86_sysview *out)
{
	const struct vmcb *c = v->vmcb;
	out->cr0 = c->cr0;
	out->cr3 = c->cr3;
	out->cr4 = c->cr4;
	out->efer = c->efer & ~X86_EFER_SVME;
	out->cpl = c->cpl;
	state_segview(&out->seg[X86_SEG_ES], &c->es);
	state_segview(&out->seg[X86_SEG_CS], &c->cs);
	state_segview(&out->seg[X86_SEG_SS], &c->ss);
	state_segview(&out->seg[X86_SEG_DS], &c->ds);
	state_segview(&out->seg[X86_SEG_FS], &c->fs);
	state_segview(&out->seg[X86_SEG_GS], &c->gs);
}

void svm_state_guest(struct svm_vcpu *v, struct x86_guest *g)
{
	g->r = &v->r;
	svm_state_view(v, &g->v);
	g->mem = (struct x86_gmem){ svm_gmem_read, svm_gmem_write, v };
}

int svm_state_mode(struct svm_vcpu *v, axvcpu_gpa_t entry)
{
	const struct x86_gmem mem = { svm_gmem_read, svm_gmem_write, v };
	struct x86_sregs s;
	int err = x86_vcpu_mode_state(&v->x, entry, &mem, &s);
	if (!err)
		svm_state_load(v, &s);
	return err;
}
