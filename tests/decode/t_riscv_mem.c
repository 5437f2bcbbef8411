/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the RV64 load/store decoder (src/decode/riscv_mem.c).
 *
 * Two kinds of cases: a table of literal encodings (produced by an
 * assembler, written here as facts, so the test does not share the
 * decoder's view of the bit fields), and generated sweeps over every
 * register and immediate field of each form, where an encoding mistake in
 * the decoder would show up as a wrong register or a wrong kind. The
 * independent cross-check against llvm-mc is oracle_riscv_mem.c.
 */
#include "riscv_mem_check.h"
#include "src/decode/riscv_mem.h"
#include "tests/lib/tap.h"

#define R AXVCPU_ACCESS_READ
#define W AXVCPU_ACCESS_WRITE
#define A AXVCPU_ACCESS_ATOMIC
#define F AXVCPU_ACCESS_FP
#define U AXVCPU_ACCESS_UNDECODED

struct mem_case {
	uint32_t insn;
	const char *name;
	enum riscv_mem_kind kind;
	uint8_t width;
	uint8_t reg;
	bool sign_ext;
	uint8_t len;
	uint32_t flags;
};

/* Shorthands: load, store, other (recognised), undecoded. */
#define LD(i, n, w, r, s, l)                                                   \
	{                                                                      \
		i, n, RISCV_MEM_LOAD, w, r, s, l, R                            \
	}
#define ST(i, n, w, r, l)                                                      \
	{                                                                      \
		i, n, RISCV_MEM_STORE, w, r, false, l, W                       \
	}
#define OT(i, n, w, l, f)                                                      \
	{                                                                      \
		i, n, RISCV_MEM_OTHER, w, 0, false, l, f                       \
	}
#define UD(i, n, l)                                                            \
	{                                                                      \
		i, n, RISCV_MEM_OTHER, 0, 0, false, l, U                       \
	}

/* Encodings from `llvm-mc -triple=riscv64 -show-encoding` (or the spec). */
static const struct mem_case cases[] = {
	/* Integer loads: every width, sign/zero, x0 and x31 destinations. */
	LD(0x00010083, "lb ra, 0(sp)", 1, 1, true, 4),
	LD(0xffff8003, "lb zero, -1(t6)", 1, 0, true, 4),
	LD(0x7ff01f83, "lh t6, 2047(zero)", 2, 31, true, 4),
	LD(0x8005a503, "lw a0, -2048(a1)", 4, 10, true, 4),
	LD(0x00833283, "ld t0, 8(t1)", 8, 5, false, 4),
	LD(0x00144383, "lbu t2, 1(s0)", 1, 7, false, 4),
	LD(0x0000d003, "lhu zero, 0(ra)", 2, 0, false, 4),
	LD(0x00416f83, "lwu t6, 4(sp)", 4, 31, false, 4),
	/* Integer stores: reg is rs2. */
	ST(0x00008023, "sb zero, 0(ra)", 1, 0, 4),
	ST(0xfff11fa3, "sh t6, -1(sp)", 2, 31, 4),
	ST(0x7ea5afa3, "sw a0, 2047(a1)", 4, 10, 4),
	ST(0x801fb023, "sd ra, -2048(t6)", 8, 1, 4),
	/* Compressed CL/CS: rd'/rs2' at both ends of x8..x15. */
	LD(0x4000, "c.lw s0, 0(s0)", 4, 8, true, 2),
	LD(0x5ffc, "c.lw a5, 124(a5)", 4, 15, true, 2),
	LD(0x6380, "c.ld s0, 0(a5)", 8, 8, false, 2),
	LD(0x7c7c, "c.ld a5, 248(s0)", 8, 15, false, 2),
	ST(0xc380, "c.sw s0, 0(a5)", 4, 8, 2),
	ST(0xdc7c, "c.sw a5, 124(s0)", 4, 15, 2),
	ST(0xfc60, "c.sd s0, 248(s0)", 8, 8, 2),
	ST(0xe39c, "c.sd a5, 0(a5)", 8, 15, 2),
	/* Compressed sp-relative: x1 and x31, x0 as a store source. */
	LD(0x4082, "c.lwsp ra, 0(sp)", 4, 1, true, 2),
	LD(0x5ffe, "c.lwsp t6, 252(sp)", 4, 31, true, 2),
	LD(0x70fe, "c.ldsp ra, 504(sp)", 8, 1, false, 2),
	LD(0x6f82, "c.ldsp t6, 0(sp)", 8, 31, false, 2),
	ST(0xc002, "c.swsp zero, 0(sp)", 4, 0, 2),
	ST(0xdffe, "c.swsp t6, 252(sp)", 4, 31, 2),
	ST(0xff82, "c.sdsp zero, 504(sp)", 8, 0, 2),
	ST(0xe07e, "c.sdsp t6, 0(sp)", 8, 31, 2),
	/* Compressed words with garbage above them: upper half ignored. */
	LD(0xffff4000, "c.lw s0, 0(s0) + upper ones", 4, 8, true, 2),
	ST(0x0023e07e, "c.sdsp t6, 0(sp) + store-like upper", 8, 31, 2),
	UD(0x00030405, "c.addi + load-like upper", 2),
	/* Scalar FP: recognised, not emulated. */
	OT(0x0000a007, "flw ft0, 0(ra)", 4, 4, F | R),
	OT(0xff813f87, "fld ft11, -8(sp)", 8, 4, F | R),
	OT(0x00219087, "flh ft1, 2(gp)", 2, 4, F | R),
	OT(0x00014087, "flq ft1, 0(sp)", 16, 4, F | R),
	OT(0x00222027, "fsw ft2, 0(tp)", 4, 4, F | W),
	OT(0x0032b427, "fsd ft3, 8(t0)", 8, 4, F | W),
	OT(0x00431127, "fsh ft4, 2(t1)", 2, 4, F | W),
	OT(0x00324027, "fsq ft3, 0(tp)", 16, 4, F | W),
	OT(0x2000, "c.fld fs0, 0(s0)", 8, 2, F | R),
	OT(0xbffc, "c.fsd fa5, 248(a5)", 8, 2, F | W),
	OT(0x2002, "c.fldsp ft0, 0(sp)", 8, 2, F | R),
	OT(0xbffe, "c.fsdsp ft11, 504(sp)", 8, 2, F | W),
	/* Atomics. */
	OT(0x100120af, "lr.w ra, (sp)", 4, 4, A | R),
	OT(0x16003faf, "lr.d.aqrl t6, (zero)", 8, 4, A | R),
	OT(0x1842a1af, "sc.w gp, tp, (t0)", 4, 4, A | W),
	OT(0x1df0b02f, "sc.d.aq zero, t6, (ra)", 8, 4, A | W),
	OT(0x0821a0af, "amoswap.w", 4, 4, A | R | W),
	OT(0x0021b0af, "amoadd.d", 8, 4, A | R | W),
	OT(0x2221a0af, "amoxor.w.rl", 4, 4, A | R | W),
	OT(0x6021b0af, "amoand.d", 8, 4, A | R | W),
	OT(0x4021a0af, "amoor.w", 4, 4, A | R | W),
	OT(0x8021b0af, "amomin.d", 8, 4, A | R | W),
	OT(0xa021a0af, "amomax.w", 4, 4, A | R | W),
	OT(0xc021b0af, "amominu.d", 8, 4, A | R | W),
	OT(0xe621a0af, "amomaxu.w.aqrl", 4, 4, A | R | W),
	/* Reserved encodings in the memory opcodes: never loads/stores. */
	UD(0x0000, "all-zero 16-bit word (defined illegal)", 2),
	UD(0xffff0000, "all-zero low half, upper ones", 2),
	UD(0x0005f503, "LOAD funct3 111 (RV128 LDU)", 4),
	UD(0x00a5c023, "STORE funct3 100 (RV128 SQ)", 4),
	UD(0x00a5d023, "STORE funct3 101", 4),
	UD(0x00a5e023, "STORE funct3 110", 4),
	UD(0x00a5f023, "STORE funct3 111", 4),
	UD(0x8000, "C quadrant 0 funct3 100 (reserved)", 2),
	UD(0x9ffc, "C quadrant 0 funct3 100, all fields set", 2),
	UD(0x4002, "c.lwsp rd=x0 (reserved)", 2),
	UD(0x507e, "c.lwsp rd=x0 with offset (reserved)", 2),
	UD(0x6002, "c.ldsp rd=x0 (reserved)", 2),
	UD(0x707e, "c.ldsp rd=x0 with offset (reserved)", 2),
	UD(0x101120af, "lr.w with rs2 != 0 (reserved)", 4),
	UD(0x002180af, "AMO funct3 000 (Zabha, not RV64A)", 4),
	UD(0x0021c0af, "AMO funct3 100", 4),
	UD(0x0021f0af, "AMO funct3 111", 4),
	UD(0x2821a0af, "AMO funct5 00101 (Zacas, not RV64A)", 4),
	UD(0xf821a0af, "AMO funct5 11111", 4),
	UD(0x02016087, "vle32.v v1, (sp) (vector)", 4),
	UD(0x020201a7, "vse8.v v3, (tp) (vector)", 4),
	UD(0x6805c573, "hlv.w a0, (a1) (hypervisor load)", 4),
	UD(0x6aa5c073, "hsv.w a0, (a1) (hypervisor store)", 4),
	/* Not memory instructions at all. */
	UD(0x00310093, "addi ra, sp, 3", 4),
	UD(0x0405, "c.addi s0, 1", 2),
	UD(0x4515, "c.li a0, 5", 2),
	UD(0x852e, "c.mv a0, a1", 2),
	UD(0x9002, "c.ebreak", 2),
	UD(0x00000073, "ecall", 4),
	UD(0x100110f3, "csrrw ra, sstatus, sp", 4),
	UD(0x0ff0000f, "fence", 4),
	UD(0x0000000b, "custom-0", 4),
	/* Longer-than-32-bit length encodings: length unknown. */
	UD(0x0000001f, "48-bit length prefix", 0),
	UD(0x0000003f, "64-bit length prefix", 0),
	UD(0xffffffff, "all ones", 0),
};

/* Check one decoded word against the expected access; prints on failure. */
static bool check_word(uint32_t insn, const struct riscv_mem_access *want)
{
	struct riscv_mem_access got;
	int rc;
	int want_rc = want->kind == RISCV_MEM_OTHER ? AXVCPU_EINVAL : 0;
	char g[128], w[128];

	if (!riscv_mem_decode_poisoned(insn, &got, &rc)) {
		tap_diag("0x%08x: result depends on prior contents of out",
			 (unsigned)insn);
		return false;
	}
	if (rc == want_rc && riscv_mem_access_equal(&got, want))
		return true;
	riscv_mem_access_format(g, sizeof(g), rc, &got);
	riscv_mem_access_format(w, sizeof(w), want_rc, want);
	tap_diag("0x%08x: got  %s", (unsigned)insn, g);
	tap_diag("0x%08x: want %s", (unsigned)insn, w);
	return false;
}

static void test_table(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct mem_case *c = &cases[i];
		struct riscv_mem_access want = {
			.kind = c->kind,
			.width = c->width,
			.reg = c->reg,
			.sign_ext = c->sign_ext,
			.len = c->len,
			.access_flags = c->flags,
		};
		tap_ok(check_word(c->insn, &want), "0x%08x %s",
		       (unsigned)c->insn, c->name);
	}
}

static void test_null(void)
{
	tap_is(riscv_decode_mem(0x00010083, NULL), AXVCPU_EINVAL,
	       "NULL out is refused for a load");
	tap_is(riscv_decode_mem(0, NULL), AXVCPU_EINVAL,
	       "NULL out is refused for an undecodable word");
}

/* Field encoders for the sweeps (raw field bits, not offsets). */
static uint32_t enc_i(uint32_t opcode, uint32_t funct3, uint32_t rd,
		      uint32_t rs1, uint32_t imm12)
{
	return (imm12 & 0xfffu) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 |
	       opcode;
}

static uint32_t enc_s(uint32_t opcode, uint32_t funct3, uint32_t rs1,
		      uint32_t rs2, uint32_t imm12)
{
	return ((imm12 >> 5) & 0x7fu) << 25 | rs2 << 20 | rs1 << 15 |
	       funct3 << 12 | (imm12 & 0x1fu) << 7 | opcode;
}

static const uint32_t imm_edges[] = { 0x000, 0x001, 0x7ff, 0x800, 0xfff };
static const uint32_t rs1_edges[] = { 0, 1, 2, 31 };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void test_sweep_loads(void)
{
	static const struct {
		const char *name;
		uint8_t width;
		bool sign_ext;
	} forms[7] = {
		{ "LB", 1, true },   { "LH", 2, true },   { "LW", 4, true },
		{ "LD", 8, false },  { "LBU", 1, false }, { "LHU", 2, false },
		{ "LWU", 4, false },
	};

	for (uint32_t f3 = 0; f3 < 7; f3++) {
		bool ok = true;
		int n = 0;
		for (uint32_t rd = 0; rd < 32 && ok; rd++)
			for (size_t i = 0; i < NELEM(rs1_edges) && ok; i++)
				for (size_t j = 0; j < NELEM(imm_edges) && ok;
				     j++) {
					struct riscv_mem_access want = {
						RISCV_MEM_LOAD,
						forms[f3].width,
						(uint8_t)rd,
						forms[f3].sign_ext,
						4,
						R
					};
					ok = check_word(enc_i(0x03, f3, rd,
							      rs1_edges[i],
							      imm_edges[j]),
							&want);
					n++;
				}
		tap_ok(ok, "%s: every rd x rs1/imm edges (%d words)",
		       forms[f3].name, n);
	}
}

static void test_sweep_stores(void)
{
	static const char *const names[4] = { "SB", "SH", "SW", "SD" };

	for (uint32_t f3 = 0; f3 < 4; f3++) {
		bool ok = true;
		int n = 0;
		for (uint32_t rs2 = 0; rs2 < 32 && ok; rs2++)
			for (size_t i = 0; i < NELEM(rs1_edges) && ok; i++)
				for (size_t j = 0; j < NELEM(imm_edges) && ok;
				     j++) {
					struct riscv_mem_access want = {
						RISCV_MEM_STORE,
						(uint8_t)(1u << f3),
						(uint8_t)rs2,
						false,
						4,
						W
					};
					ok = check_word(enc_s(0x23, f3,
							      rs1_edges[i], rs2,
							      imm_edges[j]),
							&want);
					n++;
				}
		tap_ok(ok, "%s: every rs2 x rs1/imm edges (%d words)",
		       names[f3], n);
	}
}

/* Every other funct3 of LOAD/STORE, with every rd/rs2: never accepted. */
static void test_sweep_reserved_32(void)
{
	struct riscv_mem_access want = { RISCV_MEM_OTHER, 0, 0, false, 4, U };
	bool ok = true;

	for (uint32_t r = 0; r < 32 && ok; r++) {
		ok = check_word(enc_i(0x03, 7, r, 31 - r, 0xabc), &want);
		for (uint32_t f3 = 4; f3 < 8 && ok; f3++)
			ok = check_word(enc_s(0x23, f3, 31 - r, r, 0xabc),
					&want);
	}
	tap_ok(ok, "LOAD funct3 111 and STORE funct3 1xx: undecoded for "
		   "every register");
}

/*
 * A extension: every funct5 x funct3 x aq/rl. Only .W/.D with the nine AMO
 * operations, LR (rs2 = 0) and SC exist in RV64A.
 */
static void test_sweep_amo(void)
{
	/* funct5 -> flags; 0 = reserved. */
	uint32_t by_funct5[32] = { 0 };
	bool ok = true;
	int n = 0;

	by_funct5[0x02] = A | R;     /* LR */
	by_funct5[0x03] = A | W;     /* SC */
	by_funct5[0x00] = A | R | W; /* AMOADD */
	by_funct5[0x01] = A | R | W; /* AMOSWAP */
	by_funct5[0x04] = A | R | W; /* AMOXOR */
	by_funct5[0x08] = A | R | W; /* AMOOR */
	by_funct5[0x0c] = A | R | W; /* AMOAND */
	by_funct5[0x10] = A | R | W; /* AMOMIN */
	by_funct5[0x14] = A | R | W; /* AMOMAX */
	by_funct5[0x18] = A | R | W; /* AMOMINU */
	by_funct5[0x1c] = A | R | W; /* AMOMAXU */
	for (uint32_t f5 = 0; f5 < 32 && ok; f5++)
		for (uint32_t f3 = 0; f3 < 8 && ok; f3++)
			for (uint32_t aqrl = 0; aqrl < 4 && ok; aqrl++) {
				uint32_t insn = f5 << 27 | aqrl << 25 |
						f3 << 12 | 0x0002852fu;
				struct riscv_mem_access want = {
					RISCV_MEM_OTHER, 0, 0, false, 4, U
				};
				if ((f3 == 2 || f3 == 3) && by_funct5[f5]) {
					want.width = f3 == 2 ? 4 : 8;
					want.access_flags = by_funct5[f5];
				}
				ok = check_word(insn, &want);
				n++;
			}
	tap_ok(ok, "AMO: every funct5 x funct3 x aq/rl (%d words)", n);
}

/*
 * Compressed CL/CS: rd'/rs2' in bits 4:2, rs1' in 9:7, immediate bits in
 * 12:10 and 6:5. Sweep all 8 x 8 registers and all 32 immediate patterns.
 */
static void test_sweep_cl_cs(void)
{
	static const struct {
		const char *name;
		uint32_t funct3;
		enum riscv_mem_kind kind;
		uint8_t width;
		bool sign_ext;
	} forms[] = {
		{ "C.LW", 2, RISCV_MEM_LOAD, 4, true },
		{ "C.LD", 3, RISCV_MEM_LOAD, 8, false },
		{ "C.SW", 6, RISCV_MEM_STORE, 4, false },
		{ "C.SD", 7, RISCV_MEM_STORE, 8, false },
	};

	for (size_t f = 0; f < NELEM(forms); f++) {
		bool ok = true;
		int n = 0;
		for (uint32_t r = 0; r < 8 && ok; r++)
			for (uint32_t rs1 = 0; rs1 < 8 && ok; rs1++)
				for (uint32_t imm = 0; imm < 32 && ok; imm++) {
					uint32_t insn =
					    forms[f].funct3 << 13 |
					    (imm >> 2) << 10 | rs1 << 7 |
					    (imm & 3u) << 5 | r << 2;
					struct riscv_mem_access want = {
						forms[f].kind,
						forms[f].width,
						(uint8_t)(8 + r),
						forms[f].sign_ext,
						2,
						forms[f].kind == RISCV_MEM_LOAD
						    ? R
						    : W
					};
					ok = check_word(insn, &want);
					n++;
				}
		tap_ok(ok, "%s: all rd'/rs2' (x8..x15) x rs1' x imm (%d words)",
		       forms[f].name, n);
	}
}

/* C.LWSP/C.LDSP: rd in 11:7, imm in 12 and 6:2; rd = x0 is reserved. */
static void test_sweep_ci(void)
{
	static const struct {
		const char *name;
		uint32_t funct3;
		uint8_t width;
		bool sign_ext;
	} forms[] = {
		{ "C.LWSP", 2, 4, true },
		{ "C.LDSP", 3, 8, false },
	};

	for (size_t f = 0; f < NELEM(forms); f++) {
		bool ok = true;
		bool reserved_ok = true;
		for (uint32_t rd = 0; rd < 32; rd++)
			for (uint32_t imm = 0; imm < 64; imm++) {
				uint32_t insn = forms[f].funct3 << 13 |
						(imm >> 5) << 12 | rd << 7 |
						(imm & 31u) << 2 | 2u;
				struct riscv_mem_access want = {
					RISCV_MEM_LOAD,
					forms[f].width,
					(uint8_t)rd,
					forms[f].sign_ext,
					2,
					R
				};
				if (rd == 0) {
					struct riscv_mem_access rsv = {
						RISCV_MEM_OTHER, 0, 0,
						false,           2, U
					};
					if (reserved_ok)
						reserved_ok =
						    check_word(insn, &rsv);
				} else if (ok) {
					ok = check_word(insn, &want);
				}
			}
		tap_ok(ok, "%s: rd x1..x31 x every imm", forms[f].name);
		tap_ok(reserved_ok, "%s: rd = x0 is reserved for every imm",
		       forms[f].name);
	}
}

/* C.SWSP/C.SDSP: imm in 12:7, rs2 in 6:2; x0 is a legal source. */
static void test_sweep_css(void)
{
	static const struct {
		const char *name;
		uint32_t funct3;
		uint8_t width;
	} forms[] = {
		{ "C.SWSP", 6, 4 },
		{ "C.SDSP", 7, 8 },
	};

	for (size_t f = 0; f < NELEM(forms); f++) {
		bool ok = true;
		for (uint32_t rs2 = 0; rs2 < 32 && ok; rs2++)
			for (uint32_t imm = 0; imm < 64 && ok; imm++) {
				uint32_t insn = forms[f].funct3 << 13 |
						imm << 7 | rs2 << 2 | 2u;
				struct riscv_mem_access want = {
					RISCV_MEM_STORE,
					forms[f].width,
					(uint8_t)rs2,
					false,
					2,
					W
				};
				ok = check_word(insn, &want);
			}
		tap_ok(ok, "%s: rs2 x0..x31 x every imm", forms[f].name);
	}
}

/*
 * Every 16-bit word: invariants hold, the result is independent of the
 * upper half for compressed words, quadrant 1 never touches memory, and
 * the count of loads/stores matches the forms' field sizes exactly.
 */
static void test_all_16bit(void)
{
	bool inv_ok = true, upper_ok = true, q1_ok = true, poison_ok = true;
	unsigned loads = 0, stores = 0;
	static const uint32_t uppers[] = { 0xffff0000u, 0x00030000u,
					   0xdead0000u, 0x12340000u };

	for (uint32_t w = 0; w < 0x10000; w++) {
		struct riscv_mem_access a, b;
		int rc, rc_b;

		if (!riscv_mem_decode_poisoned(w, &a, &rc)) {
			if (poison_ok)
				tap_diag("0x%04x: out not fully written",
					 (unsigned)w);
			poison_ok = false;
		}
		if (!riscv_mem_result_valid(w, &a, rc)) {
			if (inv_ok)
				tap_diag("0x%04x: invariant broken",
					 (unsigned)w);
			inv_ok = false;
		}
		if ((w & 3u) == 3u)
			continue;
		loads += a.kind == RISCV_MEM_LOAD;
		stores += a.kind == RISCV_MEM_STORE;
		if ((w & 3u) == 1u && a.kind != RISCV_MEM_OTHER)
			q1_ok = false;
		for (size_t i = 0; i < NELEM(uppers); i++) {
			rc_b = riscv_decode_mem(w | uppers[i], &b);
			if (rc_b != rc || !riscv_mem_access_equal(&a, &b)) {
				if (upper_ok)
					tap_diag("0x%04x | 0x%08x differs",
						 (unsigned)w,
						 (unsigned)uppers[i]);
				upper_ok = false;
			}
		}
	}
	tap_ok(poison_ok, "all 65536 16-bit words: out fully written");
	tap_ok(inv_ok, "all 65536 16-bit words: result invariants hold");
	tap_ok(upper_ok, "compressed words: upper 16 bits are ignored");
	tap_ok(q1_ok, "quadrant 1: no loads or stores");
	/*
	 * C.LW, C.LD: 2^11 free bits each; C.LWSP, C.LDSP: 2^11 minus the
	 * 2^6 words with rd = x0. Stores: C.SW, C.SD 2^11; C.SWSP, C.SDSP
	 * 2^11. Any extra or missing word is a decoding error somewhere.
	 */
	tap_is(loads, 2 * 2048 + 2 * (2048 - 64),
	       "exact number of compressed loads");
	tap_is(stores, 4 * 2048, "exact number of compressed stores");
}

/* A deterministic PRNG (splitmix64) for the random sweep. */
static uint64_t rng_state = 0x5eed0fa11ce5ull;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void test_random_32bit(void)
{
	bool inv_ok = true, poison_ok = true;
	const unsigned n = 1000000;

	for (unsigned i = 0; i < n; i++) {
		uint32_t w = (uint32_t)rng_next();
		struct riscv_mem_access a;
		int rc;

		if (i & 1)
			w |= 3u; /* make half of them 32-bit */
		if (!riscv_mem_decode_poisoned(w, &a, &rc))
			poison_ok = false;
		if (!riscv_mem_result_valid(w, &a, rc)) {
			if (inv_ok)
				tap_diag("0x%08x: invariant broken",
					 (unsigned)w);
			inv_ok = false;
		}
	}
	tap_ok(poison_ok, "%u random words: out fully written", n);
	tap_ok(inv_ok, "%u random words: result invariants hold", n);
}

int main(void)
{
	test_null();
	test_table();
	test_sweep_loads();
	test_sweep_stores();
	test_sweep_reserved_32();
	test_sweep_amo();
	test_sweep_cl_cs();
	test_sweep_ci();
	test_sweep_css();
	test_all_16bit();
	test_random_32bit();
	return tap_done(0);
}
