/* SPDX-License-Identifier: Apache-2.0 */
/* Corpus, PRNG, knobs and tally of the llvm-mc oracle tests. */
#include "oracle_corpus.h"

#include <stdio.h>
#include <stdlib.h>

static uint64_t rng_state;

void oracle_corpus_add(struct oracle_corpus *c, uint32_t w, unsigned g)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 65536;
		c->words = realloc(c->words, c->cap * sizeof(*c->words));
		c->group = realloc(c->group, c->cap);
		if (!c->words || !c->group) {
			printf("Bail out! out of memory\n");
			exit(1);
		}
	}
	c->words[c->n] = w;
	c->group[c->n] = (uint8_t)g;
	c->n++;
}

void oracle_corpus_free(struct oracle_corpus *c)
{
	free(c->words);
	free(c->group);
	*c = (struct oracle_corpus){ 0 };
}

void oracle_rng_seed(uint64_t seed)
{
	rng_state = seed;
}

uint32_t oracle_rng32(void)
{
	/* splitmix64, upper half */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

uint64_t oracle_env_seed(uint64_t dflt)
{
	const char *s = getenv("AXVCPU_ORACLE_SEED");
	return s ? strtoull(s, NULL, 0) : dflt;
}

unsigned oracle_env_random(unsigned dflt)
{
	const char *s = getenv("AXVCPU_ORACLE_RANDOM");
	return s ? (unsigned)strtoul(s, NULL, 0) : dflt;
}

void oracle_tally(struct oracle_tally *t, unsigned g, bool ok, const char *why)
{
	t->checked[g]++;
	if (ok)
		return;
	if (t->bad[g]++ < 10)
		printf("# mismatch: %s\n", why);
	t->total_bad++;
}
