/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the CFI flash model driven by a byte-coded sequence of
 * guest reads and writes (any width, offsets inside and just past the
 * bank). After every step: bits only ever go from 1 to 0, except by a
 * block erase, which leaves a whole aligned block 0xFF; nothing outside
 * the backing store is touched (ASan guards the ends).
 *
 * Input: steps of 4 bytes: op (bit 0 write, bits 2:1 width 1/2/4/8),
 * two offset bytes, a value byte (repeated over the width).
 */
#include "vmm/cfi_flash.h"

#include <stdlib.h>
#include <string.h>

#define SIZE 4096u
#define BLOCK 1024u

static struct vmm_cfi_flash f;
static uint8_t *mem;
static uint8_t before[SIZE];

static void check(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!mem)
		mem = malloc(SIZE); /* exactly SIZE: ASan sees overruns */
	memset(mem, 0xff, SIZE);
	check(vmm_cfi_flash_init(&f, mem, SIZE, BLOCK) == 0);
	for (size_t i = 0; i + 4 <= size; i += 4) {
		unsigned op = data[i];
		uint64_t off =
		    (uint64_t)(data[i + 1] | data[i + 2] << 8) % (SIZE + 16);
		uint64_t val = data[i + 3] * 0x0101010101010101ull;
		unsigned width = 1u << ((op >> 1) & 3);
		memcpy(before, mem, SIZE);
		uint64_t erases = f.erases;
		if (op & 1) {
			check(vmm_cfi_flash_ops.write(&f, off, width, val) ==
			      0);
		} else {
			uint64_t v;
			check(vmm_cfi_flash_ops.read(&f, off, width, &v) == 0);
		}
		if (f.erases != erases) {
			/* One whole aligned block went to 0xFF. */
			unsigned erased = 0;
			for (unsigned b = 0; b < SIZE; b += BLOCK) {
				int changed =
				    memcmp(before + b, mem + b, BLOCK);
				if (!changed)
					continue;
				erased++;
				for (unsigned k = 0; k < BLOCK; k++)
					check(mem[b + k] == 0xff);
			}
			check(erased <= 1);
		} else {
			for (unsigned k = 0; k < SIZE; k++)
				check((mem[k] & ~before[k]) == 0);
		}
	}
	return 0;
}
