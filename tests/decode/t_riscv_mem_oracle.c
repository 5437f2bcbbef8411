/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cross-check riscv_decode_mem() against llvm-mc on every 16-bit word and
 * a few hundred thousand systematic and random 32-bit words, in one
 * llvm-mc run. Any disagreement fails the test and is printed.
 *
 * Environment: AXVCPU_ORACLE_SEED (PRNG seed, default fixed),
 * AXVCPU_ORACLE_RANDOM (random words per random group, default 100000),
 * LLVM_MC (the llvm-mc binary).
 */
#include "oracle_corpus.h"
#include "riscv_mem_check.h"
#include "riscv_mem_oracle.h"
#include "tests/lib/tap.h"

#include <string.h>

enum group {
	G_C16,      /* every compressed 16-bit word */
	G_OPCODES,  /* every 32-bit opcode x funct3, random fill */
	G_MEMREGS,  /* memory opcodes x funct3 x every register */
	G_AMO,      /* AMO funct3 x funct5 x aq/rl x rs2 */
	G_RAND32,   /* random 32-bit words */
	G_RANDMEM,  /* random words in the memory opcodes */
	G_C16UPPER, /* random compressed words with garbage above */
	G_COUNT
};
_Static_assert(G_COUNT <= ORACLE_MAX_GROUPS, "oracle_tally's groups");

static const char *const group_names[G_COUNT] = {
	"all compressed 16-bit words",
	"every 32-bit opcode x funct3 (random fill)",
	"LOAD/STORE/LOAD-FP/STORE-FP x funct3 x every rd and rs2",
	"AMO funct3 x funct5 x aq/rl x rs2 edges",
	"random 32-bit words",
	"random words in the memory opcodes",
	"random compressed words with garbage in the upper half",
};

static const uint32_t mem_opcodes[] = { 0x03, 0x07, 0x23, 0x27, 0x2f };

static void corpus_build(struct oracle_corpus *c, unsigned n_random)
{
	for (uint32_t w = 0; w < 0x10000; w++)
		if ((w & 3u) != 3u)
			oracle_corpus_add(c, w, G_C16);

	for (uint32_t op = 3; op < 128; op += 4)
		for (uint32_t f3 = 0; f3 < 8; f3++)
			for (int k = 0; k < 8; k++)
				oracle_corpus_add(c,
						  (oracle_rng32() & ~0x707fu) |
						      f3 << 12 | op,
						  G_OPCODES);

	for (size_t i = 0; i < 4; i++)
		for (uint32_t f3 = 0; f3 < 8; f3++)
			for (uint32_t r = 0; r < 32; r++)
				for (int k = 0; k < 2; k++) {
					uint32_t fill =
					    oracle_rng32() & ~0x707fu;
					uint32_t base =
					    f3 << 12 | mem_opcodes[i];
					/* r as rd (bits 11:7) ... */
					oracle_corpus_add(c,
							  (fill & ~(31u << 7)) |
							      r << 7 | base,
							  G_MEMREGS);
					/* ... and as rs2 (bits 24:20) */
					oracle_corpus_add(
					    c,
					    (fill & ~(31u << 20)) | r << 20 |
						base,
					    G_MEMREGS);
				}

	for (uint32_t f3 = 0; f3 < 8; f3++)
		for (uint32_t f5 = 0; f5 < 32; f5++)
			for (uint32_t aqrl = 0; aqrl < 4; aqrl++) {
				static const uint32_t rs2s[] = { 0, 1, 31 };
				for (size_t k = 0; k < 3; k++) {
					uint32_t fill =
					    oracle_rng32() & 0x000f8f80u;
					oracle_corpus_add(
					    c,
					    f5 << 27 | aqrl << 25 |
						rs2s[k] << 20 | f3 << 12 |
						fill | 0x2fu,
					    G_AMO);
				}
			}

	for (unsigned k = 0; k < n_random; k++)
		oracle_corpus_add(c, oracle_rng32() | 3u, G_RAND32);
	for (unsigned k = 0; k < n_random; k++)
		oracle_corpus_add(
		    c, (oracle_rng32() & ~0x7fu) | mem_opcodes[k % 5],
		    G_RANDMEM);
	for (unsigned k = 0; k < n_random / 5; k++) {
		uint32_t w = oracle_rng32();
		if ((w & 3u) == 3u)
			w &= ~1u;
		oracle_corpus_add(c, w, G_C16UPPER);
	}
}

int main(void)
{
	unsigned n_random = oracle_env_random(100000);
	struct oracle_corpus c = { 0 };
	struct oracle_verdict *v;
	struct oracle_tally t = { 0 };
	size_t llvm_loads = 0, llvm_stores = 0, llvm_fp = 0, llvm_atomic = 0,
	       llvm_invalid = 0, llvm_other = 0;
	char err[512];
	uint64_t seed = oracle_env_seed(0x0a11ce5eedull);

	oracle_rng_seed(seed);
	corpus_build(&c, n_random);
	tap_diag("seed 0x%llx, %zu words", (unsigned long long)seed, c.n);
	v = calloc(c.n, sizeof(*v));
	if (!v) {
		printf("Bail out! out of memory\n");
		return 1;
	}
	if (!tap_ok(oracle_llvm_disasm(c.words, c.n, v, err, sizeof(err)) == 0,
		    "llvm-mc disassembled %zu words in step with the input",
		    c.n)) {
		tap_diag("%s", err);
		goto out;
	}

	for (size_t i = 0; i < c.n; i++) {
		struct riscv_mem_access exp;
		char why[400];

		oracle_expect(c.words[i], &v[i], &exp);
		if (!v[i].valid)
			llvm_invalid++;
		else if (exp.kind == RISCV_MEM_LOAD)
			llvm_loads++;
		else if (exp.kind == RISCV_MEM_STORE)
			llvm_stores++;
		else if (exp.access_flags & AXVCPU_ACCESS_FP)
			llvm_fp++;
		else if (exp.access_flags & AXVCPU_ACCESS_ATOMIC)
			llvm_atomic++;
		else
			llvm_other++;

		oracle_tally(&t, c.group[i],
			     oracle_check(c.words[i], &v[i], why, sizeof(why)),
			     why);
	}

	/*
	 * The oracle must have told us something about every class, or a
	 * broken llvm-mc setup (missing extension, changed output format)
	 * would make the comparison vacuous.
	 */
	tap_diag("llvm-mc verdicts: %zu loads, %zu stores, %zu FP, %zu "
		 "atomic, %zu other valid, %zu invalid",
		 llvm_loads, llvm_stores, llvm_fp, llvm_atomic, llvm_other,
		 llvm_invalid);
	tap_ok(llvm_loads > 10000 && llvm_stores > 10000 && llvm_fp > 1000 &&
		   llvm_atomic > 1000 && llvm_other > 10000 &&
		   llvm_invalid > 10000,
	       "the oracle recognised loads, stores, FP, atomics, other and "
	       "invalid words");
	for (int g = 0; g < G_COUNT; g++) {
		tap_ok(t.checked[g] > 0 && t.bad[g] == 0,
		       "%s: %zu words, %zu mismatches", group_names[g],
		       t.checked[g], t.bad[g]);
	}
	tap_diag("total: %zu words compared with llvm-mc, %zu mismatches", c.n,
		 t.total_bad);
out:
	free(v);
	oracle_corpus_free(&c);
	return tap_done(0);
}
