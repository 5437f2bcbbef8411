/* SPDX-License-Identifier: Apache-2.0 */
/*
 * real16, prot32 (flat, no paging), long64 (identity-mapped 4 GiB), and
 * the reset / start-up states, as x86_sregs; the system area they need.
 */
#include "x86_mode.h"

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

/* Segment types. */
#define SEG_DATA_RW 0x3u  /* read/write, accessed */
#define SEG_CODE_RX 0xbu  /* execute/read, accessed */
#define SEG_TSS_BUSY 0xbu /* 32/64-bit busy TSS (system) */
#define SEG_LDT 0x2u

/* A flat code/data descriptor: base 0, limit 4 GiB. */
static uint64_t mode_desc(uint8_t access, uint8_t flags)
{
	return 0xffffull | ((uint64_t)access << 40) |
	       ((uint64_t)(0xf | (flags << 4)) << 48);
}

bool x86_mode_uses_sys_area(uint32_t mode)
{
	return mode == AXVCPU_X86_MODE_PROT32 || mode == AXVCPU_X86_MODE_LONG64;
}

/*
 * Real and protected mode cannot hold an entry (CS base + IP, EIP) past
 * 4 GiB, and long mode's page tables (the system area's) map only the
 * first 4 GiB: an entry above would triple-fault on its first fetch.
 * Refuse it rather than hand the hardware a state it fails to run.
 */
bool x86_mode_entry_ok(uint32_t mode, axvcpu_gpa_t entry)
{
	(void)mode;
	return entry <= 0xffffffffull;
}

int x86_mode_check(uint32_t mode, axvcpu_gpa_t entry, axvcpu_gpa_t sys)
{
	if (mode > AXVCPU_X86_MODE_LONG64 || (sys & 0xfff))
		return AXVCPU_EINVAL;
	if (!x86_mode_entry_ok(mode, entry))
		return AXVCPU_EINVAL;
	/* A 32-bit GDTR cannot point past 4 GiB: the GDT must lie below. */
	if (mode == AXVCPU_X86_MODE_PROT32 &&
	    sys > 0x100000000ull - AXVCPU_X86_SYS_AREA_SIZE)
		return AXVCPU_EINVAL;
	return AXVCPU_OK;
}

void x86_mode_sys_area_page(void *page, axvcpu_gpa_t base, unsigned index)
{
	uint64_t *q = page;
	for (unsigned i = 0; i < 512; i++)
		q[i] = 0;
	switch (index) {
	case SYS_GDT / 0x1000: {
		uint64_t *gdt = q + (SYS_GDT & 0xfff) / 8;
		gdt[AXVCPU_X86_SEL_CODE64 / 8] =
		    mode_desc(0x9a, 0xa); /* G, L */
		gdt[AXVCPU_X86_SEL_DATA / 8] =
		    mode_desc(0x92, 0xc); /* G, D/B */
		gdt[AXVCPU_X86_SEL_CODE32 / 8] = mode_desc(0x9a, 0xc);
		uint64_t tss = base + SYS_TSS;
		/* A busy TSS: entry checks want TR to be busy; 16 bytes in
		 * long mode. */
		gdt[AXVCPU_X86_SEL_TSS / 8] =
		    SYS_TSS_LIMIT | ((tss & 0xffffff) << 16) | (0x8bull << 40) |
		    (((tss >> 24) & 0xff) << 56);
		gdt[AXVCPU_X86_SEL_TSS / 8 + 1] = tss >> 32;
		return;
	}
	case SYS_PML4 / 0x1000:
		q[0] = (base + SYS_PDPT) | PTE_P | PTE_RW;
		return;
	case SYS_PDPT / 0x1000:
		for (unsigned i = 0; i < 4; i++)
			q[i] = (base + SYS_PD + i * 0x1000u) | PTE_P | PTE_RW;
		return;
	default:
		if (index >= SYS_PD / 0x1000 && index < SYS_PD / 0x1000 + 4) {
			uint64_t first = (index - SYS_PD / 0x1000) * 512ull;
			for (uint64_t i = 0; i < 512; i++)
				q[i] = ((first + i) << 21) | PTE_P | PTE_RW |
				       PTE_PS;
		}
		return;
	}
}

void x86_mode_sys_area_write(void *area, axvcpu_gpa_t base)
{
	for (unsigned i = 0; i < AXVCPU_X86_SYS_AREA_SIZE / 0x1000; i++)
		x86_mode_sys_area_page((char *)area + i * 0x1000, base, i);
}

static struct x86_segment mode_seg(uint16_t sel, uint64_t base, uint32_t limit,
				   uint8_t type, bool db, bool l, bool g)
{
	return (struct x86_segment){
		.sel = sel,
		.base = base,
		.limit = limit,
		.type = type,
		.present = 1,
		.s = 1,
		.db = db,
		.l = l,
		.g = g,
	};
}

void x86_mode_real_state(uint16_t cs_sel, uint64_t cs_base,
			 struct x86_sregs *out)
{
	*out = (struct x86_sregs){ 0 };
	out->cs =
	    mode_seg(cs_sel, cs_base, 0xffff, SEG_CODE_RX, false, false, false);
	out->ds = mode_seg(0, 0, 0xffff, SEG_DATA_RW, false, false, false);
	out->es = out->fs = out->gs = out->ss = out->ds;
	out->ldt = (struct x86_segment){ .type = SEG_LDT, .unusable = 1 };
	out->tr = (struct x86_segment){ .type = SEG_TSS_BUSY,
					.limit = 0xffff,
					.present = 1 };
	out->gdt = (struct x86_dtable){ .base = 0, .limit = 0xffff };
	out->idt = (struct x86_dtable){ .base = 0, .limit = 0xffff };
	out->cr0 = X86_CR0_RESET;
}

void x86_mode_sipi_state(uint8_t vector, struct x86_sregs *out)
{
	x86_mode_real_state((uint16_t)(vector << 8), (uint64_t)vector << 12,
			    out);
}

static void mode_sregs_flat(uint32_t mode, axvcpu_gpa_t sys,
			    struct x86_sregs *sr)
{
	bool long64 = mode == AXVCPU_X86_MODE_LONG64;
	*sr = (struct x86_sregs){ 0 };
	if (long64)
		sr->cs = mode_seg(AXVCPU_X86_SEL_CODE64, 0, 0xffffffff,
				  SEG_CODE_RX, false, true, true);
	else
		sr->cs = mode_seg(AXVCPU_X86_SEL_CODE32, 0, 0xffffffff,
				  SEG_CODE_RX, true, false, true);
	sr->ds = mode_seg(AXVCPU_X86_SEL_DATA, 0, 0xffffffff, SEG_DATA_RW, true,
			  false, true);
	sr->es = sr->fs = sr->gs = sr->ss = sr->ds;
	sr->ldt = (struct x86_segment){ .type = SEG_LDT, .unusable = 1 };
	sr->tr = (struct x86_segment){
		.sel = AXVCPU_X86_SEL_TSS,
		.base = sys + SYS_TSS,
		.limit = SYS_TSS_LIMIT,
		.type = SEG_TSS_BUSY,
		.present = 1,
	};
	sr->gdt = (struct x86_dtable){ .base = sys + SYS_GDT,
				       .limit = SYS_GDT_LIMIT };
	sr->idt = (struct x86_dtable){ .base = 0, .limit = 0 };
	sr->cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE;
	sr->cr4 = X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	if (long64) {
		sr->cr0 |= X86_CR0_PG | X86_CR0_WP;
		sr->cr4 |= X86_CR4_PAE;
		sr->cr3 = sys + SYS_PML4;
		sr->efer = X86_EFER_LME | X86_EFER_LMA;
	}
}

void x86_mode_sregs(uint32_t mode, axvcpu_gpa_t entry, axvcpu_gpa_t sys,
		    struct x86_sregs *out)
{
	if (mode == AXVCPU_X86_MODE_REAL16) {
		uint64_t base = entry & 0xffff0000ull;
		x86_mode_real_state((uint16_t)(base >> 4), base, out);
		return;
	}
	mode_sregs_flat(mode, sys, out);
}

uint64_t x86_mode_rip(uint32_t mode, axvcpu_gpa_t entry)
{
	return mode == AXVCPU_X86_MODE_REAL16 ? (entry & 0xffff) : entry;
}
