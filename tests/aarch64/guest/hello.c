/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The smallest guest of one's own: writes to the PL011 the device tree
 * names, reads the counter, and powers off with PSCI SYSTEM_OFF. Built as
 * a raw image (hello.bin) to run as make demo's GUEST=PATH GUEST_LOAD=.
 */
#include "guest.h"

static void putc_uart(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)0x09000000;
	while (uart[0x18 / 4] & 0x20) /* FR.TXFF */
		;
	uart[0] = (uint8_t)c;
}

void guest_main(void)
{
	for (const char *s = "hello from EL1 on axvcpu\n"; *s; s++)
		putc_uart(*s);
	/* PSCI SYSTEM_OFF: the VM ends, QEMU exits 0. */
	hvc(0x84000008, 0, 0, 0, 0, 0, 0);
}

void guest_secondary_main(uint64_t mpidr, uint64_t arg)
{
	(void)mpidr;
	(void)arg;
}
