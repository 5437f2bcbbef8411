/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The 8259A pair: fixed priority (IRQ 0 highest), the slave on master
 * input 2, edge or level inputs (ELCR), auto-EOI, poll mode.
 */
#include "vmm/pc_intc_internal.h"

void pic_chip_reset(struct pc_pic_chip *p)
{
	uint8_t elcr = p->elcr, in = p->level_in;
	*p = (struct pc_pic_chip){ .imr = 0xff, .elcr = elcr, .level_in = in };
}

/* Highest-priority bit of `m` (0..7), or 8. */
static unsigned pic_first(uint8_t m)
{
	return m ? (unsigned)__builtin_ctz(m) : 8;
}

void pic_set_input(struct pc_pic_chip *p, unsigned irq, bool level)
{
	uint8_t bit = (uint8_t)(1u << irq);
	bool was = p->level_in & bit;
	p->level_in = level ? p->level_in | bit : p->level_in & ~bit;
	if (p->elcr & bit)
		p->irr = level ? p->irr | bit : p->irr & ~bit;
	else if (level && !was)
		p->irr |= bit;
}

/* The IRQ this chip would raise INTR for, or 8. */
static unsigned pic_pending(const struct pc_pic_chip *p)
{
	unsigned irq = pic_first(p->irr & ~p->imr);
	/* Only above everything in service. */
	if (irq >= 8 || irq >= pic_first(p->isr))
		return 8;
	return irq;
}

void pic_cascade(struct pc_intc *c)
{
	/* The cascade line is a level: it follows the slave's INTR. */
	uint8_t bit = 1u << 2;
	if (pic_pending(&c->pic[1]) < 8)
		c->pic[0].irr |= bit;
	else
		c->pic[0].irr &= ~bit;
}

bool pic_intr(struct pc_intc *c)
{
	pic_cascade(c);
	return pic_pending(&c->pic[0]) < 8;
}

/* Acknowledge `irq` on `p`: in service (unless auto-EOI), out of IRR for
 * an edge input. */
static void pic_ack_chip(struct pc_pic_chip *p, unsigned irq)
{
	uint8_t bit = (uint8_t)(1u << irq);
	if (!p->auto_eoi)
		p->isr |= bit;
	if (!(p->elcr & bit))
		p->irr &= ~bit;
}

uint8_t pic_ack(struct pc_intc *c)
{
	struct pc_pic_chip *m = &c->pic[0], *s = &c->pic[1];
	pic_cascade(c);
	unsigned irq = pic_pending(m);
	if (irq >= 8)
		return (uint8_t)(m->vector_base + 7); /* spurious */
	pic_ack_chip(m, irq);
	if (irq != 2)
		return (uint8_t)(m->vector_base + irq);
	unsigned sirq = pic_pending(s);
	if (sirq >= 8)
		return (uint8_t)(s->vector_base + 7);
	pic_ack_chip(s, sirq);
	pic_cascade(c);
	return (uint8_t)(s->vector_base + sirq);
}

static void pic_eoi(struct pc_pic_chip *p, int irq)
{
	if (irq < 0)
		irq = (int)pic_first(p->isr);
	if (irq < 8)
		p->isr &= (uint8_t) ~(1u << irq);
}

uint8_t pic_read(struct pc_intc *c, unsigned chip, unsigned off)
{
	struct pc_pic_chip *p = &c->pic[chip & 1];
	if (off & 1)
		return p->imr;
	if (p->poll) {
		/* Poll: acknowledge as INTA would, 0x80 | level, or 0. */
		p->poll = false;
		unsigned irq = pic_pending(p);
		if (irq >= 8)
			return 0;
		pic_ack_chip(p, irq);
		return (uint8_t)(0x80 | irq);
	}
	return p->read_isr ? p->isr : p->irr;
}

void pic_write(struct pc_intc *c, unsigned chip, unsigned off, uint8_t v)
{
	struct pc_pic_chip *p = &c->pic[chip & 1];
	if (off & 1) {
		switch (p->icw_step) {
		case 2:
			p->vector_base = v & 0xf8;
			p->icw_step = p->single ? (p->icw4 ? 4 : 0) : 3;
			return;
		case 3:
			p->icw_step = p->icw4 ? 4 : 0;
			return;
		case 4:
			p->auto_eoi = v & 2;
			p->icw_step = 0;
			return;
		default:
			p->imr = v; /* OCW1 */
			return;
		}
	}
	if (v & 0x10) { /* ICW1: start over, edge inputs forget */
		pic_chip_reset(p);
		p->imr = 0;
		p->icw_step = 2;
		p->icw4 = v & 1;
		p->single = v & 2;
		p->irr = p->level_in & p->elcr;
		return;
	}
	if (v & 0x08) { /* OCW3 */
		if (v & 0x04)
			p->poll = true;
		if ((v & 0x03) == 2)
			p->read_isr = false;
		else if ((v & 0x03) == 3)
			p->read_isr = true;
		return;
	}
	switch (v >> 5) { /* OCW2 */
	case 1:           /* non-specific EOI */
	case 5:           /* rotate on non-specific EOI */
		pic_eoi(p, -1);
		return;
	case 3: /* specific EOI */
	case 7: /* rotate on specific EOI */
		pic_eoi(p, v & 7);
		return;
	default: /* priority rotation settings: fixed priority here */
		return;
	}
}
