/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the PLIC model driven by a byte-coded sequence of
 * guest register accesses (any width, offsets in and around every
 * register block) and device line changes. After every step it checks
 * what must hold whatever the guest does: no source both pending and in
 * service, pending only while its line is high (or was, until claimed),
 * nothing past ndev, priorities and thresholds in range, every context's
 * output as last told equal to the output recomputed, and a claim only
 * ever returning a source that was pending and enabled with priority > 0.
 *
 * Input: steps of 4 bytes:
 *   op     bits 1:0 kind (0 read, 1 write, 2 line), bits 3:2 width
 *          (1, 2, 4, 8), bits 6:4 register block (priority, pending,
 *          enable, threshold, claim, just past the end, random, far)
 *   a, b   context / source / word selectors
 *   value  the value written (repeated), or the line level (bit 0)
 */
#include "vmm/plic.h"

#include <stdlib.h>

#define NCTX 6u
#define NDEV 40u

static struct vmm_plic p;
static bool told[VMM_PLIC_MAX_CONTEXTS];

static void check(int cond)
{
	if (!cond)
		abort();
}

static void output(void *ctx, unsigned c, bool level)
{
	(void)ctx;
	check(c < NCTX);
	check(told[c] != level); /* told only on a change */
	told[c] = level;
}

static uint64_t offset_of(unsigned block, unsigned a, unsigned b)
{
	switch (block) {
	case 0:
		return 4u * (b % 64);
	case 1:
		return 0x1000u + 4u * (b % 8);
	case 2:
		return 0x2000u + 0x80u * (a % 8) + 4u * (b % 8);
	case 3:
		return 0x200000u + 0x1000u * (a % 8);
	case 4:
		return 0x200004u + 0x1000u * (a % 8);
	case 5:
		return VMM_PLIC_SIZE - 8 + (b % 8);
	case 6:
		return ((uint64_t)a << 16 | (uint64_t)b << 4) % VMM_PLIC_SIZE;
	default:
		return 0x200000u + 0x1000u * (uint64_t)a + b;
	}
}

static void invariants(void)
{
	for (unsigned w = 0; w < VMM_PLIC_WORDS; w++) {
		check(!(p.pending[w] & p.active[w]));
		check(!(p.pending[w] & ~p.level[w]));
		for (unsigned c = NCTX; c < VMM_PLIC_MAX_CONTEXTS; c++)
			check(p.enable[c][w] == 0);
	}
	check(!(p.pending[0] & 1) && !(p.active[0] & 1));
	for (unsigned id = NDEV + 1; id < VMM_PLIC_MAX_SOURCES; id++) {
		check(!((p.pending[id / 32] >> (id % 32)) & 1));
		check(p.priority[id] == 0);
	}
	for (unsigned id = 0; id < VMM_PLIC_MAX_SOURCES; id++)
		check(p.priority[id] <= VMM_PLIC_MAX_PRIORITY);
	for (unsigned c = 0; c < VMM_PLIC_MAX_CONTEXTS; c++) {
		check(p.threshold[c] <= VMM_PLIC_MAX_PRIORITY);
		check(told[c] == vmm_plic_output(&p, c));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (unsigned c = 0; c < VMM_PLIC_MAX_CONTEXTS; c++)
		told[c] = false;
	vmm_plic_init(&p, NDEV, NCTX, output, 0);
	for (size_t i = 0; i + 4 <= size; i += 4) {
		unsigned op = data[i], a = data[i + 1], b = data[i + 2];
		uint64_t val = data[i + 3] * 0x0101010101010101ull;
		unsigned width = 1u << ((op >> 2) & 3);
		uint64_t off = offset_of((op >> 4) & 7, a, b);
		switch (op & 3) {
		case 0: {
			/* What a claim may return, decided beforehand. */
			unsigned c = (unsigned)((off - 0x200004u) / 0x1000u);
			bool claim = width == 4 && off >= 0x200004u &&
				     (off - 0x200004u) % 0x1000u == 0 &&
				     c < NCTX;
			uint32_t pend[VMM_PLIC_WORDS], en[VMM_PLIC_WORDS];
			for (unsigned w = 0; claim && w < VMM_PLIC_WORDS; w++) {
				pend[w] = p.pending[w];
				en[w] = p.enable[c][w];
			}
			uint64_t v = 0;
			check(vmm_plic_ops.read(&p, off, width, &v) == 0);
			if (claim && v) {
				check(v <= NDEV);
				check((pend[v / 32] & en[v / 32]) >> (v % 32) &
				      1);
				check(p.priority[v] > 0);
				check(p.active[v / 32] >> (v % 32) & 1);
			}
			break;
		}
		case 1:
			check(vmm_plic_ops.write(&p, off, width, val) == 0);
			break;
		default:
			vmm_plic_set_irq(&p, b % (NDEV + 8), val & 1);
			break;
		}
		invariants();
	}
	vmm_plic_reset(&p);
	invariants();
	return 0;
}
