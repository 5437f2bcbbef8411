/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the 16550 model driven by a byte-coded sequence of
 * guest register reads and writes (any width, any offset, also just
 * outside the device) and host pushes, through a bus as a guest reaches
 * it. After every step it checks what must hold whatever the guest does:
 * FIFO indices and count in bounds, legal IIR values that agree with
 * vmm_uart16550_irq_pending(), LSR bits, and the received bytes coming out
 * of RBR in the order they went in (a shadow FIFO kept here).
 *
 * Input: byte 0 picks reg_shift (0..3); then steps of 3 bytes:
 *   op     bits 1:0 kind (0 read, 1 write, 2 host push, 3 irq query),
 *          bits 3:2 width (1, 2, 4, 8 bytes)
 *   offset from 4 bytes before the device
 *   value  byte written / pushed
 */
#include "vmm/uart16550.h"

#include <stdlib.h>

#define BASE 0x1000u

static struct vmm_bus bus;
static struct vmm_uart16550 u;
static uint64_t tx_count;

/* The shadow receive FIFO. */
static uint8_t shadow[VMM_UART16550_FIFO_SIZE];
static unsigned shadow_head, shadow_count;

static void check(int cond)
{
	if (!cond)
		abort();
}

static void tx(void *ctx, uint8_t c)
{
	(void)ctx;
	(void)c;
	tx_count++;
}

static unsigned capacity(void)
{
	return (u.fcr & 1) ? VMM_UART16550_FIFO_SIZE : 1;
}

static bool shadow_put(uint8_t c)
{
	if (shadow_count >= capacity())
		return false;
	shadow[(shadow_head + shadow_count) % VMM_UART16550_FIFO_SIZE] = c;
	shadow_count++;
	return true;
}

static void invariants(void)
{
	check(u.rx_head < VMM_UART16550_FIFO_SIZE);
	check(u.rx_count <= capacity());
	check(u.rx_count == shadow_count);
	check(u.tx_bytes == tx_count);
	check(u.reg_shift <= 3);
}

static bool iir_legal(uint8_t iir)
{
	uint8_t id = iir & 0x0f;
	if (iir & 0x30)
		return false;
	if ((iir & 0xc0) != ((u.fcr & 1) ? 0xc0 : 0))
		return false;
	if (id == 0x0c) /* character timeout exists in FIFO mode only */
		return (u.fcr & 1) != 0;
	return id == 0x01 || id == 0x00 || id == 0x02 || id == 0x04 ||
	       id == 0x06;
}

/* The register a guest access at `off` from the device base reaches, or
 * -1 (outside the device, running past its end, or not at the first
 * byte of a register slot). */
static int reg_of(uint64_t off, unsigned width)
{
	uint64_t size = VMM_UART16550_SIZE(u.reg_shift);
	if (off >= size || size - off < width)
		return -1;
	if (off & ((1u << u.reg_shift) - 1))
		return -1;
	return (int)(off >> u.reg_shift);
}

static void guest_read(uint64_t off, unsigned width)
{
	int reg = reg_of(off, width);
	bool dlab = u.lcr & 0x80;
	bool pending = vmm_uart16550_irq_pending(&u);
	unsigned count = u.rx_count;
	uint64_t v = 0x5a5a;
	int err = vmm_bus_read(&bus, BASE + off, width, &v);

	if (off >= VMM_UART16550_SIZE(u.reg_shift) ||
	    VMM_UART16550_SIZE(u.reg_shift) - off < width) {
		check(err != 0 && v == 0);
		return;
	}
	check(err == 0);
	check(v <= 0xff); /* one 8-bit register, the other bytes 0 */
	if (reg < 0) {
		check(v == 0);
		return;
	}
	switch (reg) {
	case VMM_UART_RBR:
		if (dlab)
			break;
		if (shadow_count) {
			check(v == shadow[shadow_head]);
			shadow_head =
			    (shadow_head + 1) % VMM_UART16550_FIFO_SIZE;
			shadow_count--;
		} else {
			check(v == 0);
		}
		break;
	case VMM_UART_IIR:
		check(iir_legal((uint8_t)v));
		check(!(v & 1) == pending);
		break;
	case VMM_UART_LSR:
		check((v & 0x60) == 0x60); /* transmission is instantaneous */
		check(!!(v & 1) == (count > 0));
		check(!(v & 0x9c)); /* no parity/framing/break/FIFO error */
		break;
	default:
		break;
	}
}

static void guest_write(uint64_t off, unsigned width, uint8_t val)
{
	int reg = reg_of(off, width);
	bool dlab = u.lcr & 0x80;
	uint8_t old_fcr = u.fcr;
	bool loop = u.mcr & 0x10;
	int err =
	    vmm_bus_write(&bus, BASE + off, width, 0x0123456789abcd00ull | val);

	if (off >= VMM_UART16550_SIZE(u.reg_shift) ||
	    VMM_UART16550_SIZE(u.reg_shift) - off < width) {
		check(err != 0);
		return;
	}
	check(err == 0);
	if (reg == VMM_UART_RBR && !dlab) {
		if (loop)
			shadow_put(val);
		else
			check(u.thr_ipending);
	} else if (reg == VMM_UART_IIR) {
		/* Enabling or disabling the FIFOs, or clear-RX, empties. */
		if (((val ^ old_fcr) & 1) || (val & 2))
			shadow_count = 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	vmm_uart16550_init(&u, data[0] & 3, tx, NULL);
	tx_count = 0;
	shadow_head = shadow_count = 0;
	vmm_bus_init(&bus);
	check(vmm_bus_add(&bus, BASE, VMM_UART16550_SIZE(u.reg_shift),
			  &vmm_uart16550_ops, &u) == 0);
	invariants();
	check(!vmm_uart16550_irq_pending(&u));

	for (size_t i = 1; i + 3 <= size; i += 3) {
		uint8_t op = data[i], val = data[i + 2];
		unsigned width = 1u << ((op >> 2) & 3);
		/* Offsets from 4 before the base reach past the end too. */
		uint64_t off = (uint64_t)data[i + 1] %
			       (VMM_UART16550_SIZE(u.reg_shift) + 8);
		switch (op & 3) {
		case 0:
			if (off < 4) {
				uint64_t v = 1;
				check(vmm_bus_read(&bus, BASE - 4 + off, width,
						   &v) != 0 &&
				      v == 0);
			} else {
				guest_read(off - 4, width);
			}
			break;
		case 1:
			if (off < 4)
				check(vmm_bus_write(&bus, BASE - 4 + off, width,
						    val) != 0);
			else
				guest_write(off - 4, width, val);
			break;
		case 2: {
			bool room = shadow_count < capacity();
			int err = vmm_uart16550_push_rx(&u, val);
			check(room ? err == 0 : err == AXVCPU_EBUSY);
			if (room)
				shadow_put(val);
			break;
		}
		default: {
			/* The irq line agrees with an IIR read. */
			bool pending = vmm_uart16550_irq_pending(&u);
			uint64_t v = 0;
			unsigned iir = (unsigned)VMM_UART_IIR << u.reg_shift;
			check(vmm_bus_read(&bus, BASE + iir, 1, &v) == 0);
			check(iir_legal((uint8_t)v) && !(v & 1) == pending);
			break;
		}
		}
		invariants();
	}
	return 0;
}
