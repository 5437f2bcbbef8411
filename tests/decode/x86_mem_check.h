/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the x86 decoder's unit test, oracle test and fuzz
 * target: comparing and printing results, decoding with poisoned output
 * (to catch members left unwritten), and the rules every result must obey
 * whatever the input bytes.
 */
#ifndef AXVCPU_TESTS_X86_MEM_CHECK_H
#define AXVCPU_TESTS_X86_MEM_CHECK_H

#include "src/decode/x86_mem.h"

#include <stdio.h>
#include <string.h>

static inline uint64_t x86_check_mask(unsigned bytes)
{
	return bytes >= 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

static inline bool x86_mem_operand_equal(const struct x86_mem_operand *a,
					 const struct x86_mem_operand *b)
{
	return a->seg == b->seg && a->base == b->base && a->index == b->index &&
	       a->scale == b->scale && a->addr_size == b->addr_size &&
	       a->rip_rel == b->rip_rel && a->disp == b->disp;
}

/* Member by member: padding bytes are not part of the result. */
static inline bool x86_mem_insn_equal(const struct x86_mem_insn *a,
				      const struct x86_mem_insn *b)
{
	return a->op == b->op && a->kind == b->kind && a->access == b->access &&
	       a->len == b->len && a->op_size == b->op_size &&
	       a->mem_size == b->mem_size && a->sign_ext == b->sign_ext &&
	       a->mem_first == b->mem_first && a->other == b->other &&
	       a->reg == b->reg && a->reg_high8 == b->reg_high8 &&
	       a->imm == b->imm && x86_mem_operand_equal(&a->mem, &b->mem) &&
	       x86_mem_operand_equal(&a->mem2, &b->mem2) && a->rep == b->rep &&
	       a->str_regs == b->str_regs && a->lock == b->lock;
}

static const char *const x86_op_names[X86_OP_COUNT] = {
	"none", "mov",  "movzx", "movsx", "movsxd", "movs", "stos", "lods",
	"add",  "or",   "adc",   "sbb",   "and",    "sub",  "xor",  "cmp",
	"test", "xchg", "not",   "neg",   "inc",    "dec",  "bt",
};

static const char *const x86_kind_names[] = {
	"NONE",       "LOAD",       "STORE", "COPY",
	"ALU_TO_REG", "ALU_TO_MEM", "FLAGS", "XCHG",
};

static inline const char *x86_op_name(enum x86_mem_op op)
{
	return (unsigned)op < X86_OP_COUNT ? x86_op_names[op] : "?";
}

static inline int x86_mem_operand_format(char *buf, size_t size,
					 const struct x86_mem_operand *m)
{
	return snprintf(buf, size,
			"{seg=%u base=%u index=%u scale=%u asz=%u rip=%d "
			"disp=0x%llx}",
			m->seg, m->base, m->index, m->scale, m->addr_size,
			(int)m->rip_rel, (unsigned long long)m->disp);
}

static inline void x86_mem_insn_format(char *buf, size_t size, int rc,
				       const struct x86_mem_insn *a)
{
	char m1[128], m2[128];
	unsigned kind = (unsigned)a->kind;

	x86_mem_operand_format(m1, sizeof(m1), &a->mem);
	x86_mem_operand_format(m2, sizeof(m2), &a->mem2);
	snprintf(buf, size,
		 "rc=%d %s %s access=0x%x len=%u osz=%u msz=%u sext=%d "
		 "mem_first=%d other=%u reg=%u%s imm=0x%llx mem=%s mem2=%s "
		 "rep=%u str=0x%x lock=%d",
		 rc, x86_op_name(a->op), kind < 8 ? x86_kind_names[kind] : "?",
		 (unsigned)a->access, a->len, a->op_size, a->mem_size,
		 (int)a->sign_ext, (int)a->mem_first, (unsigned)a->other,
		 a->reg, a->reg_high8 ? "(high8)" : "",
		 (unsigned long long)a->imm, m1, m2, (unsigned)a->rep,
		 a->str_regs, (int)a->lock);
}

/* Bytes as hex, for messages. */
static inline void x86_bytes_format(char *buf, size_t size, const uint8_t *b,
				    size_t n)
{
	size_t o = 0;

	buf[0] = 0;
	for (size_t i = 0; i < n && o + 3 < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%02x", b[i]);
}

/*
 * Decode with two different poison patterns in *out beforehand: if any
 * member were left unwritten on some path, the two results would differ.
 * Returns false on such a difference; *out and *rc get the first result.
 */
static inline bool x86_mem_decode_poisoned(enum x86_cpu_mode mode,
					   const uint8_t *bytes, size_t n,
					   struct x86_mem_insn *out, int *rc)
{
	struct x86_mem_insn a, b;
	int rc_a, rc_b;

	memset(&a, 0xa5, sizeof(a));
	memset(&b, 0x5a, sizeof(b));
	rc_a = x86_decode_mem(mode, bytes, n, &a);
	rc_b = x86_decode_mem(mode, bytes, n, &b);
	*out = a;
	*rc = rc_a;
	return rc_a == rc_b && x86_mem_insn_equal(&a, &b);
}

static inline bool x86_check_mem_none(const struct x86_mem_operand *m)
{
	return m->seg == X86_SEG_NONE && m->base == X86_REG_NONE &&
	       m->index == X86_REG_NONE && m->scale == 0 && m->addr_size == 0 &&
	       !m->rip_rel && m->disp == 0;
}

static inline bool x86_check_size(unsigned s)
{
	return s == 1 || s == 2 || s == 4 || s == 8;
}

/* A used memory operand is well-formed for the mode. */
static inline bool x86_check_mem_valid(enum x86_cpu_mode mode,
				       const struct x86_mem_operand *m)
{
	bool l64 = mode == X86_MODE_LONG64;

	if (m->seg > X86_SEG_GS ||
	    (m->scale != 1 && m->scale != 2 && m->scale != 4 && m->scale != 8))
		return false;
	if (l64 ? m->addr_size != 8 && m->addr_size != 4
		: m->addr_size != 2 && m->addr_size != 4)
		return false;
	if (m->index == X86_REG_NONE ? m->scale != 1
				     : m->index > 15 || m->index == 4)
		return false;
	if (m->base != X86_REG_NONE && m->base > 15)
		return false;
	if (m->rip_rel &&
	    (!l64 || m->base != X86_REG_NONE || m->index != X86_REG_NONE))
		return false;
	if (!l64 && (m->base > 7 && m->base != X86_REG_NONE))
		return false;
	if (!l64 && (m->index > 7 && m->index != X86_REG_NONE))
		return false;
	/* In 64-bit mode only FS/GS overrides survive. */
	if (l64 && (m->seg == X86_SEG_CS))
		return false;
	if (m->addr_size == 2) {
		/* BX BP SI DI bases, SI DI indexes, disp16 range. */
		if (m->base != X86_REG_NONE && m->base != 3 && m->base != 5 &&
		    m->base != 6 && m->base != 7)
			return false;
		if (m->index != X86_REG_NONE && m->index != 6 && m->index != 7)
			return false;
	}
	return true;
}

/*
 * Rules any result must satisfy: the return code matches the op, the
 * declined result is all "none", sizes and registers are in range, the
 * kind and access flags are the documented combinations.
 */
static inline bool x86_mem_result_valid(enum x86_cpu_mode mode, size_t avail,
					const struct x86_mem_insn *a, int rc)
{
	static const uint32_t kind_access[] = {
		0,
		AXVCPU_ACCESS_READ,
		AXVCPU_ACCESS_WRITE,
		AXVCPU_ACCESS_READ | AXVCPU_ACCESS_WRITE,
		AXVCPU_ACCESS_READ,
		AXVCPU_ACCESS_READ | AXVCPU_ACCESS_WRITE,
		AXVCPU_ACCESS_READ,
		AXVCPU_ACCESS_READ | AXVCPU_ACCESS_WRITE | AXVCPU_ACCESS_ATOMIC,
	};
	bool str = a->op == X86_OP_MOVS || a->op == X86_OP_STOS ||
		   a->op == X86_OP_LODS;
	bool l64 = mode == X86_MODE_LONG64;

	if (a->op == X86_OP_NONE || rc != 0)
		return rc == AXVCPU_EINVAL && a->op == X86_OP_NONE &&
		       a->kind == X86_KIND_NONE && a->access == 0 &&
		       a->len == 0 && a->op_size == 0 && a->mem_size == 0 &&
		       !a->sign_ext && !a->mem_first &&
		       a->other == X86_OPND_NONE && a->reg == 0 &&
		       !a->reg_high8 && a->imm == 0 &&
		       x86_check_mem_none(&a->mem) &&
		       x86_check_mem_none(&a->mem2) && a->rep == X86_REP_NONE &&
		       a->str_regs == 0 && !a->lock;
	if ((unsigned)a->op >= X86_OP_COUNT || a->kind == X86_KIND_NONE ||
	    (unsigned)a->kind > X86_KIND_XCHG)
		return false;
	if (a->len < 1 || a->len > X86_INSN_MAX_LEN || a->len > avail)
		return false;
	if (!x86_check_size(a->op_size) || !x86_check_size(a->mem_size) ||
	    a->mem_size > a->op_size || (a->op_size == 8 && !l64))
		return false;
	if (a->mem_size != a->op_size &&
	    !(a->op == X86_OP_MOVZX || a->op == X86_OP_MOVSX ||
	      a->op == X86_OP_MOVSXD))
		return false;
	if (a->sign_ext &&
	    (a->kind != X86_KIND_LOAD || a->mem_size >= a->op_size))
		return false;
	if ((a->access & ~(uint32_t)AXVCPU_ACCESS_ATOMIC) !=
	    (kind_access[a->kind] & ~(uint32_t)AXVCPU_ACCESS_ATOMIC))
		return false;
	if (!!(a->access & AXVCPU_ACCESS_ATOMIC) !=
	    (a->lock || a->op == X86_OP_XCHG))
		return false;
	if (a->lock && a->kind != X86_KIND_ALU_TO_MEM &&
	    a->kind != X86_KIND_XCHG)
		return false;
	if (a->other == X86_OPND_REG) {
		if (a->reg > 15 || (!l64 && a->reg > 7))
			return false;
		if (a->reg_high8 &&
		    (a->reg > 3 || a->op_size != 1 || a->op == X86_OP_MOVZX ||
		     a->op == X86_OP_MOVSX))
			return false;
	} else if (a->reg != 0 || a->reg_high8) {
		return false;
	}
	if (a->other == X86_OPND_IMM
		? a->imm > x86_check_mask(a->op == X86_OP_BT ? 1 : a->op_size)
		: a->imm != 0)
		return false;
	if ((unsigned)a->other > X86_OPND_IMM)
		return false;
	if (!x86_check_mem_valid(mode, &a->mem))
		return false;
	if (a->op == X86_OP_MOVS
		? !x86_check_mem_valid(mode, &a->mem2) ||
		      a->mem2.seg != X86_SEG_ES || a->mem2.base != 7
		: !x86_check_mem_none(&a->mem2))
		return false;
	if (!str && (a->rep != X86_REP_NONE || a->str_regs != 0))
		return false;
	if (str && (a->str_regs & X86_STR_RCX) != (a->rep ? X86_STR_RCX : 0))
		return false;
	if (a->op == X86_OP_BT && a->op_size == 1)
		return false;
	return true;
}

#endif /* AXVCPU_TESTS_X86_MEM_CHECK_H */
