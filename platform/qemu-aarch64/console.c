/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host console on QEMU virt's real PL011 (0x09000000), polled; lines and
 * printf are platform/common's.
 */
#include "hv.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define FR_RXFE 0x10
#define FR_TXFF 0x20

static inline volatile uint32_t *uart_reg(unsigned r)
{
	return (volatile uint32_t *)(HV_UART_BASE + r);
}

void hv_console_raw(char c)
{
	while (*uart_reg(UART_FR) & FR_TXFF)
		;
	*uart_reg(UART_DR) = (uint8_t)c;
}

void hv_putc(char c)
{
	if (c == '\n')
		hv_console_raw('\r');
	hv_console_raw(c);
}

int hv_getc(void)
{
	if (*uart_reg(UART_FR) & FR_RXFE)
		return -1;
	return (int)(*uart_reg(UART_DR) & 0xff);
}
