/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The random x86 guest (long mode, CPL 0, one vCPU): blocks of random
 * bytes mixed with what a hypervisor must get right — port I/O to the
 * PC's devices and anywhere, MOV to CR0/CR3/CR4/CR8, RDMSR/WRMSR of
 * chosen and random MSRs, VMMCALL/VMCALL with random numbers, SVM and
 * VMX instructions, INT n, HLT with IF=0 and IF=1, loads, stores, string
 * moves and locked RMWs on MMIO and unmapped addresses, descriptor-table
 * loads from garbage — are written to a page and run with random
 * registers. Any exception or interrupt ends a block (x86 instructions
 * have no fixed length to skip), a local-APIC timer ends an endless one;
 * 15 NOPs resynchronise the decoder before the closing UD2. Heartbeats go
 * to tests/pc/hv/prog_random.c, which gives the seed (random.h). A
 * triple fault ends the VM (or, for the checker, restarts the vCPU).
 */
#include "tests/pc/hv/random.h"
#include <stdint.h>

#define CODE 0x800000ull
#define CODE_SIZE 4096u
#define SCRATCH 0x1000000ull
#define SCRATCH_SIZE 0x1000000ull
#define LAPIC 0xfee00000ull
#define TIMER_VEC 0x40u

extern char random_stubs[];
uint64_t random_enter(const uint64_t regs[17]);
void random_trap(uint64_t vec, uint64_t rip);
void random_main(void);

static uint64_t rng;
static uint64_t last_vec, last_rip;
static uint64_t cr0, cr3, cr4;

struct __attribute__((packed)) dtr {
	uint16_t limit;
	uint64_t base;
};

static uint64_t gdt[5] __attribute__((aligned(16)));
static uint8_t tss[104] __attribute__((aligned(16)));
static uint8_t ist_stack[16384] __attribute__((aligned(16)));
static struct {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
} idt[256] __attribute__((aligned(16)));

static uint64_t next(void)
{
	uint64_t x = rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng = x;
	return x * 0x2545f4914f6cdd1dull;
}

static uint64_t below(uint64_t n)
{
	return next() % n;
}

static uint64_t hcall(uint64_t nr, uint64_t arg, uint64_t *rsi, uint64_t *rdx)
{
	uint64_t a = nr, di = RX_MAGIC, si = arg, d = 0;
	__asm__ volatile("vmmcall"
			 : "+a"(a), "+D"(di), "+S"(si), "+d"(d)
			 :
			 : "memory", "rcx", "r11", "r8", "r9", "r10");
	if (rsi)
		*rsi = si;
	if (rdx)
		*rdx = d;
	return a;
}

static void mmio32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

/* Our own GDT (TSS with IST1), IDT: the block may load others. */
static void tables_init(void)
{
	uint64_t t = (uint64_t)tss;
	gdt[1] = 0x00af9a000000ffffull; /* 0x08: 64-bit code */
	gdt[2] = 0x00cf92000000ffffull; /* 0x10: data */
	gdt[3] =
	    103 | (t & 0xffffff) << 16 | 0x89ull << 40 | (t >> 24 & 0xff) << 56;
	gdt[4] = t >> 32;
	uint64_t ist = (uint64_t)ist_stack + sizeof(ist_stack);
	for (unsigned i = 0; i < 8; i++)
		tss[36 + i] = (uint8_t)(ist >> (8 * i));
	tss[102] = 104; /* no I/O bitmap */
	for (unsigned v = 0; v < 256; v++) {
		uint64_t a = (uint64_t)random_stubs + 16 * v;
		idt[v].off0 = (uint16_t)a;
		idt[v].sel = 0x08;
		idt[v].ist = 1;
		idt[v].type = 0x8e;
		idt[v].off1 = (uint16_t)(a >> 16);
		idt[v].off2 = (uint32_t)(a >> 32);
		idt[v].zero = 0;
	}
	struct dtr g = { sizeof(gdt) - 1, (uint64_t)gdt };
	__asm__ volatile("lgdt %0\n"
			 "pushq $0x08\n"
			 "lea 1f(%%rip), %%rax\n"
			 "pushq %%rax\n"
			 "lretq\n"
			 "1: mov $0x10, %%eax\n"
			 "mov %%eax, %%ds\n mov %%eax, %%es\n mov %%eax, %%ss\n"
			 "mov $0x18, %%eax\n ltr %%ax" ::"m"(g)
			 : "rax", "memory");
	__asm__ volatile("mov %%cr0, %0\n mov %%cr3, %1\n mov %%cr4, %2"
			 : "=r"(cr0), "=r"(cr3), "=r"(cr4));
}

/* What the block may have changed and the next needs. */
static void tables_restore(void)
{
	struct dtr g = { sizeof(gdt) - 1, (uint64_t)gdt };
	struct dtr i = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("mov %0, %%cr0\n mov %1, %%cr3\n mov %2, %%cr4\n"
			 "lgdt %3\n lidt %4" ::"r"(cr0),
			 "r"(cr3), "r"(cr4), "m"(g), "m"(i)
			 : "memory");
	/* The local APIC on, its timer a one-shot that ends the block. */
	mmio32(LAPIC + 0xf0, 0x1ff);
	mmio32(LAPIC + 0x320, TIMER_VEC);
	mmio32(LAPIC + 0x3e0, 0xb);
	mmio32(LAPIC + 0x380, 2000000);
}

void random_trap(uint64_t vec, uint64_t rip)
{
	last_vec = vec;
	last_rip = rip;
	if (vec >= 32)
		mmio32(LAPIC + 0xb0, 0); /* EOI (harmless after INT n) */
}

static uint64_t value(void)
{
	uint64_t r = next();
	switch (below(16)) {
	case 0:
		return 0;
	case 1:
		return r & 0xff;
	case 2:
	case 3:
		return SCRATCH + (r & (SCRATCH_SIZE - 1));
	case 4:
		return LAPIC + (r & 0xfff);
	case 5:
		return 0xfec00000 + (r & 0xff); /* I/O APIC */
	case 6:
		return 0xa0000 + (r & 0x5ffff); /* VGA, ROMs, BIOS */
	case 7:
		return 0xc0000000 + (r & 0x3fffffff); /* the PCI hole */
	case 8:
		return 0x10000000 + (r & 0xfffffff); /* past RAM */
	case 9:
		return 0x100000000ull + (r & 0xffffffff); /* not mapped */
	case 10:
		return CODE + (r & 0xfff);
	case 11:
		return r | 1ull << 63;
	default:
		return r;
	}
}

static unsigned put(uint8_t *w, const uint8_t *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		w[i] = b[i];
	return n;
}

static unsigned put_imm(uint8_t *w, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		w[i] = (uint8_t)(v >> (8 * i));
	return n;
}

/* mov $v, %reg (64-bit, reg 0..7) */
static unsigned mov64(uint8_t *w, unsigned reg, uint64_t v)
{
	w[0] = 0x48;
	w[1] = (uint8_t)(0xb8 + reg);
	return 2 + put_imm(w + 2, v, 8);
}

static uint16_t port(void)
{
	static const uint16_t p[] = {
		0x20,  0x21,  0xa0,  0xa1,  0x40,  0x41,  0x42,  0x43,
		0x61,  0x60,  0x64,  0x70,  0x71,  0x80,  0x92,  0xcf8,
		0xcfc, 0xcfd, 0xcfe, 0xcff, 0xcf9, 0x600, 0x601, 0x604,
		0x605, 0x608, 0x3f9, 0x3fa, 0x3fb, 0x3fc, 0x3fd, 0x4d0,
		0x4d1, 0xf4,  0x402, 0x510, 0x511, 0x1f0, 0x1f7, 0x3c0,
	};
	if (below(4))
		return p[below(sizeof(p) / sizeof(p[0]))];
	uint16_t r = (uint16_t)next();
	return r == 0x3f8 || r == 0xe9 ? 0x3f9 : r;
}

static uint32_t msr(void)
{
	static const uint32_t m[] = {
		0x10,       0x1b,       0x3a,       0x48,       0x49,
		0x8b,       0x174,      0x175,      0x176,      0x1a0,
		0x1d9,      0x200,      0x201,      0x250,      0x277,
		0x2ff,      0x6e0,      0x800,      0x802,      0x80b,
		0x830,      0x838,      0xc0000080, 0xc0000081, 0xc0000082,
		0xc0000100, 0xc0000101, 0xc0000102, 0xc0000103, 0xc0010010,
		0xc0010114, 0xc0010117, 0xc0010015, 0xc0011029, 0xc0010140,
		0xc0010141, 0x40000000, 0x4b564d00, 0xc0010055, 0x9b,
	};
	switch (below(4)) {
	case 0:
		return (uint32_t)next();
	case 1:
		return 0xc0010000u + (uint32_t)below(0x200);
	default:
		return m[below(sizeof(m) / sizeof(m[0]))];
	}
}

/* One item at w (room for at least 48 bytes); returns its length. */
static unsigned gen_one(uint8_t *w)
{
	unsigned n = 0, k = (unsigned)below(100);
	if (k < 24) { /* random bytes */
		unsigned len = 1 + (unsigned)below(8);
		for (unsigned i = 0; i < len; i++)
			w[i] = (uint8_t)next();
		return len;
	}
	if (k < 30) { /* prefixes, then a two-byte opcode */
		static const uint8_t pre[] = { 0x66, 0x67, 0xf2, 0xf3, 0xf0,
					       0x2e, 0x36, 0x3e, 0x26, 0x64,
					       0x65, 0x48, 0x4c, 0x41 };
		unsigned np = (unsigned)below(4);
		for (unsigned i = 0; i < np; i++)
			w[n++] = pre[below(sizeof(pre))];
		w[n++] = 0x0f;
		for (unsigned i = 0; i < 3; i++)
			w[n++] = (uint8_t)next();
		/* Not group 6 (LTR, LLDT...): QEMU 7.2 takes a null TR and
		 * then aborts ("invalid tss") at the next interrupt. */
		if (w[n - 3] == 0x00)
			w[n - 3] = 0x01;
		return n;
	}
	if (k < 42) { /* port I/O */
		static const uint8_t ops[][3] = {
			{ 1, 0xec },       { 1, 0xed },       { 2, 0x66, 0xed },
			{ 1, 0xee },       { 1, 0xef },       { 2, 0x66, 0xef },
			{ 1, 0x6c },       { 1, 0x6e },       { 2, 0xf3, 0x6c },
			{ 2, 0xf3, 0x6e }, { 2, 0xf3, 0x6f }, { 2, 0xf3, 0x6d },
		};
		w[n++] = 0x66;
		w[n++] = 0xba;
		n += put_imm(w + n, port(), 2);
		w[n++] = 0xb8;
		n += put_imm(w + n, next(), 4);
		if (below(8) == 0) { /* rep count */
			w[n++] = 0xb9;
			n += put_imm(w + n, below(64), 4);
		}
		const uint8_t *o = ops[below(sizeof(ops) / sizeof(ops[0]))];
		return n + put(w + n, o + 1, o[0]);
	}
	if (k < 48) { /* control registers */
		static const uint8_t crs[] = { 0, 2, 3, 4, 8, 0, 4, 8 };
		unsigned cr = crs[below(sizeof(crs))];
		/* CR0: MP EM TS ET NE WP AM CD; PE, PG and NW alone (a #GP
		 * on hardware, a VMEXIT_INVALID under QEMU 7.2) rarely. */
		static const uint8_t cr0_bits[] = { 1, 2, 3, 4, 5, 16, 18, 30 };
		uint64_t v =
		    cr == 0 ? cr0 ^ (1ull << (below(256) ? cr0_bits[below(8)]
							 : below(32)))
		    /* Bits QEMU 7.2 offers: a reserved one is a
		     * VMEXIT_INVALID there (real hardware: #GP),
		     * which ends the VM; so only now and then. */
		    : cr == 4
			? cr4 ^ (1ull << (below(256) ? below(11) : below(24)))
		    /* CR3 inside the physical address size, CR8
		     * 0-15: the others (a #GP on hardware) are
		     * VMEXIT_INVALID under QEMU 7.2, so rare. */
		    : cr == 3    ? (below(8)     ? cr3
				    : below(256) ? value() & 0xfffff000ull
						 : next() & ~0xfffull)
		    : below(256) ? below(16)
				 : next();
		n += mov64(w, 0, v);
		if (cr == 8)
			w[n++] = 0x44; /* REX.R: CR8 */
		w[n++] = 0x0f;
		/* CR8 is only read: QEMU 7.2 aborts on a CR8 write in an
		 * SVM guest (tcg_handle_interrupt without the BQL). */
		w[n++] = below(4) && cr != 8 ? 0x22 : 0x20;
		w[n++] = (uint8_t)(0xc0 | (cr & 7) << 3);
		return n;
	}
	if (k < 58) { /* MSRs */
		w[n++] = 0xb9;
		n += put_imm(w + n, msr(), 4);
		w[n++] = 0xb8;
		n += put_imm(w + n, next(), 4);
		w[n++] = 0xba;
		n += put_imm(w + n, below(2) ? 0 : next(), 4);
		w[n++] = 0x0f;
		w[n++] = below(2) ? 0x30 : 0x32;
		return n;
	}
	if (k < 64) { /* hypercalls, SVM and VMX instructions */
		static const uint8_t ins[][5] = {
			{ 3, 0x0f, 0x01, 0xd9 }, { 3, 0x0f, 0x01, 0xc1 },
			{ 3, 0x0f, 0x01, 0xd8 }, { 3, 0x0f, 0x01, 0xda },
			{ 3, 0x0f, 0x01, 0xdb }, { 3, 0x0f, 0x01, 0xdc },
			{ 3, 0x0f, 0x01, 0xdd }, { 3, 0x0f, 0x01, 0xde },
			{ 3, 0x0f, 0x01, 0xdf }, { 3, 0x0f, 0x01, 0xc2 },
			{ 3, 0x0f, 0x01, 0xc3 }, { 3, 0x0f, 0x01, 0xc4 },
			{ 3, 0x0f, 0x01, 0xd4 }, { 4, 0xf3, 0x0f, 0xc7, 0x30 },
			{ 3, 0x0f, 0xc7, 0x30 }, { 4, 0x66, 0x0f, 0x38, 0x80 },
		};
		n += mov64(w, 0, below(2) ? below(64) : next());
		n += mov64(w + n, 6, value());
		const uint8_t *o =
		    ins[below(4) ? below(2)
				 : below(sizeof(ins) / sizeof(ins[0]))];
		return n + put(w + n, o + 1, o[0]);
	}
	if (k < 68) { /* INT n, INT3, INT1, INTO */
		switch (below(4)) {
		case 0:
			w[0] = 0xcc;
			return 1;
		case 1:
			w[0] = 0xf1;
			return 1;
		default:
			w[0] = 0xcd;
			w[1] = (uint8_t)next();
			return 2;
		}
	}
	if (k < 72) { /* HLT with IF=0 and IF=1 */
		static const uint8_t h[][3] = { { 1, 0xf4 },
						{ 2, 0xfa, 0xf4 },
						{ 2, 0xfb, 0xf4 } };
		const uint8_t *o = h[below(3)];
		return put(w, o + 1, o[0]);
	}
	if (k < 90) { /* memory operations on chosen addresses */
		static const uint8_t ops[][6] = {
			{ 3, 0x48, 0x8b, 0x18 }, /* mov (%rax), %rbx */
			{ 3, 0x48, 0x89, 0x18 }, /* mov %rbx, (%rax) */
			{ 2, 0x8a, 0x18 },       /* byte load */
			{ 3, 0x66, 0x89, 0x18 }, /* word store */
			{ 5, 0xf0, 0x48, 0x0f, 0xc1, 0x18 }, /* lock xadd */
			{ 3, 0x0f, 0xae, 0x38 },             /* clflush */
			{ 4, 0x48, 0x0f, 0xc7, 0x08 },       /* cmpxchg16b */
			{ 3, 0x0f, 0x28, 0x00 },             /* movaps */
			{ 3, 0x0f, 0x01, 0xc8 },             /* monitor */
			{ 3, 0x0f, 0x01, 0xc9 },             /* mwait */
			{ 3, 0x0f, 0x01, 0x38 },             /* invlpg */
			{ 3, 0x0f, 0x01, 0x10 },             /* lgdt */
			{ 3, 0x0f, 0x01, 0x18 },             /* lidt */
			{ 3, 0x0f, 0x01, 0x20 }, /* smsw (not LTR: above) */
			{ 2, 0xff, 0x28 },       /* ljmp *(%rax) */
			{ 3, 0xf3, 0x48, 0xa5 }, /* rep movsq */
			{ 3, 0xf3, 0x48, 0xab }, /* rep stosq */
			{ 2, 0xd9, 0x00 },       /* fld (x87) */
			{ 3, 0x0f, 0xae, 0x08 }, /* fxrstor */
			{ 4, 0x48, 0x0f, 0xae, 0x28 }, /* xrstor */
		};
		n += mov64(w, 0, value());
		if (below(2)) {
			n += mov64(w + n, 6, value());
			n += mov64(w + n, 7, value());
			n += mov64(w + n, 1, below(64));
		}
		const uint8_t *o = ops[below(sizeof(ops) / sizeof(ops[0]))];
		return n + put(w + n, o + 1, o[0]);
	}
	if (k < 96) {
		static const uint8_t m[][4] = {
			{ 2, 0x0f, 0xa2 },
			{ 2, 0x0f, 0x31 },
			{ 3, 0x0f, 0x01, 0xf9 },
			{ 2, 0x0f, 0x33 },
			{ 3, 0x0f, 0x01, 0xd0 },
			{ 3, 0x0f, 0x01, 0xd1 },
			{ 2, 0x0f, 0x08 },
			{ 2, 0x0f, 0x09 },
			{ 2, 0xf3, 0x90 },
			{ 2, 0x0f, 0x05 },
			{ 2, 0x0f, 0x07 },
			{ 2, 0x48, 0xcf },
			{ 1, 0xcb },
			{ 3, 0x0f, 0x01, 0xf8 },
			{ 2, 0x0f, 0x34 },
			{ 1, 0x9d },
		};
		const uint8_t *o = m[below(sizeof(m) / sizeof(m[0]))];
		return put(w, o + 1, o[0]);
	}
	/* A short jump backwards: a loop for the timer to end. */
	w[0] = below(2) ? 0xeb : 0xe2;
	w[1] = (uint8_t)(-(int)below(24) - 2);
	return 2;
}

static uint64_t make_block(uint64_t regs[17])
{
	uint8_t *w = (uint8_t *)CODE;
	unsigned n = 0, items = 4 + (unsigned)below(12);
	for (unsigned i = 0; i < items && n + 64 < CODE_SIZE - 32; i++)
		n += gen_one(w + n);
	for (unsigned i = 0; i < 15; i++)
		w[n++] = 0x90;
	w[n] = 0x0f;
	w[n + 1] = 0x0b; /* ud2: the block's end */
	for (unsigned i = 0; i < 16; i++)
		regs[i] = value();
	regs[4] = SCRATCH + (next() & (SCRATCH_SIZE - 1) & ~15ull);
	regs[16] = CODE;
	return CODE + n;
}

void random_main(void)
{
	uint64_t seed = 0, flags = 0;
	hcall(RX_HELLO, 0, &seed, &flags);
	rng = seed | 1;
	tables_init();
	static uint64_t regs[17];
	for (uint64_t blocks = 1;; blocks++) {
		make_block(regs);
		if (flags & RX_F_TRACE)
			hcall(RX_BLOCK, blocks, 0, 0);
		tables_restore();
		random_enter(regs);
		mmio32(LAPIC + 0x380, 0); /* timer off */
		if (blocks % 16 == 0)
			hcall(RX_BEAT, blocks, 0, 0);
	}
}
