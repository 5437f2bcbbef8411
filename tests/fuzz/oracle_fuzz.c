/* SPDX-License-Identifier: Apache-2.0 */
/* The word set and the ways out of the llvm-mc fuzz targets. */
#include "oracle_fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Open-addressing set of words already sent to the oracle. */
#define SEEN_BITS 22
#define SEEN_SIZE (1u << SEEN_BITS)

static uint64_t *seen; /* word | 1 << 32; 0 = empty */
static size_t seen_n;

void oracle_fuzz_die(const char *fmt, const char *msg)
{
	fprintf(stderr, fmt, msg);
	fputc('\n', stderr);
	abort();
}

void oracle_fuzz_reproducer(const char *target, const char *name,
			    const uint8_t *bytes, size_t len)
{
	const char *dir = getenv("AXVCPU_FUZZ_ARTIFACTS");
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s%smismatch-%s-%s", dir ? dir : "",
		 dir ? "/" : "", target, name);
	f = fopen(path, "wb");
	if (f) {
		fwrite(bytes, 1, len, f);
		fclose(f);
		fprintf(stderr, "fuzz_%s: reproducer written to %s\n", target,
			path);
	}
	abort();
}

void oracle_fuzz_seen_init(const char *target)
{
	seen = calloc(SEEN_SIZE, sizeof(*seen));
	if (!seen) {
		fprintf(stderr, "fuzz_%s: out of memory\n", target);
		abort();
	}
}

bool oracle_fuzz_seen(uint32_t w)
{
	uint64_t key = (uint64_t)w | 1ull << 32;
	uint32_t h = (w * 2654435761u) >> (32 - SEEN_BITS);

	if (seen_n >= SEEN_SIZE / 2) {
		/* Full enough to slow down: forget, at worst re-check. */
		memset(seen, 0, SEEN_SIZE * sizeof(*seen));
		seen_n = 0;
	}
	for (;; h = (h + 1) & (SEEN_SIZE - 1)) {
		if (seen[h] == key)
			return true;
		if (seen[h] == 0) {
			seen[h] = key;
			seen_n++;
			return false;
		}
	}
}
