/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The only C library functions the freestanding VM layer uses: the four a
 * compiler may emit calls to anyway, so every platform provides them.
 * Declared here because freestanding builds have no <string.h>.
 */
#ifndef AXVCPU_VMM_LIBC_H
#define AXVCPU_VMM_LIBC_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif /* AXVCPU_VMM_LIBC_H */
