/* SPDX-License-Identifier: Apache-2.0 */
/* The I/O APIC: 24 redirection entries, edge and level pins. */
#include "vmm/pc_intc_internal.h"

#define REG_ID 0x00
#define REG_VERSION 0x01
#define REG_ARB 0x02
#define REG_REDIR 0x10
#define VERSION 0x00170011u /* 24 entries, version 0x11 */

#define RTE_MODE(e) (((e) >> 8) & 7)
#define RTE_LOGICAL (1ull << 11)
#define RTE_REMOTE_IRR (1ull << 14)
#define RTE_LEVEL (1ull << 15)
#define RTE_MASKED (1ull << 16)
#define RTE_WRITABLE                                                           \
	0xff00000000011fffull /* dest, mask, trigger, polarity,                \
				 dest mode, mode, vector */

void ioapic_reset(struct pc_ioapic *a)
{
	*a = (struct pc_ioapic){ .id = 0 };
	for (unsigned i = 0; i < PC_IOAPIC_PINS; i++)
		a->redir[i] = RTE_MASKED;
}

/* Send pin `pin`'s message. */
static void ioapic_send(struct pc_intc *c, unsigned pin)
{
	struct pc_ioapic *a = &c->ioapic;
	uint64_t e = a->redir[pin];
	bool level = e & RTE_LEVEL;
	uint32_t targets =
	    lapic_targets(c, (uint32_t)(e >> 56), e & RTE_LOGICAL);
	if (level)
		a->remote_irr |= 1u << pin;
	lapic_deliver(c, targets, RTE_MODE(e), e & 0xff, level);
}

/* A level pin that is asserted, unmasked and not in service: send it. */
static void ioapic_check(struct pc_intc *c, unsigned pin)
{
	struct pc_ioapic *a = &c->ioapic;
	uint64_t e = a->redir[pin];
	if (!(e & RTE_LEVEL) || (e & RTE_MASKED) ||
	    !(a->pin_level >> pin & 1) || (a->remote_irr >> pin & 1))
		return;
	ioapic_send(c, pin);
}

void ioapic_set_pin(struct pc_intc *c, unsigned pin, bool level)
{
	struct pc_ioapic *a = &c->ioapic;
	if (pin >= PC_IOAPIC_PINS)
		return;
	bool was = a->pin_level >> pin & 1;
	if (level)
		a->pin_level |= 1u << pin;
	else
		a->pin_level &= ~(1u << pin);
	uint64_t e = a->redir[pin];
	if (e & RTE_LEVEL)
		ioapic_check(c, pin);
	else if (level && !was && !(e & RTE_MASKED))
		ioapic_send(c, pin);
}

void ioapic_eoi(struct pc_intc *c, unsigned vector)
{
	struct pc_ioapic *a = &c->ioapic;
	for (unsigned pin = 0; pin < PC_IOAPIC_PINS; pin++) {
		if ((a->redir[pin] & 0xff) != vector ||
		    !(a->remote_irr >> pin & 1))
			continue;
		a->remote_irr &= ~(1u << pin);
		ioapic_check(c, pin);
	}
}

static uint32_t ioapic_reg(struct pc_intc *c)
{
	struct pc_ioapic *a = &c->ioapic;
	unsigned r = a->index & 0xff;
	if (r == REG_ID || r == REG_ARB)
		return a->id << 24;
	if (r == REG_VERSION)
		return VERSION;
	if (r >= REG_REDIR && r < REG_REDIR + 2 * PC_IOAPIC_PINS) {
		unsigned pin = (r - REG_REDIR) / 2;
		uint64_t e = a->redir[pin];
		if (a->remote_irr >> pin & 1)
			e |= RTE_REMOTE_IRR;
		return (uint32_t)((r & 1) ? e >> 32 : e);
	}
	return 0;
}

uint32_t ioapic_read(struct pc_intc *c, uint64_t off)
{
	if (off == 0x00)
		return c->ioapic.index;
	if (off == 0x10)
		return ioapic_reg(c);
	return 0;
}

void ioapic_write(struct pc_intc *c, uint64_t off, uint32_t v)
{
	struct pc_ioapic *a = &c->ioapic;
	if (off == 0x00) {
		a->index = v & 0xff;
		return;
	}
	if (off != 0x10)
		return;
	unsigned r = a->index;
	if (r == REG_ID) {
		a->id = (v >> 24) & 0xf;
		return;
	}
	if (r < REG_REDIR || r >= REG_REDIR + 2 * PC_IOAPIC_PINS)
		return;
	unsigned pin = (r - REG_REDIR) / 2;
	uint64_t e = a->redir[pin];
	if (r & 1)
		e = (e & 0xffffffffull) | (uint64_t)v << 32;
	else
		e = (e & ~0xffffffffull) | v;
	a->redir[pin] = e & RTE_WRITABLE;
	/* Edge now, or unmasked: nothing left in service. */
	if (!(e & RTE_LEVEL))
		a->remote_irr &= ~(1u << pin);
	ioapic_check(c, pin);
}
