/* SPDX-License-Identifier: Apache-2.0 */
/* The MTRR MSRs as storage with the CPU's validity checks. */
#include "x86_mtrr.h"

#define MSR_MTRRCAP 0xfeu
#define MSR_DEF_TYPE 0x2ffu
#define MSR_VAR_FIRST 0x200u
#define CAP_VALUE (X86_MTRR_VAR | (1u << 8) | (1u << 10)) /* FIX, WC */

static const uint32_t mtrr_fixed_msrs[X86_MTRR_FIXED] = {
	0x250, 0x258, 0x259, 0x268, 0x269, 0x26a,
	0x26b, 0x26c, 0x26d, 0x26e, 0x26f,
};

static int mtrr_fixed_index(uint32_t msr)
{
	for (unsigned i = 0; i < X86_MTRR_FIXED; i++)
		if (mtrr_fixed_msrs[i] == msr)
			return (int)i;
	return -1;
}

static bool mtrr_type_ok(unsigned t)
{
	return t == 0 || t == 1 || t == 4 || t == 5 || t == 6;
}

bool x86_mtrr_is(uint32_t msr)
{
	return msr == MSR_MTRRCAP || msr == MSR_DEF_TYPE ||
	       (msr >= MSR_VAR_FIRST &&
		msr < MSR_VAR_FIRST + 2 * X86_MTRR_VAR) ||
	       mtrr_fixed_index(msr) >= 0;
}

void x86_mtrr_reset(struct x86_mtrr *m)
{
	*m = (struct x86_mtrr){ 0 };
}

bool x86_mtrr_read(const struct x86_mtrr *m, uint32_t msr, uint64_t *val)
{
	int f = mtrr_fixed_index(msr);
	if (msr == MSR_MTRRCAP)
		*val = CAP_VALUE;
	else if (msr == MSR_DEF_TYPE)
		*val = m->def_type;
	else if (msr >= MSR_VAR_FIRST && msr < MSR_VAR_FIRST + 2 * X86_MTRR_VAR)
		*val = m->var[msr - MSR_VAR_FIRST];
	else if (f >= 0)
		*val = m->fixed[f];
	else
		return false;
	return true;
}

bool x86_mtrr_write(struct x86_mtrr *m, uint32_t msr, uint64_t val,
		    unsigned phys_bits)
{
	uint64_t addr =
	    (phys_bits >= 64 ? ~0ull : (1ull << phys_bits) - 1) & ~0xfffull;
	int f = mtrr_fixed_index(msr);
	if (msr == MSR_DEF_TYPE) {
		if ((val & ~0xcffull) || !mtrr_type_ok(val & 0xff))
			return false;
		m->def_type = val;
		return true;
	}
	if (msr >= MSR_VAR_FIRST && msr < MSR_VAR_FIRST + 2 * X86_MTRR_VAR) {
		bool mask = (msr - MSR_VAR_FIRST) & 1;
		uint64_t ok = addr | (mask ? 0x800u : 0xffu);
		if ((val & ~ok) || (!mask && !mtrr_type_ok(val & 0xff)))
			return false;
		m->var[msr - MSR_VAR_FIRST] = val;
		return true;
	}
	if (f >= 0) {
		for (unsigned i = 0; i < 8; i++)
			if (!mtrr_type_ok((val >> (8 * i)) & 0xff))
				return false;
		m->fixed[f] = val;
		return true;
	}
	return false; /* MTRRcap is read-only */
}
