/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPU modes: real16, prot32 (flat, no paging), long64 (identity-mapped
 * 4 GiB). The GDT, TSS and page tables live in the guest's system area.
 */
#include "kvm_internal.h"

#include <string.h>
#include <sys/ioctl.h>

#define CR0_PE (1ull << 0)
#define CR0_MP (1ull << 1)
#define CR0_ET (1ull << 4)
#define CR0_NE (1ull << 5)
#define CR0_WP (1ull << 16)
#define CR0_PG (1ull << 31)
#define CR0_RESET 0x60000010ull /* CD|NW|ET, the architectural reset value */
#define CR4_PAE (1ull << 5)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)

/* Offsets in the system area. */
#define SYS_GDT 0x0u
#define SYS_TSS 0x800u
#define SYS_PML4 0x1000u
#define SYS_PDPT 0x2000u
#define SYS_PD 0x3000u      /* four of them: 4 GiB of 2 MiB pages */
#define SYS_GDT_LIMIT 0x37u /* null, code64, data, code32, (unused), TSS */
#define SYS_TSS_LIMIT 0x67u

#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_PS 0x80ull

/* A flat code/data descriptor: base 0, limit 4 GiB. */
static uint64_t mode_desc(uint8_t access, uint8_t flags)
{
	return 0xffffull | ((uint64_t)access << 40) |
	       ((uint64_t)(0xf | (flags << 4)) << 48);
}

static void mode_sys_area_write(void *area, axvcpu_gpa_t base)
{
	uint64_t *gdt = (uint64_t *)((char *)area + SYS_GDT);
	memset(area, 0, AXVCPU_KVM_SYS_AREA_SIZE);
	gdt[AXVCPU_KVM_SEL_CODE64 / 8] = mode_desc(0x9a, 0xa); /* G, L */
	gdt[AXVCPU_KVM_SEL_DATA / 8] = mode_desc(0x92, 0xc);   /* G, D/B */
	gdt[AXVCPU_KVM_SEL_CODE32 / 8] = mode_desc(0x9a, 0xc);
	uint64_t tss = base + SYS_TSS;
	/* A busy TSS: entry checks want TR to be busy; 16 bytes in long mode.
	 */
	gdt[AXVCPU_KVM_SEL_TSS / 8] = SYS_TSS_LIMIT | ((tss & 0xffffff) << 16) |
				      (0x8bull << 40) |
				      (((tss >> 24) & 0xff) << 56);
	gdt[AXVCPU_KVM_SEL_TSS / 8 + 1] = tss >> 32;

	uint64_t *pml4 = (uint64_t *)((char *)area + SYS_PML4);
	uint64_t *pdpt = (uint64_t *)((char *)area + SYS_PDPT);
	uint64_t *pd = (uint64_t *)((char *)area + SYS_PD);
	pml4[0] = (base + SYS_PDPT) | PTE_P | PTE_RW;
	for (unsigned i = 0; i < 4; i++)
		pdpt[i] = (base + SYS_PD + i * 0x1000u) | PTE_P | PTE_RW;
	for (uint64_t i = 0; i < 4 * 512; i++)
		pd[i] = (i << 21) | PTE_P | PTE_RW | PTE_PS;
}

static void mode_seg(struct kvm_segment *s, uint16_t sel, uint64_t base,
		     uint32_t limit, uint8_t type, bool code32, bool l, bool g)
{
	memset(s, 0, sizeof(*s));
	s->selector = sel;
	s->base = base;
	s->limit = limit;
	s->type = type;
	s->present = 1;
	s->s = 1;
	s->db = code32;
	s->l = l;
	s->g = g;
}

static void mode_sregs_real16(struct kvm_sregs *sr, axvcpu_gpa_t entry)
{
	uint64_t base = entry & ~0xffffull;
	mode_seg(&sr->cs, (uint16_t)(base >> 4), base, 0xffff, 0xb, false,
		 false, false);
	mode_seg(&sr->ds, 0, 0, 0xffff, 0x3, false, false, false);
	sr->es = sr->fs = sr->gs = sr->ss = sr->ds;
	sr->cr0 = CR0_RESET;
	sr->cr3 = 0;
	sr->cr4 = 0;
	sr->efer = 0;
}

static void mode_sregs_flat(struct kvm_sregs *sr, uint32_t mode,
			    axvcpu_gpa_t sys)
{
	bool long64 = mode == AXVCPU_KVM_MODE_LONG64;
	if (long64)
		mode_seg(&sr->cs, AXVCPU_KVM_SEL_CODE64, 0, 0xffffffff, 0xb,
			 false, true, true);
	else
		mode_seg(&sr->cs, AXVCPU_KVM_SEL_CODE32, 0, 0xffffffff, 0xb,
			 true, false, true);
	mode_seg(&sr->ds, AXVCPU_KVM_SEL_DATA, 0, 0xffffffff, 0x3, true, false,
		 true);
	sr->es = sr->fs = sr->gs = sr->ss = sr->ds;
	memset(&sr->tr, 0, sizeof(sr->tr));
	sr->tr.selector = AXVCPU_KVM_SEL_TSS;
	sr->tr.base = sys + SYS_TSS;
	sr->tr.limit = SYS_TSS_LIMIT;
	sr->tr.type = 0xb;
	sr->tr.present = 1;
	sr->gdt.base = sys + SYS_GDT;
	sr->gdt.limit = SYS_GDT_LIMIT;
	sr->cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE;
	sr->cr4 = CR4_OSFXSR | CR4_OSXMMEXCPT;
	sr->cr3 = 0;
	sr->efer = 0;
	if (long64) {
		sr->cr0 |= CR0_PG | CR0_WP;
		sr->cr4 |= CR4_PAE;
		sr->cr3 = sys + SYS_PML4;
		sr->efer = EFER_LME | EFER_LMA;
	}
}

/* Fill the mode's segment/control state and the system area. */
static int mode_apply(struct axvcpu *vcpu, struct kvm_sregs *sr,
		      axvcpu_gpa_t entry)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	memset(&sr->ldt, 0, sizeof(sr->ldt));
	sr->ldt.type = 0x2;
	sr->ldt.unusable = 1;
	sr->idt.base = 0;
	sr->idt.limit = 0xffff;
	sr->gdt.base = 0;
	sr->gdt.limit = 0xffff;
	memset(&sr->tr, 0, sizeof(sr->tr));
	sr->tr.type = 0xb;
	sr->tr.limit = 0xffff;
	sr->tr.present = 1;
	if (a->mode == AXVCPU_KVM_MODE_REAL16) {
		mode_sregs_real16(sr, entry);
		return AXVCPU_OK;
	}
	void *area =
	    kvm_mem_lookup(a->vm, a->sys_area, AXVCPU_KVM_SYS_AREA_SIZE, true);
	if (!area)
		return AXVCPU_EINVAL;
	mode_sys_area_write(area, a->sys_area);
	sr->idt.limit = 0;
	mode_sregs_flat(sr, a->mode, a->sys_area);
	return AXVCPU_OK;
}

/*
 * Real and protected mode cannot hold an entry (CS base + IP, EIP) past
 * 4 GiB: refuse it rather than hand KVM a state it fails to enter.
 */
static bool mode_entry_ok(uint32_t mode, axvcpu_gpa_t entry)
{
	return mode == AXVCPU_KVM_MODE_LONG64 || entry <= 0xffffffffull;
}

static uint64_t mode_rip(uint32_t mode, axvcpu_gpa_t entry)
{
	return mode == AXVCPU_KVM_MODE_REAL16 ? (entry & 0xffff) : entry;
}

int kvm_mode_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   const struct axvcpu_kvm_setup_config *cfg)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_sregs sr;
	struct kvm_regs regs;
	if (cfg && (cfg->mode > AXVCPU_KVM_MODE_LONG64 || cfg->reserved ||
		    (cfg->sys_area_gpa & 0xfff)))
		return AXVCPU_EINVAL;
	uint32_t mode = cfg ? cfg->mode : AXVCPU_KVM_MODE_REAL16;
	axvcpu_gpa_t sys = cfg && cfg->sys_area_gpa
			       ? cfg->sys_area_gpa
			       : AXVCPU_KVM_SYS_AREA_DEFAULT;
	/* A 32-bit GDTR cannot point past 4 GiB: the GDT must lie below. */
	if (!mode_entry_ok(mode, entry) ||
	    (mode == AXVCPU_KVM_MODE_PROT32 &&
	     sys > 0x100000000ull - AXVCPU_KVM_SYS_AREA_SIZE))
		return AXVCPU_EINVAL;
	a->mode = mode;
	a->sys_area = sys;
	if (ioctl(a->fd, KVM_GET_SREGS, &sr) < 0)
		return AXVCPU_EHW;
	int err = mode_apply(vcpu, &sr, entry);
	if (err)
		return err;
	memset(&regs, 0, sizeof(regs));
	regs.rflags = 0x2;
	regs.rip = mode_rip(a->mode, entry);
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
	if (!mode_entry_ok(a->mode, entry))
		return AXVCPU_EINVAL;
	struct kvm_sregs sr = a->run->s.regs.sregs;
	int err = mode_apply(vcpu, &sr, entry);
	if (err)
		return err;
	a->io_active = false;
	a->mmio_active = false;
	a->run->s.regs.sregs = sr;
	a->run->s.regs.regs.rip = mode_rip(a->mode, entry);
	a->run->s.regs.regs.rflags = 0x2;
	a->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
	return AXVCPU_OK;
}
