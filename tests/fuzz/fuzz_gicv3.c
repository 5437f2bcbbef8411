/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the GICv3 distributor/redistributor model driven by a
 * byte-coded sequence of guest accesses to both regions (any width, any
 * offset) and SPI line changes. Checks whatever the guest does: every
 * delivery names a CPU the model has and an INTID it implements, that was
 * enabled, in group 1 with group 1 enabled; nothing delivered stays
 * pending; the model's counts stay in bounds.
 *
 * Input: byte 0 picks the CPU count (1..4) and SPI count; then steps of
 * 7 bytes:
 *   op     bit 0 region (distributor / redistributors), bit 1 write,
 *          bits 3:2 width (1, 2, 4, 8 bytes), bit 4 an SPI line instead
 *   offset three bytes
 *   value  three bytes (a line: INTID, level)
 */
#include "tests/fuzz/fuzz_input.h"
#include "vmm/gicv3.h"

#include <stdlib.h>

#define GICD 0x8000000ull
#define GICR 0x80a0000ull

static struct vmm_bus bus;
static struct vmm_gicv3 g;
static uint64_t delivered;

static void check(int cond)
{
	if (!cond)
		abort();
}

static bool bit(const uint32_t *w, unsigned id)
{
	return w[id / 32] >> (id % 32) & 1;
}

static void inject(void *ctx, unsigned cpu, uint32_t intid)
{
	(void)ctx;
	delivered++;
	check(cpu < g.ncpu);
	check(intid < 32 + g.nspi);
	check(g.ctlr & 2);
	if (intid < 32) {
		const struct vmm_gicv3_redist *r = &g.cpu[cpu];
		check(r->enable >> intid & 1 && r->group >> intid & 1);
		check(!(r->pending >> intid & 1));
	} else {
		check(bit(g.enable, intid) && bit(g.group, intid));
		check(!bit(g.pending, intid));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	uint8_t cfg = take8(&in);
	unsigned ncpu = 1 + (cfg & 3), nspi = (unsigned)(cfg >> 2) * 16;
	vmm_bus_init(&bus);
	check(vmm_gicv3_init(&g, ncpu, nspi, inject, 0) == 0);
	check(g.nspi % 32 == 0 && g.nspi <= VMM_GICV3_MAX_SPIS);
	check(vmm_bus_add(&bus, GICD, VMM_GICV3_DIST_SIZE, &vmm_gicv3_dist_ops,
			  &g) == 0);
	check(vmm_bus_add(&bus, GICR, VMM_GICV3_REDIST_SIZE(ncpu),
			  &vmm_gicv3_redist_ops, &g) == 0);
	while (in.n) {
		uint8_t op = take8(&in);
		uint64_t off = take16(&in) | (uint64_t)take8(&in) << 16;
		uint64_t val = take16(&in) | (uint64_t)take8(&in) << 16;
		unsigned width = 1u << ((op >> 2) & 3);
		if (op & 16) {
			uint32_t id = (uint32_t)(val & 0x3ff);
			int err = vmm_gicv3_set_spi(&g, id, (val >> 10) & 1);
			check(!err == (id >= 32 && id < 32 + g.nspi));
			continue;
		}
		uint64_t base = (op & 1) ? GICR : GICD;
		uint64_t v = 0;
		if (op & 2)
			vmm_bus_write(&bus, base + off, width,
				      val | val << 24 | val << 48);
		else
			vmm_bus_read(&bus, base + off, width, &v);
		check(g.ctlr <= 3);
	}
	(void)delivered;
	return 0;
}
