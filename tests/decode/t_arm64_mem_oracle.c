/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cross-check arm64_decode_mem() against llvm-mc on every encoding class
 * of the A64 load/store space, in one llvm-mc run. Any disagreement fails
 * the test and is printed.
 *
 * Each class is described by its fixed bits and its fields. Every value of
 * the opcode fields (size, V, opc, option, S, o0..o3, A/R, L, the SIMD
 * opcode...) is enumerated; for each, every Rt is combined with every Rn
 * (or with eight Rn patterns for the larger classes), the other register
 * fields take a canonical value (31 for should-be-one fields, distinct
 * registers otherwise) or one of a list of patterns (equal to Rt or Rn, 0,
 * 31, random...), and the immediate one of its edges (0, 1, the largest
 * positive and negative values, all ones, random). Random words follow.
 *
 * Environment: AXVCPU_ORACLE_SEED (PRNG seed, default fixed),
 * AXVCPU_ORACLE_RANDOM (random words per random group, default 150000),
 * LLVM_MC (the llvm-mc binary), AXVCPU_ORACLE_DUMP (a file to write the
 * words to, one hex word a line, to replay a part of the run by hand).
 */
#include "arm64_mem_check.h"
#include "arm64_mem_oracle.h"
#include "oracle_corpus.h"
#include "tests/lib/tap.h"

#include <string.h>

/* A bit field of the instruction word. */
struct fs {
	uint8_t lo, len;
};

enum canon { C_SBO, C_DISTINCT, C_ZERO };

struct cls {
	const char *name;
	uint32_t fixed;   /* the class's fixed bits */
	struct fs opc[7]; /* enumerated: every combination */
	int nopc;
	struct fs extra[2]; /* other register fields */
	int nextra;
	enum canon canon; /* their canonical value */
	struct fs imm;    /* len 0: none */
	int rn_count;     /* 32: every Rn; 8 or 2: patterns; 0: no Rn */
	int words;        /* words per (Rt, Rn): 1 or 2 */
};

#define F(lo, len)                                                             \
	{                                                                      \
		lo, len                                                        \
	}
#define SIZE F(30, 2)
#define V F(26, 1)
#define OPC F(22, 2)

static const struct cls classes[] = {
	{ "LDR/STR (unsigned offset)",
	  0x39000000,
	  { SIZE, V, OPC },
	  3,
	  { { 0 } },
	  0,
	  C_SBO,
	  F(10, 12),
	  32,
	  2 },
	{ "LDUR/STUR (unscaled)",
	  0x38000000,
	  { SIZE, V, OPC },
	  3,
	  { { 0 } },
	  0,
	  C_SBO,
	  F(12, 9),
	  32,
	  2 },
	{ "LDR/STR (post-index)",
	  0x38000400,
	  { SIZE, V, OPC },
	  3,
	  { { 0 } },
	  0,
	  C_SBO,
	  F(12, 9),
	  32,
	  2 },
	{ "LDTR/STTR (unprivileged)",
	  0x38000800,
	  { SIZE, V, OPC },
	  3,
	  { { 0 } },
	  0,
	  C_SBO,
	  F(12, 9),
	  32,
	  2 },
	{ "LDR/STR (pre-index)",
	  0x38000c00,
	  { SIZE, V, OPC },
	  3,
	  { { 0 } },
	  0,
	  C_SBO,
	  F(12, 9),
	  32,
	  2 },
	{ "LDR/STR (register offset): option x S x Rm",
	  0x38200800,
	  { SIZE, V, OPC, F(13, 3), F(12, 1) },
	  5,
	  { F(16, 5) },
	  1,
	  C_DISTINCT,
	  F(0, 0),
	  8,
	  1 },
	{ "LDR/LDRSW/PRFM (literal)",
	  0x18000000,
	  { SIZE, V },
	  2,
	  { { 0 } },
	  0,
	  C_SBO,
	  F(5, 19),
	  0,
	  16 },
	{ "LDP/STP/LDPSW/LDNP/STNP: mode x opc x V x L",
	  0x28000000,
	  { SIZE, V, F(23, 2), F(22, 1) },
	  4,
	  { F(10, 5) },
	  1,
	  C_DISTINCT,
	  F(15, 7),
	  32,
	  2 },
	{ "exclusives, LDAR/STLR/LDLAR/STLLR, CAS/CASP",
	  0x08000000,
	  { SIZE, F(23, 1), F(22, 1), F(21, 1), F(15, 1) },
	  5,
	  { F(16, 5), F(10, 5) },
	  2,
	  C_SBO,
	  F(0, 0),
	  32,
	  2 },
	{ "atomics, SWP, LDAPR, LD64B/ST64B",
	  0x38200000,
	  { SIZE, V, F(23, 1), F(22, 1), F(15, 1), F(12, 3) },
	  6,
	  { F(16, 5) },
	  1,
	  C_SBO,
	  F(0, 0),
	  8,
	  1 },
	{ "LDAPUR/STLUR (RCpc unscaled)",
	  0x19000000,
	  { SIZE, V, OPC },
	  3,
	  { { 0 } },
	  0,
	  C_SBO,
	  F(12, 9),
	  32,
	  2 },
	{ "CPY/SET (MOPS)",
	  0x19000400,
	  { SIZE, F(26, 1), F(22, 2), F(12, 4) },
	  4,
	  { F(16, 5) },
	  1,
	  C_DISTINCT,
	  F(0, 0),
	  8,
	  1 },
	{ "SIMD multiple structures (and post-index)",
	  0x0c000000,
	  { F(30, 1), F(23, 1), F(22, 1), F(12, 4), F(10, 2) },
	  5,
	  { F(16, 5) },
	  1,
	  C_ZERO,
	  F(0, 0),
	  2,
	  1 },
	{ "SIMD single structure (and post-index)",
	  0x0d000000,
	  { F(30, 1), F(23, 1), F(22, 1), F(21, 1), F(13, 3), F(12, 1),
	    F(10, 2) },
	  7,
	  { F(16, 5) },
	  1,
	  C_ZERO,
	  F(0, 0),
	  2,
	  1 },
	{ "LDRAA/LDRAB (not claimed)",
	  0x38200400,
	  { SIZE, V, F(23, 1), F(22, 1), F(11, 1) },
	  5,
	  { { 0 } },
	  0,
	  C_SBO,
	  F(12, 9),
	  8,
	  1 },
	{ "MTE tag loads/stores (not claimed)",
	  0xd9200000,
	  { F(22, 2), F(10, 2) },
	  2,
	  { { 0 } },
	  0,
	  C_SBO,
	  F(12, 9),
	  8,
	  1 },
};

#define NCLASSES (int)(sizeof(classes) / sizeof(classes[0]))
/* Group ids: one per class, then the random groups. */
#define G_RAND_LS NCLASSES
#define G_RAND_ALL (NCLASSES + 1)
#define G_COUNT (NCLASSES + 2)
_Static_assert(G_COUNT <= ORACLE_MAX_GROUPS, "oracle_tally's groups");

static uint32_t put(uint32_t w, struct fs f, uint32_t v)
{
	uint32_t mask = (f.len == 32 ? ~0u : (1u << f.len) - 1u) << f.lo;

	return (w & ~mask) | ((v << f.lo) & mask);
}

/* The edges of an immediate field (raw bits), picked by k. */
static uint32_t imm_edge(struct fs f, unsigned k)
{
	uint32_t all = (1u << f.len) - 1u, half = 1u << (f.len - 1);
	const uint32_t edges[8] = { 0,   1, half - 1, half,
				    all, 2, all - 1,  oracle_rng32() & all };
	return edges[k % 8];
}

/* Register patterns for the extra fields: equalities, 0, 31, random. */
static uint32_t reg_pattern(unsigned k, uint32_t rt, uint32_t rn)
{
	const uint32_t p[10] = { 31,
				 rt,
				 rn,
				 0,
				 1,
				 30,
				 (rt + 1) & 31,
				 rn ^ 1,
				 oracle_rng32() & 31,
				 31 };
	return p[k % 10];
}

static const uint32_t rn_patterns[8] = { 31, 0, 1, 30, 17, 2, 29, 16 };

static void sweep_class(struct oracle_corpus *c, int g)
{
	const struct cls *k = &classes[g];
	unsigned opc_bits = 0;

	for (int i = 0; i < k->nopc; i++)
		opc_bits += k->opc[i].len;
	for (uint32_t combo = 0; combo < 1u << opc_bits; combo++) {
		uint32_t base = k->fixed, v = combo;
		for (int i = 0; i < k->nopc; i++) {
			base = put(base, k->opc[i], v);
			v >>= k->opc[i].len;
		}
		for (uint32_t rt = 0; rt < 32; rt++) {
			int nrn = k->rn_count ? k->rn_count : 1;
			for (int ri = 0; ri < nrn; ri++) {
				uint32_t rn = k->rn_count == 32 ? (uint32_t)ri
					      : ri == 1 ? rt /* Rn == Rt */
							: rn_patterns[ri];
				for (int wi = 0; wi < k->words; wi++) {
					unsigned sel = rt * 3 +
						       (unsigned)ri * 5 +
						       (unsigned)wi * 7 + combo;
					bool canonical =
					    k->words == 1
						? ((rt ^ (unsigned)ri) & 1) == 0
						: wi == 0;
					uint32_t w =
					    put(base, (struct fs)F(0, 5), rt);
					if (k->rn_count)
						w = put(w, (struct fs)F(5, 5),
							rn);
					for (int j = 0; j < k->nextra; j++) {
						uint32_t r;
						if (!canonical)
							r = reg_pattern(
							    sel +
								3u *
								    (unsigned)j,
							    rt, rn);
						else if (k->canon == C_SBO)
							r = 31;
						else if (k->canon == C_ZERO)
							r = 0;
						else /* distinct from Rt, Rn */
							for (r = (rt + 1 +
								  (unsigned)j) &
								 31;
							     r == rt || r == rn;
							     r = (r + 1) & 31)
								;
						w = put(w, k->extra[j], r);
					}
					if (k->imm.len)
						w = put(
						    w, k->imm,
						    imm_edge(k->imm,
							     k->words > 2
								 ? (unsigned)wi
								 : sel));
					oracle_corpus_add(c, w, g);
				}
			}
		}
	}
}

static void corpus_build(struct oracle_corpus *c, unsigned n_random)
{
	for (int g = 0; g < NCLASSES; g++)
		sweep_class(c, g);
	/* The load/store space is op0 = x1x0 in bits 28:25. */
	for (unsigned k = 0; k < n_random; k++)
		oracle_corpus_add(c, (oracle_rng32() | 1u << 27) & ~(1u << 25),
				  G_RAND_LS);
	for (unsigned k = 0; k < n_random / 2; k++)
		oracle_corpus_add(c, oracle_rng32(), G_RAND_ALL);
}

int main(void)
{
	unsigned n_random = oracle_env_random(150000);
	struct oracle_corpus c = { 0 };
	struct a64_verdict *v;
	struct oracle_tally t = { 0 };
	size_t n_load = 0, n_store = 0, n_fp = 0, n_atomic = 0, n_prfm = 0,
	       n_rw = 0, n_soft = 0, n_invalid = 0, n_undec = 0;
	char err[512];
	uint64_t seed = oracle_env_seed(0xa64a11ce5eedull);

	oracle_rng_seed(seed);
	corpus_build(&c, n_random);
	tap_diag("seed 0x%llx, %zu words", (unsigned long long)seed, c.n);
	if (getenv("AXVCPU_ORACLE_DUMP")) {
		FILE *f = fopen(getenv("AXVCPU_ORACLE_DUMP"), "w");
		for (size_t i = 0; f && i < c.n; i++)
			fprintf(f, "%08x\n", (unsigned)c.words[i]);
		if (!f || fclose(f) != 0)
			tap_diag("cannot write AXVCPU_ORACLE_DUMP");
	}
	v = calloc(c.n, sizeof(*v));
	if (!v) {
		printf("Bail out! out of memory\n");
		return 1;
	}
	if (!tap_ok(a64_oracle_disasm(c.words, c.n, v, err, sizeof(err)) == 0,
		    "llvm-mc disassembled %zu words in step with the input",
		    c.n)) {
		tap_diag("%s", err);
		goto out;
	}

	for (size_t i = 0; i < c.n; i++) {
		struct arm64_mem_access exp;
		char why[600];

		a64_oracle_expect(&v[i], &exp);
		n_soft += v[i].softfail;
		if (!v[i].valid)
			n_invalid++;
		else if (exp.kind == ARM64_MEM_LOAD)
			n_load++;
		else if (exp.kind == ARM64_MEM_STORE)
			n_store++;
		else if (exp.access_flags & AXVCPU_ACCESS_FP)
			n_fp++;
		else if (exp.access_flags & AXVCPU_ACCESS_ATOMIC)
			n_atomic++;
		else if (exp.access_flags == 0)
			n_prfm++;
		else if (exp.access_flags & AXVCPU_ACCESS_UNDECODED)
			n_undec++;
		else
			n_rw++;

		oracle_tally(
		    &t, c.group[i],
		    a64_oracle_check(c.words[i], &v[i], why, sizeof(why)), why);
	}

	/*
	 * The oracle must have recognised every kind, or a broken llvm-mc
	 * setup (missing extension, changed output format) would make the
	 * comparison vacuous.
	 */
	tap_diag("llvm-mc verdicts: %zu loads, %zu stores, %zu FP, %zu "
		 "atomic, %zu prefetch, %zu LD64B/ST64B/CPY/SET, %zu other "
		 "valid, %zu invalid; %zu potentially undefined",
		 n_load, n_store, n_fp, n_atomic, n_prfm, n_rw, n_undec,
		 n_invalid, n_soft);
	tap_ok(n_load > 100000 && n_store > 50000 && n_fp > 50000 &&
		   n_atomic > 50000 && n_prfm > 1000 && n_rw > 1000 &&
		   n_undec > 1000 && n_invalid > 100000 && n_soft > 1000,
	       "the oracle recognised every kind of word");
	for (int g = 0; g < G_COUNT; g++) {
		const char *name = g < NCLASSES     ? classes[g].name
				   : g == G_RAND_LS ? "random words in the "
						      "load/store space"
						    : "random 32-bit words";
		tap_ok(t.checked[g] > 0 && t.bad[g] == 0,
		       "%s: %zu words, %zu "
		       "mismatches",
		       name, t.checked[g], t.bad[g]);
	}
	tap_diag("total: %zu words compared with llvm-mc, %zu mismatches", c.n,
		 t.total_bad);
out:
	free(v);
	oracle_corpus_free(&c);
	return tap_done(0);
}
