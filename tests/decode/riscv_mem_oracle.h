/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An independent oracle for the RISC-V load/store decoder: LLVM's RISC-V
 * disassembler (llvm-mc), run as a separate process on a batch of words.
 *
 * What LLVM says an instruction is (its mnemonic and first operand) is
 * turned into the access it must make through a table keyed by mnemonic,
 * written from the ISA manual; nothing here looks at the decoder's bit
 * fields. One documented gap: LLVM 14 has no Q extension, so FLQ/FSQ, which
 * it reports as invalid, are expected by the spec's encoding rule instead.
 *
 * Used by the oracle test (oracle_riscv_mem.c) and the fuzz target.
 */
#ifndef AXVCPU_TESTS_RISCV_MEM_ORACLE_H
#define AXVCPU_TESTS_RISCV_MEM_ORACLE_H

#include "src/decode/riscv_mem.h"

#include <stddef.h>

/** What llvm-mc said about one word. */
struct oracle_verdict {
	/** llvm-mc decoded it (no "invalid instruction encoding"). */
	bool valid;
	/** The mnemonic without aliases, e.g. "c.lwsp", "amoadd.w.aq". */
	char mnemonic[32];
	/** The first operand if it is an x register ("x10" -> 10), else -1. */
	int first_xreg;
};

/**
 * Disassemble `n` words with llvm-mc in one process. Compressed words
 * (bits 1:0 != 0b11) are given to llvm-mc as their low 2 bytes only, the
 * others as 4 bytes. The output is matched back to the input through the
 * encoding llvm-mc echoes, and the set of words it rejected is checked
 * against its warnings line by line, so a lost or shifted word is an error,
 * not a silent mismatch.
 *
 * The llvm-mc binary is $LLVM_MC if set, else "llvm-mc".
 * Returns 0, or -1 with a message in `err`.
 */
int oracle_llvm_disasm(const uint32_t *words, size_t n,
		       struct oracle_verdict *out, char *err, size_t errsize);

/** What the oracle expects the decoder to return for `word`. */
void oracle_expect(uint32_t word, const struct oracle_verdict *v,
		   struct riscv_mem_access *exp);

/**
 * Decode `word` with riscv_decode_mem() and compare with oracle_expect().
 * Returns true if they agree; otherwise describes both in `why`.
 */
bool oracle_check(uint32_t word, const struct oracle_verdict *v, char *why,
		  size_t whysize);

#endif /* AXVCPU_TESTS_RISCV_MEM_ORACLE_H */
