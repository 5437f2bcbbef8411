/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest page-table walk (src/arch/x86_64/x86_walk.c) in every paging
 * mode, with tables laid out by hand in a fake guest's RAM: translations,
 * large pages, the permission checks and their #PF error codes, tables
 * outside RAM, and copies that cross a page.
 */
#include "fake_guest.h"

static struct fake_guest fg;

static void put32(uint64_t gpa, uint32_t v)
{
	memcpy(fg.ram + gpa, &v, 4);
}

static void put64(uint64_t gpa, uint64_t v)
{
	memcpy(fg.ram + gpa, &v, 8);
}

static enum x86_walk_result walk(uint64_t la, unsigned acc, uint64_t *gpa,
				 uint32_t *pf)
{
	*gpa = 0;
	*pf = 0;
	return x86_walk(&fg.g.v, &fg.g.mem, la, acc, gpa, pf);
}

static void t_nopaging(void)
{
	uint64_t gpa;
	uint32_t pf;
	fg_init(&fg);
	fg_prot32(&fg, 0);
	tap_ok(walk(0x12345678, X86_WALK_WRITE, &gpa, &pf) == X86_WALK_OK &&
		   gpa == 0x12345678,
	       "no paging: linear = physical");
	tap_ok(walk(0x100000010ull, 0, &gpa, &pf) == X86_WALK_OK && gpa == 0x10,
	       "no paging outside long mode: 32 bits");
}

static void t_32bit(void)
{
	uint64_t gpa;
	uint32_t pf;
	fg_init(&fg);
	fg_prot32(&fg, 0);
	fg.g.v.cr0 |= X86_CR0_PG;
	fg.g.v.cr3 = 0x100000;
	put32(0x100000 + 1 * 4, 0x101000 | 7);    /* PDE 1 -> PT */
	put32(0x101000 + 1 * 4, 0x5000 | 7);      /* 0x401000 -> 0x5000 */
	put32(0x101000 + 2 * 4, 0x6000 | 1);      /* 0x402000 RO, sup */
	put32(0x100000 + 2 * 4, 0x400000 | 0x87); /* 4 MiB page */
	tap_ok(walk(0x401abc, 0, &gpa, &pf) == X86_WALK_OK && gpa == 0x5abc,
	       "32-bit: 4 KiB page");
	tap_ok(walk(0x402000, X86_WALK_USER, &gpa, &pf) ==
		       X86_WALK_PAGE_FAULT &&
		   pf == (X86_PF_P | X86_PF_U),
	       "32-bit: user read of a supervisor page: #PF P|U");
	tap_ok(walk(0x402000, X86_WALK_WRITE, &gpa, &pf) == X86_WALK_OK,
	       "32-bit: supervisor write to read-only with WP=0 is allowed");
	fg.g.v.cr0 |= X86_CR0_WP;
	tap_ok(walk(0x402000, X86_WALK_WRITE, &gpa, &pf) ==
		       X86_WALK_PAGE_FAULT &&
		   pf == (X86_PF_P | X86_PF_W),
	       "32-bit: ... and faults with WP=1");
	tap_ok(walk(0x403000, 0, &gpa, &pf) == X86_WALK_PAGE_FAULT && pf == 0,
	       "32-bit: not present: #PF without P");
	tap_ok(walk(0x402000, X86_WALK_WRITE | X86_WALK_NOCHECK, &gpa, &pf) ==
		       X86_WALK_OK &&
		   gpa == 0x6000,
	       "32-bit: NOCHECK skips permissions");
	fg.g.v.cr4 = X86_CR4_PSE;
	tap_ok(walk(0x812345, 0, &gpa, &pf) == X86_WALK_OK && gpa == 0x412345,
	       "32-bit with PSE: 4 MiB page");
	fg.g.v.cr4 = 0;
	/* Without PSE the PDE points at a "table" at 0x400000 (past RAM). */
	tap_ok(walk(0x812345, 0, &gpa, &pf) == X86_WALK_BAD_TABLE,
	       "32-bit without PSE: PS ignored");
	put32(0x100000 + 3 * 4, 0x1f000000 | 7); /* table outside RAM */
	tap_ok(walk(0xc00000, 0, &gpa, &pf) == X86_WALK_BAD_TABLE,
	       "32-bit: a table outside RAM: BAD_TABLE");
}

static void t_pae(void)
{
	uint64_t gpa;
	uint32_t pf;
	fg_init(&fg);
	fg_prot32(&fg, 0);
	fg.g.v.cr0 |= X86_CR0_PG;
	fg.g.v.cr4 = X86_CR4_PAE;
	fg.g.v.efer = X86_EFER_NXE;
	fg.g.v.cr3 = 0x100020;                 /* PDPT 32-byte aligned */
	put64(0x100020 + 3 * 8, 0x102000 | 1); /* 3 GiB */
	put64(0x102000 + 1 * 8, 0x180000000ull | 0x83);     /* 2 MiB */
	put64(0x102000 + 2 * 8, 0x103000 | 7);              /* PT */
	put64(0x103000 + 5 * 8, 0x7000 | 3 | (1ull << 63)); /* NX */
	tap_ok(walk(0xc0212345, 0, &gpa, &pf) == X86_WALK_OK &&
		   gpa == 0x180012345ull,
	       "PAE: 2 MiB page above 4 GiB");
	tap_ok(walk(0xc0405010, 0, &gpa, &pf) == X86_WALK_OK && gpa == 0x7010,
	       "PAE: 4 KiB page");
	tap_ok(walk(0xc0405010, X86_WALK_FETCH, &gpa, &pf) ==
		       X86_WALK_PAGE_FAULT &&
		   pf == (X86_PF_P | X86_PF_I),
	       "PAE: fetch from an NX page: #PF P|I");
	tap_ok(walk(0x40000000, 0, &gpa, &pf) == X86_WALK_PAGE_FAULT,
	       "PAE: PDPTE not present");
}

static void t_long(void)
{
	uint64_t gpa;
	uint32_t pf;
	fg_init(&fg);
	fg_long64(&fg, 0);
	fg_map(&fg, 0xffff800000001000ull, 0x9000, 3);
	tap_ok(walk(0xffff800000001008ull, 0, &gpa, &pf) == X86_WALK_OK &&
		   gpa == 0x9008,
	       "4-level: a kernel-half address");
	/* a 1 GiB page in PML4 entry 1 */
	uint64_t pdpt = fg_table(&fg);
	put64(fg.g.v.cr3 + 8, pdpt | 7);
	put64(pdpt + 2 * 8, 0x40000000ull | 0x87);
	tap_ok(walk(0x8080001234ull, X86_WALK_USER | X86_WALK_WRITE, &gpa,
		    &pf) == X86_WALK_OK &&
		   gpa == 0x40001234ull,
	       "4-level: 1 GiB page, user write");
	tap_ok(walk(0xffff800000001000ull, X86_WALK_USER, &gpa, &pf) ==
		   X86_WALK_PAGE_FAULT,
	       "4-level: user access to a supervisor mapping");
	/* 5-level: PML5 entry 0 -> the same PML4 */
	uint64_t pml5 = fg_table(&fg);
	put64(pml5, fg.g.v.cr3 | 7);
	fg.g.v.cr3 = pml5;
	fg.g.v.cr4 |= X86_CR4_LA57;
	tap_ok(walk(0x8080001234ull, 0, &gpa, &pf) == X86_WALK_OK &&
		   gpa == 0x40001234ull,
	       "5-level: through the PML5");
	fg.g.v.cr4 &= ~X86_CR4_LA57;

	/* a copy across two pages that are not contiguous in RAM */
	fg_init(&fg);
	fg_long64(&fg, 0);
	fg_map(&fg, 0x200000, 0x30000, 3);
	fg_map(&fg, 0x201000, 0x50000, 3);
	memcpy(fg.ram + 0x30ffe, "ab", 2);
	memcpy(fg.ram + 0x50000, "cd", 2);
	char buf[4];
	uint32_t e = 0;
	uint64_t fl = 0;
	tap_ok(x86_walk_read(&fg.g.v, &fg.g.mem, 0x200ffe, buf, 4, 0, &e,
			     &fl) == X86_WALK_OK &&
		   memcmp(buf, "abcd", 4) == 0,
	       "read across a page boundary");
	tap_ok(x86_walk_write(&fg.g.v, &fg.g.mem, 0x200ffe, "WXYZ", 4, 0, &e,
			      &fl) == X86_WALK_OK &&
		   memcmp(fg.ram + 0x30ffe, "WX", 2) == 0 &&
		   memcmp(fg.ram + 0x50000, "YZ", 2) == 0,
	       "write across a page boundary");
	tap_ok(x86_walk_read(&fg.g.v, &fg.g.mem, 0x201ffe, buf, 4, 0, &e,
			     &fl) == X86_WALK_PAGE_FAULT &&
		   fl == 0x202000,
	       "a fault on the second page names its address");
}

int main(void)
{
	t_nopaging();
	t_32bit();
	t_pae();
	t_long();
	fg_free(&fg);
	return tap_done(0);
}
