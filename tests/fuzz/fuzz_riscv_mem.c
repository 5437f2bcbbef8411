/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target for riscv_decode_mem(), cross-checked against llvm-mc.
 *
 * The input's first 4 bytes (little-endian, zero-padded) are the
 * instruction word. Each input is checked at once for the result rules
 * (riscv_mem_check.h: out fully written, ranges, flag combinations), then
 * against LLVM's disassembler:
 *  - compressed words: against a table of all 2^16 llvm-mc verdicts built
 *    once at start-up, so a mismatch crashes on the very input;
 *  - 32-bit words: new words are queued and sent to llvm-mc in batches of
 *    BATCH (one process per batch, since an exec per input would be
 *    ~1000x slower than the decoder); the queue is also flushed at exit,
 *    so running the binary on one file checks that file.
 * On a mismatch the word is printed, written to mismatch-riscv_mem-<hex>
 * (in $AXVCPU_FUZZ_ARTIFACTS or the current directory) as a reproducer,
 * and the process aborts. Statistics are printed at exit.
 */
#include "tests/decode/riscv_mem_check.h"
#include "tests/decode/riscv_mem_oracle.h"
#include "tests/fuzz/oracle_fuzz.h"

#include <stdio.h>
#include <stdlib.h>

#define BATCH 8192

static struct oracle_verdict c16_verdict[0x10000];
static uint32_t batch[BATCH];
static size_t batch_n;

static unsigned long long n_inputs, n_c16, n_32_checked, n_batches;

static void report_mismatch(uint32_t word, const char *why)
{
	uint8_t bytes[4] = { (uint8_t)word, (uint8_t)(word >> 8),
			     (uint8_t)(word >> 16), (uint8_t)(word >> 24) };
	char name[16];

	fprintf(stderr, "fuzz_riscv_mem: MISMATCH %s\n", why);
	snprintf(name, sizeof(name), "%08x", (unsigned)word);
	oracle_fuzz_reproducer("riscv_mem", name, bytes, sizeof(bytes));
}

static void batch_flush(void)
{
	static struct oracle_verdict v[BATCH];
	char err[512], why[512];

	if (batch_n == 0)
		return;
	if (oracle_llvm_disasm(batch, batch_n, v, err, sizeof(err)) != 0)
		oracle_fuzz_die("fuzz_riscv_mem: oracle failed: %s", err);
	n_batches++;
	for (size_t i = 0; i < batch_n; i++) {
		if (!oracle_check(batch[i], &v[i], why, sizeof(why)))
			report_mismatch(batch[i], why);
		n_32_checked++;
	}
	batch_n = 0;
}

static void at_exit(void)
{
	batch_flush();
	fprintf(stderr,
		"fuzz_riscv_mem: %llu inputs, %llu compressed checked against "
		"the llvm-mc table, %llu new 32-bit words (deduplicated) "
		"checked against llvm-mc in %llu batches, 0 mismatches\n",
		n_inputs, n_c16, n_32_checked, n_batches);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static uint32_t words[0x10000];
	static struct oracle_verdict v[0x10000];
	char err[512];
	size_t n = 0;

	(void)argc;
	(void)argv;
	for (uint32_t w = 0; w < 0x10000; w++)
		if ((w & 3u) != 3u)
			words[n++] = w;
	if (oracle_llvm_disasm(words, n, v, err, sizeof(err)) != 0)
		oracle_fuzz_die("fuzz_riscv_mem: oracle failed: %s", err);
	for (size_t i = 0; i < n; i++)
		c16_verdict[words[i]] = v[i];
	oracle_fuzz_seen_init("riscv_mem");
	atexit(at_exit);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct riscv_mem_access a;
	uint32_t w = 0;
	char why[512], g[128];
	int rc;

	for (size_t i = 0; i < size && i < 4; i++)
		w |= (uint32_t)data[i] << (8 * i);
	n_inputs++;

	if (!riscv_mem_decode_poisoned(w, &a, &rc) ||
	    !riscv_mem_result_valid(w, &a, rc)) {
		riscv_mem_access_format(g, sizeof(g), rc, &a);
		snprintf(why, sizeof(why), "0x%08x: bad result %s", (unsigned)w,
			 g);
		report_mismatch(w, why);
	}
	if (riscv_decode_mem(w, NULL) != AXVCPU_EINVAL)
		report_mismatch(w, "NULL out not refused");

	if ((w & 3u) != 3u) {
		/* The upper half must not matter: use the low half's entry. */
		if (!oracle_check(w, &c16_verdict[w & 0xffffu], why,
				  sizeof(why)))
			report_mismatch(w, why);
		n_c16++;
		return 0;
	}
	if (!oracle_fuzz_seen(w)) {
		batch[batch_n++] = w;
		if (batch_n == BATCH)
			batch_flush();
	}
	return 0;
}
