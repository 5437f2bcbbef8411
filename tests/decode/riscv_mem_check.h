/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the decoder's unit test, oracle test and fuzz target:
 * comparing and printing results, decoding with poisoned output (to catch
 * members left unwritten), and the rules every result must obey whatever
 * the input word.
 */
#ifndef AXVCPU_TESTS_RISCV_MEM_CHECK_H
#define AXVCPU_TESTS_RISCV_MEM_CHECK_H

#include "src/decode/riscv_mem.h"

#include <stdio.h>
#include <string.h>

static inline bool riscv_mem_access_equal(const struct riscv_mem_access *a,
					  const struct riscv_mem_access *b)
{
	/* Member by member: padding bytes are not part of the result. */
	return a->kind == b->kind && a->width == b->width && a->reg == b->reg &&
	       a->sign_ext == b->sign_ext && a->len == b->len &&
	       a->access_flags == b->access_flags;
}

static inline void riscv_mem_access_format(char *buf, size_t size, int rc,
					   const struct riscv_mem_access *a)
{
	static const char *const kinds[] = { "LOAD", "STORE", "OTHER" };
	const char *kind = (unsigned)a->kind < 3 ? kinds[a->kind] : "?";

	snprintf(buf, size,
		 "rc=%d %s width=%u reg=%u sign_ext=%d len=%u flags=0x%x", rc,
		 kind, a->width, a->reg, (int)a->sign_ext, a->len,
		 (unsigned)a->access_flags);
}

/*
 * Decode with two different poison patterns in *out beforehand: if any
 * member were left unwritten on some path, the two results would differ.
 * Returns false on such a difference; *out and *rc get the first result.
 */
static inline bool
riscv_mem_decode_poisoned(uint32_t insn, struct riscv_mem_access *out, int *rc)
{
	struct riscv_mem_access a, b;
	int rc_a, rc_b;

	memset(&a, 0xa5, sizeof(a));
	memset(&b, 0x5a, sizeof(b));
	rc_a = riscv_decode_mem(insn, &a);
	rc_b = riscv_decode_mem(insn, &b);
	*out = a;
	*rc = rc_a;
	return rc_a == rc_b && riscv_mem_access_equal(&a, &b);
}

/* The instruction length the RISC-V length encoding gives (0: > 32 bit). */
static inline uint8_t riscv_mem_insn_len(uint32_t insn)
{
	if ((insn & 3u) != 3u)
		return 2;
	return (insn & 0x1fu) == 0x1fu ? 0 : 4;
}

/*
 * Rules any result must satisfy: the return code matches the kind, widths
 * and registers are in range, flags are the documented combinations.
 */
static inline bool
riscv_mem_result_valid(uint32_t insn, const struct riscv_mem_access *a, int rc)
{
	const uint32_t r = AXVCPU_ACCESS_READ, w = AXVCPU_ACCESS_WRITE;
	const uint32_t at = AXVCPU_ACCESS_ATOMIC, fp = AXVCPU_ACCESS_FP;
	const uint32_t u = AXVCPU_ACCESS_UNDECODED;
	uint32_t f = a->access_flags;

	if (a->len != riscv_mem_insn_len(insn))
		return false;
	switch (a->kind) {
	case RISCV_MEM_LOAD:
	case RISCV_MEM_STORE:
		if (rc != 0 || a->reg >= 32)
			return false;
		if (a->width != 1 && a->width != 2 && a->width != 4 &&
		    a->width != 8)
			return false;
		if (a->kind == RISCV_MEM_STORE)
			return f == w && !a->sign_ext;
		/* A 64-bit load has nothing to extend. */
		return f == r && !(a->sign_ext && a->width == 8);
	case RISCV_MEM_OTHER:
		if (rc != AXVCPU_EINVAL || a->reg != 0 || a->sign_ext)
			return false;
		if (f == u)
			return a->width == 0;
		if (f == (at | r) || f == (at | w) || f == (at | r | w))
			return a->width == 4 || a->width == 8;
		if (f == (fp | r) || f == (fp | w))
			return a->width == 2 || a->width == 4 ||
			       a->width == 8 || a->width == 16;
		return false;
	}
	return false;
}

#endif /* AXVCPU_TESTS_RISCV_MEM_CHECK_H */
