/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host console on QEMU virt's real 16550 (0x10000000, byte registers);
 * lines and printf are platform/common's.
 */
#include "hv.h"

#define UART_BASE 0x10000000ul
#define UART_THR 0
#define UART_RBR 0
#define UART_LSR 5
#define LSR_DR 0x01
#define LSR_THRE 0x20

static inline volatile uint8_t *uart_reg(unsigned r)
{
	return (volatile uint8_t *)(UART_BASE + r);
}

void hv_console_raw(char c)
{
	while (!(*uart_reg(UART_LSR) & LSR_THRE))
		;
	*uart_reg(UART_THR) = (uint8_t)c;
}

void hv_putc(char c)
{
	if (c == '\n')
		hv_console_raw('\r');
	hv_console_raw(c);
}

int hv_getc(void)
{
	if (!(*uart_reg(UART_LSR) & LSR_DR))
		return -1;
	return *uart_reg(UART_RBR);
}
