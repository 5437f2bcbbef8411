/* SPDX-License-Identifier: Apache-2.0 */
/* 16550A UART model: register file, receive FIFO, interrupt logic. */
#include "vmm/uart16550.h"

/* IER bits. */
#define IER_RDI 0x01u  /* received data available */
#define IER_THRI 0x02u /* THR empty */
#define IER_RLSI 0x04u /* receiver line status */
#define IER_MSI 0x08u  /* modem status */

/* IIR values (bits 3:0) and the FIFO-enabled marker (bits 7:6). */
#define IIR_NONE 0x01u
#define IIR_MSI 0x00u
#define IIR_THRI 0x02u
#define IIR_RDI 0x04u
#define IIR_RLSI 0x06u
#define IIR_TIMEOUT 0x0cu
#define IIR_FIFO 0xc0u

/* FCR bits. */
#define FCR_ENABLE 0x01u
#define FCR_CLEAR_RX 0x02u
#define FCR_CLEAR_TX 0x04u
#define FCR_TRIGGER 0xc0u

#define LCR_DLAB 0x80u

/* MCR bits. */
#define MCR_DTR 0x01u
#define MCR_RTS 0x02u
#define MCR_OUT1 0x04u
#define MCR_OUT2 0x08u
#define MCR_LOOP 0x10u

/* MSR bits: deltas in the low nibble, line states in the high one. */
#define MSR_DELTAS 0x0fu
#define MSR_TERI 0x04u
#define MSR_CTS 0x10u
#define MSR_DSR 0x20u
#define MSR_RI 0x40u
#define MSR_DCD 0x80u

/* What the modem lines show when nothing is attached: a "connected" peer,
 * so that drivers waiting for CTS/DSR carry on. */
#define MSR_IDLE (MSR_DCD | MSR_DSR | MSR_CTS)

void vmm_uart16550_init(struct vmm_uart16550 *u, unsigned reg_shift,
			void (*tx)(void *ctx, uint8_t c), void *ctx)
{
	if (!u)
		return;
	u->reg_shift = reg_shift > 3 ? 3 : reg_shift;
	u->tx = tx;
	u->ctx = ctx;
	u->ier = 0;
	u->lcr = 0;
	u->mcr = 0;
	u->lsr_err = 0;
	u->msr = MSR_IDLE;
	u->scr = 0;
	u->fcr = 0;
	u->divisor = 0;
	u->thr_ipending = false;
	u->rx_head = 0;
	u->rx_count = 0;
	u->tx_bytes = 0;
}

static bool fifo_enabled(const struct vmm_uart16550 *u)
{
	return u->fcr & FCR_ENABLE;
}

static unsigned rx_capacity(const struct vmm_uart16550 *u)
{
	return fifo_enabled(u) ? VMM_UART16550_FIFO_SIZE : 1;
}

/* Receive trigger level in bytes for FCR bits 7:6. */
static unsigned rx_trigger(const struct vmm_uart16550 *u)
{
	static const uint8_t levels[4] = { 1, 4, 8, 14 };
	return fifo_enabled(u) ? levels[(u->fcr & FCR_TRIGGER) >> 6] : 1;
}

static bool rx_put(struct vmm_uart16550 *u, uint8_t c)
{
	if (u->rx_count >= rx_capacity(u))
		return false;
	u->rx[(u->rx_head + u->rx_count) % VMM_UART16550_FIFO_SIZE] = c;
	u->rx_count++;
	return true;
}

static uint8_t rx_get(struct vmm_uart16550 *u)
{
	if (u->rx_count == 0)
		return 0;
	uint8_t c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % VMM_UART16550_FIFO_SIZE;
	u->rx_count--;
	return c;
}

int vmm_uart16550_push_rx(struct vmm_uart16550 *u, uint8_t c)
{
	if (!u)
		return AXVCPU_EINVAL;
	return rx_put(u, c) ? 0 : AXVCPU_EBUSY;
}

/* The highest-priority pending interrupt, as IIR bits 3:0. */
static uint8_t uart_iir_id(const struct vmm_uart16550 *u)
{
	if ((u->ier & IER_RLSI) && (u->lsr_err & VMM_UART_LSR_OE))
		return IIR_RLSI;
	if ((u->ier & IER_RDI) && u->rx_count > 0)
		/* Below the trigger level a real FIFO reports a character
		 * timeout after 4 character times; with no clock here it is
		 * reported at once, which drivers treat the same way. */
		return u->rx_count >= rx_trigger(u) ? IIR_RDI : IIR_TIMEOUT;
	if ((u->ier & IER_THRI) && u->thr_ipending)
		return IIR_THRI;
	if ((u->ier & IER_MSI) && (u->msr & MSR_DELTAS))
		return IIR_MSI;
	return IIR_NONE;
}

bool vmm_uart16550_irq_enabled_pending(const struct vmm_uart16550 *u)
{
	return u && uart_iir_id(u) != IIR_NONE;
}

/* MSR line bits as the MCR outputs drive them in loopback. */
static uint8_t loop_msr_lines(uint8_t mcr)
{
	uint8_t m = 0;
	if (mcr & MCR_RTS)
		m |= MSR_CTS;
	if (mcr & MCR_DTR)
		m |= MSR_DSR;
	if (mcr & MCR_OUT1)
		m |= MSR_RI;
	if (mcr & MCR_OUT2)
		m |= MSR_DCD;
	return m;
}

/* Change the MSR line states, latching the deltas the way hardware does
 * (TERI only on the trailing edge of RI). */
static void msr_set_lines(struct vmm_uart16550 *u, uint8_t lines)
{
	uint8_t old = u->msr & 0xf0u;
	uint8_t changed = old ^ lines;
	uint8_t delta = u->msr & MSR_DELTAS;

	if (changed & MSR_CTS)
		delta |= 0x01u;
	if (changed & MSR_DSR)
		delta |= 0x02u;
	if ((old & MSR_RI) && !(lines & MSR_RI))
		delta |= MSR_TERI;
	if (changed & MSR_DCD)
		delta |= 0x08u;
	u->msr = lines | delta;
}

static void uart_write_mcr(struct vmm_uart16550 *u, uint8_t v)
{
	u->mcr = v & 0x1fu;
	msr_set_lines(u,
		      (u->mcr & MCR_LOOP) ? loop_msr_lines(u->mcr) : MSR_IDLE);
}

static void uart_write_fcr(struct vmm_uart16550 *u, uint8_t v)
{
	/* Turning the FIFOs on or off empties them, as on a real 16550A. */
	if ((v ^ u->fcr) & FCR_ENABLE)
		u->rx_count = 0;
	if (v & FCR_CLEAR_RX)
		u->rx_count = 0;
	/* Bits 1, 2 self-clear; DMA mode (bit 3) has no effect here. */
	u->fcr = v & (FCR_ENABLE | FCR_TRIGGER);
	if (!(u->fcr & FCR_ENABLE))
		u->fcr = 0;
}

static void uart_write_thr(struct vmm_uart16550 *u, uint8_t c)
{
	if (u->mcr & MCR_LOOP) {
		if (!rx_put(u, c))
			u->lsr_err |= VMM_UART_LSR_OE;
	} else {
		if (u->tx)
			u->tx(u->ctx, c);
		u->tx_bytes++;
	}
	/* Sent at once: THR is empty again and says so. */
	u->thr_ipending = true;
}

static void uart_write_reg(struct vmm_uart16550 *u, unsigned reg, uint8_t v)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (reg) {
	case VMM_UART_RBR:
		if (dlab)
			u->divisor = (uint16_t)((u->divisor & 0xff00u) | v);
		else
			uart_write_thr(u, v);
		break;
	case VMM_UART_IER:
		if (dlab) {
			u->divisor =
			    (uint16_t)((u->divisor & 0x00ffu) | (v << 8));
		} else {
			/* Enabling the THR interrupt while THR is empty
			 * raises it at once (what 8250 drivers rely on to
			 * start transmitting). */
			if ((v & IER_THRI) && !(u->ier & IER_THRI))
				u->thr_ipending = true;
			u->ier = v & 0x0fu;
		}
		break;
	case VMM_UART_IIR:
		uart_write_fcr(u, v);
		break;
	case VMM_UART_LCR:
		u->lcr = v;
		break;
	case VMM_UART_MCR:
		uart_write_mcr(u, v);
		break;
	case VMM_UART_LSR:
	case VMM_UART_MSR:
		break; /* read-only (factory test registers) */
	default:
		u->scr = v;
		break;
	}
}

/* LSR: the transmitter is always empty; reading clears the errors. */
static inline uint8_t uart_read_lsr(struct vmm_uart16550 *u)
{
	uint8_t v =
	    (uint8_t)(VMM_UART_LSR_THRE | VMM_UART_LSR_TEMT | u->lsr_err);
	if (u->rx_count > 0)
		v |= VMM_UART_LSR_DR;
	u->lsr_err = 0;
	return v;
}

static uint8_t uart_read_reg(struct vmm_uart16550 *u, unsigned reg)
{
	bool dlab = u->lcr & LCR_DLAB;
	uint8_t v;

	switch (reg) {
	case VMM_UART_RBR:
		if (dlab)
			return (uint8_t)(u->divisor & 0xffu);
		return rx_get(u);
	case VMM_UART_IER:
		if (dlab)
			return (uint8_t)(u->divisor >> 8);
		return u->ier;
	case VMM_UART_IIR:
		v = uart_iir_id(u);
		/* Reading IIR acknowledges a THR-empty interrupt. */
		if (v == IIR_THRI)
			u->thr_ipending = false;
		return (uint8_t)(v | (fifo_enabled(u) ? IIR_FIFO : 0));
	case VMM_UART_LCR:
		return u->lcr;
	case VMM_UART_MCR:
		return u->mcr;
	case VMM_UART_LSR:
		return uart_read_lsr(u);
	case VMM_UART_MSR:
		v = u->msr;
		u->msr &= (uint8_t)~MSR_DELTAS;
		return v;
	default:
		return u->scr;
	}
}

/* Register index for a bus offset, or -1 for the unused bytes of a
 * wide-spaced register slot. */
static int uart_reg_of(const struct vmm_uart16550 *u, uint64_t offset)
{
	uint64_t slot_mask = (1ull << u->reg_shift) - 1;
	if (offset & slot_mask)
		return -1;
	uint64_t reg = offset >> u->reg_shift;
	return reg < 8 ? (int)reg : -1;
}

static int uart_bus_read(void *dev, uint64_t offset, unsigned width,
			 uint64_t *val)
{
	struct vmm_uart16550 *u = dev;
	(void)width;
	if (!u || !val)
		return AXVCPU_EINVAL;
	/* LSR first, in one test: drivers poll it around every byte. With
	 * no error bit to clear, the read changes nothing (quiet). */
	if (offset == (uint64_t)VMM_UART_LSR << u->reg_shift) {
		bool quiet = !u->lsr_err;
		*val = uart_read_lsr(u);
		return quiet ? VMM_DEV_READ_QUIET : 0;
	}
	int reg = uart_reg_of(u, offset);
	*val = reg < 0 ? 0 : uart_read_reg(u, (unsigned)reg);
	return 0;
}

static int uart_bus_write(void *dev, uint64_t offset, unsigned width,
			  uint64_t val)
{
	struct vmm_uart16550 *u = dev;
	(void)width;
	if (!u)
		return AXVCPU_EINVAL;
	int reg = uart_reg_of(u, offset);
	if (reg >= 0)
		uart_write_reg(u, (unsigned)reg, (uint8_t)val);
	return 0;
}

const struct vmm_device_ops vmm_uart16550_ops = {
	.read = uart_bus_read,
	.write = uart_bus_write,
};
