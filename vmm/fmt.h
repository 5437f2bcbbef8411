/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/fmt.h
 * snprintf for the freestanding VM layer: the subset its messages use.
 */
#ifndef AXVCPU_VMM_FMT_H
#define AXVCPU_VMM_FMT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Format into `buf` (at most `size` bytes, NUL included, truncating).
 * Conversions: %s %c %d %u %x with the length modifiers l and ll, a '0'
 * flag and a field width, %p, and %%. Returns the length the whole text
 * has (like snprintf).
 */
int vmm_fmt(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** vmm_fmt() with a va_list. */
int vmm_vfmt(char *buf, size_t size, const char *fmt, va_list ap);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_FMT_H */
