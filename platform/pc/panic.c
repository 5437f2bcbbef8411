/* SPDX-License-Identifier: Apache-2.0 */
/* Ending the machine: QEMU's isa-debug-exit device, or a halt loop. */
#include "hv.h"

#define DEBUG_EXIT_PORT 0xf4

__attribute__((noreturn)) void hv_exit(int status)
{
	/* QEMU exits with (status << 1) | 1. */
	hv_outl(DEBUG_EXIT_PORT, (uint32_t)status);
	for (;;)
		__asm__ volatile("cli; hlt");
}

__attribute__((noreturn)) void hv_panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	hv_puts("\nhv: panic: ");
	hv_vprintf(fmt, ap);
	hv_puts("\n");
	va_end(ap);
	hv_exit(1);
}
