/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The x86 layer's emulation glue (src/arch/x86_64/x86_emul.c, x86_mmio.c):
 * nested page faults through the decoder into MmioRead / MmioWrite exits
 * and back (loads with x86's register-width rules, stores, ALU
 * read-modify-write, CMP/TEST/BT flags, XCHG, MOVS in both directions and
 * between two devices, REP STOS one element per exit), what it declines,
 * port I/O including REP INS/OUTS, RDMSR, a fault instead of a finish, and
 * the instruction-length helper — in real, 32-bit and 64-bit (paged)
 * modes, on a fake guest whose registers and RAM are checked after each
 * step.
 */
#include "fake_guest.h"

#include <axvcpu/x86.h>

#define CODE_VA 0x400000ull
#define CODE_PA 0x10000ull
#define DATA_VA 0x600000ull
#define DATA_PA 0x20000ull
#define MMIO_VA 0x800000ull

static struct fake_guest fg;

/* A 64-bit paged guest with code, data and MMIO pages mapped. */
static void setup64(const char *code, size_t n)
{
	fg_init(&fg);
	fg_long64(&fg, CODE_VA);
	fg_map(&fg, CODE_VA, CODE_PA, 0x3);
	fg_map(&fg, DATA_VA, DATA_PA, 0x3);
	fg_map(&fg, MMIO_VA, FG_MMIO, 0x3);
	fg_code(&fg, CODE_PA, code, n);
}

static enum x86_emul_status start(uint64_t gpa, bool write,
				  struct axvcpu_exit *e)
{
	memset(e, 0, sizeof(*e));
	return x86_emul_mmio_start(&fg.e, &fg.g, gpa, write, e);
}

static enum x86_emul_status resume(struct axvcpu_exit *e)
{
	memset(e, 0, sizeof(*e));
	return x86_emul_resume(&fg.e, &fg.g, e);
}

static bool is_read(const struct axvcpu_exit *e, uint64_t addr, unsigned width,
		    unsigned reg, unsigned reg_width, bool sext)
{
	return e->reason == AXVCPU_EXIT_MMIO_READ &&
	       e->mmio_read.addr == addr && e->mmio_read.width == width &&
	       e->mmio_read.reg == reg && e->mmio_read.reg_width == reg_width &&
	       e->mmio_read.sign_ext == sext;
}

static bool is_write(const struct axvcpu_exit *e, uint64_t addr, unsigned width,
		     uint64_t data)
{
	return e->reason == AXVCPU_EXIT_MMIO_WRITE &&
	       e->mmio_write.addr == addr && e->mmio_write.width == width &&
	       e->mmio_write.data == data;
}

static void t_loads(void)
{
	struct axvcpu_exit e;
	/* mov (%rbx), %eax */
	setup64("\x8b\x03", 2);
	fg.r.gpr[3] = MMIO_VA + 0x30;
	fg.r.gpr[0] = 0xffffffffffffffffull;
	tap_ok(start(FG_MMIO + 0x30, false, &e) == X86_EMUL_EXIT &&
		   is_read(&e, FG_MMIO + 0x30, 4, 0, 4, false),
	       "mov (%%rbx),%%eax: MmioRead width 4 into rax");
	tap_is(fg.r.rip, CODE_VA, "rip stays until the next entry");
	tap_ok(x86_emul_read_pending(&fg.e), "a read is pending");
	x86_emul_complete(&fg.e, 0x12345678);
	tap_ok(resume(&e) == X86_EMUL_CONTINUE && fg.r.gpr[0] == 0x12345678 &&
		   fg.r.rip == CODE_VA + 2,
	       "completed: eax written, upper half cleared, rip + 2");
	tap_is(fg.e.kind, X86_EMUL_NONE, "nothing left in progress");

	/* mov (%rbx), %ax keeps bits 63:16 */
	setup64("\x66\x8b\x03", 3);
	fg.r.gpr[3] = MMIO_VA;
	fg.r.gpr[0] = 0x1111222233334444ull;
	start(FG_MMIO, false, &e);
	x86_emul_complete(&fg.e, 0xbeef);
	resume(&e);
	tap_is(fg.r.gpr[0], 0x111122223333beefull, "16-bit load merges");

	/* mov (%rbx), %ah */
	setup64("\x8a\x23", 2);
	fg.r.gpr[3] = MMIO_VA + 1;
	fg.r.gpr[0] = 0x1234;
	tap_ok(
	    start(FG_MMIO + 1, false, &e) == X86_EMUL_EXIT &&
		is_read(&e, FG_MMIO + 1, 1, AXVCPU_X86_REG_READ_DATA, 1, false),
	    "mov (%%rbx),%%ah: data through READ_DATA");
	x86_emul_complete(&fg.e, 0xab);
	resume(&e);
	tap_is(fg.r.gpr[0], 0xab34, "ah written, al kept");

	/* movsbq (%rbx), %r9 with REX */
	setup64("\x4c\x0f\xbe\x0b", 4);
	fg.r.gpr[3] = MMIO_VA + 8;
	tap_ok(start(FG_MMIO + 8, false, &e) == X86_EMUL_EXIT &&
		   is_read(&e, FG_MMIO + 8, 1, 9, 8, true),
	       "movsbq (%%rbx),%%r9: width 1, reg 9, reg_width 8, sext");
	x86_emul_complete(&fg.e, 0xfffffffffffffff0ull);
	resume(&e);
	tap_ok(fg.r.gpr[9] == 0xfffffffffffffff0ull && fg.r.rip == CODE_VA + 4,
	       "r9 = the extended value, rip + 4");

	/* mov 0x10(%rip), %ecx: RIP-relative to an MMIO page */
	setup64("\x8b\x0d\xfa\xff\x3f\x00", 6); /* disp = 0x3ffffa */
	tap_ok(start(FG_MMIO, false, &e) == X86_EMUL_EXIT &&
		   is_read(&e, FG_MMIO, 4, 1, 4, false),
	       "RIP-relative load: next rip + disp matches the fault");
}

static void t_stores(void)
{
	struct axvcpu_exit e;
	/* mov %ecx, 4(%rbx) */
	setup64("\x89\x4b\x04", 3);
	fg.r.gpr[3] = MMIO_VA;
	fg.r.gpr[1] = 0xaabbccdd11223344ull;
	tap_ok(start(FG_MMIO + 4, true, &e) == X86_EMUL_EXIT &&
		   is_write(&e, FG_MMIO + 4, 4, 0x11223344),
	       "mov %%ecx,4(%%rbx): MmioWrite of ecx");
	tap_ok(!x86_emul_read_pending(&fg.e), "no read pending after a store");
	tap_ok(resume(&e) == X86_EMUL_CONTINUE && fg.r.rip == CODE_VA + 3,
	       "store finished: rip + 3");
	/* movq $-2, (%rbx) */
	setup64("\x48\xc7\x03\xfe\xff\xff\xff", 7);
	fg.r.gpr[3] = MMIO_VA + 0x10;
	tap_ok(start(FG_MMIO + 0x10, true, &e) == X86_EMUL_EXIT &&
		   is_write(&e, FG_MMIO + 0x10, 8, 0xfffffffffffffffeull),
	       "movq $-2,(%%rbx): the immediate sign-extended");
	/* mov %bh, (%rbx) */
	setup64("\x88\x3b", 2);
	fg.r.gpr[3] = MMIO_VA;
	tap_ok(start(FG_MMIO, true, &e) == X86_EMUL_EXIT &&
		   is_write(&e, FG_MMIO, 1, (MMIO_VA >> 8) & 0xff),
	       "mov %%bh,(%%rbx): bits 15:8 of rbx");
	/* a store that faulted as a read is not what the decoder says */
	setup64("\x89\x03", 2);
	fg.r.gpr[3] = MMIO_VA;
	tap_ok(start(FG_MMIO, false, &e) == X86_EMUL_EXIT &&
		   e.reason == AXVCPU_EXIT_NESTED_PAGE_FAULT &&
		   e.nested_page_fault.access_flags ==
		       (AXVCPU_ACCESS_READ | AXVCPU_ACCESS_UNDECODED),
	       "direction mismatch: NestedPageFault, undecoded");
}

static void t_alu(void)
{
	struct axvcpu_exit e;
	/* orl $0x10, (%rbx) */
	setup64("\x83\x0b\x10", 3);
	fg.r.gpr[3] = MMIO_VA + 0x40;
	fg.r.rflags = 2 | X86_RFLAGS_ZF;
	tap_ok(start(FG_MMIO + 0x40, true, &e) == X86_EMUL_EXIT &&
		   is_read(&e, FG_MMIO + 0x40, 4, AXVCPU_X86_REG_READ_DATA, 4,
			   false),
	       "or $0x10,(%%rbx): read first");
	x86_emul_complete(&fg.e, 0x1);
	tap_ok(resume(&e) == X86_EMUL_EXIT &&
		   is_write(&e, FG_MMIO + 0x40, 4, 0x11),
	       "then the result written back (one more exit)");
	tap_is(fg.r.rip, CODE_VA, "rip unchanged between the two accesses");
	tap_ok(resume(&e) == X86_EMUL_CONTINUE && fg.r.rip == CODE_VA + 3 &&
		   !(fg.r.rflags & X86_RFLAGS_ZF),
	       "finished: rip + 3, ZF cleared by the OR");

	/* add (%rbx), %rdx */
	setup64("\x48\x03\x13", 3);
	fg.r.gpr[3] = MMIO_VA;
	fg.r.gpr[2] = 0xffffffffffffffffull;
	start(FG_MMIO, false, &e);
	x86_emul_complete(&fg.e, 1);
	resume(&e);
	tap_ok(fg.r.gpr[2] == 0 && (fg.r.rflags & X86_RFLAGS_CF) &&
		   (fg.r.rflags & X86_RFLAGS_ZF),
	       "add (%%rbx),%%rdx: rdx = 0, CF and ZF");

	/* cmp (%rbx), %eax */
	setup64("\x3b\x03", 2);
	fg.r.gpr[3] = MMIO_VA;
	fg.r.gpr[0] = 5;
	start(FG_MMIO, false, &e);
	x86_emul_complete(&fg.e, 5);
	resume(&e);
	tap_ok((fg.r.rflags & X86_RFLAGS_ZF) && fg.r.gpr[0] == 5 &&
		   fg.r.rip == CODE_VA + 2,
	       "cmp: ZF set, eax unchanged");
	/* cmpl $7, (%rbx): memory first */
	setup64("\x83\x3b\x07", 3);
	fg.r.gpr[3] = MMIO_VA;
	start(FG_MMIO, false, &e);
	x86_emul_complete(&fg.e, 3);
	resume(&e);
	tap_ok((fg.r.rflags & X86_RFLAGS_CF) && !(fg.r.rflags & X86_RFLAGS_ZF),
	       "cmp $7,(mem)=3: borrow");

	/* testb $0x80, (%rbx) */
	setup64("\xf6\x03\x80", 3);
	fg.r.gpr[3] = MMIO_VA;
	start(FG_MMIO, false, &e);
	x86_emul_complete(&fg.e, 0x7f);
	resume(&e);
	tap_ok(fg.r.rflags & X86_RFLAGS_ZF, "test $0x80 of 0x7f: ZF");

	/* bt %ecx, (%rbx) with ecx = 37: the word at +4, bit 5 */
	setup64("\x0f\xa3\x0b", 3);
	fg.r.gpr[3] = MMIO_VA;
	fg.r.gpr[1] = 37;
	tap_ok(
	    start(FG_MMIO + 4, false, &e) == X86_EMUL_EXIT &&
		is_read(&e, FG_MMIO + 4, 4, AXVCPU_X86_REG_READ_DATA, 4, false),
	    "bt %%ecx,(%%rbx), ecx 37: the dword at +4");
	x86_emul_complete(&fg.e, 1u << 5);
	resume(&e);
	tap_ok(fg.r.rflags & X86_RFLAGS_CF, "bit 5 set: CF");

	/* xchg %ecx, (%rbx) */
	setup64("\x87\x0b", 2);
	fg.r.gpr[3] = MMIO_VA;
	fg.r.gpr[1] = 0x55;
	start(FG_MMIO, true, &e);
	tap_ok(is_read(&e, FG_MMIO, 4, AXVCPU_X86_REG_READ_DATA, 4, false),
	       "xchg: read first");
	x86_emul_complete(&fg.e, 0x66);
	tap_ok(resume(&e) == X86_EMUL_EXIT && is_write(&e, FG_MMIO, 4, 0x55),
	       "xchg: the register written");
	tap_ok(resume(&e) == X86_EMUL_CONTINUE && fg.r.gpr[1] == 0x66 &&
		   fg.r.rip == CODE_VA + 2,
	       "xchg: the old value in ecx");

	/* incw (%rbx) keeps CF */
	setup64("\x66\xff\x03", 3);
	fg.r.gpr[3] = MMIO_VA;
	fg.r.rflags = 2 | X86_RFLAGS_CF;
	start(FG_MMIO, true, &e);
	x86_emul_complete(&fg.e, 0xffff);
	tap_ok(resume(&e) == X86_EMUL_EXIT && is_write(&e, FG_MMIO, 2, 0),
	       "incw of 0xffff writes 0");
	resume(&e);
	tap_ok((fg.r.rflags & X86_RFLAGS_CF) && (fg.r.rflags & X86_RFLAGS_ZF),
	       "inc: ZF set, CF kept");
}

static void t_strings(void)
{
	struct axvcpu_exit e;
	/* rep stosl: three elements, one exit each */
	setup64("\xf3\xab", 2);
	fg.r.gpr[7] = MMIO_VA + 0x100;
	fg.r.gpr[1] = 3;
	fg.r.gpr[0] = 0xcafe;
	unsigned ok = 0;
	for (unsigned i = 0; i < 3; i++) {
		uint64_t a = FG_MMIO + 0x100 + 4 * i;
		if (start(a, true, &e) == X86_EMUL_EXIT &&
		    is_write(&e, a, 4, 0xcafe) &&
		    resume(&e) == X86_EMUL_CONTINUE && fg.r.gpr[1] == 2 - i &&
		    fg.r.rip == (i == 2 ? CODE_VA + 2 : CODE_VA))
			ok++;
	}
	tap_is(ok, 3,
	       "rep stosl x3: one exit per element, rcx down, rip "
	       "past only after the last");

	/* std; lodsw backwards */
	setup64("\x66\xad", 2);
	fg.r.gpr[6] = MMIO_VA + 0x20;
	fg.r.rflags = 2 | X86_RFLAGS_DF;
	tap_ok(start(FG_MMIO + 0x20, false, &e) == X86_EMUL_EXIT &&
		   is_read(&e, FG_MMIO + 0x20, 2, 0, 2, false),
	       "lodsw: read into ax");
	x86_emul_complete(&fg.e, 0x4242);
	resume(&e);
	tap_ok(fg.r.gpr[0] == 0x4242 && fg.r.gpr[6] == MMIO_VA + 0x1e,
	       "lodsw with DF: ax loaded, rsi - 2");

	/* movsb RAM -> MMIO (a write fault) */
	setup64("\xa4", 1);
	fg.ram[DATA_PA + 5] = 0x5a;
	fg.r.gpr[6] = DATA_VA + 5;
	fg.r.gpr[7] = MMIO_VA + 9;
	tap_ok(start(FG_MMIO + 9, true, &e) == X86_EMUL_EXIT &&
		   is_write(&e, FG_MMIO + 9, 1, 0x5a),
	       "movsb RAM->MMIO: MmioWrite of the RAM byte");
	resume(&e);
	tap_ok(fg.r.gpr[6] == DATA_VA + 6 && fg.r.gpr[7] == MMIO_VA + 10 &&
		   fg.r.rip == CODE_VA + 1,
	       "movsb: rsi, rdi + 1, rip + 1");

	/* movsl MMIO -> RAM (a read fault) */
	setup64("\xa5", 1);
	fg.r.gpr[6] = MMIO_VA + 0x10;
	fg.r.gpr[7] = DATA_VA + 0x40;
	tap_ok(start(FG_MMIO + 0x10, false, &e) == X86_EMUL_EXIT &&
		   is_read(&e, FG_MMIO + 0x10, 4, AXVCPU_X86_REG_READ_DATA, 4,
			   false),
	       "movsl MMIO->RAM: MmioRead");
	x86_emul_complete(&fg.e, 0xdeadbeef);
	resume(&e);
	uint32_t got;
	memcpy(&got, fg.ram + DATA_PA + 0x40, 4);
	tap_ok(got == 0xdeadbeef && fg.r.gpr[7] == DATA_VA + 0x44,
	       "movsl: the value in RAM at rdi");

	/* movsw MMIO -> MMIO: a second exit for the write */
	setup64("\x66\xa5", 2);
	fg.r.gpr[6] = MMIO_VA + 0x10;
	fg.r.gpr[7] = MMIO_VA + 0x80;
	start(FG_MMIO + 0x10, false, &e);
	x86_emul_complete(&fg.e, 0x1234);
	tap_ok(resume(&e) == X86_EMUL_EXIT &&
		   is_write(&e, FG_MMIO + 0x80, 2, 0x1234),
	       "movsw MMIO->MMIO: the write as a second exit");
	tap_ok(resume(&e) == X86_EMUL_CONTINUE && fg.r.rip == CODE_VA + 2 &&
		   fg.r.gpr[7] == MMIO_VA + 0x82,
	       "then finished");

	/* movsb MMIO -> an unmapped page: #PF, nothing moved */
	setup64("\xa4", 1);
	fg.r.gpr[6] = MMIO_VA;
	fg.r.gpr[7] = 0x900000;
	start(FG_MMIO, false, &e);
	x86_emul_complete(&fg.e, 1);
	tap_ok(resume(&e) == X86_EMUL_FAULT && fg.e.fault.vector == 14 &&
		   fg.e.fault.cr2 == 0x900000 &&
		   fg.e.fault.error == (X86_PF_W) && fg.r.rip == CODE_VA &&
		   fg.r.gpr[6] == MMIO_VA,
	       "movsb to an unmapped page: #PF W, cr2, registers kept");
}

static void t_declined(void)
{
	struct axvcpu_exit e;
	setup64("\x0f\x28\x03", 3); /* movaps (%rbx), %xmm0 */
	fg.r.gpr[3] = MMIO_VA;
	tap_ok(start(FG_MMIO, false, &e) == X86_EMUL_EXIT &&
		   e.reason == AXVCPU_EXIT_NESTED_PAGE_FAULT &&
		   e.nested_page_fault.addr == FG_MMIO &&
		   e.nested_page_fault.access_flags ==
		       (AXVCPU_ACCESS_READ | AXVCPU_ACCESS_UNDECODED),
	       "movaps: declined as NestedPageFault");
	tap_ok(resume(&e) == X86_EMUL_CONTINUE && fg.r.rip == CODE_VA,
	       "declined: executed again");
	setup64("\x8b\x03", 2);
	fg.r.gpr[3] = MMIO_VA + 8;
	start(FG_MMIO + 0x10, false, &e);
	tap_ok(e.reason == AXVCPU_EXIT_NESTED_PAGE_FAULT,
	       "operand not at the fault: declined");
	setup64("\x8b\x03", 2);
	fg.r.gpr[3] = MMIO_VA + 0xffe;
	start(FG_MMIO + 0xffe, false, &e);
	tap_ok(e.reason == AXVCPU_EXIT_NESTED_PAGE_FAULT,
	       "access crossing a page: declined");
	setup64("\x8b\x03", 2);
	fg_map(&fg, CODE_VA, 0x1f0000000ull, 3); /* code not in RAM */
	fg.r.gpr[3] = MMIO_VA;
	start(FG_MMIO, false, &e);
	tap_ok(e.reason == AXVCPU_EXIT_NESTED_PAGE_FAULT &&
		   (e.nested_page_fault.access_flags & AXVCPU_ACCESS_UNDECODED),
	       "instruction not fetchable: declined");
}

static void t_modes(void)
{
	struct axvcpu_exit e;
	/* real mode: mov %al, 4(%bx,%si) at 1000:0100, ds = 0xa000 */
	fg_init(&fg);
	fg_real(&fg, 0x1000, 0x0100, 0xa000);
	fg_code(&fg, 0x10100, "\x88\x40\x04", 3);
	fg.r.gpr[3] = 0x10;
	fg.r.gpr[6] = 0x20;
	fg.r.gpr[0] = 0x77;
	tap_ok(start(FG_HOLE + 0x34, true, &e) == X86_EMUL_EXIT &&
		   is_write(&e, FG_HOLE + 0x34, 1, 0x77),
	       "real mode: mov %%al,4(%%bx,%%si) with DS base");
	resume(&e);
	tap_is(fg.r.rip, 0x103, "real mode: ip + 3");
	/* real mode: ip wraps at 64 KiB */
	fg_init(&fg);
	fg_real(&fg, 0x1000, 0xfffe, 0xa000);
	fg_code(&fg, 0x1fffe, "\x8a\x07", 2); /* mov (%bx), %al */
	fg.r.gpr[3] = 0;
	start(FG_HOLE, false, &e);
	x86_emul_complete(&fg.e, 0x9);
	resume(&e);
	tap_ok(fg.r.rip == 0 && (fg.r.gpr[0] & 0xff) == 9,
	       "real mode: ip wraps to 0");
	/* 32-bit flat, no paging: movzwl 0xfee00010, %edx */
	fg_init(&fg);
	fg_prot32(&fg, 0x10000);
	fg_code(&fg, 0x10000, "\x0f\xb7\x15\x10\x00\xe0\xfe", 7);
	tap_ok(start(FG_MMIO + 0x10, false, &e) == X86_EMUL_EXIT &&
		   is_read(&e, FG_MMIO + 0x10, 2, 2, 4, false),
	       "prot32: movzwl abs32,%%edx");
	x86_emul_complete(&fg.e, 0xffff);
	resume(&e);
	tap_ok(fg.r.gpr[2] == 0xffff && fg.r.rip == 0x10007,
	       "prot32: edx = 0xffff, eip + 7");
}

static void t_pio(void)
{
	struct axvcpu_exit e;
	struct x86_pio p = { .port = 0x3f8,
			     .size = 1,
			     .next_rip = CODE_VA + 1 };
	setup64("\xee", 1);
	fg.r.gpr[0] = 0x141;
	tap_ok(x86_emul_pio_start(&fg.e, &fg.g, &p, &e) == X86_EMUL_EXIT &&
		   e.reason == AXVCPU_EXIT_IO_WRITE &&
		   e.io_write.port == 0x3f8 && e.io_write.width == 1 &&
		   e.io_write.count == 1 && e.io_write.data == 0x41,
	       "out %%al,%%dx: IoWrite of al");
	resume(&e);
	tap_is(fg.r.rip, CODE_VA + 1, "out: rip + 1");

	p = (struct x86_pio){
		.port = 0x71, .size = 2, .in = true, .next_rip = CODE_VA + 2
	};
	setup64("\x66\xed", 2);
	fg.r.gpr[0] = 0xffffffffffff0000ull;
	x86_emul_pio_start(&fg.e, &fg.g, &p, &e);
	tap_ok(e.reason == AXVCPU_EXIT_IO_READ && e.io_read.width == 2 &&
		   x86_emul_read_pending(&fg.e),
	       "in %%dx,%%ax: IoRead width 2");
	x86_emul_complete(&fg.e, 0x1234);
	resume(&e);
	tap_ok(fg.r.gpr[0] == 0xffffffffffff1234ull && fg.r.rip == CODE_VA + 2,
	       "in: ax merged, rip + 2");

	/* rep outsb from RAM, two elements */
	p = (struct x86_pio){ .port = 0xe9,
			      .size = 1,
			      .string = true,
			      .rep = true,
			      .addr_size = 8,
			      .seg = X86_SEG_DS,
			      .next_rip = CODE_VA + 2 };
	setup64("\xf3\x6e", 2);
	memcpy(fg.ram + DATA_PA, "hi", 2);
	fg.r.gpr[6] = DATA_VA;
	fg.r.gpr[1] = 2;
	x86_emul_pio_start(&fg.e, &fg.g, &p, &e);
	tap_ok(e.reason == AXVCPU_EXIT_IO_WRITE && e.io_write.data == 'h' &&
		   e.io_write.count == 2,
	       "rep outsb: first element, count 2");
	resume(&e);
	tap_ok(fg.r.gpr[1] == 1 && fg.r.gpr[6] == DATA_VA + 1 &&
		   fg.r.rip == CODE_VA,
	       "rep outsb: rcx 1, rsi + 1, executed again");
	x86_emul_pio_start(&fg.e, &fg.g, &p, &e);
	tap_ok(e.io_write.data == 'i' && e.io_write.count == 1,
	       "rep outsb: second element");
	resume(&e);
	tap_ok(fg.r.gpr[1] == 0 && fg.r.rip == CODE_VA + 2, "rep outsb: done");

	/* rep insw into RAM */
	p = (struct x86_pio){ .port = 0x1f0,
			      .size = 2,
			      .in = true,
			      .string = true,
			      .rep = true,
			      .addr_size = 8,
			      .seg = X86_SEG_ES,
			      .next_rip = CODE_VA + 3 };
	setup64("\xf3\x66\x6d", 3);
	fg.r.gpr[7] = DATA_VA + 0x10;
	fg.r.gpr[1] = 1;
	x86_emul_pio_start(&fg.e, &fg.g, &p, &e);
	x86_emul_complete(&fg.e, 0xabcd);
	resume(&e);
	uint16_t w;
	memcpy(&w, fg.ram + DATA_PA + 0x10, 2);
	tap_ok(w == 0xabcd && fg.r.gpr[7] == DATA_VA + 0x12 && fg.r.gpr[1] == 0,
	       "rep insw: the word in RAM, rdi + 2");

	/* rep with rcx 0: nothing happens, no exit */
	setup64("\xf3\x6e", 2);
	fg.r.gpr[1] = 0;
	p = (struct x86_pio){ .port = 0xe9,
			      .size = 1,
			      .string = true,
			      .rep = true,
			      .addr_size = 8,
			      .seg = X86_SEG_DS,
			      .next_rip = CODE_VA + 2 };
	tap_ok(x86_emul_pio_start(&fg.e, &fg.g, &p, &e) == X86_EMUL_CONTINUE &&
		   fg.r.rip == CODE_VA + 2,
	       "rep outsb with rcx 0: skipped");

	/* outsb from an unmapped page: #PF, no exit */
	setup64("\x6e", 1);
	fg.r.gpr[6] = 0x900000;
	p = (struct x86_pio){ .port = 0xe9,
			      .size = 1,
			      .string = true,
			      .addr_size = 8,
			      .seg = X86_SEG_DS,
			      .next_rip = CODE_VA + 1 };
	tap_ok(x86_emul_pio_start(&fg.e, &fg.g, &p, &e) == X86_EMUL_FAULT &&
		   fg.e.fault.vector == 14 && fg.e.fault.cr2 == 0x900000,
	       "outsb from an unmapped page: #PF");
}

static void t_misc(void)
{
	struct axvcpu_exit e;
	setup64("\x0f\x32", 2);
	x86_emul_insn_start(&fg.e, &fg.r, X86_EMUL_RDMSR, CODE_VA + 2);
	x86_emul_complete(&fg.e, 0x1122334455667788ull);
	resume(&e);
	tap_ok(fg.r.gpr[0] == 0x55667788 && fg.r.gpr[2] == 0x11223344 &&
		   fg.r.rip == CODE_VA + 2,
	       "rdmsr: edx:eax, rip + 2");

	setup64("\x0f\x30", 2);
	x86_emul_insn_start(&fg.e, &fg.r, X86_EMUL_SKIP, CODE_VA + 2);
	tap_ok(x86_emul_fail(&fg.e, &fg.r, 13, 0) == 0 &&
		   resume(&e) == X86_EMUL_FAULT && fg.e.fault.vector == 13 &&
		   fg.e.fault.has_error && fg.r.rip == CODE_VA,
	       "wrmsr failed: #GP(0) at the instruction");

	setup64("\x8b\x03", 2);
	fg.r.gpr[3] = MMIO_VA;
	start(FG_MMIO, false, &e);
	fg.r.rip = 0x1234; /* the VM layer moved the guest */
	tap_ok(x86_emul_fail(&fg.e, &fg.r, 13, 0) == AXVCPU_EBADSTATE,
	       "fail after rip moved: EBADSTATE");
	x86_emul_complete(&fg.e, 7);
	tap_ok(resume(&e) == X86_EMUL_CONTINUE && fg.r.rip == 0x1234 &&
		   fg.r.gpr[0] == 0,
	       "rip moved: the load is dropped");

	const uint8_t cpuid[] = { 0x0f, 0xa2 };
	tap_is(x86_emul_insn_len(X86_MODE_LONG64,
				 (const uint8_t *)"\x66\x48\x0f\xa2", 4, cpuid,
				 2),
	       4, "insn_len: prefixes and REX before cpuid");
	tap_is(x86_emul_insn_len(X86_MODE_PROT32, (const uint8_t *)"\x48\x0f",
				 2, cpuid, 2),
	       0, "insn_len: 0x48 is no REX in 32-bit code");
	const uint8_t vmmcall[] = { 0x0f, 0x01, 0xd9 };
	tap_is(x86_emul_insn_len(X86_MODE_REAL, (const uint8_t *)"\x0f\x01\xd9",
				 3, vmmcall, 3),
	       3, "insn_len: vmmcall");
}

int main(void)
{
	t_loads();
	t_stores();
	t_alu();
	t_strings();
	t_declined();
	t_modes();
	t_pio();
	t_misc();
	fg_free(&fg);
	return tap_done(0);
}
