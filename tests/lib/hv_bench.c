/* SPDX-License-Identifier: Apache-2.0 */
/* Samples, medians and ratios of the benchmark programs (hv_bench.h). */
#include "tests/lib/hv_bench.h"
#include "platform/common/console.h"

uint64_t hvb_median(struct hvb_samples *s)
{
	uint64_t *v = s->v;
	for (unsigned i = 1; i < s->n; i++)
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return s->n ? v[s->n / 2] : 0;
}

void hvb_print_ratio(const char *name, uint64_t x, uint64_t y)
{
	uint64_t r = y ? x * 100 / y : 0;
	hv_printf("%s=%lu.%02lu\n", name, r / 100, r % 100);
}
