/* SPDX-License-Identifier: Apache-2.0 */
/* The core's way to frames: single ones or contiguous runs (hal.c). */
#ifndef AXVCPU_CORE_HAL_INTERNAL_H
#define AXVCPU_CORE_HAL_INTERNAL_H

#include <axvcpu/error.h>
#include <axvcpu/hal.h>

/*
 * `count` zeroed contiguous frames aligned to `align` (a power of two >=
 * AXVCPU_FRAME_SIZE): alloc_frame for one plain frame, alloc_frames
 * otherwise. 0 and *paddr; AXVCPU_EINVAL (bad count/align);
 * AXVCPU_EBADSTATE (no HAL); AXVCPU_EUNSUPPORTED (more than one plain
 * frame asked of a HAL without alloc_frames); AXVCPU_ENOMEM.
 */
int hal_frames_alloc(size_t count, size_t align, axvcpu_hpa_t *paddr);

/* Give back what hal_frames_alloc(count, align) returned. */
void hal_frames_free(axvcpu_hpa_t paddr, size_t count, size_t align);

#endif /* AXVCPU_CORE_HAL_INTERNAL_H */
