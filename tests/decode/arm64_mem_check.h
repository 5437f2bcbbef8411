/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the AArch64 decoder's unit test, oracle test and fuzz
 * target: comparing and printing results, decoding with poisoned output
 * (to catch members left unwritten), and the rules every result must obey
 * whatever the input word.
 */
#ifndef AXVCPU_TESTS_ARM64_MEM_CHECK_H
#define AXVCPU_TESTS_ARM64_MEM_CHECK_H

#include "src/decode/arm64_mem.h"

#include <stdio.h>
#include <string.h>

static inline bool arm64_mem_access_equal(const struct arm64_mem_access *a,
					  const struct arm64_mem_access *b)
{
	/* Member by member: padding bytes are not part of the result. */
	return a->kind == b->kind && a->width == b->width &&
	       a->nregs == b->nregs && a->rt == b->rt && a->rt2 == b->rt2 &&
	       a->sign_ext == b->sign_ext && a->reg_width == b->reg_width &&
	       a->len == b->len && a->unpriv == b->unpriv &&
	       a->order == b->order && a->addr_mode == b->addr_mode &&
	       a->rn == b->rn && a->rm == b->rm && a->extend == b->extend &&
	       a->shift == b->shift && a->imm == b->imm &&
	       a->writeback == b->writeback &&
	       a->access_flags == b->access_flags;
}

static inline void arm64_mem_access_format(char *buf, size_t size, int rc,
					   const struct arm64_mem_access *a)
{
	static const char *const kinds[] = { "LOAD", "STORE", "OTHER" };
	static const char *const modes[] = { "none", "imm", "reg", "lit" };
	static const char *const wbs[] = { "", " pre", " post" };
	const char *kind = (unsigned)a->kind < 3 ? kinds[a->kind] : "?";
	const char *mode =
	    (unsigned)a->addr_mode < 4 ? modes[a->addr_mode] : "?";
	const char *wb = (unsigned)a->writeback < 3 ? wbs[a->writeback] : " ?";

	snprintf(buf, size,
		 "rc=%d %s w=%u n=%u rt=%u rt2=%u sx=%d rw=%u len=%u up=%d "
		 "ord=%u %s rn=%u rm=%u ext=%u sh=%u imm=%lld%s flags=0x%x",
		 rc, kind, a->width, a->nregs, a->rt, a->rt2, (int)a->sign_ext,
		 a->reg_width, a->len, (int)a->unpriv, (unsigned)a->order, mode,
		 a->rn, a->rm, (unsigned)a->extend, a->shift, (long long)a->imm,
		 wb, (unsigned)a->access_flags);
}

/*
 * Decode with two different poison patterns in *out beforehand: if any
 * member were left unwritten on some path, the two results would differ.
 * Returns false on such a difference; *out and *rc get the first result.
 */
static inline bool
arm64_mem_decode_poisoned(uint32_t insn, struct arm64_mem_access *out, int *rc)
{
	struct arm64_mem_access a, b;
	int rc_a, rc_b;

	memset(&a, 0xa5, sizeof(a));
	memset(&b, 0x5a, sizeof(b));
	rc_a = arm64_decode_mem(insn, &a);
	rc_b = arm64_decode_mem(insn, &b);
	*out = a;
	*rc = rc_a;
	return rc_a == rc_b && arm64_mem_access_equal(&a, &b);
}

/* The same for the syndrome decoder. */
static inline bool
arm64_esr_decode_poisoned(uint64_t esr, struct arm64_mem_access *out, int *rc)
{
	struct arm64_mem_access a, b;
	int rc_a, rc_b;

	memset(&a, 0xa5, sizeof(a));
	memset(&b, 0x5a, sizeof(b));
	rc_a = arm64_decode_esr_mem(esr, &a);
	rc_b = arm64_decode_esr_mem(esr, &b);
	*out = a;
	*rc = rc_a;
	return rc_a == rc_b && arm64_mem_access_equal(&a, &b);
}

static inline bool arm64_mem_in(int64_t v, int64_t lo, int64_t hi)
{
	return v >= lo && v <= hi;
}

/* Where LOAD/STORE may access: the immediate ranges of each form. */
static inline bool arm64_mem_imm_valid(const struct arm64_mem_access *a)
{
	int64_t w = a->width, imm = a->imm;

	if (a->nregs == 2) /* imm7, scaled */
		return imm % w == 0 && arm64_mem_in(imm / w, -64, 63);
	if (a->order == ARM64_MEM_ORDER_ACQUIRE ||
	    a->order == ARM64_MEM_ORDER_RELEASE ||
	    a->order == ARM64_MEM_ORDER_LO_ACQUIRE ||
	    a->order == ARM64_MEM_ORDER_LO_RELEASE)
		return imm == 0 || (a->order == ARM64_MEM_ORDER_RELEASE &&
				    arm64_mem_in(imm, -256, 255)); /* STLUR */
	if (a->writeback != ARM64_MEM_WB_NONE || a->unpriv ||
	    a->order == ARM64_MEM_ORDER_ACQUIRE_PC)
		return arm64_mem_in(imm, -256, 255);
	/* unscaled imm9, or unsigned imm12 scaled */
	return arm64_mem_in(imm, -256, 255) ||
	       (imm % w == 0 && arm64_mem_in(imm / w, 0, 4095));
}

/* The rules of a LOAD/STORE result of arm64_decode_mem(). */
static inline bool arm64_mem_ldst_valid(const struct arm64_mem_access *a)
{
	bool load = a->kind == ARM64_MEM_LOAD;
	unsigned w = a->width, plain_rw = w == 8 ? 8 : 4;

	if (a->access_flags !=
	    (load ? AXVCPU_ACCESS_READ : AXVCPU_ACCESS_WRITE))
		return false;
	if ((w != 1 && w != 2 && w != 4 && w != 8) || a->rt > 31 ||
	    a->rt2 > 31 || a->rn > 31 || a->rm > 31)
		return false;
	/* Plain accesses fill a register of their size (B/H: W);
	 * sign-extending loads a wider one. */
	if (a->sign_ext ? !load || w >= a->reg_width : a->reg_width != plain_rw)
		return false;
	if (a->reg_width != 4 && a->reg_width != 8)
		return false;
	if (a->order != ARM64_MEM_ORDER_NONE) {
		bool acq = a->order == ARM64_MEM_ORDER_ACQUIRE ||
			   a->order == ARM64_MEM_ORDER_ACQUIRE_PC ||
			   a->order == ARM64_MEM_ORDER_LO_ACQUIRE;
		bool rel = a->order == ARM64_MEM_ORDER_RELEASE ||
			   a->order == ARM64_MEM_ORDER_LO_RELEASE;
		if (load ? !acq : !rel)
			return false;
		if (a->nregs != 1 || a->writeback != ARM64_MEM_WB_NONE ||
		    a->unpriv || a->addr_mode != ARM64_MEM_ADDR_BASE_IMM)
			return false;
	}
	if (a->nregs == 1) {
		if (a->rt2 != 0)
			return false;
	} else if (a->nregs == 2) {
		if ((w != 4 && w != 8) || (load && a->rt == a->rt2) ||
		    a->unpriv || a->addr_mode != ARM64_MEM_ADDR_BASE_IMM)
			return false;
	} else {
		return false;
	}
	switch (a->addr_mode) {
	case ARM64_MEM_ADDR_BASE_IMM:
		if (a->rm != 0 || a->extend != ARM64_MEM_EXT_NONE ||
		    a->shift != 0 || !arm64_mem_imm_valid(a))
			return false;
		if (a->writeback == ARM64_MEM_WB_NONE)
			return true;
		if (a->unpriv || (a->writeback != ARM64_MEM_WB_PRE &&
				  a->writeback != ARM64_MEM_WB_POST))
			return false;
		/* No writeback into a data register (31 is SP vs XZR). */
		return a->rn == 31 ||
		       (a->rn != a->rt && (a->nregs == 1 || a->rn != a->rt2));
	case ARM64_MEM_ADDR_BASE_REG:
		return a->nregs == 1 && a->writeback == ARM64_MEM_WB_NONE &&
		       !a->unpriv && a->imm == 0 &&
		       (a->extend == ARM64_MEM_EXT_UXTW ||
			a->extend == ARM64_MEM_EXT_LSL ||
			a->extend == ARM64_MEM_EXT_SXTW ||
			a->extend == ARM64_MEM_EXT_SXTX) &&
		       (a->shift == 0 || (1u << a->shift) == w);
	case ARM64_MEM_ADDR_LITERAL:
		return load && a->nregs == 1 && (w == 4 || w == 8) &&
		       a->rn == 0 && a->rm == 0 &&
		       a->extend == ARM64_MEM_EXT_NONE && a->shift == 0 &&
		       a->writeback == ARM64_MEM_WB_NONE && !a->unpriv &&
		       a->imm % 4 == 0 &&
		       arm64_mem_in(a->imm, -(1 << 20), (1 << 20) - 4);
	default:
		return false;
	}
}

/* The rules of an OTHER result (from either decoder). */
static inline bool arm64_mem_other_valid(const struct arm64_mem_access *a)
{
	const uint32_t r = AXVCPU_ACCESS_READ, w = AXVCPU_ACCESS_WRITE;
	const uint32_t at = AXVCPU_ACCESS_ATOMIC, fp = AXVCPU_ACCESS_FP;
	uint32_t f = a->access_flags;
	unsigned wd = a->width, n = a->nregs;

	/* Everything but the class description is zero. */
	if (a->rt || a->rt2 || a->sign_ext || a->reg_width || a->unpriv ||
	    a->order != ARM64_MEM_ORDER_NONE ||
	    a->addr_mode != ARM64_MEM_ADDR_NONE || a->rn || a->rm ||
	    a->extend != ARM64_MEM_EXT_NONE || a->shift || a->imm ||
	    a->writeback != ARM64_MEM_WB_NONE)
		return false;
	if (wd == 0 && n == 0)
		return f == AXVCPU_ACCESS_UNDECODED || f == 0 || f == r ||
		       f == w || f == (r | w) || f == (fp | r) || f == (fp | w);
	if (f == (fp | r) || f == (fp | w))
		return (n == 1 && (wd == 1 || wd == 2 || wd == 4 || wd == 8 ||
				   wd == 16)) ||
		       (n == 2 && (wd == 4 || wd == 8 || wd == 16));
	if (f == (at | r) || f == (at | w) || f == (at | r | w))
		return (n == 1 && (wd == 1 || wd == 2 || wd == 4 || wd == 8)) ||
		       (n == 2 && (wd == 4 || wd == 8));
	return false;
}

/* Rules any arm64_decode_mem() result must satisfy, whatever the word. */
static inline bool arm64_mem_result_valid(const struct arm64_mem_access *a,
					  int rc)
{
	if (a->len != 4)
		return false;
	switch (a->kind) {
	case ARM64_MEM_LOAD:
	case ARM64_MEM_STORE:
		return rc == 0 && arm64_mem_ldst_valid(a);
	case ARM64_MEM_OTHER:
		return rc == AXVCPU_EINVAL && arm64_mem_other_valid(a);
	}
	return false;
}

/* Rules any arm64_decode_esr_mem() result must satisfy, whatever the ESR. */
static inline bool
arm64_esr_result_valid(uint64_t esr, const struct arm64_mem_access *a, int rc)
{
	const uint32_t r = AXVCPU_ACCESS_READ, w = AXVCPU_ACCESS_WRITE;
	bool load = a->kind == ARM64_MEM_LOAD;
	unsigned wd = a->width;

	if (a->len != (esr & 1u << 25 ? 4 : 2))
		return false;
	if (rc == AXVCPU_ENOTFOUND || rc == AXVCPU_EINVAL)
		return a->kind == ARM64_MEM_OTHER && wd == 0 && a->nregs == 0 &&
		       arm64_mem_other_valid(a) &&
		       (a->access_flags == AXVCPU_ACCESS_UNDECODED ||
			(rc == AXVCPU_EINVAL &&
			 (a->access_flags == r || a->access_flags == w)));
	if (rc != 0 ||
	    (a->kind != ARM64_MEM_LOAD && a->kind != ARM64_MEM_STORE))
		return false;
	/* One register, no addressing or writeback: the syndrome has none. */
	if ((wd != 1 && wd != 2 && wd != 4 && wd != 8) || a->nregs != 1 ||
	    a->rt > 31 || a->rt2 != 0 || a->unpriv ||
	    a->addr_mode != ARM64_MEM_ADDR_NONE || a->rn || a->rm ||
	    a->extend != ARM64_MEM_EXT_NONE || a->shift || a->imm ||
	    a->writeback != ARM64_MEM_WB_NONE ||
	    a->access_flags != (load ? r : w))
		return false;
	if (a->order != ARM64_MEM_ORDER_NONE &&
	    a->order !=
		(load ? ARM64_MEM_ORDER_ACQUIRE : ARM64_MEM_ORDER_RELEASE))
		return false;
	if (a->reg_width != 4 && a->reg_width != 8)
		return false;
	return a->sign_ext ? load && wd < a->reg_width : wd <= a->reg_width;
}

#endif /* AXVCPU_TESTS_ARM64_MEM_CHECK_H */
