/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reading a libFuzzer input as a stream of little-endian integers, shared
 * by the VM-layer fuzz targets. An exhausted input reads as zeros. Each
 * byte is read in its own statement: `a() | a() << 8` would leave the byte
 * order to the compiler (the calls are unsequenced).
 */
#ifndef AXVCPU_TESTS_FUZZ_INPUT_H
#define AXVCPU_TESTS_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t take8(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint64_t take16(struct in *in)
{
	uint64_t lo = take8(in);
	uint64_t hi = take8(in);
	return lo | hi << 8;
}

static inline uint64_t take64(struct in *in)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64; shift += 16)
		v |= take16(in) << shift;
	return v;
}

#endif /* AXVCPU_TESTS_FUZZ_INPUT_H */
