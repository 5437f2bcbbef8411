/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPU modes on KVM: the x86 layer (src/arch/x86_64/x86_mode.c) builds the
 * mode's segment and control state and the system area; this file writes
 * the area into the guest's memory slot and converts the state to
 * kvm_sregs.
 */
#include "kvm_internal.h"
#include "src/arch/x86_64/x86_mode.h"

#include <string.h>
#include <sys/ioctl.h>

static void mode_seg_to_kvm(const struct x86_segment *s, struct kvm_segment *k)
{
	memset(k, 0, sizeof(*k));
	k->base = s->base;
	k->limit = s->limit;
	k->selector = s->sel;
	k->type = s->type;
	k->present = s->present;
	k->dpl = s->dpl;
	k->db = s->db;
	k->s = s->s;
	k->l = s->l;
	k->g = s->g;
	k->avl = s->avl;
	k->unusable = s->unusable;
}

/* The mode's state over `sr` (KVM's cr2, cr8, apic_base... are kept). */
static void mode_sregs_to_kvm(const struct x86_sregs *x, struct kvm_sregs *sr)
{
	mode_seg_to_kvm(&x->cs, &sr->cs);
	mode_seg_to_kvm(&x->ds, &sr->ds);
	mode_seg_to_kvm(&x->es, &sr->es);
	mode_seg_to_kvm(&x->fs, &sr->fs);
	mode_seg_to_kvm(&x->gs, &sr->gs);
	mode_seg_to_kvm(&x->ss, &sr->ss);
	mode_seg_to_kvm(&x->tr, &sr->tr);
	mode_seg_to_kvm(&x->ldt, &sr->ldt);
	sr->gdt.base = x->gdt.base;
	sr->gdt.limit = x->gdt.limit;
	sr->idt.base = x->idt.base;
	sr->idt.limit = x->idt.limit;
	sr->cr0 = x->cr0;
	sr->cr3 = x->cr3;
	sr->cr4 = x->cr4;
	sr->efer = x->efer;
}

/* Fill the mode's segment/control state and the system area. */
static int mode_apply(struct axvcpu *vcpu, struct kvm_sregs *sr,
		      axvcpu_gpa_t entry)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct x86_sregs x;
	if (x86_mode_uses_sys_area(a->mode)) {
		void *area = kvm_mem_lookup(a->vm, a->sys_area,
					    AXVCPU_X86_SYS_AREA_SIZE, true);
		if (!area)
			return AXVCPU_EINVAL;
		x86_mode_sys_area_write(area, a->sys_area);
	}
	x86_mode_sregs(a->mode, entry, a->sys_area, &x);
	mode_sregs_to_kvm(&x, sr);
	return AXVCPU_OK;
}

int kvm_mode_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   const struct axvcpu_kvm_setup_config *cfg)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_sregs sr;
	struct kvm_regs regs;
	if (cfg && cfg->reserved)
		return AXVCPU_EINVAL;
	uint32_t mode = cfg ? cfg->mode : AXVCPU_X86_MODE_REAL16;
	axvcpu_gpa_t sys = cfg && cfg->sys_area_gpa
			       ? cfg->sys_area_gpa
			       : AXVCPU_X86_SYS_AREA_DEFAULT;
	int err = x86_mode_check(mode, entry, sys);
	if (err)
		return err;
	a->mode = mode;
	a->sys_area = sys;
	if (ioctl(a->fd, KVM_GET_SREGS, &sr) < 0)
		return AXVCPU_EHW;
	err = mode_apply(vcpu, &sr, entry);
	if (err)
		return err;
	memset(&regs, 0, sizeof(regs));
	regs.rflags = 0x2;
	regs.rip = x86_mode_rip(a->mode, entry);
	regs.rsp = cfg ? cfg->stack : 0;
	if (ioctl(a->fd, KVM_SET_SREGS, &sr) < 0 ||
	    ioctl(a->fd, KVM_SET_REGS, &regs) < 0)
		return AXVCPU_EHW;
	/* Mirror into kvm_run so get_gpr/set_gpr work before the first run. */
	a->run->s.regs.regs = regs;
	a->run->s.regs.sregs = sr;
	a->run->kvm_dirty_regs = 0;
	return AXVCPU_OK;
}

int kvm_mode_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	if (!x86_mode_entry_ok(a->mode, entry))
		return AXVCPU_EINVAL;
	struct kvm_sregs sr = a->run->s.regs.sregs;
	int err = mode_apply(vcpu, &sr, entry);
	if (err)
		return err;
	a->io_active = false;
	a->mmio_active = false;
	a->run->s.regs.sregs = sr;
	a->run->s.regs.regs.rip = x86_mode_rip(a->mode, entry);
	a->run->s.regs.regs.rflags = 0x2;
	a->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
	return AXVCPU_OK;
}
