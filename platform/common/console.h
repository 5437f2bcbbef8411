/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file platform/common/console.h
 * The host console of the bare-metal platforms: whole lines and printf
 * over the byte output of each platform's UART (console.c there), one
 * writer at a time. The formatting is the VM layer's (vmm/fmt.h).
 */
#ifndef HV_COMMON_CONSOLE_H
#define HV_COMMON_CONSOLE_H

#include <stdarg.h>

/**
 * One byte out on the platform's UART, as it is (no newline translation),
 * waiting while the UART is busy. Each platform defines it.
 */
void hv_console_raw(char c);

/** Print `s`, each "\n" as "\r\n", in one piece against other CPUs. */
void hv_puts(const char *s);

/**
 * printf subset (vmm_fmt(): %s %c %d %u %x with l/ll, '0' and a width,
 * %p, %%) into one line of at most 255 bytes, printed with hv_puts().
 */
void hv_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** hv_printf() with a va_list. */
void hv_vprintf(const char *fmt, va_list ap);

#endif /* HV_COMMON_CONSOLE_H */
