/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ending the machine: QEMU's isa-debug-exit device; where there is none
 * (bochs), a last line with the status and bochs's shutdown port; else a
 * halt loop.
 */
#include "hv.h"

#define DEBUG_EXIT_PORT 0xf4
#define BOCHS_SHUTDOWN_PORT 0x8900

__attribute__((noreturn)) void hv_exit(int status)
{
	/* QEMU exits with (status << 1) | 1. */
	hv_outl(DEBUG_EXIT_PORT, (uint32_t)status);
	hv_printf("hv: exit status %d\n", status);
	for (const char *s = "Shutdown"; *s; s++)
		hv_outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s);
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
