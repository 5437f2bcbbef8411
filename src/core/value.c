/* SPDX-License-Identifier: Apache-2.0 */
/* Width truncation and zero/sign extension of completed reads. */
#include "vcpu_internal.h"

bool value_width_valid(unsigned width)
{
	return width == 1 || width == 2 || width == 4 || width == 8;
}

static uint64_t value_mask(unsigned bytes)
{
	return bytes >= 8 ? ~(uint64_t)0 : (((uint64_t)1 << (bytes * 8)) - 1);
}

uint64_t value_extend(uint64_t value, unsigned width, unsigned reg_width,
		      bool sign_ext)
{
	uint64_t v = value & value_mask(width);
	if (sign_ext && width < 8) {
		uint64_t sign = (uint64_t)1 << (width * 8 - 1);
		v = (v ^ sign) - sign;
	}
	return v & value_mask(reg_width);
}
