/* SPDX-License-Identifier: Apache-2.0 */
/* Guest-physical to host-physical tables of the one VM (stage2.c). */
#ifndef HV_STAGE2_H
#define HV_STAGE2_H

#include "hv.h"

struct hv_stage2 {
	uint64_t root; /* host-physical, 8 KiB aligned */
	unsigned levels, ipa_bits;
};

int hv_stage2_init(struct hv_stage2 *s2);
/* Map [ipa, ipa + size) to [hpa, ...): readable, maybe writable and
 * executable, normal write-back memory. */
int hv_stage2_map(struct hv_stage2 *s2, uint64_t ipa, uint64_t hpa,
		  uint64_t size, bool write, bool exec);

#endif /* HV_STAGE2_H */
