/* SPDX-License-Identifier: Apache-2.0 */
/* Host console on QEMU virt's real PL011 (0x09000000), polled. */
#include "hv.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define FR_RXFE 0x10
#define FR_TXFF 0x20

static struct hv_lock console_lock;

static inline volatile uint32_t *uart_reg(unsigned r)
{
	return (volatile uint32_t *)(HV_UART_BASE + r);
}

static void putc_raw(char c)
{
	while (*uart_reg(UART_FR) & FR_TXFF)
		;
	*uart_reg(UART_DR) = (uint8_t)c;
}

void hv_putc(char c)
{
	if (c == '\n')
		putc_raw('\r');
	putc_raw(c);
}

void hv_puts(const char *s)
{
	hv_lock(&console_lock);
	while (*s)
		hv_putc(*s++);
	hv_unlock(&console_lock);
}

int hv_getc(void)
{
	if (*uart_reg(UART_FR) & FR_RXFE)
		return -1;
	return (int)(*uart_reg(UART_DR) & 0xff);
}

static void put_num(uint64_t v, unsigned base, int width, char pad, bool neg)
{
	char buf[24];
	int n = 0;
	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		buf[n++] = '-';
	while (n < width--)
		hv_putc(pad);
	while (n)
		hv_putc(buf[--n]);
}

void hv_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			hv_putc(*fmt);
			continue;
		}
		char pad = ' ';
		int width = 0, longs = 0;
		if (*++fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l')
			longs++, fmt++;
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			while (s && *s)
				hv_putc(*s++);
			break;
		}
		case 'c':
			hv_putc((char)va_arg(ap, int));
			break;
		case 'd': {
			int64_t v =
			    longs ? va_arg(ap, int64_t) : va_arg(ap, int);
			put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, width,
				pad, v < 0);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v =
			    longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
			put_num(v, *fmt == 'x' ? 16 : 10, width, pad, false);
			break;
		}
		case 'p':
			put_num((uint64_t)va_arg(ap, void *), 16, width, pad,
				false);
			break;
		case '%':
			hv_putc('%');
			break;
		default:
			return;
		}
	}
}

void hv_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	hv_lock(&console_lock);
	hv_vprintf(fmt, ap);
	hv_unlock(&console_lock);
	va_end(ap);
}
