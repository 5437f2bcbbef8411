/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An independent oracle for the x86 MMIO decoder: Zydis 4 (Debian
 * libzydis-dev), called in process.
 *
 * What Zydis says an instruction is (mnemonic, category, operands with
 * their sizes and read/write actions, prefixes it accepted) is turned into
 * the result the decoder must give, by rules written from the manuals and
 * Zydis's own documentation; nothing here looks at the decoder's tables.
 * Anything Zydis rejects (invalid, LOCK where #UD, too long, truncated)
 * must be declined; anything it decodes as one of the claimed operations
 * with a memory operand must be decoded, identically. Two documented
 * exclusions: MOV to or from a segment register (8C/8E), and MOVSXD with
 * a 16-bit operand size (Intel and AMD differ), are not claimed.
 *
 * Used by the oracle test (t_x86_mem_oracle.c) and the fuzz target.
 */
#ifndef AXVCPU_TESTS_X86_MEM_ORACLE_H
#define AXVCPU_TESTS_X86_MEM_ORACLE_H

#include "src/decode/x86_mem.h"

#include <stddef.h>

/** What Zydis says about one byte string. */
struct x86_oracle_verdict {
	/** AXVCPU_EINVAL if the decoder must decline, else 0. */
	int rc;
	/** The result the decoder must give when rc is 0. */
	struct x86_mem_insn exp;
	/** Zydis decoded the bytes (as something, claimed or not). */
	bool zydis_valid;
	/** Zydis's Intel-syntax text, or its status, for messages. */
	char text[160];
};

/** Ask Zydis what `bytes` (n of them) are in `mode`. */
void x86_oracle_expect(enum x86_cpu_mode mode, const uint8_t *bytes, size_t n,
		       struct x86_oracle_verdict *v);

/**
 * Decode `bytes` with x86_decode_mem() and compare with the oracle.
 * Returns true if they agree; otherwise describes both in `why`.
 * `*accepted` (may be NULL) says whether the instruction was decoded.
 */
bool x86_oracle_check(enum x86_cpu_mode mode, const uint8_t *bytes, size_t n,
		      char *why, size_t whysize, bool *accepted);

#endif /* AXVCPU_TESTS_X86_MEM_ORACLE_H */
