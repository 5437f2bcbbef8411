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
 * @name The platform's UART (console.c of each platform)
 * @{
 */
/** One byte out, as it is, waiting while the UART is busy. */
void hv_console_raw(char c);
/** One byte of guest console output (riscv64, aarch64: "\n" as "\r\n"). */
void hv_putc(char c);
/** One byte of input, or -1 if none is waiting. */
int hv_getc(void);
/** @} */

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
