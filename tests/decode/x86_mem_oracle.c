/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Zydis-based oracle for x86_decode_mem(); see x86_mem_oracle.h.
 *
 * Zydis was chosen over capstone 4.0.2 because capstone gets exactly the
 * cases this decoder must get right wrong: it accepts LOCK on string
 * instructions (#UD on the CPU), honours a CS override after FS in 64-bit
 * mode (CS is a null prefix there), gives MOVSXD without REX.W a 64-bit
 * destination, and reports no effective segment (only an explicit one).
 * Zydis reports the effective segment, operand actions (read/write), the
 * accepted prefixes and the 15-byte limit, and decodes real mode apart.
 */
#include "x86_mem_oracle.h"
#include "x86_mem_check.h"

#include <Zydis/Zydis.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Zydis register -> GPR number (0-15), or -1; +16 marks AH CH DH BH. */
static int gpr_of[ZYDIS_REGISTER_MAX_VALUE + 1];
static unsigned gpr_size[ZYDIS_REGISTER_MAX_VALUE + 1];
static ZydisDecoder decoders[4];
static ZydisFormatter formatter;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static const char *const gpr_names[4][16] = {
	{ "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b",
	  "r10b", "r11b", "r12b", "r13b", "r14b", "r15b" },
	{ "ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w",
	  "r11w", "r12w", "r13w", "r14w", "r15w" },
	{ "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d",
	  "r10d", "r11d", "r12d", "r13d", "r14d", "r15d" },
	{ "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9",
	  "r10", "r11", "r12", "r13", "r14", "r15" },
};
static const char *const high8_names[4] = { "ah", "ch", "dh", "bh" };
static const char *const seg_names[6] = { "es", "cs", "ss", "ds", "fs", "gs" };
static int seg_of[ZYDIS_REGISTER_MAX_VALUE + 1];

static void oracle_init(void)
{
	static const ZydisMachineMode zm[4] = { ZYDIS_MACHINE_MODE_REAL_16,
						ZYDIS_MACHINE_MODE_LEGACY_16,
						ZYDIS_MACHINE_MODE_LEGACY_32,
						ZYDIS_MACHINE_MODE_LONG_64 };
	static const ZydisStackWidth sw[4] = { ZYDIS_STACK_WIDTH_16,
					       ZYDIS_STACK_WIDTH_16,
					       ZYDIS_STACK_WIDTH_32,
					       ZYDIS_STACK_WIDTH_64 };

	/* By name, so the mapping does not rely on Zydis's enum order. */
	for (int r = 0; r <= ZYDIS_REGISTER_MAX_VALUE; r++) {
		const char *s = ZydisRegisterGetString((ZydisRegister)r);

		gpr_of[r] = -1;
		seg_of[r] = -1;
		if (!s)
			continue;
		for (int w = 0; w < 4; w++)
			for (int i = 0; i < 16; i++)
				if (!strcmp(s, gpr_names[w][i])) {
					gpr_of[r] = i;
					gpr_size[r] = 1u << w;
				}
		for (int i = 0; i < 4; i++)
			if (!strcmp(s, high8_names[i])) {
				gpr_of[r] = 16 + i;
				gpr_size[r] = 1;
			}
		for (int i = 0; i < 6; i++)
			if (!strcmp(s, seg_names[i]))
				seg_of[r] = i;
	}
	for (int m = 0; m < 4; m++)
		ZydisDecoderInit(&decoders[m], zm[m], sw[m]);
	ZydisFormatterInit(&formatter, ZYDIS_FORMATTER_STYLE_INTEL);
}

/* The claimed operations, by Zydis mnemonic. */
static enum x86_mem_op op_of(const ZydisDecodedInstruction *in)
{
	bool str = in->meta.category == ZYDIS_CATEGORY_STRINGOP;

	switch (in->mnemonic) {
	case ZYDIS_MNEMONIC_MOV:
		return X86_OP_MOV;
	case ZYDIS_MNEMONIC_MOVZX:
		return X86_OP_MOVZX;
	case ZYDIS_MNEMONIC_MOVSX:
		return X86_OP_MOVSX;
	case ZYDIS_MNEMONIC_MOVSXD:
		return X86_OP_MOVSXD;
	case ZYDIS_MNEMONIC_MOVSB:
	case ZYDIS_MNEMONIC_MOVSW:
	case ZYDIS_MNEMONIC_MOVSD: /* also SSE2 MOVSD: not a string op */
	case ZYDIS_MNEMONIC_MOVSQ:
		return str ? X86_OP_MOVS : X86_OP_NONE;
	case ZYDIS_MNEMONIC_STOSB:
	case ZYDIS_MNEMONIC_STOSW:
	case ZYDIS_MNEMONIC_STOSD:
	case ZYDIS_MNEMONIC_STOSQ:
		return X86_OP_STOS;
	case ZYDIS_MNEMONIC_LODSB:
	case ZYDIS_MNEMONIC_LODSW:
	case ZYDIS_MNEMONIC_LODSD:
	case ZYDIS_MNEMONIC_LODSQ:
		return X86_OP_LODS;
	case ZYDIS_MNEMONIC_ADD:
		return X86_OP_ADD;
	case ZYDIS_MNEMONIC_OR:
		return X86_OP_OR;
	case ZYDIS_MNEMONIC_ADC:
		return X86_OP_ADC;
	case ZYDIS_MNEMONIC_SBB:
		return X86_OP_SBB;
	case ZYDIS_MNEMONIC_AND:
		return X86_OP_AND;
	case ZYDIS_MNEMONIC_SUB:
		return X86_OP_SUB;
	case ZYDIS_MNEMONIC_XOR:
		return X86_OP_XOR;
	case ZYDIS_MNEMONIC_CMP:
		return X86_OP_CMP;
	case ZYDIS_MNEMONIC_TEST:
		return X86_OP_TEST;
	case ZYDIS_MNEMONIC_XCHG:
		return X86_OP_XCHG;
	case ZYDIS_MNEMONIC_NOT:
		return X86_OP_NOT;
	case ZYDIS_MNEMONIC_NEG:
		return X86_OP_NEG;
	case ZYDIS_MNEMONIC_INC:
		return X86_OP_INC;
	case ZYDIS_MNEMONIC_DEC:
		return X86_OP_DEC;
	case ZYDIS_MNEMONIC_BT:
		return X86_OP_BT;
	default:
		return X86_OP_NONE;
	}
}

static void none_mem(struct x86_mem_operand *m)
{
	m->seg = X86_SEG_NONE;
	m->base = X86_REG_NONE;
	m->index = X86_REG_NONE;
	m->scale = 0;
	m->addr_size = 0;
	m->rip_rel = false;
	m->disp = 0;
}

static void none_insn(struct x86_mem_insn *e)
{
	memset(e, 0, sizeof(*e));
	none_mem(&e->mem);
	none_mem(&e->mem2);
}

/* Zydis's memory operand in the decoder's terms; false if unmappable. */
static bool map_mem(const ZydisDecodedInstruction *in,
		    const ZydisDecodedOperand *o, struct x86_mem_operand *m)
{
	const ZydisDecodedOperandMem *zm = &o->mem;

	if (seg_of[zm->segment] < 0)
		return false;
	m->seg = (uint8_t)seg_of[zm->segment];
	m->addr_size = (uint8_t)(in->address_width / 8);
	m->rip_rel =
	    zm->base == ZYDIS_REGISTER_RIP || zm->base == ZYDIS_REGISTER_EIP;
	if (zm->base == ZYDIS_REGISTER_NONE || m->rip_rel)
		m->base = X86_REG_NONE;
	else if (gpr_of[zm->base] >= 0 && gpr_of[zm->base] < 16)
		m->base = (uint8_t)gpr_of[zm->base];
	else
		return false;
	if (zm->index == ZYDIS_REGISTER_NONE) {
		m->index = X86_REG_NONE;
		m->scale = 1;
	} else if (gpr_of[zm->index] >= 0 && gpr_of[zm->index] < 16) {
		m->index = (uint8_t)gpr_of[zm->index];
		m->scale = zm->scale;
	} else {
		return false;
	}
	m->disp = zm->disp.has_displacement ? zm->disp.value : 0;
	/*
	 * Zydis 4.0.0 bug (zyantific/zydis#592, fixed after 4.0.0): with a
	 * 32-bit address size in 64-bit mode and REX.B, SIB base 101 with
	 * mod 00 is reported as [r13d] without the displacement it consumed.
	 * The SDM's rule (REX special cases) is no base and a disp32, REX.B
	 * notwithstanding; apply it from Zydis's own raw fields.
	 */
	if (in->machine_mode == ZYDIS_MACHINE_MODE_LONG_64 &&
	    in->address_width == 32 && in->raw.modrm.mod == 0 &&
	    in->raw.modrm.rm == 4 && in->raw.sib.base == 5 &&
	    zm->base == ZYDIS_REGISTER_R13D) {
		m->base = X86_REG_NONE;
		m->disp = in->raw.disp.value;
	}
	return true;
}

static uint32_t actions_access(const ZydisDecodedOperand *o)
{
	return (o->actions & ZYDIS_OPERAND_ACTION_MASK_READ ? AXVCPU_ACCESS_READ
							    : 0u) |
	       (o->actions & ZYDIS_OPERAND_ACTION_MASK_WRITE
		    ? AXVCPU_ACCESS_WRITE
		    : 0u);
}

/* String instructions: all operands are implicit. */
static bool expect_string(const ZydisDecodedInstruction *in,
			  const ZydisDecodedOperand *ops,
			  struct x86_mem_insn *e)
{
	bool have_src = false, have_dst = false;
	struct x86_mem_operand src, dst;

	for (unsigned i = 0; i < in->operand_count; i++) {
		const ZydisDecodedOperand *o = &ops[i];
		struct x86_mem_operand m;

		if (o->type == ZYDIS_OPERAND_TYPE_REGISTER) {
			int g = gpr_of[o->reg.value];
			if (g == 0)
				e->str_regs |= X86_STR_RAX;
			else if (g == 1)
				e->str_regs |= X86_STR_RCX;
			else if (g == 6)
				e->str_regs |= X86_STR_RSI;
			else if (g == 7)
				e->str_regs |= X86_STR_RDI;
			if (g == 0) {
				e->other = X86_OPND_REG;
				e->reg = 0;
			}
			continue;
		}
		if (o->type != ZYDIS_OPERAND_TYPE_MEMORY)
			continue;
		if (!map_mem(in, o, &m))
			return false;
		e->access |= actions_access(o);
		e->mem_size = (uint8_t)(o->size / 8);
		if (m.base == 6) {
			src = m;
			have_src = true;
			if (e->op != X86_OP_MOVS)
				e->mem_first = i == 0;
		} else if (m.base == 7) {
			dst = m;
			have_dst = true;
			if (e->op == X86_OP_STOS)
				e->mem_first = i == 0;
		} else {
			return false;
		}
	}
	switch (e->op) {
	case X86_OP_MOVS:
		if (!have_src || !have_dst)
			return false;
		e->kind = X86_KIND_COPY;
		e->mem = src;
		e->mem2 = dst;
		break;
	case X86_OP_STOS:
		if (!have_dst || have_src)
			return false;
		e->kind = X86_KIND_STORE;
		e->mem = dst;
		break;
	default:
		if (!have_src || have_dst)
			return false;
		e->kind = X86_KIND_LOAD;
		e->mem = src;
		break;
	}
	e->op_size = (uint8_t)(in->operand_width / 8);
	if (in->attributes & ZYDIS_ATTRIB_HAS_REP)
		e->rep = X86_REP_REP;
	else if (in->attributes & ZYDIS_ATTRIB_HAS_REPNE)
		e->rep = X86_REP_REPNE;
	/* Zydis lists rCX among the operands whether or not REP is given. */
	if (e->rep == X86_REP_NONE)
		e->str_regs &= (uint8_t)~X86_STR_RCX;
	else
		e->str_regs |= X86_STR_RCX;
	return true;
}

/* The other operands, visible ones only. */
static bool expect_explicit(const ZydisDecodedInstruction *in,
			    const ZydisDecodedOperand *ops,
			    struct x86_mem_insn *e)
{
	int mem_i = -1, reg_i = -1, imm_i = -1;
	const ZydisDecodedOperand *mo;
	bool reg_written = false;

	for (int i = 0; i < in->operand_count_visible; i++) {
		const ZydisDecodedOperand *o = &ops[i];

		switch (o->type) {
		case ZYDIS_OPERAND_TYPE_MEMORY:
			if (o->mem.type != ZYDIS_MEMOP_TYPE_MEM || mem_i >= 0)
				return false;
			mem_i = i;
			break;
		case ZYDIS_OPERAND_TYPE_REGISTER:
			/* Segment, control, debug registers: not claimed. */
			if (gpr_of[o->reg.value] < 0 || reg_i >= 0)
				return false;
			reg_i = i;
			break;
		case ZYDIS_OPERAND_TYPE_IMMEDIATE:
			if (imm_i >= 0)
				return false;
			imm_i = i;
			break;
		default:
			return false;
		}
	}
	if (mem_i < 0)
		return false;
	mo = &ops[mem_i];
	if (!map_mem(in, mo, &e->mem))
		return false;
	e->access = actions_access(mo);
	e->mem_size = (uint8_t)(mo->size / 8);
	e->mem_first = mem_i == 0;
	e->op_size = e->mem_size;
	if (reg_i >= 0) {
		const ZydisDecodedOperand *ro = &ops[reg_i];
		int g = gpr_of[ro->reg.value];

		e->other = X86_OPND_REG;
		e->reg = (uint8_t)(g & 15);
		e->reg_high8 = g >= 16;
		reg_written = (ro->actions & ZYDIS_OPERAND_ACTION_MASK_WRITE);
		/* The register's width is the operation's, except for BT's
		 * bit offset, which has the memory operand's. */
		e->op_size = (uint8_t)gpr_size[ro->reg.value];
	} else if (imm_i >= 0) {
		const ZydisDecodedOperand *io = &ops[imm_i];

		e->other = X86_OPND_IMM;
		e->imm = io->imm.value.u;
	}
	switch (e->op) {
	case X86_OP_MOV:
	case X86_OP_MOVZX:
	case X86_OP_MOVSX:
	case X86_OP_MOVSXD:
		e->kind = e->access & AXVCPU_ACCESS_WRITE ? X86_KIND_STORE
							  : X86_KIND_LOAD;
		break;
	case X86_OP_XCHG:
		e->kind = X86_KIND_XCHG;
		e->access |= AXVCPU_ACCESS_ATOMIC;
		break;
	default:
		e->kind = e->access & AXVCPU_ACCESS_WRITE ? X86_KIND_ALU_TO_MEM
			  : reg_written                   ? X86_KIND_ALU_TO_REG
							  : X86_KIND_FLAGS;
		break;
	}
	if (e->other == X86_OPND_IMM)
		e->imm &= x86_check_mask(e->op == X86_OP_BT ? 1 : e->op_size);
	e->sign_ext = (e->op == X86_OP_MOVSX || e->op == X86_OP_MOVSXD) &&
		      e->mem_size < e->op_size;
	return true;
}

void x86_oracle_expect(enum x86_cpu_mode mode, const uint8_t *bytes, size_t n,
		       struct x86_oracle_verdict *v)
{
	ZydisDecodedInstruction in;
	ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
	struct x86_mem_insn *e = &v->exp;
	ZyanStatus st;
	bool ok;

	pthread_once(&init_once, oracle_init);
	none_insn(e);
	v->rc = AXVCPU_EINVAL;
	v->zydis_valid = false;
	if ((unsigned)mode > X86_MODE_LONG64) {
		snprintf(v->text, sizeof(v->text), "(bad mode)");
		return;
	}
	st = ZydisDecoderDecodeFull(&decoders[mode], bytes, n, &in, ops);
	if (!ZYAN_SUCCESS(st)) {
		snprintf(v->text, sizeof(v->text), "(zydis: status 0x%x)",
			 (unsigned)st);
		return;
	}
	v->zydis_valid = true;
	ZydisFormatterFormatInstruction(&formatter, &in, ops,
					in.operand_count_visible, v->text,
					sizeof(v->text), 0, NULL);
	e->op = op_of(&in);
	if (e->op == X86_OP_NONE)
		return;
	if (e->op == X86_OP_MOVS || e->op == X86_OP_STOS ||
	    e->op == X86_OP_LODS)
		ok = expect_string(&in, ops, e);
	else
		ok = expect_explicit(&in, ops, e);
	if (!ok) {
		none_insn(e);
		return;
	}
	/* MOVSXD r16: the vendors differ (see x86_mem.h); not claimed. */
	if (e->op == X86_OP_MOVSXD && e->op_size == 2) {
		none_insn(e);
		return;
	}
	e->len = in.length;
	e->lock = (in.attributes & ZYDIS_ATTRIB_HAS_LOCK) != 0;
	if (e->lock)
		e->access |= AXVCPU_ACCESS_ATOMIC;
	v->rc = 0;
}

/*
 * Equal, with one normalisation: outside RIP-relative operands only the
 * displacement modulo the address size matters (the CPU computes modulo
 * it), so how a disp32 or moffs is extended is the unit test's business.
 */
static bool mem_agree(const struct x86_mem_operand *a,
		      const struct x86_mem_operand *b)
{
	struct x86_mem_operand x = *a, y = *b;

	if (x.addr_size == y.addr_size && !x.rip_rel && x.addr_size) {
		uint64_t m = x86_check_mask(x.addr_size);
		x.disp = (int64_t)((uint64_t)x.disp & m);
		y.disp = (int64_t)((uint64_t)y.disp & m);
	}
	return x86_mem_operand_equal(&x, &y);
}

bool x86_oracle_check(enum x86_cpu_mode mode, const uint8_t *bytes, size_t n,
		      char *why, size_t whysize, bool *accepted)
{
	struct x86_oracle_verdict v;
	struct x86_mem_insn got, want;
	char hex[64], g[512], w[512];
	int rc;
	bool agree;

	x86_oracle_expect(mode, bytes, n, &v);
	rc = x86_decode_mem(mode, bytes, n, &got);
	if (accepted)
		*accepted = rc == 0;
	want = v.exp;
	if (rc != v.rc)
		agree = false;
	else if (rc != 0)
		agree = true; /* the invariants check the declined result */
	else
		agree = mem_agree(&got.mem, &want.mem) &&
			mem_agree(&got.mem2, &want.mem2) &&
			(want.mem = got.mem, want.mem2 = got.mem2,
			 x86_mem_insn_equal(&got, &want));
	if (agree)
		return true;
	x86_bytes_format(hex, sizeof(hex), bytes, n);
	x86_mem_insn_format(g, sizeof(g), rc, &got);
	x86_mem_insn_format(w, sizeof(w), v.rc, &v.exp);
	snprintf(why, whysize,
		 "mode %d bytes %s (zydis: %s)\n#   decoder: %s\n#   oracle:  "
		 "%s",
		 (int)mode, hex, v.text, g, w);
	return false;
}
