/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the fuzz targets that check instruction words against llvm-mc in
 * batches share (fuzz_riscv_mem.c, fuzz_arm64_mem.c): the set of words
 * already sent to the oracle, and the ways out (a reproducer file on a
 * mismatch, an abort on a broken setup).
 */
#ifndef AXVCPU_TESTS_ORACLE_FUZZ_H
#define AXVCPU_TESTS_ORACLE_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** fprintf(stderr, fmt, msg), a newline, and abort. */
__attribute__((noreturn)) void oracle_fuzz_die(const char *fmt,
					       const char *msg);

/**
 * Write the input `bytes` to mismatch-`target`-`name` (in
 * $AXVCPU_FUZZ_ARTIFACTS, or the current directory) as a reproducer, say
 * so on stderr, and abort. The caller has printed the mismatch.
 */
__attribute__((noreturn)) void oracle_fuzz_reproducer(const char *target,
						      const char *name,
						      const uint8_t *bytes,
						      size_t len);

/** Allocate the set of words seen (aborts when out of memory). */
void oracle_fuzz_seen_init(const char *target);

/**
 * True if `w` was queued for the oracle before, and remembers it
 * otherwise (2^22 slots; forgotten when half full: at worst a word is
 * checked again).
 */
bool oracle_fuzz_seen(uint32_t w);

#endif /* AXVCPU_TESTS_ORACLE_FUZZ_H */
