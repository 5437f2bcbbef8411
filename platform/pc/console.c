/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host console: the machine's COM1 (QEMU -serial stdio), polled;
 * lines and printf are platform/common's.
 */
#include "hv.h"

#define COM1 0x3f8
#define LSR_DR 0x01
#define LSR_THRE 0x20

void hv_console_init(void)
{
	hv_outb(COM1 + 1, 0x00); /* no interrupts */
	hv_outb(COM1 + 3, 0x80); /* DLAB */
	hv_outb(COM1 + 0, 0x01); /* 115200 */
	hv_outb(COM1 + 1, 0x00);
	hv_outb(COM1 + 3, 0x03); /* 8N1 */
	hv_outb(COM1 + 2, 0x07); /* FIFOs on, cleared */
	hv_outb(COM1 + 4, 0x03); /* DTR, RTS */
}

void hv_console_raw(char c)
{
	while (!(hv_inb(COM1 + 5) & LSR_THRE))
		hv_pause();
	hv_outb(COM1, (uint8_t)c);
}

void hv_putc(char c)
{
	hv_console_raw(c);
}

int hv_getc(void)
{
	if (!(hv_inb(COM1 + 5) & LSR_DR))
		return -1;
	return hv_inb(COM1);
}
