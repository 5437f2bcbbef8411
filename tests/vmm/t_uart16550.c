/* SPDX-License-Identifier: Apache-2.0 */
/* 16550A model: the register sequences U-Boot's ns16550 and Linux's 8250
 * drivers use (probe, init, polled and interrupt-driven I/O). */
#include "tests/lib/tap.h"
#include "vmm/uart16550.h"

#include <string.h>

static char out[256];
static size_t out_len;

static void tx(void *ctx, uint8_t c)
{
	(void)ctx;
	if (out_len < sizeof(out) - 1)
		out[out_len++] = (char)c;
}

static struct vmm_bus bus;
static unsigned shift;

static uint8_t rd(unsigned reg)
{
	uint64_t v = 0xdead;
	unsigned width = shift == 2 ? 4 : 1;
	if (vmm_bus_read(&bus, 0x1000 + (reg << shift), width, &v) != 0)
		return 0xee;
	return (uint8_t)v;
}

static void wr(unsigned reg, uint8_t v)
{
	unsigned width = shift == 2 ? 4 : 1;
	vmm_bus_write(&bus, 0x1000 + (reg << shift), width, v);
}

/* The 8250 driver's autoconfig probe, reduced to its checks. */
static void linux_probe(void)
{
	wr(VMM_UART_IER, 0);
	uint8_t s2 = rd(VMM_UART_IER) & 0x0f;
	wr(VMM_UART_IER, 0x0f);
	uint8_t s3 = rd(VMM_UART_IER) & 0x0f;
	wr(VMM_UART_IER, 0);
	tap_ok(s2 == 0 && s3 == 0x0f, "IER probe (0 then 0x0f read back)");

	wr(VMM_UART_MCR, 0x10 | 0x0a); /* loop, OUT2, RTS */
	tap_is(rd(VMM_UART_MSR) & 0xf0, 0x90, "loopback MSR shows DCD|CTS");
	wr(VMM_UART_MCR, 0);

	wr(VMM_UART_SCR, 0xa5);
	tap_is(rd(VMM_UART_SCR), 0xa5, "scratch register holds a value");

	wr(VMM_UART_IIR, 0x01); /* FCR: enable FIFO */
	tap_is(rd(VMM_UART_IIR) >> 6, 3, "IIR says 16550A (FIFO enabled)");
	wr(VMM_UART_LCR, 0x80);
	tap_ok(rd(VMM_UART_IIR) != 0,
	       "IIR under DLAB is not 0 (no ST16C650 EFR)");
	wr(VMM_UART_LCR, 0xbf);
	tap_ok(rd(VMM_UART_IIR) != 0, "IIR with LCR=0xbf is not 0 (no EFR)");
	wr(VMM_UART_LCR, 0);

	/* startup(): THRE interrupt test must see the interrupt. */
	wr(VMM_UART_IER, 0x02);
	uint8_t lsr = rd(VMM_UART_LSR);
	uint8_t iir = rd(VMM_UART_IIR);
	wr(VMM_UART_IER, 0);
	tap_ok((lsr & VMM_UART_LSR_TEMT) && !(iir & 1),
	       "enabling THRI raises the THRE interrupt (no UART_BUG_THRE)");
	tap_ok(rd(VMM_UART_LSR) != 0xff, "LSR is not 0xff");

	/* The second THRE test: ack by reading IIR, then re-enabling THRI
	 * must raise it again (else Linux sets UART_BUG_THRE). */
	wr(VMM_UART_IER, 0x02);
	uint8_t iir1 = rd(VMM_UART_IIR);
	wr(VMM_UART_IER, 0);
	wr(VMM_UART_IER, 0x02);
	iir = rd(VMM_UART_IIR);
	wr(VMM_UART_IER, 0);
	tap_ok(!(iir1 & 1) && !(iir & 1),
	       "THRE interrupt re-raised when THRI is enabled again");
}

/* NS16550_init() and putc/getc as U-Boot does them. */
static void uboot_sequence(struct vmm_uart16550 *u)
{
	int spins = 0;
	while (!(rd(VMM_UART_LSR) & VMM_UART_LSR_TEMT) && spins < 100)
		spins++;
	tap_is(spins, 0, "TEMT set at once (U-Boot init does not spin)");
	wr(VMM_UART_IER, 0);
	wr(VMM_UART_MCR, 0x03);
	wr(VMM_UART_IIR, 0x07);
	wr(VMM_UART_LCR, 0x80 | 0x03);
	wr(VMM_UART_RBR, 0x01); /* DLL */
	wr(VMM_UART_IER, 0x00); /* DLM */
	tap_is(u->divisor, 1, "divisor latch written through DLAB");
	tap_is(rd(VMM_UART_RBR), 1, "DLL reads back under DLAB");
	wr(VMM_UART_LCR, 0x03);
	tap_is(u->ier, 0, "DLM write did not touch IER");

	out_len = 0;
	const char *msg = "U-Boot\r\n";
	for (const char *p = msg; *p; p++) {
		while (!(rd(VMM_UART_LSR) & VMM_UART_LSR_THRE))
			;
		wr(VMM_UART_RBR, (uint8_t)*p);
	}
	out[out_len] = 0;
	tap_ok(strcmp(out, msg) == 0, "transmitted bytes reach tx in order");
	tap_is(u->tx_bytes, strlen(msg), "tx byte count");

	tap_ok(!(rd(VMM_UART_LSR) & VMM_UART_LSR_DR), "no data ready yet");
	tap_is(vmm_uart16550_push_rx(u, 'v'), 0, "host pushes 'v'");
	tap_ok(rd(VMM_UART_LSR) & VMM_UART_LSR_DR, "data ready");
	tap_is(rd(VMM_UART_RBR), 'v', "guest reads 'v'");
	tap_ok(!(rd(VMM_UART_LSR) & VMM_UART_LSR_DR), "DR clears after read");
}

static void test_fifo_and_irqs(struct vmm_uart16550 *u)
{
	wr(VMM_UART_IIR, 0x07); /* FIFO on, trigger 1 */
	int err = 0;
	for (int i = 0; i < VMM_UART16550_FIFO_SIZE; i++)
		err |= vmm_uart16550_push_rx(u, (uint8_t)('a' + i));
	tap_is(err, 0, "16 bytes fit the FIFO");
	tap_is(vmm_uart16550_push_rx(u, 'z'), AXVCPU_EBUSY, "17th byte: EBUSY");
	tap_ok(!vmm_uart16550_irq_pending(u), "no irq with IER=0");
	wr(VMM_UART_IER, 0x01);
	tap_ok(vmm_uart16550_irq_pending(u), "irq with RDI enabled");
	tap_is(rd(VMM_UART_IIR), 0xc4, "IIR: received data available");
	int ok = 1;
	for (int i = 0; i < VMM_UART16550_FIFO_SIZE; i++)
		ok &= rd(VMM_UART_RBR) == 'a' + i;
	tap_ok(ok, "FIFO order preserved");
	tap_is(rd(VMM_UART_IIR), 0xc1, "IIR: none once drained");
	tap_ok(!vmm_uart16550_irq_pending(u), "irq drops once drained");

	/* Trigger level 4: one byte gives a timeout id, four give RDA. */
	wr(VMM_UART_IIR, 0x41);
	vmm_uart16550_push_rx(u, '1');
	tap_is(rd(VMM_UART_IIR), 0xcc, "below trigger: character timeout");
	vmm_uart16550_push_rx(u, '2');
	vmm_uart16550_push_rx(u, '3');
	vmm_uart16550_push_rx(u, '4');
	tap_is(rd(VMM_UART_IIR), 0xc4, "at trigger: data available");
	wr(VMM_UART_IIR, 0x43); /* clear RX */
	tap_is(u->rx_count, 0, "FCR clear-RX empties the FIFO");

	/* THR-empty interrupt: raised on enable, acked by IIR read, raised
	 * again after each write. */
	wr(VMM_UART_IER, 0x02);
	tap_is(rd(VMM_UART_IIR), 0xc2, "THRE interrupt on enable");
	tap_is(rd(VMM_UART_IIR), 0xc1, "reading IIR acknowledged it");
	wr(VMM_UART_RBR, 'x');
	tap_ok(vmm_uart16550_irq_pending(u), "THRE again after a write");
	wr(VMM_UART_IER, 0);
	tap_ok(!vmm_uart16550_irq_pending(u), "masked by IER");

	/* FIFOs off: one holding byte only. */
	wr(VMM_UART_IIR, 0x00);
	tap_is(rd(VMM_UART_IIR), 0x01, "FIFO off: IIR top bits clear");
	tap_is(vmm_uart16550_push_rx(u, 'p'), 0, "holding register takes one");
	tap_is(vmm_uart16550_push_rx(u, 'q'), AXVCPU_EBUSY, "second: EBUSY");
	tap_is(rd(VMM_UART_RBR), 'p', "held byte read");
	tap_is(rd(VMM_UART_RBR), 0, "empty RBR reads 0");
}

static void test_loopback(void)
{
	wr(VMM_UART_IIR, 0x01);
	size_t before = out_len;
	wr(VMM_UART_MCR, 0x10);
	wr(VMM_UART_RBR, 'L');
	tap_is(out_len, before, "loopback: nothing transmitted");
	tap_is(rd(VMM_UART_RBR), 'L', "loopback: byte comes back");
	for (int i = 0; i < VMM_UART16550_FIFO_SIZE + 1; i++)
		wr(VMM_UART_RBR, 'o');
	wr(VMM_UART_IER, 0x04);
	tap_is(rd(VMM_UART_IIR), 0xc6, "overrun raises line-status irq");
	tap_ok(rd(VMM_UART_LSR) & VMM_UART_LSR_OE, "LSR shows overrun");
	tap_ok(!(rd(VMM_UART_LSR) & VMM_UART_LSR_OE), "OE cleared by read");
	wr(VMM_UART_IER, 0);

	/* Modem status deltas. */
	rd(VMM_UART_MSR);
	wr(VMM_UART_MCR, 0x10 | 0x02); /* RTS -> CTS */
	uint8_t msr = rd(VMM_UART_MSR);
	tap_is(msr & 0x11, 0x11, "CTS follows RTS with its delta bit");
	tap_is(rd(VMM_UART_MSR) & 0x0f, 0, "deltas cleared by MSR read");
	wr(VMM_UART_IER, 0x08);
	wr(VMM_UART_MCR, 0x10);
	tap_is(rd(VMM_UART_IIR) & 0x0f, 0x00, "modem status interrupt");
	rd(VMM_UART_MSR);
	tap_is(rd(VMM_UART_IIR) & 0x0f, 0x01, "gone after MSR read");
	wr(VMM_UART_IER, 0);
	wr(VMM_UART_MCR, 0x03);
	tap_is(rd(VMM_UART_MSR) & 0xf0, 0xb0, "out of loopback: DCD|DSR|CTS");
	tap_is(rd(VMM_UART_MCR), 0x03, "MCR reads back");
}

static void run_suite(unsigned s)
{
	static struct vmm_uart16550 u;
	shift = s;
	out_len = 0;
	vmm_uart16550_init(&u, s, tx, NULL);
	vmm_bus_init(&bus);
	tap_is(vmm_bus_add(&bus, 0x1000, VMM_UART16550_SIZE(s),
			   &vmm_uart16550_ops, &u),
	       0, "reg_shift %u: UART on the bus", s);
	tap_is(rd(VMM_UART_IIR), 0x01, "reset IIR");
	tap_is(rd(VMM_UART_LSR), 0x60, "reset LSR: THRE|TEMT");
	tap_is(rd(VMM_UART_MSR) & 0xf0, 0xb0, "reset MSR lines");
	linux_probe();
	uboot_sequence(&u);
	test_fifo_and_irqs(&u);
	test_loopback();
}

int main(void)
{
	run_suite(0);
	run_suite(2);

	/* Bytes inside a 4-byte register slot other than the first. */
	struct vmm_uart16550 u;
	uint64_t v = 9;
	vmm_uart16550_init(&u, 2, tx, NULL);
	tap_is(vmm_uart16550_ops.read(&u, 5 * 4 + 1, 1, &v), 0, "odd byte");
	tap_is(v, 0, "odd byte of a slot reads 0");
	/* LSR read: quiet (nothing changed) unless it clears an error. */
	tap_is(vmm_uart16550_ops.read(&u, 5 * 4, 1, &v), VMM_DEV_READ_QUIET,
	       "LSR read with no error: quiet");
	tap_is(v & 0x60, 0x60, "... reads THRE and TEMT");
	u.lsr_err = VMM_UART_LSR_OE;
	tap_is(vmm_uart16550_ops.read(&u, 5 * 4, 1, &v), 0,
	       "LSR read that clears OE: not quiet");
	tap_ok(v & VMM_UART_LSR_OE, "... shows OE");
	tap_is(u.lsr_err, 0, "... and clears it");
	vmm_uart16550_ops.write(&u, 7 * 4 + 2, 1, 0x55);
	tap_is(u.scr, 0, "odd byte write ignored");
	tap_is(vmm_uart16550_push_rx(NULL, 1), AXVCPU_EINVAL, "NULL uart");
	tap_ok(!vmm_uart16550_irq_pending(NULL), "NULL uart has no irq");
	return tap_done(0);
}
