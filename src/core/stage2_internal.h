/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The address-space object of stage2.h, shared by the API (stage2.c) and
 * the page-table walker (stage2_table.c). Not installed.
 */
#ifndef AXVCPU_CORE_STAGE2_INTERNAL_H
#define AXVCPU_CORE_STAGE2_INTERNAL_H

#include <axvcpu/backend.h>
#include <stdatomic.h>

struct axvcpu_stage2 {
	/* 1 while a map/unmap/lookup/destroy owns it (EBUSY to others). */
	_Atomic uint32_t busy;
	const struct axvcpu_stage2_ops *ops;
	axvcpu_hpa_t frame; /* this object's own HAL frame */
	unsigned size_bits; /* the address space is 2^size_bits bytes */
	/* Page-table formats: the format, its root and the root's frames. */
	struct axvcpu_stage2_format fmt;
	axvcpu_hpa_t root;
	size_t root_frames;
	/* Own implementations (ops->format NULL): their state. */
	void *priv;
};

_Static_assert(sizeof(struct axvcpu_stage2) <= AXVCPU_FRAME_SIZE,
	       "an address space must fit in one HAL frame");

/* Whether the walker can serve `f` (geometry, members, invalid zero). */
bool stage2_format_usable(const struct axvcpu_stage2_format *f);

/* stage2_table.c: the page-table implementation, s2->fmt filled in. */
int stage2_table_create(struct axvcpu_stage2 *s2);
void stage2_table_destroy(struct axvcpu_stage2 *s2);
int stage2_table_map(struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
		     axvcpu_hpa_t hpa, uint64_t size, uint32_t perm);
int stage2_table_unmap(struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
		       uint64_t size);
int stage2_table_lookup(const struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
			axvcpu_hpa_t *hpa, uint32_t *perm, uint64_t *leaf_size);

#endif /* AXVCPU_CORE_STAGE2_INTERNAL_H */
