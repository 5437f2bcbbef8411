/* SPDX-License-Identifier: Apache-2.0 */
/* The PLIC model through its bus ops, as a guest's driver reaches it. */
#include "tests/lib/tap.h"
#include "vmm/plic.h"

static struct vmm_plic p;
static int told[VMM_PLIC_MAX_CONTEXTS]; /* last level told, -1: never */
static unsigned calls;

static void output(void *ctx, unsigned c, bool level)
{
	(void)ctx;
	told[c] = level;
	calls++;
}

static uint32_t rd(uint64_t off)
{
	uint64_t v = 0xdead;
	vmm_plic_ops.read(&p, off, 4, &v);
	return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
	vmm_plic_ops.write(&p, off, 4, v);
}

#define PRIO(id) (4u * (id))
#define PENDING(w) (0x1000u + 4u * (w))
#define ENABLE(c, w) (0x2000u + 0x80u * (c) + 4u * (w))
#define THRESHOLD(c) (0x200000u + 0x1000u * (c))
#define CLAIM(c) (0x200004u + 0x1000u * (c))

int main(void)
{
	for (unsigned i = 0; i < VMM_PLIC_MAX_CONTEXTS; i++)
		told[i] = -1;
	vmm_plic_init(&p, 95, 4, output, 0);
	tap_ok(rd(PRIO(10)) == 0 && rd(PENDING(0)) == 0 && rd(CLAIM(1)) == 0,
	       "power-on: priorities 0, nothing pending, claim 0");

	vmm_plic_set_irq(&p, 10, true);
	tap_is(rd(PENDING(0)), 1u << 10, "a high line is pending");
	tap_ok(!vmm_plic_output(&p, 1) && calls == 0,
	       "not enabled, priority 0: no output");
	wr(PRIO(10), 0xff);
	tap_is(rd(PRIO(10)), 7, "priority keeps 3 bits");
	wr(ENABLE(1, 0), 0xffffffffu);
	tap_is(rd(ENABLE(1, 0)), 0xfffffffeu, "source 0 cannot be enabled");
	tap_ok(told[1] == 1 && vmm_plic_output(&p, 1) &&
		   !vmm_plic_output(&p, 0),
	       "enabled on context 1: its output rises, context 0's does not");
	wr(THRESHOLD(1), 7);
	tap_ok(told[1] == 0, "threshold 7 masks priority 7");
	wr(THRESHOLD(1), 6);
	tap_ok(told[1] == 1, "threshold 6 lets it through again");

	tap_is(rd(CLAIM(1)), 10, "claim returns the source");
	tap_ok(told[1] == 0 && rd(PENDING(0)) == 0,
	       "claimed: not pending, output falls");
	tap_is(rd(CLAIM(1)), 0, "a second claim finds nothing");
	wr(CLAIM(1), 10);
	tap_ok(told[1] == 1 && rd(PENDING(0)) == 1u << 10,
	       "complete with the line still high: pending again");
	tap_is(rd(CLAIM(1)), 10, "claimed again");
	vmm_plic_set_irq(&p, 10, false);
	wr(CLAIM(1), 10);
	tap_ok(told[1] == 0 && rd(PENDING(0)) == 0,
	       "line low at complete: nothing pending");

	/* Priorities pick; ties go to the lowest id; priority 0 never. */
	wr(PRIO(3), 2);
	wr(PRIO(5), 5);
	wr(PRIO(6), 5);
	wr(PRIO(7), 0);
	wr(ENABLE(1, 0), 0xf8);
	vmm_plic_set_irq(&p, 3, true);
	vmm_plic_set_irq(&p, 6, true);
	vmm_plic_set_irq(&p, 5, true);
	vmm_plic_set_irq(&p, 7, true);
	tap_is(rd(CLAIM(1)), 5, "highest priority first, lowest id on a tie");
	tap_is(rd(CLAIM(1)), 6, "then the other of equal priority");
	tap_is(rd(CLAIM(1)), 3, "then the lower priority");
	tap_is(rd(CLAIM(1)), 0, "priority 0 is never claimed");
	/* Completion by a context where the source is not enabled. */
	wr(ENABLE(1, 0), 0);
	wr(CLAIM(1), 5);
	tap_ok(!(rd(PENDING(0)) & (1u << 5)),
	       "complete of a disabled source is "
	       "ignored (still in service)");
	wr(ENABLE(1, 0), 1u << 5);
	wr(CLAIM(1), 5);
	tap_ok(rd(PENDING(0)) & (1u << 5), "complete once enabled");

	/* Routing: context 3 (hart 1's S-mode) gets what it enables. */
	wr(THRESHOLD(3), 0);
	wr(ENABLE(3, 0), 1u << 6);
	wr(ENABLE(1, 0), (1u << 5) | (1u << 6));
	wr(CLAIM(1), 6); /* 6 was claimed by context 1 above */
	tap_ok(told[3] == 1 && rd(CLAIM(3)) == 6, "another context claims "
						  "what it enables");

	/* Widths, out-of-range sources and contexts. */
	uint64_t v = 1;
	vmm_plic_ops.read(&p, PRIO(5), 1, &v);
	tap_is(v, 0, "a byte read reads 0");
	vmm_plic_ops.write(&p, PRIO(5), 2, 0);
	tap_is(rd(PRIO(5)), 5, "a 2-byte write is ignored");
	wr(ENABLE(1, 2), 0xffffffffu);
	tap_is(rd(ENABLE(1, 2)), 0xffffffffu, "sources 64..95 exist (ndev 95)");
	wr(ENABLE(1, 3), 0xffffffffu);
	tap_is(rd(ENABLE(1, 3)), 0, "sources past ndev cannot be enabled");
	wr(PRIO(96), 3);
	tap_is(rd(PRIO(96)), 0, "no priority past ndev");
	wr(THRESHOLD(4), 1);
	tap_is(rd(THRESHOLD(4)), 0, "no context 4 of 4");
	vmm_plic_set_irq(&p, 0, true);
	vmm_plic_set_irq(&p, 96, true);
	tap_ok(!(rd(PENDING(0)) & 1) && rd(PENDING(3)) == 0,
	       "lines 0 and past ndev do nothing");

	/* Reset: configuration cleared, lines kept. */
	vmm_plic_reset(&p);
	tap_ok(rd(PRIO(5)) == 0 && rd(ENABLE(1, 0)) == 0 &&
		   (rd(PENDING(0)) & (1u << 3)) && !vmm_plic_output(&p, 1) &&
		   told[3] == 0,
	       "reset: priorities/enables 0, high lines pending, outputs told");
	return tap_done(0);
}
