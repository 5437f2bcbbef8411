/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PC's interrupt wiring: ISA IRQs to the PIC pair and the I/O APIC,
 * the PIC's output through LINT0 of vCPU 0, register access for each part
 * under the one lock, and the local APIC timers.
 */
#include "vmm/pc_intc_internal.h"

static void intc_lock(struct pc_intc *c)
{
	vmm_lock_take(&c->lock, c->relax, c->ctx);
}

void intc_update(struct pc_intc *c)
{
	/* The PIC's INTR through vCPU 0's LINT0 (ExtINT): acknowledged
	 * here, injected as the vector the PIC gives. */
	uint8_t last = 0;
	for (unsigned i = 0; i < 8 && lapic_extint(c, 0) && pic_intr(c); i++) {
		uint8_t v = pic_ack(c);
		if (i && v == last)
			break; /* a level input in auto-EOI: once is enough */
		c->inject(c->ctx, 0, v);
		last = v;
	}
}

void pc_intc_init(struct pc_intc *c, unsigned ncpus)
{
	c->ncpus = ncpus > PC_INTC_MAX_CPUS ? PC_INTC_MAX_CPUS : ncpus;
	for (unsigned i = 0; i < 2; i++) {
		c->pic[i].elcr = 0;
		c->pic[i].level_in = 0;
		pic_chip_reset(&c->pic[i]);
	}
	ioapic_reset(&c->ioapic);
	c->ioapic.id = c->ncpus & 0xf; /* after the CPUs', as in the MADT */
	for (unsigned i = 0; i < PC_INTC_MAX_CPUS; i++)
		lapic_reset(&c->lapic[i], i, i == 0);
}

void pc_intc_reset(void *intc)
{
	struct pc_intc *c = intc;
	intc_lock(c);
	pc_intc_init(c, c->ncpus);
	vmm_lock_give(&c->lock);
}

void pc_intc_set_irq(struct pc_intc *c, unsigned irq, bool level)
{
	if (irq >= 16)
		return;
	intc_lock(c);
	pic_set_input(&c->pic[irq >> 3], irq & 7, level);
	/* The PIT is on I/O APIC pin 2 (ACPI's interrupt source override). */
	ioapic_set_pin(c, irq == 0 ? 2 : irq, level);
	intc_update(c);
	vmm_lock_give(&c->lock);
}

void pc_intc_set_gsi(struct pc_intc *c, unsigned pin, bool level)
{
	intc_lock(c);
	ioapic_set_pin(c, pin, level);
	vmm_lock_give(&c->lock);
}

int pc_intc_lapic_read(struct pc_intc *c, unsigned cpu, uint64_t off,
		       unsigned width, uint64_t *val)
{
	if (cpu >= c->ncpus) {
		*val = 0;
		return 0;
	}
	intc_lock(c);
	uint32_t v = lapic_reg_read(c, cpu, (unsigned)(off & 0xff0));
	vmm_lock_give(&c->lock);
	unsigned sh = 8 * (unsigned)(off & 3);
	*val = width >= 4 ? v : (v >> sh) & ((1u << (8 * width)) - 1);
	return 0;
}

int pc_intc_lapic_write(struct pc_intc *c, unsigned cpu, uint64_t off,
			unsigned width, uint64_t val)
{
	(void)width; /* registers are written as dwords */
	if (cpu >= c->ncpus || (off & 0xf))
		return 0;
	intc_lock(c);
	lapic_reg_write(c, cpu, (unsigned)off, (uint32_t)val);
	vmm_lock_give(&c->lock);
	return 0;
}

void pc_intc_poll(struct pc_intc *c, uint64_t now, uint64_t *next)
{
	uint64_t first = UINT64_MAX;
	intc_lock(c);
	for (unsigned i = 0; i < c->ncpus; i++) {
		lapic_timer_fire(c, i, now);
		if (c->lapic[i].timer_deadline < first)
			first = c->lapic[i].timer_deadline;
	}
	vmm_lock_give(&c->lock);
	if (next)
		*next = first;
}

/* ---- device ops ---------------------------------------------------------
 */

static int pic0_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct pc_intc *c = dev;
	(void)width;
	intc_lock(c);
	*val = pic_read(c, 0, (unsigned)off);
	intc_update(c);
	vmm_lock_give(&c->lock);
	return 0;
}

static int pic1_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct pc_intc *c = dev;
	(void)width;
	intc_lock(c);
	*val = pic_read(c, 1, (unsigned)off);
	intc_update(c);
	vmm_lock_give(&c->lock);
	return 0;
}

static int pic0_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct pc_intc *c = dev;
	(void)width;
	intc_lock(c);
	pic_write(c, 0, (unsigned)off, (uint8_t)val);
	intc_update(c);
	vmm_lock_give(&c->lock);
	return 0;
}

static int pic1_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct pc_intc *c = dev;
	(void)width;
	intc_lock(c);
	pic_write(c, 1, (unsigned)off, (uint8_t)val);
	intc_update(c);
	vmm_lock_give(&c->lock);
	return 0;
}

const struct vmm_device_ops pc_intc_pic0_ops = { pic0_read, pic0_write };
const struct vmm_device_ops pc_intc_pic1_ops = { pic1_read, pic1_write };

static int elcr_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct pc_intc *c = dev;
	intc_lock(c);
	*val = c->pic[off & 1].elcr;
	if (width >= 2 && off == 0)
		*val |= (uint64_t)c->pic[1].elcr << 8;
	vmm_lock_give(&c->lock);
	return 0;
}

static int elcr_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct pc_intc *c = dev;
	/* IRQ 0, 1, 2, 8 and 13 are always edge. */
	static const uint8_t ok[2] = { 0xf8, 0xde };
	intc_lock(c);
	for (unsigned i = 0; i < width && off + i < 2; i++)
		c->pic[off + i].elcr = (uint8_t)(val >> (8 * i)) & ok[off + i];
	intc_update(c);
	vmm_lock_give(&c->lock);
	return 0;
}

const struct vmm_device_ops pc_intc_elcr_ops = { elcr_read, elcr_write };

static int ioapic_mmio_read(void *dev, uint64_t off, unsigned width,
			    uint64_t *val)
{
	struct pc_intc *c = dev;
	intc_lock(c);
	uint64_t v = ioapic_read(c, off & ~3ull) >> (8 * (off & 3));
	vmm_lock_give(&c->lock);
	*val = width >= 4 ? (uint32_t)v : v & ((1u << (8 * width)) - 1);
	return 0;
}

static int ioapic_mmio_write(void *dev, uint64_t off, unsigned width,
			     uint64_t val)
{
	struct pc_intc *c = dev;
	(void)width;
	intc_lock(c);
	ioapic_write(c, off, (uint32_t)val);
	vmm_lock_give(&c->lock);
	return 0;
}

const struct vmm_device_ops pc_intc_ioapic_ops = { ioapic_mmio_read,
						   ioapic_mmio_write };
