/* SPDX-License-Identifier: Apache-2.0 */
/* What the loaders share (not part of the VM layer's API). */
#ifndef AXVCPU_VMM_LOAD_INTERNAL_H
#define AXVCPU_VMM_LOAD_INTERNAL_H

#include "vmm/loader.h"

/*
 * Check that guest range [gpa, gpa + size) (`what`: "segment", "image")
 * is backed by guest memory and misses every keep-out range of `rules`
 * (NULL: none). 0, or AXVCPU_ENOTFOUND / AXVCPU_EBUSY with info->error
 * naming the range and the cause.
 */
int vmm_load_check_range(const struct vmm_mem *mem,
			 const struct vmm_load_rules *rules, uint64_t gpa,
			 uint64_t size, const char *what,
			 struct vmm_load_info *info);

#endif /* AXVCPU_VMM_LOAD_INTERNAL_H */
