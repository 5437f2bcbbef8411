/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RV64 load/store decoder for stage-2 fault emulation; see riscv_mem.h.
 *
 * Written from the encoding tables of the RISC-V unprivileged ISA manual
 * (RV32I/RV64I base, "C", "A", "F"/"D"/"Q", "Zfh"). Only the fields that
 * matter to the hypervisor are extracted: the address comes from the
 * hardware, so immediates and rs1 are never decoded.
 */
#include "riscv_mem.h"

/* 32-bit major opcodes (bits 6:0) that touch memory. */
#define OP_LOAD 0x03u
#define OP_LOAD_FP 0x07u
#define OP_STORE 0x23u
#define OP_STORE_FP 0x27u
#define OP_AMO 0x2fu

/* A-extension funct5 values (bits 31:27). */
#define AMO_LR 0x02u
#define AMO_SC 0x03u

/* Bits 1:0 == 0b11 mark a 32-bit-or-longer instruction. */
#define LEN_MASK_16 0x3u
/* Then bits 4:2 == 0b111 mark a 48-bit-or-longer one. */
#define LEN_MASK_32 0x1fu

/*
 * Integer loads by funct3. funct3 7 would be LDU on RV128 and is reserved
 * on RV64, so its width is 0 (not a load).
 */
static const struct {
	uint8_t width;
	bool sign_ext;
} load_by_funct3[8] = {
	{ 1, true },  /* LB */
	{ 2, true },  /* LH */
	{ 4, true },  /* LW */
	{ 8, false }, /* LD: already 64 bits, nothing to extend */
	{ 1, false }, /* LBU */
	{ 2, false }, /* LHU */
	{ 4, false }, /* LWU */
	{ 0, false }, /* reserved (RV128 LDU) */
};

/*
 * Scalar FP loads/stores by funct3 (same for LOAD-FP and STORE-FP). The
 * other funct3 values (0, 5, 6, 7) are the vector unit-stride/strided/
 * indexed forms, which this decoder does not claim to understand.
 */
static const uint8_t fp_width_by_funct3[8] = {
	0,  /* vector, 8-bit elements */
	2,  /* FLH/FSH (Zfh) */
	4,  /* FLW/FSW */
	8,  /* FLD/FSD */
	16, /* FLQ/FSQ */
	0,  /* vector, 16-bit elements */
	0,  /* vector, 32-bit elements */
	0,  /* vector, 64-bit elements */
};

static uint32_t bits(uint32_t insn, unsigned hi, unsigned lo)
{
	return (insn >> lo) & ((1u << (hi - lo + 1)) - 1u);
}

/* Writes every member, so no path can leave part of *out stale. */
static int set_access(struct riscv_mem_access *out, enum riscv_mem_kind kind,
		      uint8_t width, uint8_t reg, bool sign_ext, uint8_t len,
		      uint32_t flags)
{
	out->kind = kind;
	out->width = width;
	out->reg = reg;
	out->sign_ext = sign_ext;
	out->len = len;
	out->access_flags = flags;
	return kind == RISCV_MEM_OTHER ? AXVCPU_EINVAL : 0;
}

static int set_load(struct riscv_mem_access *out, uint8_t width, uint8_t rd,
		    bool sign_ext, uint8_t len)
{
	return set_access(out, RISCV_MEM_LOAD, width, rd, sign_ext, len,
			  AXVCPU_ACCESS_READ);
}

static int set_store(struct riscv_mem_access *out, uint8_t width, uint8_t rs2,
		     uint8_t len)
{
	return set_access(out, RISCV_MEM_STORE, width, rs2, false, len,
			  AXVCPU_ACCESS_WRITE);
}

static int set_other(struct riscv_mem_access *out, uint8_t width, uint8_t len,
		     uint32_t flags)
{
	return set_access(out, RISCV_MEM_OTHER, width, 0, false, len, flags);
}

static int set_undecoded(struct riscv_mem_access *out, uint8_t len)
{
	return set_other(out, 0, len, AXVCPU_ACCESS_UNDECODED);
}

/*
 * A-extension: only funct3 010 (.W) and 011 (.D) exist, and only the nine
 * AMO funct5 values plus LR/SC; the rest of the opcode is reserved (or
 * belongs to later extensions such as Zabha/Zacas, which we report as
 * undecoded rather than guess at).
 */
static int decode_amo(uint32_t insn, struct riscv_mem_access *out)
{
	uint32_t funct3 = bits(insn, 14, 12);
	uint32_t funct5 = bits(insn, 31, 27);
	uint8_t width;

	if (funct3 == 2)
		width = 4;
	else if (funct3 == 3)
		width = 8;
	else
		return set_undecoded(out, 4);

	switch (funct5) {
	case AMO_LR:
		/* LR has no source operand: rs2 != 0 is reserved. */
		if (bits(insn, 24, 20) != 0)
			return set_undecoded(out, 4);
		return set_other(out, width, 4,
				 AXVCPU_ACCESS_ATOMIC | AXVCPU_ACCESS_READ);
	case AMO_SC:
		/* SC writes only; its rd gets a status, not memory. */
		return set_other(out, width, 4,
				 AXVCPU_ACCESS_ATOMIC | AXVCPU_ACCESS_WRITE);
	case 0x00: /* AMOADD */
	case 0x01: /* AMOSWAP */
	case 0x04: /* AMOXOR */
	case 0x08: /* AMOOR */
	case 0x0c: /* AMOAND */
	case 0x10: /* AMOMIN */
	case 0x14: /* AMOMAX */
	case 0x18: /* AMOMINU */
	case 0x1c: /* AMOMAXU */
		return set_other(out, width, 4,
				 AXVCPU_ACCESS_ATOMIC | AXVCPU_ACCESS_READ |
				     AXVCPU_ACCESS_WRITE);
	default:
		return set_undecoded(out, 4);
	}
}

static int decode_32(uint32_t insn, struct riscv_mem_access *out)
{
	uint32_t funct3 = bits(insn, 14, 12);
	uint8_t rd = (uint8_t)bits(insn, 11, 7);
	uint8_t rs2 = (uint8_t)bits(insn, 24, 20);
	uint8_t width;

	switch (bits(insn, 6, 0)) {
	case OP_LOAD:
		width = load_by_funct3[funct3].width;
		if (width == 0)
			return set_undecoded(out, 4);
		return set_load(out, width, rd, load_by_funct3[funct3].sign_ext,
				4);
	case OP_STORE:
		/* SB SH SW SD; funct3 >= 4 is reserved (SQ on RV128). */
		if (funct3 > 3)
			return set_undecoded(out, 4);
		return set_store(out, (uint8_t)(1u << funct3), rs2, 4);
	case OP_LOAD_FP:
		width = fp_width_by_funct3[funct3];
		if (width == 0)
			return set_undecoded(out, 4);
		return set_other(out, width, 4,
				 AXVCPU_ACCESS_FP | AXVCPU_ACCESS_READ);
	case OP_STORE_FP:
		width = fp_width_by_funct3[funct3];
		if (width == 0)
			return set_undecoded(out, 4);
		return set_other(out, width, 4,
				 AXVCPU_ACCESS_FP | AXVCPU_ACCESS_WRITE);
	case OP_AMO:
		return decode_amo(insn, out);
	default:
		return set_undecoded(out, 4);
	}
}

/*
 * Quadrant 0 (bits 1:0 = 00): CL/CS formats with 3-bit register fields
 * rd'/rs2' in bits 4:2 naming x8..x15. funct3 000 is C.ADDI4SPN (and the
 * all-zero word, defined illegal), 100 is reserved.
 */
static int decode_q0(uint32_t insn, struct riscv_mem_access *out)
{
	uint8_t reg = (uint8_t)(8u + bits(insn, 4, 2));

	switch (bits(insn, 15, 13)) {
	case 1: /* C.FLD */
		return set_other(out, 8, 2,
				 AXVCPU_ACCESS_FP | AXVCPU_ACCESS_READ);
	case 2: /* C.LW */
		return set_load(out, 4, reg, true, 2);
	case 3: /* C.LD (C.FLW on RV32) */
		return set_load(out, 8, reg, false, 2);
	case 5: /* C.FSD */
		return set_other(out, 8, 2,
				 AXVCPU_ACCESS_FP | AXVCPU_ACCESS_WRITE);
	case 6: /* C.SW */
		return set_store(out, 4, reg, 2);
	case 7: /* C.SD (C.FSW on RV32) */
		return set_store(out, 8, reg, 2);
	default:
		return set_undecoded(out, 2);
	}
}

/*
 * Quadrant 2 (bits 1:0 = 10): the sp-relative CI/CSS forms with full 5-bit
 * register fields, rd in bits 11:7 and rs2 in bits 6:2.
 */
static int decode_q2(uint32_t insn, struct riscv_mem_access *out)
{
	uint8_t rd = (uint8_t)bits(insn, 11, 7);
	uint8_t rs2 = (uint8_t)bits(insn, 6, 2);

	switch (bits(insn, 15, 13)) {
	case 1: /* C.FLDSP */
		return set_other(out, 8, 2,
				 AXVCPU_ACCESS_FP | AXVCPU_ACCESS_READ);
	case 2: /* C.LWSP; rd = x0 is reserved */
		if (rd == 0)
			return set_undecoded(out, 2);
		return set_load(out, 4, rd, true, 2);
	case 3: /* C.LDSP (C.FLWSP on RV32); rd = x0 is reserved */
		if (rd == 0)
			return set_undecoded(out, 2);
		return set_load(out, 8, rd, false, 2);
	case 5: /* C.FSDSP */
		return set_other(out, 8, 2,
				 AXVCPU_ACCESS_FP | AXVCPU_ACCESS_WRITE);
	case 6: /* C.SWSP; storing x0 is legal */
		return set_store(out, 4, rs2, 2);
	case 7: /* C.SDSP (C.FSWSP on RV32) */
		return set_store(out, 8, rs2, 2);
	default:
		return set_undecoded(out, 2);
	}
}

int riscv_decode_mem(uint32_t insn, struct riscv_mem_access *out)
{
	if (!out)
		return AXVCPU_EINVAL;

	switch (insn & LEN_MASK_16) {
	case 0:
		return decode_q0(insn, out);
	case 1: /* quadrant 1 holds no loads or stores */
		return set_undecoded(out, 2);
	case 2:
		return decode_q2(insn, out);
	default:
		break;
	}
	/* Longer than 32 bits: we cannot even tell the length for sure. */
	if ((insn & LEN_MASK_32) == LEN_MASK_32)
		return set_undecoded(out, 0);
	return decode_32(insn, out);
}
