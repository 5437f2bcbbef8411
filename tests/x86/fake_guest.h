/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A guest for the x86 layer's host tests: RAM at guest-physical 0 (a host
 * buffer), everything above it "MMIO" (the memory callbacks refuse it),
 * and a hole at [0xa0000, 0xc0000) like a PC's, registers, a system view for
 * real, 32-bit and 64-bit modes, and page tables built in its RAM. Header-only,
 * so that the TAP counter is the test program's.
 */
#ifndef AXVCPU_TESTS_X86_FAKE_GUEST_H
#define AXVCPU_TESTS_X86_FAKE_GUEST_H

#include "src/arch/x86_64/x86_emul.h"
#include "tests/lib/tap.h"

#include <stdlib.h>
#include <string.h>

#define FG_RAM_SIZE 0x200000u /* 2 MiB of RAM at 0 */
#define FG_MMIO 0xfee00000u   /* an address nobody maps */
#define FG_HOLE 0xa0000u      /* [0xa0000, 0xc0000): MMIO below 1 MiB */
#define FG_HOLE_END 0xc0000u

struct fake_guest {
	uint8_t *ram;
	struct x86_regs r;
	struct x86_guest g;
	struct x86_emul e;
	uint64_t next_table; /* page-table allocator in RAM */
};

static inline int fg_read(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
	struct fake_guest *f = ctx;
	if (gpa >= FG_RAM_SIZE || len > FG_RAM_SIZE - gpa ||
	    (gpa + len > FG_HOLE && gpa < FG_HOLE_END))
		return -1;
	memcpy(buf, f->ram + gpa, len);
	return 0;
}

static inline int fg_write(void *ctx, uint64_t gpa, const void *buf,
			   unsigned len)
{
	struct fake_guest *f = ctx;
	if (gpa >= FG_RAM_SIZE || len > FG_RAM_SIZE - gpa ||
	    (gpa + len > FG_HOLE && gpa < FG_HOLE_END))
		return -1;
	memcpy(f->ram + gpa, buf, len);
	return 0;
}

/* A flat 64-bit guest without paging set up yet (call fg_paging64). */
static inline void fg_init(struct fake_guest *f)
{
	if (!f->ram)
		f->ram = calloc(1, FG_RAM_SIZE);
	memset(f->ram, 0, FG_RAM_SIZE);
	memset(&f->r, 0, sizeof(f->r));
	memset(&f->e, 0, sizeof(f->e));
	memset(&f->g, 0, sizeof(f->g));
	f->r.rflags = 2;
	f->g.r = &f->r;
	f->g.mem = (struct x86_gmem){ fg_read, fg_write, f };
	f->next_table = 0x100000;
}

static inline void fg_free(struct fake_guest *f)
{
	free(f->ram);
	f->ram = NULL;
}

/* Real mode with CS:IP = cs:ip and DS = ds. */
static inline void fg_real(struct fake_guest *f, uint16_t cs, uint16_t ip,
			   uint16_t ds)
{
	struct x86_sysview *v = &f->g.v;
	memset(v, 0, sizeof(*v));
	v->cr0 = X86_CR0_RESET;
	for (unsigned s = 0; s < 6; s++)
		v->seg[s] = (struct x86_segview){ .limit = 0xffff };
	v->seg[X86_SEG_CS].sel = cs;
	v->seg[X86_SEG_CS].base = (uint64_t)cs << 4;
	v->seg[X86_SEG_DS].sel = ds;
	v->seg[X86_SEG_DS].base = (uint64_t)ds << 4;
	f->r.rip = ip;
}

/* Flat 32-bit protected mode without paging. */
static inline void fg_prot32(struct fake_guest *f, uint32_t eip)
{
	struct x86_sysview *v = &f->g.v;
	memset(v, 0, sizeof(*v));
	v->cr0 = X86_CR0_PE | X86_CR0_ET;
	for (unsigned s = 0; s < 6; s++)
		v->seg[s] =
		    (struct x86_segview){ .limit = 0xffffffff, .db = true };
	f->r.rip = eip;
}

static inline uint64_t fg_table(struct fake_guest *f)
{
	uint64_t t = f->next_table;
	f->next_table += 0x1000;
	memset(f->ram + t, 0, 0x1000);
	return t;
}

/* 64-bit long mode with 4-level paging and CR3 = a fresh PML4. */
static inline void fg_long64(struct fake_guest *f, uint64_t rip)
{
	struct x86_sysview *v = &f->g.v;
	memset(v, 0, sizeof(*v));
	v->cr0 = X86_CR0_PE | X86_CR0_PG | X86_CR0_WP | X86_CR0_ET;
	v->cr4 = X86_CR4_PAE;
	v->efer = X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE;
	for (unsigned s = 0; s < 6; s++)
		v->seg[s] = (struct x86_segview){ .limit = 0xffffffff };
	v->seg[X86_SEG_CS].l = true;
	v->cr3 = fg_table(f);
	f->r.rip = rip;
}

/* Map 4 KiB page `va` -> `pa` in the 4-level tables with `flags`
 * (P|RW|US ... bits of the PTE; NX as bit 63). */
static inline void fg_map(struct fake_guest *f, uint64_t va, uint64_t pa,
			  uint64_t flags)
{
	uint64_t table = f->g.v.cr3 & ~0xfffull;
	for (int level = 3; level >= 1; level--) {
		unsigned idx = (va >> (12 + 9 * level)) & 511;
		uint64_t *e = (uint64_t *)(f->ram + table) + idx;
		if (!(*e & 1))
			*e = fg_table(f) | 7;
		table = *e & 0xffffffffff000ull;
	}
	uint64_t *pte = (uint64_t *)(f->ram + table) + ((va >> 12) & 511);
	*pte = (pa & ~0xfffull) | flags;
}

/* Put instruction bytes at guest-physical `gpa`. */
static inline void fg_code(struct fake_guest *f, uint64_t gpa,
			   const char *bytes, size_t n)
{
	memcpy(f->ram + gpa, bytes, n);
}

#endif /* AXVCPU_TESTS_X86_FAKE_GUEST_H */
