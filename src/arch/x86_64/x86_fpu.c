/* SPDX-License-Identifier: Apache-2.0 */
/* The guest FP save area and its switch. */
#include "x86_fpu.h"

void x86_fpu_area_init(void *area)
{
	uint64_t *q = area;
	for (unsigned i = 0; i < X86_FPU_AREA_SIZE / 8; i++)
		q[i] = 0;
	uint8_t *b = area;
	/* FCW = 0x37f (all exceptions masked, extended precision). */
	b[0] = 0x7f;
	b[1] = 0x03;
	/* MXCSR = 0x1f80 at offset 24 (XRSTOR loads it for SSE or AVX). */
	b[24] = 0x80;
	b[25] = 0x1f;
	/* The XSAVE header (offset 512) stays 0: XSTATE_BV says every
	 * component is in its initial state, standard format. */
}

void x86_fpu_save(void *area, bool xsave, uint64_t xcr0)
{
	if (xsave)
		x86_fpu_xsave(area, xcr0);
	else
		x86_fpu_fxsave(area);
}

void x86_fpu_load(const void *area, bool xsave, uint64_t xcr0)
{
	if (xsave)
		x86_fpu_xrstor(area, xcr0);
	else
		x86_fpu_fxrstor(area);
}
