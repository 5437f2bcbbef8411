/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the llvm-mc oracle tests (t_riscv_mem_oracle.c,
 * t_arm64_mem_oracle.c) share: a corpus of words, each in a group that is
 * one TAP line; a seeded PRNG; their environment knobs; and the tally of
 * words checked and mismatched per group.
 */
#ifndef AXVCPU_TESTS_ORACLE_CORPUS_H
#define AXVCPU_TESTS_ORACLE_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Most groups a corpus may have. */
#define ORACLE_MAX_GROUPS 64

/** Words and the group of each (zero-initialised: empty). */
struct oracle_corpus {
	uint32_t *words;
	uint8_t *group;
	size_t n, cap;
};

/** Add `w` in group `g` (TAP "Bail out!" and exit when out of memory). */
void oracle_corpus_add(struct oracle_corpus *c, uint32_t w, unsigned g);

/** Free the corpus. */
void oracle_corpus_free(struct oracle_corpus *c);

/** Seed the PRNG (splitmix64). */
void oracle_rng_seed(uint64_t seed);

/** The next 32 pseudo-random bits (the upper half of splitmix64). */
uint32_t oracle_rng32(void);

/** $AXVCPU_ORACLE_SEED if set, else `dflt`. */
uint64_t oracle_env_seed(uint64_t dflt);

/** $AXVCPU_ORACLE_RANDOM (random words per random group), else `dflt`. */
unsigned oracle_env_random(unsigned dflt);

/** Words checked and mismatched per group. */
struct oracle_tally {
	size_t checked[ORACLE_MAX_GROUPS], bad[ORACLE_MAX_GROUPS];
	size_t total_bad;
};

/**
 * Count one word of group `g`; a mismatch (`ok` false) is also shown as a
 * TAP diagnosis "mismatch: <why>", for the first 10 of each group.
 */
void oracle_tally(struct oracle_tally *t, unsigned g, bool ok, const char *why);

#endif /* AXVCPU_TESTS_ORACLE_CORPUS_H */
