/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A64 load/store decoder for stage-2 fault emulation; see arm64_mem.h.
 *
 * Written from the "Loads and Stores" encoding index of the Arm
 * Architecture Reference Manual (A-profile). The load/store space is
 * op0 = x1x0 in bits 28:25; inside it, bits 29:28 pick the family:
 *   00  exclusives, ordered (LDAR/STLR), CAS/CASP; SIMD structures (V=1)
 *   01  literal (bit 24 = 0); LDAPUR/STLUR, CPY/SET, MTE tags (bit 24 = 1)
 *   10  register pairs (bits 24:23: no-allocate, post, offset, pre)
 *   11  single register: unsigned offset (bit 24 = 1); else bit 21 and
 *       bits 11:10 pick unscaled/post/unprivileged/pre, atomics, register
 *       offset, or the PAC loads LDRAA/LDRAB.
 * Whether an encoding of a declined class (FP, atomics, MOPS, ...) is
 * allocated follows the same manual; the oracle test checks every claimed
 * class against LLVM.
 */
#include "arm64_mem.h"

#define RD AXVCPU_ACCESS_READ
#define WR AXVCPU_ACCESS_WRITE
#define AT AXVCPU_ACCESS_ATOMIC
#define FPF AXVCPU_ACCESS_FP

static uint32_t bits(uint32_t insn, unsigned hi, unsigned lo)
{
	return (insn >> lo) & ((1u << (hi - lo + 1)) - 1u);
}

static bool bit(uint32_t insn, unsigned n)
{
	return (insn >> n) & 1u;
}

/* Sign-extend the low `n` bits of v (no shifts of negative values). */
static int64_t sext(uint32_t v, unsigned n)
{
	return (int64_t)v - ((int64_t)(v & (1u << (n - 1))) << 1);
}

/* Every member, so no path can leave part of *out stale. */
static void clear(struct arm64_mem_access *out, uint8_t len, uint32_t flags)
{
	out->kind = ARM64_MEM_OTHER;
	out->width = 0;
	out->nregs = 0;
	out->rt = 0;
	out->rt2 = 0;
	out->sign_ext = false;
	out->reg_width = 0;
	out->len = len;
	out->unpriv = false;
	out->order = ARM64_MEM_ORDER_NONE;
	out->addr_mode = ARM64_MEM_ADDR_NONE;
	out->rn = 0;
	out->rm = 0;
	out->extend = ARM64_MEM_EXT_NONE;
	out->shift = 0;
	out->imm = 0;
	out->writeback = ARM64_MEM_WB_NONE;
	out->access_flags = flags;
}

static int other(struct arm64_mem_access *out, uint8_t width, uint8_t nregs,
		 uint32_t flags)
{
	clear(out, 4, flags);
	out->width = width;
	out->nregs = nregs;
	return AXVCPU_EINVAL;
}

static int undecoded(struct arm64_mem_access *out)
{
	return other(out, 0, 0, AXVCPU_ACCESS_UNDECODED);
}

/* A prefetch: recognised, makes no access. */
static int prefetch(struct arm64_mem_access *out)
{
	return other(out, 0, 0, 0);
}

/*
 * The general-purpose forms of the single-register classes by size:opc
 * (bits 31:30 and 23:22), shared by the unsigned-offset, unscaled,
 * pre/post-index, register-offset, unprivileged and LDAPUR/STLUR classes.
 */
enum gpr_op { G_NONE, G_LOAD, G_STORE, G_PRFM };

static const struct gpr_form {
	uint8_t op;
	uint8_t width;
	uint8_t reg_width;
	bool sign_ext;
} gpr_forms[16] = {
	{ G_STORE, 1, 4, false }, /* STRB */
	{ G_LOAD, 1, 4, false },  /* LDRB */
	{ G_LOAD, 1, 8, true },   /* LDRSB Xt */
	{ G_LOAD, 1, 4, true },   /* LDRSB Wt */
	{ G_STORE, 2, 4, false }, /* STRH */
	{ G_LOAD, 2, 4, false },  /* LDRH */
	{ G_LOAD, 2, 8, true },   /* LDRSH Xt */
	{ G_LOAD, 2, 4, true },   /* LDRSH Wt */
	{ G_STORE, 4, 4, false }, /* STR Wt */
	{ G_LOAD, 4, 4, false },  /* LDR Wt */
	{ G_LOAD, 4, 8, true },   /* LDRSW */
	{ G_NONE, 0, 0, false },  /* unallocated */
	{ G_STORE, 8, 8, false }, /* STR Xt */
	{ G_LOAD, 8, 8, false },  /* LDR Xt */
	{ G_PRFM, 0, 0, false },  /* PRFM/PRFUM where the class has one */
	{ G_NONE, 0, 0, false },  /* unallocated */
};

/* Fills the data part of a LOAD/STORE; the caller adds the addressing. */
static int set_access(struct arm64_mem_access *out, const struct gpr_form *f,
		      uint8_t rt, uint8_t rn)
{
	clear(out, 4, f->op == G_LOAD ? RD : WR);
	out->kind = f->op == G_LOAD ? ARM64_MEM_LOAD : ARM64_MEM_STORE;
	out->width = f->width;
	out->nregs = 1;
	out->rt = rt;
	out->sign_ext = f->sign_ext;
	out->reg_width = f->reg_width;
	out->addr_mode = ARM64_MEM_ADDR_BASE_IMM;
	out->rn = rn;
	return 0;
}

/* SIMD&FP register size by size:opc (V = 1); 0 = unallocated. */
static uint8_t fp_width(uint32_t size, uint32_t opc)
{
	if (opc < 2)
		return (uint8_t)(1u << size); /* B H S D */
	return size == 0 ? 16 : 0;            /* Q */
}

/* The single-register classes of family 11 (and their addressing). */
enum single_mode { S_UIMM, S_UNSCALED, S_PRE, S_POST, S_UNPRIV, S_REG };

static int decode_single(uint32_t insn, struct arm64_mem_access *out,
			 enum single_mode mode)
{
	uint32_t size = bits(insn, 31, 30), opc = bits(insn, 23, 22);
	uint8_t rt = (uint8_t)bits(insn, 4, 0), rn = (uint8_t)bits(insn, 9, 5);
	const struct gpr_form *f = &gpr_forms[size << 2 | opc];
	uint32_t option = bits(insn, 15, 13);
	int64_t imm9 = sext(bits(insn, 20, 12), 9);

	/* Register offset: option<1> = 0 is unallocated in every form. */
	if (mode == S_REG && !(option & 2u))
		return undecoded(out);
	if (bit(insn, 26)) {
		uint8_t w = fp_width(size, opc);
		if (w == 0 || mode == S_UNPRIV)
			return undecoded(out);
		return other(out, w, 1, FPF | (opc & 1u ? RD : WR));
	}
	if (f->op == G_NONE)
		return undecoded(out);
	if (f->op == G_PRFM) {
		if (mode == S_UIMM || mode == S_UNSCALED || mode == S_REG)
			return prefetch(out);
		return undecoded(out);
	}
	/* Writeback into a data register is CONSTRAINED UNPREDICTABLE. */
	if ((mode == S_PRE || mode == S_POST) && rn == rt && rn != 31)
		return undecoded(out);

	set_access(out, f, rt, rn);
	switch (mode) {
	case S_UIMM:
		out->imm = (int64_t)bits(insn, 21, 10) << size;
		break;
	case S_UNSCALED:
		out->imm = imm9;
		break;
	case S_UNPRIV:
		out->imm = imm9;
		out->unpriv = true;
		break;
	case S_PRE:
	case S_POST:
		out->imm = imm9;
		out->writeback =
		    mode == S_PRE ? ARM64_MEM_WB_PRE : ARM64_MEM_WB_POST;
		break;
	case S_REG:
		out->addr_mode = ARM64_MEM_ADDR_BASE_REG;
		out->rm = (uint8_t)bits(insn, 20, 16);
		out->extend = (enum arm64_mem_extend)option;
		out->shift = bit(insn, 12) ? (uint8_t)size : 0;
		break;
	}
	return 0;
}

/*
 * Atomic memory operations (family 11, bit 21 = 1, bits 11:10 = 00):
 * the LSE read-modify-writes, SWP, LDAPR (emulated) and LD64B/ST64B*.
 */
static int decode_atomic(uint32_t insn, struct arm64_mem_access *out)
{
	uint32_t size = bits(insn, 31, 30), opc = bits(insn, 14, 12);
	bool a = bit(insn, 23), r = bit(insn, 22), o3 = bit(insn, 15);
	uint8_t rs = (uint8_t)bits(insn, 20, 16),
		rt = (uint8_t)bits(insn, 4, 0);
	uint8_t width = (uint8_t)(1u << size);

	if (bit(insn, 26))
		return undecoded(out);
	if (!o3 || opc == 0) /* LDADD LDCLR LDEOR LDSET LD[SU]MAX/MIN, SWP */
		return other(out, width, 1, AT | RD | WR);
	if (opc == 4) {
		/* LDAPR: A = 1, R = 0, Rs should-be-one (LLVM: required). */
		struct gpr_form f = { G_LOAD, width, size == 3 ? 8 : 4, false };
		if (!a || r || rs != 31)
			return undecoded(out);
		set_access(out, &f, rt, (uint8_t)bits(insn, 9, 5));
		out->order = ARM64_MEM_ORDER_ACQUIRE_PC;
		return 0;
	}
	/* LS64: 64-bit size, no ordering, Xt..Xt+7 an even-based octet. */
	if (size != 3 || a || r || (rt & 1u) || rt > 22)
		return undecoded(out);
	switch (opc) {
	case 1: /* ST64B */
		return rs == 31 ? other(out, 0, 0, WR) : undecoded(out);
	case 5: /* LD64B */
		return rs == 31 ? other(out, 0, 0, RD) : undecoded(out);
	case 2: /* ST64BV0 */
	case 3: /* ST64BV (Rs gets a status) */
		return other(out, 0, 0, WR);
	default:
		return undecoded(out);
	}
}

/* Family 11: every single-register form but the literal ones. */
static int decode_family11(uint32_t insn, struct arm64_mem_access *out)
{
	static const enum single_mode by_op4[4] = { S_UNSCALED, S_POST,
						    S_UNPRIV, S_PRE };
	uint32_t op4 = bits(insn, 11, 10);

	if (bit(insn, 24))
		return decode_single(insn, out, S_UIMM);
	if (!bit(insn, 21))
		return decode_single(insn, out, by_op4[op4]);
	if (op4 == 0)
		return decode_atomic(insn, out);
	if (op4 == 2)
		return decode_single(insn, out, S_REG);
	return undecoded(out); /* LDRAA/LDRAB: not claimed */
}

/* Family 10: LDP/STP/LDPSW/LDNP/STNP and their SIMD&FP forms. */
static int decode_pair(uint32_t insn, struct arm64_mem_access *out)
{
	uint32_t opc = bits(insn, 31, 30), mode = bits(insn, 24, 23);
	bool load = bit(insn, 22);
	uint8_t rt = (uint8_t)bits(insn, 4, 0),
		rt2 = (uint8_t)bits(insn, 14, 10);
	uint8_t rn = (uint8_t)bits(insn, 9, 5);
	bool wback = mode == 1 || mode == 3;
	struct gpr_form f = { load ? G_LOAD : G_STORE, 0, 0, false };

	if (bit(insn, 26)) {
		static const uint8_t fp_pair_width[4] = { 4, 8, 16, 0 };
		if (fp_pair_width[opc] == 0)
			return undecoded(out);
		return other(out, fp_pair_width[opc], 2,
			     FPF | (load ? RD : WR));
	}
	switch (opc) {
	case 0:
		f.width = f.reg_width = 4;
		break;
	case 2:
		f.width = f.reg_width = 8;
		break;
	case 1:
		/* LDPSW; the store slot is STGP (MTE), no-allocate has none. */
		if (!load || mode == 0)
			return undecoded(out);
		f.width = 4;
		f.reg_width = 8;
		f.sign_ext = true;
		break;
	default:
		return undecoded(out);
	}
	/* CONSTRAINED UNPREDICTABLE: one register loaded twice, or written
	 * back over a data register. */
	if (load && rt == rt2)
		return undecoded(out);
	if (wback && rn != 31 && (rn == rt || rn == rt2))
		return undecoded(out);

	set_access(out, &f, rt, rn);
	out->nregs = 2;
	out->rt2 = rt2;
	out->imm = sext(bits(insn, 21, 15), 7) * f.width;
	if (mode == 1)
		out->writeback = ARM64_MEM_WB_POST;
	else if (mode == 3)
		out->writeback = ARM64_MEM_WB_PRE;
	return 0;
}

/* LDR/LDRSW/PRFM (literal) and the SIMD&FP LDR (literal). */
static int decode_literal(uint32_t insn, struct arm64_mem_access *out)
{
	static const struct gpr_form forms[3] = {
		{ G_LOAD, 4, 4, false }, /* LDR Wt */
		{ G_LOAD, 8, 8, false }, /* LDR Xt */
		{ G_LOAD, 4, 8, true },  /* LDRSW */
	};
	uint32_t opc = bits(insn, 31, 30);

	if (bit(insn, 26)) {
		static const uint8_t fp_lit_width[4] = { 4, 8, 16, 0 };
		if (fp_lit_width[opc] == 0)
			return undecoded(out);
		return other(out, fp_lit_width[opc], 1, FPF | RD);
	}
	if (opc == 3)
		return prefetch(out);
	set_access(out, &forms[opc], (uint8_t)bits(insn, 4, 0), 0);
	out->addr_mode = ARM64_MEM_ADDR_LITERAL;
	out->imm = sext(bits(insn, 23, 5), 19) * 4;
	return 0;
}

/* LDAPUR/STLUR and their byte, halfword and sign-extending forms. */
static int decode_rcpc_unscaled(uint32_t insn, struct arm64_mem_access *out)
{
	const struct gpr_form *f =
	    &gpr_forms[bits(insn, 31, 30) << 2 | bits(insn, 23, 22)];

	if (bit(insn, 26) || (f->op != G_LOAD && f->op != G_STORE))
		return undecoded(out);
	set_access(out, f, (uint8_t)bits(insn, 4, 0),
		   (uint8_t)bits(insn, 9, 5));
	out->imm = sext(bits(insn, 20, 12), 9);
	out->order = f->op == G_LOAD ? ARM64_MEM_ORDER_ACQUIRE_PC
				     : ARM64_MEM_ORDER_RELEASE;
	return 0;
}

/*
 * Memory copy CPY and CPYF (READ | WRITE) and set SET and SETG (WRITE) of
 * FEAT_MOPS. The register rules are those of LLVM 14: the destination
 * register (and the source of a copy) is not 31, and the three registers
 * are distinct.
 */
static int decode_mops(uint32_t insn, struct arm64_mem_access *out)
{
	uint32_t op1 = bits(insn, 23, 22), op2 = bits(insn, 15, 12);
	uint32_t d = bits(insn, 4, 0), n = bits(insn, 9, 5);
	uint32_t s = bits(insn, 20, 16);

	if (bits(insn, 31, 30) != 0 || d == n || d == s || n == s || d == 31)
		return undecoded(out);
	if (op1 != 3) { /* CPY: prologue, main, epilogue */
		if (s == 31)
			return undecoded(out);
		return other(out, 0, 0, RD | WR);
	}
	/* SET: op2<3:2> is prologue/main/epilogue (11 unallocated); the
	 * value register may be XZR. */
	if ((op2 >> 2) == 3)
		return undecoded(out);
	return other(out, 0, 0, WR);
}

/* Family 01: literal loads, LDAPUR/STLUR, MOPS (MTE tags: not claimed). */
static int decode_family01(uint32_t insn, struct arm64_mem_access *out)
{
	if (!bit(insn, 24))
		return decode_literal(insn, out);
	if (bit(insn, 21))
		return undecoded(out); /* MTE tag loads/stores */
	switch (bits(insn, 11, 10)) {
	case 0:
		return decode_rcpc_unscaled(insn, out);
	case 1:
		return decode_mops(insn, out);
	default:
		return undecoded(out);
	}
}

/*
 * Family 00, V = 0, bit 24 = 0: exclusives, LDAR/STLR/LDLAR/STLLR,
 * CAS and CASP, told apart by o2 (bit 23) and o1 (bit 21).
 */
static int decode_ordered(uint32_t insn, struct arm64_mem_access *out)
{
	uint32_t size = bits(insn, 31, 30);
	bool o2 = bit(insn, 23), load = bit(insn, 22), o1 = bit(insn, 21);
	bool o0 = bit(insn, 15);
	uint8_t rs = (uint8_t)bits(insn, 20, 16),
		rt2 = (uint8_t)bits(insn, 14, 10);
	uint8_t rt = (uint8_t)bits(insn, 4, 0);
	uint8_t width = (uint8_t)(1u << size);

	if (o2 && !o1) {
		/* LDAR/STLR (o0 = 1) and LDLAR/STLLR (o0 = 0); Rs and Rt2 are
		 * should-be-one: anything else is CONSTRAINED UNPREDICTABLE. */
		struct gpr_form f = { load ? G_LOAD : G_STORE, width,
				      size == 3 ? 8 : 4, false };
		if (rs != 31 || rt2 != 31)
			return undecoded(out);
		set_access(out, &f, rt, (uint8_t)bits(insn, 9, 5));
		if (load)
			out->order = o0 ? ARM64_MEM_ORDER_ACQUIRE
					: ARM64_MEM_ORDER_LO_ACQUIRE;
		else
			out->order = o0 ? ARM64_MEM_ORDER_RELEASE
					: ARM64_MEM_ORDER_LO_RELEASE;
		return 0;
	}
	if (o2) /* CAS, CASA, CASL, CASAL (B/H/W/X) */
		return rt2 == 31 ? other(out, width, 1, AT | RD | WR)
				 : undecoded(out);
	if (!o1) /* LDXR/LDAXR, STXR/STLXR (B/H/W/X) */
		return other(out, width, 1, AT | (load ? RD : WR));
	if (size & 2u) /* LDXP/LDAXP, STXP/STLXP */
		return other(out, size & 1u ? 8 : 4, 2, AT | (load ? RD : WR));
	/* CASP: register pairs start at even registers. */
	if (rt2 != 31 || (rs & 1u) || (rt & 1u))
		return undecoded(out);
	return other(out, size & 1u ? 8 : 4, 2, AT | RD | WR);
}

/*
 * SIMD structure loads/stores (family 00, V = 1, bit 31 = 0): multiple
 * structures (bit 24 = 0) or single structures (bit 24 = 1), each with a
 * post-index form (bit 23 = 1). Allocation follows the manual's decode
 * pseudocode (UNDEFINED cases are undecoded).
 */
static int decode_simd_struct(uint32_t insn, struct arm64_mem_access *out)
{
	bool post = bit(insn, 23), load = bit(insn, 22);
	uint32_t size = bits(insn, 11, 10);
	uint32_t flags = FPF | (load ? RD : WR);

	if (!bit(insn, 24)) {
		uint32_t opcode = bits(insn, 15, 12);
		bool multi_elem;
		if (post ? bit(insn, 21) : bits(insn, 21, 16) != 0)
			return undecoded(out);
		switch (opcode) {
		case 0x0: /* LD4/ST4 */
		case 0x4: /* LD3/ST3 */
		case 0x8: /* LD2/ST2 */
			multi_elem = true;
			break;
		case 0x2: /* LD1/ST1, 4 registers */
		case 0x6: /* 3 registers */
		case 0x7: /* 1 register */
		case 0xa: /* 2 registers */
			multi_elem = false;
			break;
		default:
			return undecoded(out);
		}
		/* 64-bit elements in a 64-bit vector only for LD1/ST1. */
		if (multi_elem && size == 3 && !bit(insn, 30))
			return undecoded(out);
		return other(out, 0, 0, flags);
	}
	if (!post && bits(insn, 20, 16) != 0)
		return undecoded(out);
	switch (bits(insn, 15, 14)) { /* scale */
	case 0:                       /* bytes */
		break;
	case 1: /* halfwords */
		if (size & 1u)
			return undecoded(out);
		break;
	case 2: /* words (size 00) or doublewords (size 01, S = 0) */
		if ((size & 2u) || (size == 1 && bit(insn, 12)))
			return undecoded(out);
		break;
	default: /* LD1R-LD4R: loads only, S = 0 */
		if (!load || bit(insn, 12))
			return undecoded(out);
		break;
	}
	return other(out, 0, 0, flags);
}

static int decode_family00(uint32_t insn, struct arm64_mem_access *out)
{
	if (bit(insn, 26))
		return bit(insn, 31) ? undecoded(out)
				     : decode_simd_struct(insn, out);
	if (bit(insn, 24))
		return undecoded(out);
	return decode_ordered(insn, out);
}

int arm64_decode_mem(uint32_t insn, struct arm64_mem_access *out)
{
	if (!out)
		return AXVCPU_EINVAL;
	/* Loads and stores are op0 = x1x0 in bits 28:25. */
	if (!bit(insn, 27) || bit(insn, 25))
		return undecoded(out);
	switch (bits(insn, 29, 28)) {
	case 0:
		return decode_family00(insn, out);
	case 1:
		return decode_family01(insn, out);
	case 2:
		return decode_pair(insn, out);
	default:
		return decode_family11(insn, out);
	}
}

/* ---- the data-abort syndrome (ESR_EL2, ISV = 1) --------------------------
 * Field positions from the Arm ARM's ISS encoding for an exception from a
 * Data Abort (EC 0b100100).
 */
#define ESR_EC_SHIFT 26
#define ESR_EC_DABT_LOW 0x24u /* data abort from a lower EL */
#define ESR_IL (1u << 25)
#define ISS_ISV (1u << 24)
#define ISS_SAS_SHIFT 22
#define ISS_SSE (1u << 21)
#define ISS_SRT_SHIFT 16
#define ISS_SF (1u << 15)
#define ISS_AR (1u << 14)
#define ISS_VNCR (1u << 13)
#define ISS_FNV (1u << 10)
#define ISS_EA (1u << 9)
#define ISS_CM (1u << 8)
#define ISS_S1PTW (1u << 7)
#define ISS_WNR (1u << 6)
#define ISS_DFSC_MASK 0x3fu

/*
 * Fault status codes a stage-2 MMIO emulation handles: translation faults
 * (levels 0-3, and -1 with FEAT_LPA2), access flag and permission faults
 * (levels 0-3). Alignment, external aborts, TLB conflicts, address size
 * faults... are the guest's or the host's problem, not an access to
 * emulate.
 */
static bool dfsc_emulatable(uint32_t dfsc)
{
	return (dfsc >= 0x04 && dfsc <= 0x0f) || dfsc == 0x2b;
}

int arm64_decode_esr_mem(uint64_t esr, struct arm64_mem_access *out)
{
	uint32_t iss = (uint32_t)esr & 0x1ffffffu;
	uint8_t len = esr & ESR_IL ? 4 : 2;
	bool store = iss & ISS_WNR, sse = iss & ISS_SSE, sf = iss & ISS_SF;
	uint32_t sas = (iss >> ISS_SAS_SHIFT) & 3u;

	if (!out)
		return AXVCPU_EINVAL;
	if (((esr >> ESR_EC_SHIFT) & 0x3fu) != ESR_EC_DABT_LOW) {
		clear(out, len, AXVCPU_ACCESS_UNDECODED);
		return AXVCPU_EINVAL;
	}
	clear(out, len, store ? AXVCPU_ACCESS_WRITE : AXVCPU_ACCESS_READ);
	if (iss & (ISS_EA | ISS_FNV | ISS_S1PTW | ISS_CM | ISS_VNCR) ||
	    !dfsc_emulatable(iss & ISS_DFSC_MASK))
		return AXVCPU_EINVAL;
	if (!(iss & ISS_ISV)) {
		out->access_flags = AXVCPU_ACCESS_UNDECODED;
		return AXVCPU_ENOTFOUND;
	}
	/*
	 * Combinations no load or store produces: a sign-extending store, a
	 * doubleword into a W register, a sign-extended doubleword, or a word
	 * sign-extended into a W register (LDRSW only targets X).
	 */
	if ((store && sse) || (sas == 3 && (!sf || sse)) ||
	    (sas == 2 && sse && !sf)) {
		out->access_flags = AXVCPU_ACCESS_UNDECODED;
		return AXVCPU_EINVAL;
	}
	out->kind = store ? ARM64_MEM_STORE : ARM64_MEM_LOAD;
	out->width = (uint8_t)(1u << sas);
	out->nregs = 1;
	out->rt = (uint8_t)((iss >> ISS_SRT_SHIFT) & 31u);
	out->sign_ext = sse;
	out->reg_width = sf ? 8 : 4;
	if (iss & ISS_AR)
		out->order =
		    store ? ARM64_MEM_ORDER_RELEASE : ARM64_MEM_ORDER_ACQUIRE;
	return 0;
}
