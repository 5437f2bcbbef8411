/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An independent oracle for the AArch64 load/store decoder: LLVM's AArch64
 * disassembler (llvm-mc), run as a separate process on a batch of words.
 *
 * What LLVM prints (mnemonic and operand text) is turned into the access
 * the instruction must make by a table keyed by mnemonic and by parsing the
 * operands (registers, the memory operand, "!" and post-index immediates,
 * extend/shift, literal offsets), written from the Arm ARM; nothing here
 * looks at the decoder's bit fields. LLVM's "potentially undefined
 * instruction encoding" warning is kept as `softfail`.
 *
 * Used by the oracle test (t_arm64_mem_oracle.c) and the fuzz target.
 */
#ifndef AXVCPU_TESTS_ARM64_MEM_ORACLE_H
#define AXVCPU_TESTS_ARM64_MEM_ORACLE_H

#include "src/decode/arm64_mem.h"

#include <stddef.h>

/** What llvm-mc said about one word. */
struct a64_verdict {
	/** llvm-mc decoded it (no "invalid instruction encoding"). */
	bool valid;
	/** llvm-mc warned "potentially undefined instruction encoding". */
	bool softfail;
	/** The mnemonic, e.g. "ldrsb", "ldaddalh". */
	char mnemonic[24];
	/** The operand text, e.g. "w0, [x1, #-256]!". */
	char operands[96];
};

/**
 * Disassemble `n` words with llvm-mc in one process. Each warning on stderr
 * names its input line (invalid: missing from stdout; potentially
 * undefined: present), and each stdout line must echo the encoding of the
 * next word not invalid (except for the should-be-one fields llvm-mc
 * re-encodes, see echo_matches()), so a lost, extra or shifted word is an
 * error, not a silent mismatch.
 *
 * The llvm-mc binary is $LLVM_MC if set, else "llvm-mc".
 * Returns 0, or -1 with a message in `err`.
 */
int a64_oracle_disasm(const uint32_t *words, size_t n, struct a64_verdict *out,
		      char *err, size_t errsize);

/**
 * What the oracle expects the decoder to return for a word llvm-mc
 * described as `v`. Returns the expected return code.
 */
int a64_oracle_expect(const struct a64_verdict *v,
		      struct arm64_mem_access *exp);

/**
 * Decode `word` with arm64_decode_mem() and compare with
 * a64_oracle_expect(). Returns true if they agree; otherwise describes
 * both in `why`.
 */
bool a64_oracle_check(uint32_t word, const struct a64_verdict *v, char *why,
		      size_t whysize);

#endif /* AXVCPU_TESTS_ARM64_MEM_ORACLE_H */
