/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The x86 layer's CPU modes (src/arch/x86_64/x86_mode.c): the checks on
 * entry and system area, the state of each mode, the reset and SIPI
 * states, and the system area's GDT and page tables, read back as the
 * hardware would.
 */
#include "src/arch/x86_64/x86_mode.h"
#include "tests/lib/tap.h"

#include <stdlib.h>
#include <string.h>

static void check_checks(void)
{
	tap_is(x86_mode_check(AXVCPU_X86_MODE_REAL16, 0xfffffff0, 0x1000), 0,
	       "real16 at the reset vector");
	tap_is(x86_mode_check(AXVCPU_X86_MODE_REAL16, 0x100000000ull, 0x1000),
	       AXVCPU_EINVAL, "real16 entry past 4 GiB");
	tap_is(x86_mode_check(AXVCPU_X86_MODE_PROT32, 0x100000, 0x1001),
	       AXVCPU_EINVAL, "system area not page-aligned");
	tap_is(x86_mode_check(AXVCPU_X86_MODE_PROT32, 0x100000, 0xffffa000),
	       AXVCPU_EINVAL, "prot32 system area past 4 GiB");
	tap_is(x86_mode_check(AXVCPU_X86_MODE_PROT32, 0x100000, 0xffff9000), 0,
	       "prot32 system area ending at 4 GiB");
	tap_is(x86_mode_check(AXVCPU_X86_MODE_LONG64, 0x100000, 0x100000000ull),
	       0, "long64 system area past 4 GiB (CR3 is 64 bits)");
	tap_is(x86_mode_check(AXVCPU_X86_MODE_LONG64, 0x123456789000ull,
			      0x100000000ull),
	       AXVCPU_EINVAL, "long64 entry past the 4 GiB identity map");
	tap_is(x86_mode_check(3, 0, 0x1000), AXVCPU_EINVAL, "unknown mode");
	tap_ok(!x86_mode_entry_ok(AXVCPU_X86_MODE_PROT32, 0x100000000ull) &&
		   x86_mode_entry_ok(AXVCPU_X86_MODE_PROT32, 0xffffffffull) &&
		   x86_mode_entry_ok(AXVCPU_X86_MODE_LONG64, 0xfffffff0ull),
	       "entry_ok per mode");
	/* Long mode's identity map ends at 4 GiB: an entry above it would
	 * triple-fault on its first fetch (was accepted). */
	tap_ok(
	    !x86_mode_entry_ok(AXVCPU_X86_MODE_LONG64, 0x100000000ull) &&
		!x86_mode_entry_ok(AXVCPU_X86_MODE_LONG64, 0x100000000000ull),
	    "long64: an entry past the 4 GiB identity map is refused");
	tap_ok(!x86_mode_uses_sys_area(AXVCPU_X86_MODE_REAL16) &&
		   x86_mode_uses_sys_area(AXVCPU_X86_MODE_PROT32) &&
		   x86_mode_uses_sys_area(AXVCPU_X86_MODE_LONG64),
	       "only the flat modes use the system area");
}

static void check_real(void)
{
	struct x86_sregs s;
	x86_mode_sregs(AXVCPU_X86_MODE_REAL16, 0xfffffff0, 0x1000, &s);
	tap_ok(s.cs.sel == 0xf000 && s.cs.base == 0xffff0000 &&
		   s.cs.limit == 0xffff && s.cs.type == 0xb && s.cs.s &&
		   s.cs.present && !s.cs.db,
	       "reset vector: CS F000 base FFFF0000");
	tap_is(x86_mode_rip(AXVCPU_X86_MODE_REAL16, 0xfffffff0), 0xfff0,
	       "reset vector: IP FFF0");
	tap_is(s.cr0, 0x60000010, "real16: CR0 reset value");
	tap_ok(s.cr3 == 0 && s.cr4 == 0 && s.efer == 0, "real16: paging off");
	tap_ok(s.ds.sel == 0 && s.ds.base == 0 && s.ds.limit == 0xffff &&
		   s.ds.type == 3 && s.ss.type == 3 && s.es.present,
	       "real16: data segments");
	tap_ok(s.ldt.unusable && s.tr.present && s.tr.type == 0xb &&
		   s.gdt.limit == 0xffff && s.idt.limit == 0xffff &&
		   s.idt.base == 0,
	       "real16: LDTR, TR, GDTR, IDTR");
	x86_mode_sregs(AXVCPU_X86_MODE_REAL16, 0x7c00, 0x1000, &s);
	tap_ok(s.cs.sel == 0 && s.cs.base == 0 &&
		   x86_mode_rip(AXVCPU_X86_MODE_REAL16, 0x7c00) == 0x7c00,
	       "0x7c00: 0000:7C00");
	x86_mode_sipi_state(0x9a, &s);
	tap_ok(s.cs.sel == 0x9a00 && s.cs.base == 0x9a000 &&
		   s.cr0 == 0x60000010,
	       "SIPI vector 0x9a: CS 9A00 base 9A000");
}

static void check_flat(void)
{
	struct x86_sregs s;
	x86_mode_sregs(AXVCPU_X86_MODE_PROT32, 0x100000, 0x5000, &s);
	tap_ok(s.cs.sel == AXVCPU_X86_SEL_CODE32 && s.cs.db && !s.cs.l &&
		   s.cs.g && s.cs.limit == 0xffffffff,
	       "prot32: 32-bit flat code");
	tap_ok(s.ds.sel == AXVCPU_X86_SEL_DATA && s.ss.sel == s.ds.sel &&
		   s.ds.db && s.ds.g,
	       "prot32: flat data");
	tap_ok((s.cr0 & X86_CR0_PE) && !(s.cr0 & X86_CR0_PG) &&
		   (s.cr4 & X86_CR4_OSFXSR) && s.efer == 0,
	       "prot32: PE, no paging, OSFXSR");
	tap_ok(s.gdt.base == 0x5000 && s.gdt.limit == 0x37 &&
		   s.tr.sel == AXVCPU_X86_SEL_TSS && s.tr.base == 0x5800 &&
		   s.tr.type == 0xb && s.idt.limit == 0,
	       "prot32: GDTR and TR in the system area");
	tap_is(x86_mode_rip(AXVCPU_X86_MODE_PROT32, 0x100000), 0x100000,
	       "prot32: EIP = entry");
	x86_mode_sregs(AXVCPU_X86_MODE_LONG64, 0x200000, 0x5000, &s);
	tap_ok(s.cs.sel == AXVCPU_X86_SEL_CODE64 && s.cs.l && !s.cs.db,
	       "long64: 64-bit code");
	tap_ok((s.cr0 & (X86_CR0_PG | X86_CR0_PE | X86_CR0_WP)) ==
		       (X86_CR0_PG | X86_CR0_PE | X86_CR0_WP) &&
		   (s.cr4 & X86_CR4_PAE) && s.cr3 == 0x6000 &&
		   s.efer == (X86_EFER_LME | X86_EFER_LMA),
	       "long64: paging, PAE, EFER, CR3 = PML4");
}

/* Walk the system area's page tables as the CPU would (4-level). */
static uint64_t walk(const uint8_t *area, uint64_t base, uint64_t cr3,
		     uint64_t va, bool *ok)
{
	uint64_t table = cr3;
	*ok = false;
	for (int level = 3; level >= 1; level--) {
		unsigned idx = (va >> (12 + 9 * level)) & 511;
		if (table < base || table - base >= AXVCPU_X86_SYS_AREA_SIZE)
			return 0;
		uint64_t e;
		memcpy(&e, area + (table - base) + idx * 8, 8);
		if (!(e & 1) || !(e & 2))
			return 0;
		if (level == 1) {
			if (!(e & 0x80))
				return 0;
			*ok = true;
			return (e & 0xfffffffe00000ull) | (va & 0x1fffff);
		}
		table = e & 0xffffffffff000ull;
	}
	return 0;
}

static void check_area(void)
{
	const uint64_t base = 0x3000;
	uint8_t *area = malloc(AXVCPU_X86_SYS_AREA_SIZE);
	memset(area, 0xa5, AXVCPU_X86_SYS_AREA_SIZE);
	x86_mode_sys_area_write(area, base);
	uint64_t g[6];
	memcpy(g, area, sizeof(g));
	tap_ok(g[0] == 0, "GDT: null descriptor");
	tap_is(g[1], 0x00af9a000000ffffull, "GDT: 64-bit code");
	tap_is(g[2], 0x00cf92000000ffffull, "GDT: flat data");
	tap_is(g[3], 0x00cf9a000000ffffull, "GDT: 32-bit code");
	uint64_t tss = g[5];
	uint64_t tss_base = ((tss >> 16) & 0xffffff) | ((tss >> 56) << 24);
	tap_ok(tss_base == base + 0x800 && (tss & 0xffff) == 0x67 &&
		   ((tss >> 40) & 0xff) == 0x8b,
	       "GDT: busy TSS at the area's TSS");
	uint8_t zero[0x800 - 0x38];
	memset(zero, 0, sizeof(zero));
	tap_ok(memcmp(area + 0x38, zero, sizeof(zero)) == 0,
	       "the rest of the GDT page is cleared");
	bool ok = true;
	unsigned bad = 0;
	for (uint64_t va = 0; va < 0x100000000ull; va += 0x1fff37ull) {
		bool hit;
		if (walk(area, base, base + 0x1000, va, &hit) != va || !hit)
			bad++;
	}
	tap_is(bad, 0, "page tables identity-map 4 GiB");
	(void)walk(area, base, base + 0x1000, 0x100000000ull, &ok);
	tap_ok(!ok, "nothing mapped at 4 GiB");
	free(area);
}

int main(void)
{
	check_checks();
	check_real();
	check_flat();
	check_area();
	return tap_done(0);
}
