/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's MTRRs, kept per vCPU: 8 variable ranges, the fixed ranges
 * and the default type, read back as written (firmware programs them, and
 * U-Boot's SPL refuses to go on without them). Under nested paging the
 * memory type comes from the host's side and the guest's PAT, so these
 * registers are bookkeeping only. Pure and freestanding.
 */
#ifndef AXVCPU_X86_MTRR_H
#define AXVCPU_X86_MTRR_H

#include <stdbool.h>
#include <stdint.h>

#define X86_MTRR_VAR 8u
#define X86_MTRR_FIXED 11u

struct x86_mtrr {
	uint64_t def_type;
	uint64_t var[2 * X86_MTRR_VAR]; /* base, mask pairs */
	uint64_t fixed[X86_MTRR_FIXED];
};

/* Whether `msr` is one of the MTRR MSRs (MTRRcap, default type, variable
 * and fixed ranges). */
bool x86_mtrr_is(uint32_t msr);

/* Power-on state: everything 0 (MTRRs off, uncached). */
void x86_mtrr_reset(struct x86_mtrr *m);

/* Read `msr` into *val; false if it is none of them. */
bool x86_mtrr_read(const struct x86_mtrr *m, uint32_t msr, uint64_t *val);

/* Write `val` to `msr`; false for a value the CPU refuses (#GP): reserved
 * bits, an invalid memory type, MTRRcap. */
bool x86_mtrr_write(struct x86_mtrr *m, uint32_t msr, uint64_t val,
		    unsigned phys_bits);

#endif /* AXVCPU_X86_MTRR_H */
