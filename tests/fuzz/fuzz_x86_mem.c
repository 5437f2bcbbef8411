/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target for x86_decode_mem(), cross-checked against Zydis.
 *
 * Input: the first byte picks the CPU mode (low 2 bits: real, prot16,
 * prot32, long64); the rest (up to 16 bytes are looked at) are the
 * instruction bytes, all of them available to the decoder. Each input is
 * checked for:
 *  - the result rules (x86_mem_check.h: every member written, ranges,
 *    kind/access combinations, the declined result all "none");
 *  - agreement with Zydis (x86_mem_oracle.h), in process, on every input;
 *  - a decoded instruction depends on its own bytes only: the same result
 *    with exactly `len` bytes available and with the bytes after it
 *    changed, and a decline with one byte fewer;
 *  - NULL arguments are refused.
 * On a failure the input is printed, written to mismatch-x86_mem-<hash>
 * (in $AXVCPU_FUZZ_ARTIFACTS or the current directory) as a reproducer,
 * and the process aborts; running the binary on that file reproduces it.
 * Statistics are printed at exit.
 */
#include "tests/decode/x86_mem_check.h"
#include "tests/decode/x86_mem_oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BYTES 16

static unsigned long long n_inputs, n_decoded[4], n_zydis_valid;

static void report(const uint8_t *data, size_t size, const char *why)
{
	const char *dir = getenv("AXVCPU_FUZZ_ARTIFACTS");
	char path[512];
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a names the file */
	FILE *f;

	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 0x100000001b3ull;
	fprintf(stderr, "fuzz_x86_mem: MISMATCH %s\n", why);
	snprintf(path, sizeof(path), "%s%smismatch-x86_mem-%016llx",
		 dir ? dir : "", dir ? "/" : "", (unsigned long long)h);
	f = fopen(path, "wb");
	if (f) {
		fwrite(data, 1, size, f);
		fclose(f);
		fprintf(stderr, "fuzz_x86_mem: reproducer written to %s\n",
			path);
	}
	abort();
}

static void at_exit(void)
{
	fprintf(stderr,
		"fuzz_x86_mem: %llu inputs, decoded real/prot16/prot32/long64 "
		"%llu/%llu/%llu/%llu, %llu valid for Zydis, all agreeing with "
		"Zydis, 0 mismatches\n",
		n_inputs, n_decoded[0], n_decoded[1], n_decoded[2],
		n_decoded[3], n_zydis_valid);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	atexit(at_exit);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum x86_cpu_mode mode;
	uint8_t b[MAX_BYTES], alt[MAX_BYTES], *exact;
	struct x86_mem_insn a, c;
	struct x86_oracle_verdict v;
	char why[2048], s[512], hex[64];
	size_t n;
	bool acc;
	int rc;

	if (size == 0)
		return 0;
	mode = (enum x86_cpu_mode)(data[0] & 3u);
	n = size - 1 < MAX_BYTES ? size - 1 : MAX_BYTES;
	/* A heap copy of exactly n bytes: ASan catches any read past them.
	 */
	exact = malloc(n ? n : 1);
	if (!exact)
		abort();
	memcpy(exact, data + 1, n);
	memcpy(b, data + 1, n);
	n_inputs++;
	if (x86_decode_mem(mode, exact, n, &a) !=
	    x86_decode_mem(mode, b, n, &c))
		report(data, size, "differs from its own copy");
	free(exact);

	if (!x86_mem_decode_poisoned(mode, b, n, &a, &rc) ||
	    !x86_mem_result_valid(mode, n, &a, rc)) {
		x86_bytes_format(hex, sizeof(hex), b, n);
		x86_mem_insn_format(s, sizeof(s), rc, &a);
		snprintf(why, sizeof(why), "mode %d %s: bad result %s",
			 (int)mode, hex, s);
		report(data, size, why);
	}
	if (!x86_oracle_check(mode, b, n, why, sizeof(why), &acc))
		report(data, size, why);
	x86_oracle_expect(mode, b, n, &v);
	n_zydis_valid += v.zydis_valid;

	if (rc == 0) {
		n_decoded[mode]++;
		/* Exactly len bytes: the same answer. */
		if (x86_decode_mem(mode, b, a.len, &c) != 0 ||
		    !x86_mem_insn_equal(&a, &c))
			report(data, size, "differs with exactly len bytes");
		/* One byte fewer: truncated, declined. */
		if (x86_decode_mem(mode, b, a.len - 1u, &c) != AXVCPU_EINVAL)
			report(data, size, "accepted with len - 1 bytes");
		/* The bytes after the instruction do not matter. */
		memcpy(alt, b, n);
		for (size_t i = a.len; i < n; i++)
			alt[i] = (uint8_t)~alt[i];
		if (x86_decode_mem(mode, alt, n, &c) != 0 ||
		    !x86_mem_insn_equal(&a, &c))
			report(data, size, "depends on bytes after len");
	}
	if (x86_decode_mem(mode, b, n, NULL) != AXVCPU_EINVAL)
		report(data, size, "NULL out not refused");
	memset(&c, 0x5a, sizeof(c));
	if (x86_decode_mem(mode, NULL, n, &c) != AXVCPU_EINVAL ||
	    !x86_mem_result_valid(mode, n, &c, AXVCPU_EINVAL))
		report(data, size, "NULL bytes not refused cleanly");
	return 0;
}
