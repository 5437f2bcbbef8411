/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86 MMIO instruction decoder and ALU helper; see x86_mem.h.
 *
 * Written from the Intel SDM vol. 2 (instruction format, ModRM/SIB tables,
 * the opcode map) and the AMD APM vol. 3. The decoder only knows the
 * opcodes it claims: everything else is declined before its operands are
 * looked at, so an unknown opcode can never be half-decoded.
 */
#include "x86_mem.h"

/* Legacy prefixes. */
#define PFX_LOCK 0xf0u
#define PFX_REPNE 0xf2u
#define PFX_REP 0xf3u
#define PFX_OPSIZE 0x66u
#define PFX_ADDRSIZE 0x67u

/* REX bits. */
#define REX_W 0x8u
#define REX_R 0x4u
#define REX_X 0x2u
#define REX_B 0x1u

/* GPR numbers used implicitly. */
#define GPR_AX 0u
#define GPR_BX 3u
#define GPR_SP 4u
#define GPR_BP 5u
#define GPR_SI 6u
#define GPR_DI 7u

/* The instruction's prefix state while decoding. */
struct dec {
	const uint8_t *p;
	size_t end; /* bytes that may be read: min(avail, 15) */
	size_t pos;
	bool long64;
	bool lock;
	uint8_t rep; /* 0, PFX_REPNE or PFX_REP: the last given */
	uint8_t seg; /* override, or X86_SEG_NONE */
	uint8_t rex; /* effective REX byte, 0 if none */
	uint8_t op_size;
	uint8_t addr_size;
};

/*
 * How an opcode uses its operands. The common path (decode_form) turns
 * this plus ModRM into the result.
 */
struct form {
	enum x86_mem_op op;
	enum x86_mem_kind kind;
	uint32_t access;
	bool byte;      /* 8-bit operand size */
	bool mem_first; /* memory is the first operand */
	enum x86_operand_kind other;
	uint8_t imm_size; /* bytes of immediate after ModRM (0: none) */
	bool imm_sext;    /* sign-extend the immediate to the operand size */
	bool lockable;
	uint8_t mem_size; /* 0: the operand size */
	bool sign_ext;
};

static uint64_t size_mask(unsigned bytes)
{
	return bytes >= 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

/* Sign-extend the low `bytes` bytes of v to 64 bits (bytes 0: 0). */
static uint64_t sext(uint64_t v, unsigned bytes)
{
	uint64_t m = size_mask(bytes);

	if (bytes == 0)
		return 0;
	v &= m;
	if (bytes < 8 && (v >> (8 * bytes - 1)) & 1)
		v |= ~m;
	return v;
}

static bool get8(struct dec *d, uint8_t *b)
{
	if (d->pos >= d->end)
		return false;
	*b = d->p[d->pos++];
	return true;
}

/* A little-endian field of n bytes (n <= 8). */
static bool get_le(struct dec *d, unsigned n, uint64_t *v)
{
	uint64_t x = 0;

	for (unsigned i = 0; i < n; i++) {
		uint8_t b;
		if (!get8(d, &b))
			return false;
		x |= (uint64_t)b << (8 * i);
	}
	*v = x;
	return true;
}

static void clear_mem(struct x86_mem_operand *m)
{
	m->seg = X86_SEG_NONE;
	m->base = X86_REG_NONE;
	m->index = X86_REG_NONE;
	m->scale = 0;
	m->addr_size = 0;
	m->rip_rel = false;
	m->disp = 0;
}

/* Writes every member with its "none" value; returns AXVCPU_EINVAL. */
static int decline(struct x86_mem_insn *out)
{
	out->op = X86_OP_NONE;
	out->kind = X86_KIND_NONE;
	out->access = 0;
	out->len = 0;
	out->op_size = 0;
	out->mem_size = 0;
	out->sign_ext = false;
	out->mem_first = false;
	out->other = X86_OPND_NONE;
	out->reg = 0;
	out->reg_high8 = false;
	out->imm = 0;
	clear_mem(&out->mem);
	clear_mem(&out->mem2);
	out->rep = X86_REP_NONE;
	out->str_regs = 0;
	out->lock = false;
	return AXVCPU_EINVAL;
}

/* The segment an explicit or default choice gives. */
static uint8_t effective_seg(const struct dec *d, bool stack_base)
{
	if (d->seg != X86_SEG_NONE)
		return d->seg;
	return stack_base ? X86_SEG_SS : X86_SEG_DS;
}

/* 16-bit ModRM addressing, by rm: BX+SI BX+DI BP+SI BP+DI SI DI BP BX. */
static const uint8_t base16[8] = { GPR_BX, GPR_BX, GPR_BP, GPR_BP,
				   GPR_SI, GPR_DI, GPR_BP, GPR_BX };
static const uint8_t index16[8] = { GPR_SI,       GPR_DI,       GPR_SI,
				    GPR_DI,       X86_REG_NONE, X86_REG_NONE,
				    X86_REG_NONE, X86_REG_NONE };

/*
 * The memory operand of a ModRM byte with mod != 3 (SIB and displacement
 * follow it). False if the input ends first.
 */
static bool decode_modrm_mem(struct dec *d, uint8_t modrm,
			     struct x86_mem_operand *m)
{
	unsigned mod = modrm >> 6, rm = modrm & 7u;
	unsigned disp_size = 0;
	uint64_t disp;

	m->base = X86_REG_NONE;
	m->index = X86_REG_NONE;
	m->scale = 1;
	m->addr_size = d->addr_size;
	m->rip_rel = false;

	if (d->addr_size == 2) {
		if (mod == 0 && rm == 6) {
			disp_size = 2; /* [disp16], no base */
		} else {
			m->base = base16[rm];
			m->index = index16[rm];
			disp_size = mod == 1 ? 1 : mod == 2 ? 2 : 0;
		}
	} else {
		if (rm == 4) {
			uint8_t sib;
			unsigned idx, base;

			if (!get8(d, &sib))
				return false;
			idx = ((sib >> 3) & 7u) | (d->rex & REX_X ? 8u : 0u);
			base = sib & 7u;
			/* index 100 without REX.X means none; r12 is valid. */
			if (idx != GPR_SP) {
				m->index = (uint8_t)idx;
				m->scale = (uint8_t)(1u << (sib >> 6));
			}
			/* base 101 with mod 00 means none, even with REX.B. */
			if (base == 5 && mod == 0)
				disp_size = 4;
			else
				m->base = (uint8_t)(base |
						    (d->rex & REX_B ? 8u : 0u));
		} else if (rm == 5 && mod == 0) {
			/* [disp32]; in 64-bit mode RIP-relative instead. */
			disp_size = 4;
			m->rip_rel = d->long64;
		} else {
			m->base = (uint8_t)(rm | (d->rex & REX_B ? 8u : 0u));
		}
		if (mod == 1)
			disp_size = 1;
		else if (mod == 2)
			disp_size = 4;
	}
	if (!get_le(d, disp_size, &disp))
		return false;
	m->disp = (int64_t)sext(disp, disp_size);
	/* rSP/rBP (not r12/r13) as the base default to the stack segment. */
	m->seg = effective_seg(d, m->base == GPR_SP || m->base == GPR_BP);
	return true;
}

/* The ModRM reg field as a register of the form's operand size. */
static void set_reg_operand(const struct dec *d, bool byte, unsigned field,
			    struct x86_mem_insn *out)
{
	unsigned reg = field | (d->rex & REX_R ? 8u : 0u);

	out->reg_high8 = false;
	/* Without any REX, byte registers 4-7 are AH CH DH BH. */
	if (byte && d->rex == 0 && reg >= 4 && reg < 8) {
		reg -= 4;
		out->reg_high8 = true;
	}
	out->reg = (uint8_t)reg;
}

/* Decode ModRM, SIB, displacement and immediate for `f` into `out`. */
static int decode_form(struct dec *d, const struct form *f, uint8_t modrm,
		       struct x86_mem_insn *out)
{
	uint8_t size = f->byte ? 1 : d->op_size;
	uint64_t imm = 0;

	if ((modrm >> 6) == 3)
		return decline(out); /* register operand: no memory access */
	if (d->lock && !f->lockable)
		return decline(out); /* #UD */
	if (!decode_modrm_mem(d, modrm, &out->mem))
		return decline(out);
	if (!get_le(d, f->imm_size, &imm))
		return decline(out);

	out->op = f->op;
	out->kind = f->kind;
	out->access = f->access | (d->lock ? AXVCPU_ACCESS_ATOMIC : 0u);
	out->len = (uint8_t)d->pos;
	out->op_size = size;
	out->mem_size = f->mem_size ? f->mem_size : size;
	out->sign_ext = f->sign_ext;
	out->mem_first = f->mem_first;
	out->other = f->other;
	if (f->other == X86_OPND_REG)
		set_reg_operand(d, f->byte, (modrm >> 3) & 7u, out);
	if (f->other == X86_OPND_IMM)
		out->imm = (f->imm_sext ? sext(imm, f->imm_size) : imm) &
			   size_mask(size);
	out->lock = d->lock;
	return 0;
}

/* The ALU ops' shared shape: CMP only reads, the others write back. */
static void alu_form(struct form *f, enum x86_mem_op op, bool byte,
		     bool mem_first)
{
	f->op = op;
	f->byte = byte;
	f->mem_first = mem_first;
	if (op == X86_OP_CMP) {
		f->kind = X86_KIND_FLAGS;
		f->access = AXVCPU_ACCESS_READ;
	} else if (mem_first) {
		f->kind = X86_KIND_ALU_TO_MEM;
		f->access = AXVCPU_ACCESS_READ | AXVCPU_ACCESS_WRITE;
		f->lockable = true;
	} else {
		f->kind = X86_KIND_ALU_TO_REG;
		f->access = AXVCPU_ACCESS_READ;
	}
}

/* The iz immediate: 16 bits at operand size 16, else 32. */
static uint8_t imm_z(const struct dec *d)
{
	return d->op_size == 2 ? 2 : 4;
}

/* A0-A3: MOV between rAX and an absolute offset of address size. */
static int decode_moffs(struct dec *d, uint8_t opc, struct x86_mem_insn *out)
{
	bool byte = !(opc & 1u);
	uint64_t off;

	if (d->lock || !get_le(d, d->addr_size, &off))
		return decline(out);
	out->op = X86_OP_MOV;
	out->kind = opc & 2u ? X86_KIND_STORE : X86_KIND_LOAD;
	out->access = opc & 2u ? AXVCPU_ACCESS_WRITE : AXVCPU_ACCESS_READ;
	out->len = (uint8_t)d->pos;
	out->op_size = byte ? 1 : d->op_size;
	out->mem_size = out->op_size;
	out->mem_first = (opc & 2u) != 0;
	out->other = X86_OPND_REG;
	out->reg = GPR_AX;
	out->mem.seg = effective_seg(d, false);
	out->mem.base = X86_REG_NONE;
	out->mem.index = X86_REG_NONE;
	out->mem.scale = 1;
	out->mem.addr_size = d->addr_size;
	out->mem.disp = (int64_t)off;
	return 0;
}

/* A4/A5 MOVS, AA/AB STOS, AC/AD LODS. */
static int decode_string(struct dec *d, uint8_t opc, struct x86_mem_insn *out)
{
	uint8_t size = opc & 1u ? d->op_size : 1;
	struct x86_mem_operand src = { effective_seg(d, false),
				       GPR_SI,
				       X86_REG_NONE,
				       1,
				       d->addr_size,
				       false,
				       0 };
	/* The destination is always ES: a segment override never applies. */
	struct x86_mem_operand dst = { X86_SEG_ES, GPR_DI,       X86_REG_NONE,
				       1,          d->addr_size, false,
				       0 };
	uint8_t regs = d->rep ? X86_STR_RCX : 0;

	if (d->lock)
		return decline(out); /* #UD */
	switch (opc & ~1u) {
	case 0xa4:
		out->op = X86_OP_MOVS;
		out->kind = X86_KIND_COPY;
		out->access = AXVCPU_ACCESS_READ | AXVCPU_ACCESS_WRITE;
		out->mem = src;
		out->mem2 = dst;
		out->mem_first = false;
		regs |= X86_STR_RSI | X86_STR_RDI;
		break;
	case 0xaa:
		out->op = X86_OP_STOS;
		out->kind = X86_KIND_STORE;
		out->access = AXVCPU_ACCESS_WRITE;
		out->mem = dst;
		out->mem_first = true;
		out->other = X86_OPND_REG;
		regs |= X86_STR_RAX | X86_STR_RDI;
		break;
	default: /* 0xac */
		out->op = X86_OP_LODS;
		out->kind = X86_KIND_LOAD;
		out->access = AXVCPU_ACCESS_READ;
		out->mem = src;
		out->mem_first = false;
		out->other = X86_OPND_REG;
		regs |= X86_STR_RAX | X86_STR_RSI;
		break;
	}
	out->len = (uint8_t)d->pos;
	out->op_size = size;
	out->mem_size = size;
	out->reg = GPR_AX;
	out->rep = d->rep == PFX_REP     ? X86_REP_REP
		   : d->rep == PFX_REPNE ? X86_REP_REPNE
					 : X86_REP_NONE;
	out->str_regs = regs;
	return 0;
}

/* Two-byte opcodes 0F xx. */
static int decode_0f(struct dec *d, struct x86_mem_insn *out)
{
	struct form f = { 0 };
	uint8_t opc, modrm;

	if (!get8(d, &opc) || !get8(d, &modrm))
		return decline(out);
	switch (opc) {
	case 0xb6: /* MOVZX r, r/m8 */
	case 0xb7: /* MOVZX r, r/m16 */
	case 0xbe: /* MOVSX r, r/m8 */
	case 0xbf: /* MOVSX r, r/m16 */
		f.op = opc & 8u ? X86_OP_MOVSX : X86_OP_MOVZX;
		f.kind = X86_KIND_LOAD;
		f.access = AXVCPU_ACCESS_READ;
		f.other = X86_OPND_REG;
		f.mem_size = opc & 1u ? 2 : 1;
		/* MOVSX r16, m16 is a plain move: nothing to extend. */
		f.sign_ext = (opc & 8u) && f.mem_size < d->op_size;
		break;
	case 0xa3: /* BT r/m, r */
		f.op = X86_OP_BT;
		f.kind = X86_KIND_FLAGS;
		f.access = AXVCPU_ACCESS_READ;
		f.mem_first = true;
		f.other = X86_OPND_REG;
		break;
	case 0xba: /* group 8: only /4 BT is claimed (BTS/BTR/BTC write) */
		if (((modrm >> 3) & 7u) != 4)
			return decline(out);
		f.op = X86_OP_BT;
		f.kind = X86_KIND_FLAGS;
		f.access = AXVCPU_ACCESS_READ;
		f.mem_first = true;
		f.other = X86_OPND_IMM;
		f.imm_size = 1; /* taken modulo the width: not extended */
		break;
	default:
		return decline(out);
	}
	return decode_form(d, &f, modrm, out);
}

/* Group 3 (F6/F7) and groups 4/5 (FE/FF): the /reg field picks the op. */
static bool group_form(uint8_t opc, unsigned sub, const struct dec *d,
		       struct form *f)
{
	f->byte = !(opc & 1u);
	f->mem_first = true;
	if (opc == 0xf6 || opc == 0xf7) {
		switch (sub) {
		case 0:
		case 1: /* TEST r/m, imm (/1: an undocumented alias) */
			f->op = X86_OP_TEST;
			f->kind = X86_KIND_FLAGS;
			f->access = AXVCPU_ACCESS_READ;
			f->other = X86_OPND_IMM;
			f->imm_size = f->byte ? 1 : imm_z(d);
			f->imm_sext = true;
			return true;
		case 2:
		case 3: /* NOT, NEG */
			f->op = sub == 2 ? X86_OP_NOT : X86_OP_NEG;
			break;
		default: /* MUL IMUL DIV IDIV */
			return false;
		}
	} else {
		if (sub > 1) /* FE: reserved; FF: CALL JMP PUSH */
			return false;
		f->op = sub == 0 ? X86_OP_INC : X86_OP_DEC;
	}
	f->kind = X86_KIND_ALU_TO_MEM;
	f->access = AXVCPU_ACCESS_READ | AXVCPU_ACCESS_WRITE;
	f->lockable = true;
	return true;
}

/* One-byte opcodes that take a ModRM. */
static int decode_1byte(struct dec *d, uint8_t opc, struct x86_mem_insn *out)
{
	struct form f = { 0 };
	uint8_t modrm;
	unsigned sub;

	/* 00-3B, low 3 bits 0-3: ADD..CMP r/m,r and r,r/m. */
	if (opc <= 0x3b && (opc & 7u) < 4) {
		if (!get8(d, &modrm))
			return decline(out);
		alu_form(&f, (enum x86_mem_op)(X86_OP_ADD + (opc >> 3)),
			 !(opc & 1u), !(opc & 2u));
		f.other = X86_OPND_REG;
		return decode_form(d, &f, modrm, out);
	}
	switch (opc) {
	case 0x80:
	case 0x81:
	case 0x82:
	case 0x83: /* group 1: ALU r/m, imm */
		if (opc == 0x82 && d->long64)
			return decline(out); /* #UD in 64-bit mode */
		if (!get8(d, &modrm))
			return decline(out);
		sub = (modrm >> 3) & 7u;
		alu_form(&f, (enum x86_mem_op)(X86_OP_ADD + sub),
			 opc != 0x81 && opc != 0x83, true);
		f.other = X86_OPND_IMM;
		f.imm_size = opc == 0x81 ? imm_z(d) : 1;
		f.imm_sext = true;
		return decode_form(d, &f, modrm, out);
	case 0x84:
	case 0x85: /* TEST r/m, r */
		f.op = X86_OP_TEST;
		f.kind = X86_KIND_FLAGS;
		f.access = AXVCPU_ACCESS_READ;
		f.mem_first = true;
		break;
	case 0x86:
	case 0x87: /* XCHG r/m, r: locked with or without LOCK */
		f.op = X86_OP_XCHG;
		f.kind = X86_KIND_XCHG;
		f.access = AXVCPU_ACCESS_READ | AXVCPU_ACCESS_WRITE |
			   AXVCPU_ACCESS_ATOMIC;
		f.mem_first = true;
		f.lockable = true;
		break;
	case 0x88:
	case 0x89: /* MOV r/m, r */
		f.op = X86_OP_MOV;
		f.kind = X86_KIND_STORE;
		f.access = AXVCPU_ACCESS_WRITE;
		f.mem_first = true;
		break;
	case 0x8a:
	case 0x8b: /* MOV r, r/m */
		f.op = X86_OP_MOV;
		f.kind = X86_KIND_LOAD;
		f.access = AXVCPU_ACCESS_READ;
		break;
	case 0x63: /* MOVSXD r, r/m32 (ARPL outside 64-bit mode) */
		/*
		 * With a 16-bit operand size the vendors differ (Intel:
		 * r16, r/m16; AMD reads 32 bits, measured): not guessed.
		 */
		if (!d->long64 || d->op_size == 2)
			return decline(out);
		f.op = X86_OP_MOVSXD;
		f.kind = X86_KIND_LOAD;
		f.access = AXVCPU_ACCESS_READ;
		/* Without REX.W it is a plain 32-bit move. */
		f.mem_size = 4;
		f.sign_ext = d->op_size == 8;
		f.other = X86_OPND_REG;
		if (!get8(d, &modrm))
			return decline(out);
		return decode_form(d, &f, modrm, out);
	case 0xc6:
	case 0xc7: /* MOV r/m, imm: only /0 (/7 with mod=3 is XABORT/XBEGIN) */
		if (!get8(d, &modrm))
			return decline(out);
		if (((modrm >> 3) & 7u) != 0)
			return decline(out);
		f.op = X86_OP_MOV;
		f.kind = X86_KIND_STORE;
		f.access = AXVCPU_ACCESS_WRITE;
		f.byte = opc == 0xc6;
		f.mem_first = true;
		f.other = X86_OPND_IMM;
		f.imm_size = f.byte ? 1 : imm_z(d);
		f.imm_sext = true;
		return decode_form(d, &f, modrm, out);
	case 0xf6:
	case 0xf7:
	case 0xfe:
	case 0xff:
		if (!get8(d, &modrm))
			return decline(out);
		if (!group_form(opc, (modrm >> 3) & 7u, d, &f))
			return decline(out);
		return decode_form(d, &f, modrm, out);
	default:
		return decline(out);
	}
	/* The /r forms 84-8B: register operand in ModRM reg. */
	f.byte = !(opc & 1u);
	f.other = X86_OPND_REG;
	if (!get8(d, &modrm))
		return decline(out);
	return decode_form(d, &f, modrm, out);
}

int x86_decode_mem(enum x86_cpu_mode mode, const uint8_t *bytes, size_t avail,
		   struct x86_mem_insn *out)
{
	struct dec d = { 0 };
	bool opsize_pfx = false, addr_pfx = false, def16;
	uint8_t b;

	if (!out)
		return AXVCPU_EINVAL;
	decline(out); /* every member written before anything can fail */
	if (!bytes || (unsigned)mode > X86_MODE_LONG64)
		return AXVCPU_EINVAL;

	d.p = bytes;
	d.end = avail < X86_INSN_MAX_LEN ? avail : X86_INSN_MAX_LEN;
	d.long64 = mode == X86_MODE_LONG64;
	d.seg = X86_SEG_NONE;
	def16 = mode == X86_MODE_REAL || mode == X86_MODE_PROT16;

	/*
	 * Prefixes, in any order and number (only the 15-byte limit bounds
	 * them). A REX counts only as the last byte before the opcode, so
	 * any legacy prefix after it cancels it.
	 */
	for (;;) {
		if (!get8(&d, &b))
			return decline(out);
		if (d.long64 && (b & 0xf0u) == 0x40u) {
			d.rex = b;
			continue;
		}
		switch (b) {
		case PFX_LOCK:
			d.lock = true;
			break;
		case PFX_REPNE:
		case PFX_REP:
			d.rep = b;
			break;
		case PFX_OPSIZE:
			opsize_pfx = true;
			break;
		case PFX_ADDRSIZE:
			addr_pfx = true;
			break;
		case 0x26:
		case 0x2e:
		case 0x36:
		case 0x3e:
			/* ES CS SS DS: null prefixes in 64-bit mode. */
			if (!d.long64)
				d.seg = (uint8_t)((b >> 3) & 3u);
			break;
		case 0x64:
		case 0x65:
			d.seg = (uint8_t)(X86_SEG_FS + (b & 1u));
			break;
		default:
			goto opcode;
		}
		d.rex = 0;
	}
opcode:
	if (d.long64) {
		d.op_size = d.rex & REX_W ? 8 : opsize_pfx ? 2 : 4;
		d.addr_size = addr_pfx ? 4 : 8;
	} else {
		d.op_size = def16 != opsize_pfx ? 2 : 4;
		d.addr_size = def16 != addr_pfx ? 2 : 4;
	}

	if (b == 0x0f)
		return decode_0f(&d, out);
	if (b >= 0xa0 && b <= 0xa3)
		return decode_moffs(&d, b, out);
	if (b == 0xa4 || b == 0xa5 || (b >= 0xaa && b <= 0xad))
		return decode_string(&d, b, out);
	return decode_1byte(&d, b, out);
}

/* ---- ALU --------------------------------------------------------------- */

/* PF: set when the low byte of the result has an even number of ones. */
static uint64_t parity_flag(uint64_t r)
{
	uint8_t x = (uint8_t)r;

	x ^= x >> 4;
	x ^= x >> 2;
	x ^= x >> 1;
	return x & 1u ? 0 : X86_RFLAGS_PF;
}

int x86_alu_apply(enum x86_mem_op op, unsigned size, uint64_t dst, uint64_t src,
		  uint64_t rflags_in, uint64_t *result, uint64_t *rflags_out)
{
	uint64_t mask, sign, a, b, c, r;
	bool cf, of, af, keep_cf = false, write = true;

	if (!result || !rflags_out)
		return AXVCPU_EINVAL;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return AXVCPU_EINVAL;
	mask = size_mask(size);
	sign = 1ull << (8 * size - 1);
	a = dst & mask;
	b = src & mask;
	c = rflags_in & X86_RFLAGS_CF ? 1 : 0;

	switch (op) {
	case X86_OP_INC:
		b = 1;
		keep_cf = true;
		/* fall through */
	case X86_OP_ADD:
	case X86_OP_ADC:
		if (op != X86_OP_ADC)
			c = 0;
		r = (a + b + c) & mask;
		cf = r < a || (c && r == a);
		of = (a ^ r) & (b ^ r) & sign;
		af = (a ^ b ^ r) & 0x10u;
		break;
	case X86_OP_NEG:
		b = a;
		a = 0;
		r = (0 - b) & mask;
		cf = b != 0;
		of = (a ^ b) & (a ^ r) & sign;
		af = (a ^ b ^ r) & 0x10u;
		break;
	case X86_OP_DEC:
		b = 1;
		keep_cf = true;
		/* fall through */
	case X86_OP_CMP:
	case X86_OP_SUB:
	case X86_OP_SBB:
		if (op != X86_OP_SBB)
			c = 0;
		write = op != X86_OP_CMP;
		r = (a - b - c) & mask;
		cf = a < b || (c && a == b);
		of = (a ^ b) & (a ^ r) & sign;
		af = (a ^ b ^ r) & 0x10u;
		break;
	case X86_OP_AND:
	case X86_OP_TEST:
	case X86_OP_OR:
	case X86_OP_XOR:
		r = op == X86_OP_OR ? a | b : op == X86_OP_XOR ? a ^ b : a & b;
		write = op != X86_OP_TEST;
		cf = of = af = false; /* AF: undefined; 0 on current CPUs */
		break;
	case X86_OP_NOT:
		*result = ~a & mask;
		*rflags_out = rflags_in;
		return 0;
	case X86_OP_BT:
		if (size == 1)
			return AXVCPU_EINVAL;
		/* Only CF is defined; PF AF SF OF are left as they were. */
		*result = a;
		*rflags_out = (rflags_in & ~(uint64_t)X86_RFLAGS_CF) |
			      ((a >> (src & (8 * size - 1))) & 1u);
		return 0;
	default:
		return AXVCPU_EINVAL;
	}

	*result = write ? r : a;
	*rflags_out = (rflags_in & ~(uint64_t)X86_RFLAGS_ARITH) |
		      (cf ? X86_RFLAGS_CF : 0) | parity_flag(r) |
		      (af ? X86_RFLAGS_AF : 0) | (r == 0 ? X86_RFLAGS_ZF : 0) |
		      (r & sign ? X86_RFLAGS_SF : 0) | (of ? X86_RFLAGS_OF : 0);
	if (keep_cf)
		*rflags_out = (*rflags_out & ~(uint64_t)X86_RFLAGS_CF) |
			      (rflags_in & X86_RFLAGS_CF);
	return 0;
}
