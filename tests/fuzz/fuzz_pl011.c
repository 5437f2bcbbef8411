/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the PL011 model driven by a byte-coded sequence of
 * guest register reads and writes (any width, any offset, also just
 * outside the device) and host pushes, through a bus as a guest reaches
 * it. After every step it checks what must hold whatever the guest does:
 * FIFO indices in bounds, FR agreeing with the FIFO, the interrupt line
 * agreeing with MIS, and received bytes coming out of DR in the order they
 * went in (a shadow FIFO kept here).
 *
 * Input: steps of 4 bytes:
 *   op     bits 1:0 kind (0 read, 1 write, 2 host push, 3 irq query),
 *          bits 3:2 width (1, 2, 4, 8 bytes)
 *   offset two bytes, from 16 bytes before the device
 *   value  byte written / pushed
 */
#include "tests/fuzz/fuzz_input.h"
#include "vmm/pl011.h"

#include <stdlib.h>

#define BASE 0x10000u

static struct vmm_bus bus;
static struct vmm_pl011 u;
static uint8_t shadow[VMM_PL011_FIFO_SIZE];
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
}

static uint64_t reg(unsigned off)
{
	uint64_t v = 0;
	check(vmm_bus_read(&bus, BASE + off, 4, &v) == 0);
	return v;
}

static void invariants(void)
{
	check(u.rx_head < VMM_PL011_FIFO_SIZE);
	check(u.rx_count <= VMM_PL011_FIFO_SIZE);
	check(u.rx_count == shadow_count);
	uint64_t fr = reg(VMM_PL011_FR);
	check(!(fr & VMM_PL011_FR_RXFE) == (u.rx_count != 0));
	check(!(fr & VMM_PL011_FR_TXFF));
	check(vmm_pl011_irq(&u) == (reg(VMM_PL011_MIS) != 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	vmm_bus_init(&bus);
	vmm_pl011_init(&u, tx, 0);
	check(vmm_bus_add(&bus, BASE, VMM_PL011_SIZE, &vmm_pl011_ops, &u) == 0);
	shadow_head = shadow_count = 0;
	while (in.n) {
		uint8_t op = take8(&in);
		uint64_t off = take16(&in);
		uint8_t val = take8(&in);
		unsigned width = 1u << ((op >> 2) & 3);
		uint64_t addr = BASE - 16 + off;
		uint64_t v = 0;
		switch (op & 3) {
		case 0: {
			bool dr = addr == BASE + VMM_PL011_DR;
			int err = vmm_bus_read(&bus, addr, width, &v);
			if (!err && dr && shadow_count) {
				check((v & 0xff) == shadow[shadow_head]);
				shadow_head =
				    (shadow_head + 1) % VMM_PL011_FIFO_SIZE;
				shadow_count--;
			}
			break;
		}
		case 1: {
			unsigned depth_before = (u.lcr_h & 0x10) ? 32 : 1;
			vmm_bus_write(&bus, addr, width, val);
			unsigned depth = (u.lcr_h & 0x10) ? 32 : 1;
			/* FIFOs switched off keep the oldest byte. */
			if (depth < depth_before && shadow_count > depth)
				shadow_count = depth;
			break;
		}
		case 2:
			if (vmm_pl011_push_rx(&u, val) == 0) {
				check(shadow_count < VMM_PL011_FIFO_SIZE);
				shadow[(shadow_head + shadow_count) %
				       VMM_PL011_FIFO_SIZE] = val;
				shadow_count++;
			}
			break;
		default:
			(void)vmm_pl011_irq(&u);
		}
		invariants();
	}
	return 0;
}
