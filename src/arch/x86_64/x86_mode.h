/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest CPU modes shared by the x86 backends (kvm, svm, vmx): the
 * segment and control-register state of real16 / prot32 / long64 and of
 * the architectural reset and start-up (SIPI) states, in an arch-neutral
 * form each backend converts to its own (kvm_sregs, VMCB save area, VMCS),
 * and the system area (GDT, TSS, identity page tables) the flat modes
 * need in guest memory. Pure and freestanding.
 */
#ifndef AXVCPU_X86_MODE_H
#define AXVCPU_X86_MODE_H

#include <axvcpu/error.h>
#include <axvcpu/x86.h>

/* Control-register and EFER bits the x86 layer uses. */
#define X86_CR0_PE (1ull << 0)
#define X86_CR0_MP (1ull << 1)
#define X86_CR0_EM (1ull << 2)
#define X86_CR0_TS (1ull << 3)
#define X86_CR0_ET (1ull << 4)
#define X86_CR0_NE (1ull << 5)
#define X86_CR0_WP (1ull << 16)
#define X86_CR0_AM (1ull << 18)
#define X86_CR0_NW (1ull << 29)
#define X86_CR0_CD (1ull << 30)
#define X86_CR0_PG (1ull << 31)
/* The architectural reset value: CD|NW|ET. */
#define X86_CR0_RESET 0x60000010ull
#define X86_CR4_PSE (1ull << 4)
#define X86_CR4_PAE (1ull << 5)
#define X86_CR4_PGE (1ull << 7)
#define X86_CR4_OSFXSR (1ull << 9)
#define X86_CR4_OSXMMEXCPT (1ull << 10)
#define X86_CR4_LA57 (1ull << 12)
#define X86_CR4_OSXSAVE (1ull << 18)
#define X86_CR4_SMEP (1ull << 20)
#define X86_CR4_SMAP (1ull << 21)
#define X86_CR4_PKE (1ull << 22)
#define X86_EFER_SCE (1ull << 0)
#define X86_EFER_LME (1ull << 8)
#define X86_EFER_LMA (1ull << 10)
#define X86_EFER_NXE (1ull << 11)
#define X86_EFER_SVME (1ull << 12)
#define X86_RFLAGS_FIXED (1ull << 1) /* always 1 */
#define X86_RFLAGS_TF (1ull << 8)
#define X86_RFLAGS_IF (1ull << 9)
#define X86_RFLAGS_DF (1ull << 10)
#define X86_RFLAGS_VM (1ull << 17)

/* One segment register, as kvm_sregs has it (unpacked attributes). */
struct x86_segment {
	uint64_t base;
	uint32_t limit; /* in bytes (the granularity already applied) */
	uint16_t sel;
	uint8_t type; /* 4 bits: code/data/system type */
	uint8_t s;    /* code or data (1), system (0) */
	uint8_t dpl;
	uint8_t present;
	uint8_t avl;
	uint8_t l;  /* 64-bit code */
	uint8_t db; /* default size 32 bits */
	uint8_t g;  /* 4 KiB granularity */
	uint8_t unusable;
};

/* GDTR / IDTR. */
struct x86_dtable {
	uint64_t base;
	uint16_t limit;
};

/* The system state a mode consists of (what setup/set_entry/reset set). */
struct x86_sregs {
	struct x86_segment cs, ds, es, fs, gs, ss, tr, ldt;
	struct x86_dtable gdt, idt;
	uint64_t cr0, cr3, cr4, efer;
};

/*
 * Whether `mode` can start at `entry` with its system area at `sys`:
 * AXVCPU_EINVAL for an unknown mode, a system area that is not
 * page-aligned, an entry past 4 GiB outside long mode, or a PROT32 system
 * area reaching past 4 GiB (a 32-bit GDTR cannot point there).
 */
int x86_mode_check(uint32_t mode, axvcpu_gpa_t entry, axvcpu_gpa_t sys);

/* Whether `entry` can be reached in `mode` (set_entry's check). */
bool x86_mode_entry_ok(uint32_t mode, axvcpu_gpa_t entry);

/* Whether `mode` needs the system area in guest memory. */
bool x86_mode_uses_sys_area(uint32_t mode);

/*
 * Write the system area for guest-physical `base` into `area` (the host
 * mapping of AXVCPU_X86_SYS_AREA_SIZE bytes): GDT, busy TSS, PML4, PDPT
 * and four page directories identity-mapping 4 GiB with 2 MiB pages.
 */
void x86_mode_sys_area_write(void *area, axvcpu_gpa_t base);

/*
 * The same one page at a time: page `index` (0 .. AXVCPU_X86_SYS_AREA_SIZE
 * / 4096 - 1) of the area, for a backend that writes guest RAM through
 * stage 2 page by page.
 */
void x86_mode_sys_area_page(void *page, axvcpu_gpa_t base, unsigned index);

/*
 * The segment and control state of `mode` at `entry` with the system area
 * at `sys` (unused in REAL16).
 */
void x86_mode_sregs(uint32_t mode, axvcpu_gpa_t entry, axvcpu_gpa_t sys,
		    struct x86_sregs *out);

/* The instruction pointer of `mode` at `entry` (IP within CS in real
 * mode). */
uint64_t x86_mode_rip(uint32_t mode, axvcpu_gpa_t entry);

/*
 * Real mode with CS = `cs_sel` at `cs_base` and everything else as after
 * RESET/INIT: data segments 0 with a 64 KiB limit, CR0 = 0x60000010,
 * CR3 = CR4 = EFER = 0, GDTR/IDTR base 0 limit 0xffff, LDTR unusable, TR a
 * busy 16-bit-limit TSS at 0.
 */
void x86_mode_real_state(uint16_t cs_sel, uint64_t cs_base,
			 struct x86_sregs *out);

/*
 * The state a start-up IPI gives an application processor: real mode at
 * CS = vector << 8, IP = 0 (the code at vector << 12).
 */
void x86_mode_sipi_state(uint8_t vector, struct x86_sregs *out);

#endif /* AXVCPU_X86_MODE_H */
