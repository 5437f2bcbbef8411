/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the x86 layer's emulation glue (x86_emul.c,
 * x86_mmio.c, x86_walk.c) on guest-controlled input: instruction bytes,
 * registers, the guest's page tables, the faulting address and direction,
 * port accesses, and the values the VM layer completes reads with. It
 * plays a backend: start, complete, resume until the instruction is done,
 * and checks what must hold whatever the guest does: every exit has a
 * legal width and register, an MMIO exit's address is the fault's (or,
 * for a second access, an address the walk gave), at most two exits per
 * instruction, nothing left in progress afterwards, rip either stays
 * (declined, REP not done, fault) or moves forward by at most 15 bytes,
 * and no access leaves the fake guest's RAM (ASan).
 *
 * Input: a header (mode, flags, registers, the fault's offset and
 * direction), then 15 instruction bytes, then RAM contents for the page
 * tables; completion values are read from what is left.
 */
#include "tests/fuzz/fuzz_input.h"
#include "tests/x86/fake_guest.h"

static struct fake_guest fg;

static void must(int cond)
{
	if (!cond)
		abort();
}

static void exit_ok(const struct axvcpu_exit *e, uint64_t gpa)
{
	switch (e->reason) {
	case AXVCPU_EXIT_MMIO_READ: {
		unsigned w = e->mmio_read.width;
		must(w == 1 || w == 2 || w == 4 || w == 8);
		must(e->mmio_read.reg < 16 ||
		     e->mmio_read.reg == AXVCPU_X86_REG_READ_DATA);
		must(e->mmio_read.reg_width >= w &&
		     e->mmio_read.reg_width <= 8);
		break;
	}
	case AXVCPU_EXIT_MMIO_WRITE: {
		unsigned w = e->mmio_write.width;
		must(w == 1 || w == 2 || w == 4 || w == 8);
		must(w == 8 || !(e->mmio_write.data >> (8 * w)));
		break;
	}
	case AXVCPU_EXIT_NESTED_PAGE_FAULT:
		must(e->nested_page_fault.addr == gpa);
		must(!(e->nested_page_fault.access_flags & ~0x3fu));
		break;
	case AXVCPU_EXIT_IO_READ:
		must(e->io_read.width == 1 || e->io_read.width == 2 ||
		     e->io_read.width == 4);
		must(e->io_read.count >= 1);
		break;
	case AXVCPU_EXIT_IO_WRITE:
		must(e->io_write.width == 1 || e->io_write.width == 2 ||
		     e->io_write.width == 4);
		must(!(e->io_write.data >> (8 * e->io_write.width)));
		break;
	default:
		must(0);
	}
}

/* Resume until done; at most `max` more exits. */
static void finish(struct in *in, unsigned max)
{
	for (unsigned i = 0; i <= max; i++) {
		struct axvcpu_exit e;
		memset(&e, 0, sizeof(e));
		if (x86_emul_read_pending(&fg.e))
			x86_emul_complete(&fg.e, take64(in));
		enum x86_emul_status st = x86_emul_resume(&fg.e, &fg.g, &e);
		if (st != X86_EMUL_EXIT)
			return;
		must(i < max);
		exit_ok(&e, e.reason == AXVCPU_EXIT_MMIO_WRITE
				? e.mmio_write.addr
				: e.mmio_read.addr);
	}
}

static void setup(struct in *in)
{
	uint8_t mode = take8(in);
	fg_init(&fg);
	switch (mode & 3) {
	case 0:
		fg_real(&fg, (uint16_t)take16(in), (uint16_t)take16(in),
			(uint16_t)take16(in));
		break;
	case 1:
		fg_prot32(&fg, (uint32_t)take64(in) & 0x1fffff);
		fg.g.v.seg[X86_SEG_CS].db = mode & 4;
		break;
	default:
		fg_long64(&fg, 0x400000);
		fg_map(&fg, 0x400000, 0x10000, 3);
		fg_map(&fg, take64(in) & 0x7ffffffff000ull,
		       take64(in) & ~0xfffull, take8(in) | 1);
		break;
	}
	fg.g.v.cpl = (mode >> 4) & 3;
	for (unsigned i = 0; i < 16; i++)
		fg.r.gpr[i] = take64(in);
	fg.r.rflags = (take64(in) & 0x3f7fd5) | 2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	setup(&in);
	uint8_t kind = take8(&in);
	uint64_t gpa = take64(&in);
	bool write = kind & 1;
	/* The instruction where rip points (its linear address's page). */
	uint8_t code[X86_INSN_MAX_LEN];
	for (unsigned i = 0; i < sizeof(code); i++)
		code[i] = take8(&in);
	uint64_t la = fg.r.rip;
	if (!x86_regs_long64(&fg.g.v))
		la = (uint32_t)(la + fg.g.v.seg[X86_SEG_CS].base);
	uint64_t pa = x86_regs_long64(&fg.g.v) ? 0x10000 + (la & 0xfff) : la;
	if (pa + sizeof(code) < FG_RAM_SIZE)
		memcpy(fg.ram + pa, code, sizeof(code));
	/* Some RAM for the guest's tables and data. */
	unsigned n = take8(&in);
	for (unsigned i = 0; i < n; i++) {
		uint64_t at = take64(&in) % (FG_RAM_SIZE - 8);
		uint64_t v = take64(&in);
		memcpy(fg.ram + at, &v, 8);
	}
	struct x86_regs before = fg.r;
	struct axvcpu_exit e;
	memset(&e, 0, sizeof(e));
	enum x86_emul_status st;
	if (kind & 2) {
		struct x86_pio p = {
			.port = (uint16_t)gpa,
			.size = (uint8_t)(1u << ((kind >> 2) % 3)),
			.in = kind & 16,
			.string = kind & 32,
			.rep = kind & 64,
			.addr_size = (uint8_t)(2u << ((kind >> 4) % 3)),
			.seg = (uint8_t)(kind % 6),
			.next_rip = fg.r.rip + 1 + (kind & 7),
		};
		st = x86_emul_pio_start(&fg.e, &fg.g, &p, &e);
	} else {
		st = x86_emul_mmio_start(&fg.e, &fg.g, gpa, write, &e);
	}
	if (st == X86_EMUL_EXIT) {
		exit_ok(&e, gpa);
		if (e.reason == AXVCPU_EXIT_MMIO_READ)
			must(e.mmio_read.addr == gpa);
		if (e.reason == AXVCPU_EXIT_MMIO_WRITE)
			must(e.mmio_write.addr == gpa);
		finish(&in, 1);
	}
	/* Nothing left in progress once the instruction is through. */
	must(fg.e.kind == X86_EMUL_NONE);
	/* rip: where it was, or forward by one instruction at most (port
	 * I/O takes the exit's next rip; 16/32-bit code wraps). */
	uint64_t moved = fg.r.rip - before.rip;
	must(moved <= 15 || (kind & 2) || fg.r.rip < before.rip);
	/* The flags only change where an ALU result says: the reserved bit
	 * stays set. */
	must(fg.r.rflags & 2);
	return 0;
}
