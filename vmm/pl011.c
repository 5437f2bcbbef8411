/* SPDX-License-Identifier: Apache-2.0 */
/* PL011 UART model: register file, receive FIFO, interrupt logic. */
#include "vmm/pl011.h"

#define LCR_H_FEN 0x10u
#define CR_RESET 0x300u /* TXE, RXE: the reset value */

/* PrimeCell identification at 0xfe0..0xffc: PL011 r1p5, then the cell id
 * every PrimeCell has. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x34, 0x00,
				     0x0d, 0xf0, 0x05, 0xb1 };

void vmm_pl011_init(struct vmm_pl011 *u, void (*tx)(void *ctx, uint8_t c),
		    void *ctx)
{
	if (!u)
		return;
	*u = (struct vmm_pl011){ .tx = tx, .ctx = ctx, .cr = CR_RESET };
	u->ifls = 0x12; /* half-full triggers, the reset value */
}

static unsigned pl011_depth(const struct vmm_pl011 *u)
{
	return (u->lcr_h & LCR_H_FEN) ? VMM_PL011_FIFO_SIZE : 1;
}

int vmm_pl011_push_rx(struct vmm_pl011 *u, uint8_t c)
{
	if (!u)
		return AXVCPU_EINVAL;
	if (u->rx_count >= pl011_depth(u))
		return AXVCPU_EBUSY;
	u->rx[(u->rx_head + u->rx_count) % VMM_PL011_FIFO_SIZE] = c;
	u->rx_count++;
	return 0;
}

static uint32_t pl011_ris(const struct vmm_pl011 *u)
{
	uint32_t ris = VMM_PL011_INT_TX;
	if (u->rx_count)
		ris |= VMM_PL011_INT_RX | VMM_PL011_INT_RT;
	return ris;
}

bool vmm_pl011_irq(const struct vmm_pl011 *u)
{
	return u && (pl011_ris(u) & u->imsc) != 0;
}

static uint32_t pl011_fr(const struct vmm_pl011 *u)
{
	uint32_t fr = VMM_PL011_FR_TXFE;
	if (!u->rx_count)
		fr |= VMM_PL011_FR_RXFE;
	if (u->rx_count >= pl011_depth(u))
		fr |= VMM_PL011_FR_RXFF;
	return fr;
}

static int pl011_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct vmm_pl011 *u = dev;
	(void)width;
	uint32_t v = 0;
	switch (off) {
	case VMM_PL011_DR:
		if (u->rx_count) {
			v = u->rx[u->rx_head];
			u->rx_head = (u->rx_head + 1) % VMM_PL011_FIFO_SIZE;
			u->rx_count--;
		}
		break;
	case VMM_PL011_FR:
		v = pl011_fr(u);
		break;
	case VMM_PL011_ILPR:
		v = u->ilpr;
		break;
	case VMM_PL011_IBRD:
		v = u->ibrd;
		break;
	case VMM_PL011_FBRD:
		v = u->fbrd;
		break;
	case VMM_PL011_LCR_H:
		v = u->lcr_h;
		break;
	case VMM_PL011_CR:
		v = u->cr;
		break;
	case VMM_PL011_IFLS:
		v = u->ifls;
		break;
	case VMM_PL011_IMSC:
		v = u->imsc;
		break;
	case VMM_PL011_RIS:
		v = pl011_ris(u);
		break;
	case VMM_PL011_MIS:
		v = pl011_ris(u) & u->imsc;
		break;
	case VMM_PL011_DMACR:
		v = u->dmacr;
		break;
	default:
		if (off >= 0xfe0 && off < 0x1000 && !(off & 3))
			v = pl011_id[(off - 0xfe0) / 4];
		break; /* RSR, ICR and the rest read 0 */
	}
	*val = v;
	return 0;
}

static int pl011_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct vmm_pl011 *u = dev;
	(void)width;
	uint32_t v = (uint32_t)val;
	switch (off) {
	case VMM_PL011_DR:
		if (u->tx)
			u->tx(u->ctx, (uint8_t)v);
		u->tx_bytes++;
		break;
	case VMM_PL011_ILPR:
		u->ilpr = v & 0xff;
		break;
	case VMM_PL011_IBRD:
		u->ibrd = v & 0xffff;
		break;
	case VMM_PL011_FBRD:
		u->fbrd = v & 0x3f;
		break;
	case VMM_PL011_LCR_H:
		/* Switching the FIFO off keeps the oldest byte only. */
		u->lcr_h = v & 0xff;
		if (u->rx_count > pl011_depth(u))
			u->rx_count = pl011_depth(u);
		break;
	case VMM_PL011_CR:
		u->cr = v & 0xffff;
		break;
	case VMM_PL011_IFLS:
		u->ifls = v & 0x3f;
		break;
	case VMM_PL011_IMSC:
		u->imsc = v & 0x7ff;
		break;
	case VMM_PL011_DMACR:
		u->dmacr = v & 7;
		break;
	default:
		break; /* RSR/ECR and ICR: nothing latched to clear */
	}
	return 0;
}

const struct vmm_device_ops vmm_pl011_ops = { pl011_read, pl011_write };
