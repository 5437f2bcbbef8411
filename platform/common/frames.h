/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file platform/common/frames.h
 * The frame pool behind the HAL of every bare-metal platform: a bump
 * pointer over a range of RAM the platform's memory plan sets aside
 * (physical = virtual there), and a free list for frames given back.
 * Contiguous runs (stage-2 roots, SVM permission maps) come from the bump
 * pointer; the frames skipped to align one go to the free list instead of
 * being lost. Every frame handed out is zeroed. Safe on any CPU.
 */
#ifndef HV_COMMON_FRAMES_H
#define HV_COMMON_FRAMES_H

#include <axvcpu/hal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Hand out the frames of [start, end) (frame-aligned) from now on. */
void hv_frames_init(uint64_t start, uint64_t end);

/** `count` contiguous zeroed frames aligned to `align`, or 0. */
uint64_t hv_frames_alloc(size_t count, uint64_t align);

/** Frames handed out and not given back (for tests and messages). */
uint64_t hv_frames_used(void);

/**
 * @name The HAL's frame operations on the pool
 * For a platform's struct axvcpu_hal: alloc_frame, dealloc_frame,
 * alloc_frames (from the bump pointer) and dealloc_frames (back one by
 * one: the free list serves single frames).
 * @{
 */
bool hv_frames_hal_alloc(axvcpu_hpa_t *paddr);
void hv_frames_hal_dealloc(axvcpu_hpa_t pa);
bool hv_frames_hal_alloc_run(size_t count, size_t align, axvcpu_hpa_t *paddr);
void hv_frames_hal_dealloc_run(axvcpu_hpa_t pa, size_t count);
/** @} */

#endif /* HV_COMMON_FRAMES_H */
