/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Armv8-A stage-2 format, 4 KiB granule (stage2.c: pure descriptor
 * code, host-tested). The aarch64 backend plugs it into struct
 * axvcpu_stage2_ops with its TLB hook (stage2_hw.c: DSB; TLBI ALLE1IS;
 * DSB; ISB) and programs VTCR_EL2 with a64_stage2_vtcr() and VTTBR_EL2
 * with the root and its VMID.
 */
#ifndef AXVCPU_A64_STAGE2_H
#define AXVCPU_A64_STAGE2_H

#include <axvcpu/backend.h>

/*
 * The format for an IPA space of `ipa_bits` (25..48; 0: `cpu_pa_bits`, or
 * what `levels` can reach, or 40) and `levels` (2..4, starting at lookup
 * level 4 - levels; 0: the fewest for the IPA size, concatenating up to 16
 * root tables). `cpu_pa_bits` is the CPU's physical address size
 * (ID_AA64MMFR0_EL1.PARange; 0: unknown): the IPA space may not be wider.
 * AXVCPU_EINVAL for an IPA size the levels cannot cover (more than 16
 * root tables, or a root of under 2 entries), AXVCPU_EUNSUPPORTED for one
 * level (FEAT_TTST) or more than 48 bits (FEAT_LPA2).
 */
int a64_stage2_format_fill(unsigned ipa_bits, unsigned levels,
			   unsigned cpu_pa_bits,
			   struct axvcpu_stage2_format *out);

/*
 * VTCR_EL2 for tables of `levels` over an IPA space of `ipa_bits`, with
 * output addresses of `pa_bits` (32, 36, 40, 42, 44, 48: VTCR_EL2.PS):
 * T0SZ, SL0, 4 KiB granule, inner-shareable write-back table walks, RES1.
 * VMID size, hardware A/D updates and the rest are the backend's. 0 and
 * *vtcr, or AXVCPU_EINVAL for a layout a64_stage2_format_fill() would not
 * give or an unknown PA size.
 */
int a64_stage2_vtcr(unsigned levels, unsigned ipa_bits, unsigned pa_bits,
		    uint64_t *vtcr);

#endif /* AXVCPU_A64_STAGE2_H */
