/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the files of the interrupt controllers share (pc_pic.c, pc_lapic.c,
 * pc_ioapic.c, pc_intc.c); not part of the VM layer's API. Every function
 * here runs with the intc lock held.
 */
#ifndef AXVCPU_VMM_PC_INTC_INTERNAL_H
#define AXVCPU_VMM_PC_INTC_INTERNAL_H

#include "vmm/pc_intc.h"

/* pc_pic.c */
void pic_chip_reset(struct pc_pic_chip *p);
void pic_set_input(struct pc_pic_chip *p, unsigned irq, bool level);
/* The cascade: the slave's output is the master's IRQ 2. */
void pic_cascade(struct pc_intc *c);
/* Whether the PIC pair asserts INTR. */
bool pic_intr(struct pc_intc *c);
/* INTA: the vector, with the ISR bits set (spurious: base + 7). */
uint8_t pic_ack(struct pc_intc *c);
uint8_t pic_read(struct pc_intc *c, unsigned chip, unsigned off);
void pic_write(struct pc_intc *c, unsigned chip, unsigned off, uint8_t v);

/* pc_lapic.c */
void lapic_reset(struct pc_lapic *l, unsigned id, bool bsp);
/* Request `vector` (level-triggered or edge) at vCPU `cpu`. */
void lapic_accept(struct pc_intc *c, unsigned cpu, unsigned vector, bool level);
/* Move what may go into service and inject it. */
void lapic_update(struct pc_intc *c, unsigned cpu);
/* Whether vCPU `cpu`'s LINT0 takes the PIC's ExtINT. */
bool lapic_extint(const struct pc_intc *c, unsigned cpu);
/* The vCPUs a (destination, logical) pair names, as a mask. */
uint32_t lapic_targets(const struct pc_intc *c, uint32_t dest, bool logical);
/* Deliver by mode (fixed, lowest, NMI, INIT, STARTUP) to a target mask. */
void lapic_deliver(struct pc_intc *c, uint32_t targets, unsigned mode,
		   unsigned vector, bool level);
uint32_t lapic_reg_read(struct pc_intc *c, unsigned cpu, unsigned off);
void lapic_reg_write(struct pc_intc *c, unsigned cpu, unsigned off, uint32_t v);
void lapic_timer_fire(struct pc_intc *c, unsigned cpu, uint64_t now);

/* pc_ioapic.c */
void ioapic_reset(struct pc_ioapic *a);
void ioapic_set_pin(struct pc_intc *c, unsigned pin, bool level);
/* A local APIC's EOI of level-triggered `vector`. */
void ioapic_eoi(struct pc_intc *c, unsigned vector);
uint32_t ioapic_read(struct pc_intc *c, uint64_t off);
void ioapic_write(struct pc_intc *c, uint64_t off, uint32_t v);

/* pc_intc.c: the PIC's output through LINT0 of vCPU 0. */
void intc_update(struct pc_intc *c);

#endif /* AXVCPU_VMM_PC_INTC_INTERNAL_H */
