/* SPDX-License-Identifier: Apache-2.0 */
/*
 * llvm-mc as an out-of-process oracle for the instruction decoders' tests
 * and fuzz targets (riscv_mem_oracle.c, arm64_mem_oracle.c): one run of
 * the disassembler on a batch of words, its output left in files for the
 * caller's parser. Each oracle keeps its options, its parser and its
 * expectation table.
 */
#ifndef AXVCPU_TESTS_LLVM_MC_H
#define AXVCPU_TESTS_LLVM_MC_H

#include <stddef.h>
#include <stdint.h>

/** snprintf into an oracle's error message buffer. */
void llvm_mc_err(char *err, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/**
 * Reads llvm-mc's stdout and stderr files (`out`, `errs`) into the
 * caller's verdicts (`ctx`). Returns 0, or -1 with a message in `err`.
 */
typedef int (*llvm_mc_parse_fn)(const char *out, const char *errs, void *ctx,
				char *err, size_t errsize);

/**
 * Disassemble `n` words in one llvm-mc process: each word as one input
 * line of its low `len(word)` bytes (2 or 4, little-endian), llvm-mc run
 * with `args`, then `parse` on its output. The binary is $LLVM_MC if set,
 * else "llvm-mc"; the files live in a directory of their own under
 * $TMPDIR (or /tmp) and are removed after. Returns 0, or -1 with a
 * message in `err`.
 */
int llvm_mc_run(const char *args, const uint32_t *words, size_t n,
		unsigned (*len)(uint32_t word), llvm_mc_parse_fn parse,
		void *ctx, char *err, size_t errsize);

#endif /* AXVCPU_TESTS_LLVM_MC_H */
