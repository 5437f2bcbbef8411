/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target for arm64_decode_mem() and arm64_decode_esr_mem(),
 * the instruction decoder cross-checked against llvm-mc.
 *
 * The input's first 4 bytes (little-endian, zero-padded) are the
 * instruction word; the next 8, when present, an ESR_EL2 value. Each input
 * is checked at once against the result rules (arm64_mem_check.h: out
 * fully written, ranges, flag combinations, no writeback into a data
 * register...), then the word against LLVM's disassembler: new words are
 * queued and sent to llvm-mc in batches of BATCH (one process per batch,
 * since an exec per input would be ~1000x slower than the decoder); the
 * queue is also flushed at exit, so running the binary on one file checks
 * that file. On a mismatch the word is printed, written to
 * mismatch-arm64_mem-<hex> (in $AXVCPU_FUZZ_ARTIFACTS or the current
 * directory) as a reproducer, and the process aborts. Statistics are
 * printed at exit.
 */
#include "tests/decode/arm64_mem_check.h"
#include "tests/decode/arm64_mem_oracle.h"
#include "tests/fuzz/oracle_fuzz.h"

#include <stdio.h>
#include <stdlib.h>

#define BATCH 8192

static uint32_t batch[BATCH];
static size_t batch_n;

static unsigned long long n_inputs, n_esr, n_checked, n_batches, n_ldst;

/* Writes the input that failed (word, and ESR if it was the ESR). */
static void report_mismatch(const uint8_t *bytes, size_t len, const char *what,
			    const char *why)
{
	char hex[40] = "";

	for (size_t i = 0; i < len && i < 12; i++)
		snprintf(hex + 2 * i, sizeof(hex) - 2 * i, "%02x", bytes[i]);
	fprintf(stderr, "fuzz_arm64_mem: MISMATCH (%s) %s\n", what, why);
	oracle_fuzz_reproducer("arm64_mem", hex, bytes, len);
}

static void report_word(uint32_t word, const char *why)
{
	uint8_t bytes[4] = { (uint8_t)word, (uint8_t)(word >> 8),
			     (uint8_t)(word >> 16), (uint8_t)(word >> 24) };

	report_mismatch(bytes, sizeof(bytes), "instruction", why);
}

static void batch_flush(void)
{
	static struct a64_verdict v[BATCH];
	char err[512], why[700];

	if (batch_n == 0)
		return;
	if (a64_oracle_disasm(batch, batch_n, v, err, sizeof(err)) != 0)
		oracle_fuzz_die("fuzz_arm64_mem: oracle failed: %s", err);
	n_batches++;
	for (size_t i = 0; i < batch_n; i++) {
		if (!a64_oracle_check(batch[i], &v[i], why, sizeof(why)))
			report_word(batch[i], why);
		n_checked++;
	}
	batch_n = 0;
}

static void at_exit(void)
{
	batch_flush();
	fprintf(stderr,
		"fuzz_arm64_mem: %llu inputs (%llu decoded as loads/stores, "
		"%llu with an ESR checked), %llu distinct words checked "
		"against llvm-mc in %llu batches, 0 mismatches\n",
		n_inputs, n_ldst, n_esr, n_checked, n_batches);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	oracle_fuzz_seen_init("arm64_mem");
	atexit(at_exit);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arm64_mem_access a;
	uint32_t w = 0;
	char why[512], g[300];
	int rc;

	for (size_t i = 0; i < size && i < 4; i++)
		w |= (uint32_t)data[i] << (8 * i);
	n_inputs++;

	if (!arm64_mem_decode_poisoned(w, &a, &rc) ||
	    !arm64_mem_result_valid(&a, rc)) {
		arm64_mem_access_format(g, sizeof(g), rc, &a);
		snprintf(why, sizeof(why), "0x%08x: bad result %s", (unsigned)w,
			 g);
		report_word(w, why);
	}
	n_ldst += rc == 0;
	if (arm64_decode_mem(w, NULL) != AXVCPU_EINVAL)
		report_word(w, "NULL out not refused");

	if (size >= 12) {
		uint64_t esr = 0;
		for (size_t i = 0; i < 8; i++)
			esr |= (uint64_t)data[4 + i] << (8 * i);
		if (!arm64_esr_decode_poisoned(esr, &a, &rc) ||
		    !arm64_esr_result_valid(esr, &a, rc)) {
			arm64_mem_access_format(g, sizeof(g), rc, &a);
			snprintf(why, sizeof(why),
				 "esr 0x%016llx: bad result %s",
				 (unsigned long long)esr, g);
			report_mismatch(data, 12, "syndrome", why);
		}
		n_esr++;
	}

	if (!oracle_fuzz_seen(w)) {
		batch[batch_n++] = w;
		if (batch_n == BATCH)
			batch_flush();
	}
	return 0;
}
