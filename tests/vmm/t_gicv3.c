/* SPDX-License-Identifier: Apache-2.0 */
/* GICv3 distributor/redistributor model: what Linux's irq-gic-v3 does at
 * probe and init, SPI routing and delivery, edges, SGI/PPI banks. */
#include "tests/lib/tap.h"
#include "vmm/gicv3.h"

#define GICD 0x8000000ull
#define GICR 0x80a0000ull

static struct vmm_gicv3 g;
static struct vmm_bus bus;
static unsigned got_cpu[32], got_id[32], got;

static void inject(void *ctx, unsigned cpu, uint32_t intid)
{
	(void)ctx;
	if (got < 32) {
		got_cpu[got] = cpu;
		got_id[got] = intid;
	}
	got++;
}

static uint64_t rd(uint64_t a, unsigned w)
{
	uint64_t v = 0xdead;
	vmm_bus_read(&bus, a, w, &v);
	return v;
}

static void wr(uint64_t a, unsigned w, uint64_t v)
{
	vmm_bus_write(&bus, a, w, v);
}

int main(void)
{
	tap_plan(27);
	vmm_bus_init(&bus);
	tap_is(vmm_gicv3_init(&g, 2, 64, inject, 0), 0, "a GIC for 2 CPUs");
	tap_is(vmm_gicv3_init(&g, 0, 64, inject, 0), AXVCPU_EINVAL,
	       "0 CPUs refused");
	tap_is(vmm_gicv3_init(&g, 2, 64, inject, 0), 0, "again, for 2");
	vmm_bus_add(&bus, GICD, VMM_GICV3_DIST_SIZE, &vmm_gicv3_dist_ops, &g);
	vmm_bus_add(&bus, GICR, VMM_GICV3_REDIST_SIZE(2), &vmm_gicv3_redist_ops,
		    &g);

	tap_is(rd(GICD + 0xffe8, 4) >> 4 & 0xf, 3, "GICD_PIDR2: GICv3");
	uint64_t typer = rd(GICD + 0x4, 4);
	tap_is(((typer & 0x1f) + 1) * 32, 96, "TYPER: 96 INTIDs (64 SPIs)");
	tap_is(typer >> 19 & 0x1f, 9, "TYPER: 10 INTID bits");
	tap_ok(rd(GICD, 4) & (1u << 6), "CTLR.DS: one security state");

	/* Redistributors: affinity, Last, wake-up. */
	uint64_t t0 = rd(GICR + 0x8, 8), t1 = rd(GICR + 0x20000 + 0x8, 8);
	tap_is(t0 >> 32, 0, "GICR 0: affinity 0");
	tap_is(t1 >> 32, 1, "GICR 1: affinity 1");
	tap_ok(!(t0 & 0x10) && (t1 & 0x10), "Last on the second only");
	tap_is(rd(GICR + 0x8 + 4, 4), 0, "TYPER's high half by word");
	tap_is(rd(GICR + 0x14, 4) & 6, 6, "WAKER: asleep at reset");
	wr(GICR + 0x14, 4, 0);
	tap_is(rd(GICR + 0x14, 4) & 6, 0, "WAKER: awake when asked");

	/* Linux's distributor init: groups, priorities, route, enable. */
	for (unsigned i = 32; i < 96; i += 32)
		wr(GICD + 0x80 + i / 8, 4, ~0u);
	wr(GICD + 0x400 + 40, 4, 0xa0a0a0a0);
	tap_is(rd(GICD + 0x400 + 40, 4), 0xa0a0a0a0, "IPRIORITYR kept");
	wr(GICD + 0x6000 + 8 * 40, 8, 1); /* SPI 40 to CPU 1 */
	tap_is(rd(GICD + 0x6000 + 8 * 40, 8), 1, "IROUTER kept");
	wr(GICD + 0x100 + 4, 4, 1u << (40 - 32)); /* enable SPI 40 */
	got = 0;
	vmm_gicv3_set_spi(&g, 40, true);
	tap_is(got, 0, "group 1 disabled: nothing delivered yet");
	wr(GICD, 4, 0x12); /* ARE, EnableGrp1 */
	tap_ok(got == 1 && got_cpu[0] == 1 && got_id[0] == 40,
	       "enabling group 1 delivers the pending SPI 40 to CPU 1");
	vmm_gicv3_set_spi(&g, 40, true);
	tap_is(got, 1, "a line that stays high: no second edge");
	vmm_gicv3_set_spi(&g, 40, false);
	vmm_gicv3_set_spi(&g, 40, true);
	tap_is(got, 2, "low then high: a new edge");
	tap_is(vmm_gicv3_set_spi(&g, 200, true), AXVCPU_EINVAL,
	       "an SPI beyond the model refused");
	/* Disabled, then pending through ISPENDR, delivered on enable. */
	wr(GICD + 0x180 + 4, 4, 1u << 9); /* disable SPI 41 */
	wr(GICD + 0x200 + 4, 4, 1u << 9); /* pend it */
	tap_is(got, 2, "pending but disabled: held");
	tap_ok(rd(GICD + 0x200 + 4, 4) & (1u << 9), "ISPENDR reads it");
	wr(GICD + 0x100 + 4, 4, 1u << 9); /* enable */
	tap_ok(got == 3 && got_id[2] == 41 && got_cpu[2] == 0,
	       "... delivered on enable, to CPU 0 (routed nowhere else)");

	/* SGIs/PPIs live in the redistributor of each CPU. */
	wr(GICR + 0x20000 + 0x10000 + 0x80, 4, ~0u);       /* group 1 */
	wr(GICR + 0x20000 + 0x10000 + 0x100, 4, 1u << 20); /* PPI 20 */
	wr(GICR + 0x20000 + 0x10000 + 0x200, 4, 1u << 20); /* pend */
	tap_ok(got == 4 && got_id[3] == 20 && got_cpu[3] == 1,
	       "a pending PPI goes to its own CPU");
	tap_is(rd(GICR + 0x10000 + 0x100, 4), 0, "CPU 0's banks are its own");
	tap_is(rd(GICR + 0x10000 + 0xc00, 4), 0xaaaaaaaau,
	       "ICFGR0: SGIs edge-triggered");
	vmm_gicv3_reset(&g);
	tap_is(rd(GICD, 4) & 3, 0, "reset: groups disabled");
	return tap_failed ? 1 : 0;
}
