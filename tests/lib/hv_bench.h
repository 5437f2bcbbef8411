/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file tests/lib/hv_bench.h
 * What the bare-metal benchmark programs (tests/<arch>/hv/prog_bench.c)
 * share: samples per measured kind, their median, and ratios printed
 * with two decimals. Each program keeps its clocks, counters and floor.
 */
#ifndef TESTS_HV_BENCH_H
#define TESTS_HV_BENCH_H

#include <stdint.h>

/** Most samples kept of one kind (later ones are dropped). */
#define HVB_MAX 16u

/** The samples of one kind, in arrival order until hvb_median(). */
struct hvb_samples {
	uint64_t v[HVB_MAX];
	unsigned n;
};

/** Keep `v` (dropped once HVB_MAX are kept). Inline: it sits beside
 * the measured code. */
static inline void hvb_record(struct hvb_samples *s, uint64_t v)
{
	if (s->n < HVB_MAX)
		s->v[s->n++] = v;
}

/** The median of the samples (sorting them in place), 0 if none. */
uint64_t hvb_median(struct hvb_samples *s);

/** Print "name=x/y" with two decimals ("name=0.00" if y is 0). */
void hvb_print_ratio(const char *name, uint64_t x, uint64_t y);

#endif /* TESTS_HV_BENCH_H */
