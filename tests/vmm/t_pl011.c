/* SPDX-License-Identifier: Apache-2.0 */
/* PL011 model: the register sequences U-Boot's pl01x and Linux's
 * amba-pl011 drivers use (identification, init, polled and interrupt
 * I/O), and the interrupt line. */
#include "tests/lib/tap.h"
#include "vmm/pl011.h"

#include <string.h>

static char out[64];
static size_t out_len;
static struct vmm_bus bus;
static struct vmm_pl011 u;

static void tx(void *ctx, uint8_t c)
{
	(void)ctx;
	if (out_len < sizeof(out) - 1)
		out[out_len++] = (char)c;
}

static uint32_t rd(unsigned off)
{
	uint64_t v = 0xdead;
	if (vmm_bus_read(&bus, 0x9000000 + off, 4, &v) != 0)
		return 0xeeee;
	return (uint32_t)v;
}

static void wr(unsigned off, uint32_t v)
{
	vmm_bus_write(&bus, 0x9000000 + off, 4, v);
}

int main(void)
{
	tap_plan(24);
	vmm_bus_init(&bus);
	vmm_pl011_init(&u, tx, 0);
	tap_is(vmm_bus_add(&bus, 0x9000000, VMM_PL011_SIZE, &vmm_pl011_ops, &u),
	       0, "PL011 on the bus");

	/* The AMBA bus reads the peripheral and cell ids. */
	uint32_t pid = 0, cid = 0;
	for (unsigned i = 0; i < 4; i++) {
		pid |= (rd(0xfe0 + 4 * i) & 0xff) << (8 * i);
		cid |= (rd(0xff0 + 4 * i) & 0xff) << (8 * i);
	}
	tap_is(pid & 0x000fffff, 0x00041011, "peripheral id: an Arm PL011");
	tap_is(cid, 0xb105f00d, "PrimeCell cell id");

	/* Linux's startup: baud, line control with FIFOs, interrupts. */
	wr(VMM_PL011_CR, 0);
	wr(VMM_PL011_IBRD, 13);
	wr(VMM_PL011_FBRD, 1);
	wr(VMM_PL011_LCR_H, 0x70); /* 8 bits, FIFOs */
	tap_is(rd(VMM_PL011_IBRD), 13, "IBRD kept");
	tap_is(rd(VMM_PL011_LCR_H), 0x70, "LCR_H kept");
	wr(VMM_PL011_CR, 0x301);
	tap_is(rd(VMM_PL011_CR), 0x301, "CR kept");
	tap_is(rd(VMM_PL011_FR) & (VMM_PL011_FR_TXFE | VMM_PL011_FR_RXFE),
	       VMM_PL011_FR_TXFE | VMM_PL011_FR_RXFE,
	       "FR: transmitter and receiver empty");
	tap_ok(!vmm_pl011_irq(&u), "no interrupt with everything masked");
	wr(VMM_PL011_IMSC, VMM_PL011_INT_RX | VMM_PL011_INT_RT);
	tap_ok(!vmm_pl011_irq(&u), "RX unmasked, nothing received: quiet");

	/* Output: straight to tx. */
	for (const char *s = "hi\n"; *s; s++) {
		while (rd(VMM_PL011_FR) & VMM_PL011_FR_TXFF)
			;
		wr(VMM_PL011_DR, (uint8_t)*s);
	}
	tap_ok(out_len == 3 && !memcmp(out, "hi\n", 3), "DR writes reach tx");
	tap_is(u.tx_bytes, 3, "tx counted");

	/* Input: FIFO of 32, interrupt while it holds data. */
	unsigned pushed = 0;
	while (vmm_pl011_push_rx(&u, (uint8_t)('a' + pushed)) == 0)
		pushed++;
	tap_is(pushed, VMM_PL011_FIFO_SIZE, "32 bytes fit with FIFOs on");
	tap_ok(rd(VMM_PL011_FR) & VMM_PL011_FR_RXFF, "FR.RXFF when full");
	tap_ok(vmm_pl011_irq(&u), "interrupt line up with data");
	tap_is(rd(VMM_PL011_MIS), VMM_PL011_INT_RX | VMM_PL011_INT_RT,
	       "MIS: receive and timeout");
	tap_is(rd(VMM_PL011_DR), 'a', "first byte first");
	unsigned n = 1;
	while (!(rd(VMM_PL011_FR) & VMM_PL011_FR_RXFE) && n < 100) {
		rd(VMM_PL011_DR);
		n++;
	}
	tap_is(n, VMM_PL011_FIFO_SIZE, "all 32 read back");
	tap_ok(!vmm_pl011_irq(&u), "line down once drained");

	/* FIFOs off: one byte of holding register. */
	wr(VMM_PL011_LCR_H, 0x60);
	tap_is(vmm_pl011_push_rx(&u, 'x'), 0, "FIFOs off: one byte fits");
	tap_is(vmm_pl011_push_rx(&u, 'y'), AXVCPU_EBUSY,
	       "... a second is busy");
	tap_is(rd(VMM_PL011_DR), 'x', "... and reads back");

	/* TX interrupt: always raised when unmasked (TX is instant). */
	wr(VMM_PL011_IMSC, VMM_PL011_INT_TX);
	tap_ok(vmm_pl011_irq(&u), "TX interrupt when unmasked");
	wr(VMM_PL011_IMSC, 0);

	/* Odd accesses: unknown offsets read 0, nothing breaks. */
	tap_is(rd(0x800), 0, "an unused offset reads 0");
	vmm_pl011_init(&u, tx, 0);
	tap_is(rd(VMM_PL011_CR), 0x300, "reset: TXE, RXE");
	return tap_failed ? 1 : 0;
}
