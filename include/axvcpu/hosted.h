/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/hosted.h
 * A ready-made HAL for Linux processes (the kvm backend, tests, tools).
 *
 * Frames come from the C library's aligned allocator (alloc_frames too:
 * contiguous runs, any power-of-two alignment) and "physical" addresses
 * are host-virtual ones. Each thread is its own "physical CPU":
 * it gets the lowest id no thread has taken the first time it asks, or the
 * one it picks with axvcpu_hosted_cpu_set() (several threads may pick the
 * same id on purpose). Ids are never given back; beyond AXVCPU_MAX_CPUS
 * threads, automatic ids are shared. Not part of the freestanding core.
 */
#ifndef AXVCPU_HOSTED_H
#define AXVCPU_HOSTED_H

#include <axvcpu/hal.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The hosted HAL, to pass to axvcpu_hal_register(). */
const struct axvcpu_hal *axvcpu_hosted_hal(void);

/**
 * Choose the CPU id of the calling thread (< AXVCPU_MAX_CPUS). May be
 * called again to change it; an id the thread had before stays taken.
 * Change it only while the thread has no vCPU bound and no per-CPU state
 * it still needs under the old id.
 * @return 0, or AXVCPU_EINVAL if `cpu` is out of range.
 */
int axvcpu_hosted_cpu_set(unsigned cpu);

/** Frames currently allocated through the hosted HAL, single ones and
 * those of alloc_frames runs (leak checks). */
long axvcpu_hosted_frames_in_use(void);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_HOSTED_H */
