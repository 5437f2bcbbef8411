/* SPDX-License-Identifier: Apache-2.0 */
/* The 8254 timer and port 0x61, computed from the host clock. */
#include "vmm/pc_pit.h"

#define NS 1000000000ull

static uint64_t pit_ticks_of(uint64_t ns)
{
	return ns / NS * PC_PIT_HZ + ns % NS * PC_PIT_HZ / NS;
}

static uint64_t pit_ns_of(uint64_t ticks)
{
	return ticks / PC_PIT_HZ * NS +
	       (ticks % PC_PIT_HZ * NS + PC_PIT_HZ - 1) / PC_PIT_HZ;
}

static uint64_t pit_period(const struct pc_pit_channel *c)
{
	return c->reload ? c->reload : 65536u;
}

/* Input clocks counted since the count was loaded. */
static uint64_t pit_ticks(const struct pc_pit_channel *c, uint64_t now)
{
	uint64_t t = c->held;
	if (c->armed && c->gate && now > c->start)
		t += pit_ticks_of(now - c->start);
	return t;
}

uint16_t pc_pit_count(struct pc_pit *p, unsigned n, uint64_t now)
{
	const struct pc_pit_channel *c = &p->ch[n % 3];
	if (!c->armed)
		return c->reload;
	uint64_t t = pit_ticks(c, now), per = pit_period(c);
	switch (c->mode) {
	case 2:
		return (uint16_t)(per - t % per);
	case 3:
		/* Down by two per clock, twice a period. */
		return (uint16_t)((per - (2 * t) % per) & ~1ull);
	default:
		return (uint16_t)((per - t) & 0xffff);
	}
}

bool pc_pit_out(struct pc_pit *p, unsigned n, uint64_t now)
{
	const struct pc_pit_channel *c = &p->ch[n % 3];
	if (!c->armed)
		return c->mode != 0 && c->mode != 1;
	uint64_t t = pit_ticks(c, now), per = pit_period(c);
	switch (c->mode) {
	case 2:
		return t % per != per - 1;
	case 3:
		return t % per < (per + 1) / 2;
	case 4:
	case 5:
		return t != per;
	default: /* 0, 1: low until the terminal count */
		return t >= per;
	}
}

/* Rising edges of OUT since the count was loaded. */
static uint64_t pit_edges(const struct pc_pit_channel *c, uint64_t t)
{
	uint64_t per = pit_period(c);
	switch (c->mode) {
	case 2:
	case 3:
		return t / per;
	case 4:
	case 5:
		return t > per;
	default:
		return t >= per;
	}
}

unsigned pc_pit_poll(struct pc_pit *p, uint64_t now, uint64_t *next)
{
	struct pc_pit_channel *c = &p->ch[0];
	*next = UINT64_MAX;
	if (!c->armed || !c->gate)
		return 0;
	uint64_t t = pit_ticks(c, now), per = pit_period(c);
	uint64_t edges = pit_edges(c, t);
	unsigned due =
	    edges > c->irq_seen ? (unsigned)(edges - c->irq_seen) : 0;
	c->irq_seen = edges;
	uint64_t at = UINT64_MAX; /* clock count of the next edge */
	if (c->mode == 2 || c->mode == 3)
		at = (edges + 1) * per;
	else if (edges == 0)
		at = (c->mode == 4 || c->mode == 5) ? per + 1 : per;
	if (at != UINT64_MAX && at > c->held)
		*next = c->start + pit_ns_of(at - c->held);
	return due;
}

static void pit_gate(struct pc_pit_channel *c, bool gate, uint64_t now)
{
	if (gate == c->gate)
		return;
	if (!gate) {
		c->held = pit_ticks(c, now);
		c->gate = false;
		return;
	}
	c->gate = true;
	c->start = now;
	/* Modes 1, 2, 3, 5 restart the count on the gate's rising edge. */
	if (c->mode != 0 && c->mode != 4) {
		c->held = 0;
		c->irq_seen = 0;
	}
}

static void pit_load(struct pc_pit_channel *c, uint16_t count, uint64_t now)
{
	c->reload = count;
	c->start = now;
	c->held = 0;
	c->irq_seen = 0;
	c->armed = true;
}

static uint8_t pit_status(struct pc_pit *p, unsigned n, uint64_t now)
{
	const struct pc_pit_channel *c = &p->ch[n];
	return (uint8_t)((pc_pit_out(p, n, now) ? 0x80 : 0) | c->rw << 4 |
			 c->mode << 1);
}

static void pit_latch(struct pc_pit *p, unsigned n, uint64_t now)
{
	struct pc_pit_channel *c = &p->ch[n];
	if (c->latched)
		return;
	c->latch = pc_pit_count(p, n, now);
	c->latched = true;
	c->latch_msb = false;
}

static void pit_control(struct pc_pit *p, uint8_t v, uint64_t now)
{
	unsigned sc = v >> 6;
	if (sc == 3) { /* read-back */
		for (unsigned n = 0; n < 3; n++) {
			if (!(v & (2u << n)))
				continue;
			if (!(v & 0x20))
				pit_latch(p, n, now);
			if (!(v & 0x10) && !p->ch[n].status_latched) {
				p->ch[n].status = pit_status(p, n, now);
				p->ch[n].status_latched = true;
			}
		}
		return;
	}
	struct pc_pit_channel *c = &p->ch[sc];
	unsigned rw = (v >> 4) & 3;
	if (rw == 0) {
		pit_latch(p, sc, now);
		return;
	}
	unsigned mode = (v >> 1) & 7;
	c->mode = (uint8_t)(mode > 5 ? mode - 4 : mode);
	c->rw = (uint8_t)rw;
	c->armed = false;
	c->write_msb = c->read_msb = c->latched = c->status_latched = false;
}

static void pit_data_write(struct pc_pit_channel *c, uint8_t v, uint64_t now)
{
	switch (c->rw) {
	case 1:
		pit_load(c, v, now);
		return;
	case 2:
		pit_load(c, (uint16_t)(v << 8), now);
		return;
	default:
		if (!c->write_msb) {
			c->lsb = v;
			c->write_msb = true;
			/* Mode 0 stops counting until the MSB arrives. */
			if (c->mode == 0)
				c->armed = false;
			return;
		}
		c->write_msb = false;
		pit_load(c, (uint16_t)(c->lsb | v << 8), now);
		return;
	}
}

static uint8_t pit_data_read(struct pc_pit *p, unsigned n, uint64_t now)
{
	struct pc_pit_channel *c = &p->ch[n];
	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	uint16_t v;
	bool msb;
	if (c->latched) {
		v = c->latch;
		msb = c->rw == 2 || (c->rw == 3 && c->latch_msb);
		if (c->rw == 3 && !c->latch_msb)
			c->latch_msb = true;
		else
			c->latched = false;
	} else {
		v = pc_pit_count(p, n, now);
		msb = c->rw == 2 || (c->rw == 3 && c->read_msb);
		if (c->rw == 3)
			c->read_msb = !c->read_msb;
	}
	return (uint8_t)(msb ? v >> 8 : v);
}

static int pit_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct pc_pit *p = dev;
	(void)width;
	uint64_t now = p->now(p->ctx);
	*val = off < 3 ? pit_data_read(p, (unsigned)off, now) : 0xff;
	return 0;
}

static int pit_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct pc_pit *p = dev;
	(void)width;
	uint64_t now = p->now(p->ctx);
	if (off == 3)
		pit_control(p, (uint8_t)val, now);
	else if (off < 3)
		pit_data_write(&p->ch[off], (uint8_t)val, now);
	return 0;
}

const struct vmm_device_ops pc_pit_ops = { pit_read, pit_write };

static int port61_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct pc_pit *p = dev;
	(void)off;
	(void)width;
	uint64_t now = p->now(p->ctx);
	/* Bit 4 toggles with the DRAM refresh, every 15.085 us. */
	*val = (p->ch[2].gate ? 0x01 : 0) | (p->speaker ? 0x02 : 0) |
	       ((now / 15085) & 1 ? 0x10 : 0) |
	       (pc_pit_out(p, 2, now) ? 0x20 : 0);
	return 0;
}

static int port61_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct pc_pit *p = dev;
	(void)off;
	(void)width;
	pit_gate(&p->ch[2], val & 1, p->now(p->ctx));
	p->speaker = val & 2;
	return 0;
}

const struct vmm_device_ops pc_pit_port61_ops = { port61_read, port61_write };

void pc_pit_init(struct pc_pit *p, uint64_t (*now)(void *ctx), void *ctx)
{
	*p = (struct pc_pit){ .now = now, .ctx = ctx };
	p->ch[0].gate = p->ch[1].gate = true;
}

void pc_pit_reset(void *pit)
{
	struct pc_pit *p = pit;
	pc_pit_init(p, p->now, p->ctx);
}
