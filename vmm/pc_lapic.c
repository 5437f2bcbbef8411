/* SPDX-License-Identifier: Apache-2.0 */
/* Local APICs (xAPIC registers), IPIs and the APIC timer. */
#include "vmm/pc_intc_internal.h"

/* Register offsets. */
#define R_ID 0x20
#define R_VERSION 0x30
#define R_TPR 0x80
#define R_APR 0x90
#define R_PPR 0xa0
#define R_EOI 0xb0
#define R_LDR 0xd0
#define R_DFR 0xe0
#define R_SVR 0xf0
#define R_ISR 0x100
#define R_TMR 0x180
#define R_IRR 0x200
#define R_ESR 0x280
#define R_ICR_LO 0x300
#define R_ICR_HI 0x310
#define R_LVT_ERROR 0x370
#define R_TIMER_INIT 0x380
#define R_TIMER_CUR 0x390
#define R_TIMER_DIV 0x3e0

/* lvt[]: timer, thermal, performance, LINT0, LINT1, error (0x320..). */
#define R_LVT0 0x320
#define LVT_TIMER 0
#define LVT_LINT0 3
#define LVT_MASKED (1u << 16)
#define SVR_ENABLE (1u << 8)
#define VERSION 0x00050014u

void lapic_reset(struct pc_lapic *l, unsigned id, bool bsp)
{
	*l = (struct pc_lapic){
		.id = id,
		.dfr = 0xffffffffu,
		.svr = 0xff,
		.timer_deadline = UINT64_MAX,
	};
	for (unsigned i = 0; i < 6; i++)
		l->lvt[i] = LVT_MASKED;
	/* Virtual-wire mode on the BSP, as firmware sets it up: the PIC's
	 * interrupts reach the CPU through LINT0. */
	if (bsp)
		l->lvt[LVT_LINT0] = 0x700;
}

static int vec_highest(const uint32_t r[8])
{
	for (int w = 7; w >= 0; w--)
		if (r[w])
			return w * 32 + 31 - __builtin_clz(r[w]);
	return -1;
}

static void vec_set(uint32_t r[8], unsigned v)
{
	r[(v >> 5) & 7] |= 1u << (v & 31);
}

static void vec_clear(uint32_t r[8], unsigned v)
{
	r[(v >> 5) & 7] &= ~(1u << (v & 31));
}

static bool vec_test(const uint32_t r[8], unsigned v)
{
	return r[(v >> 5) & 7] >> (v & 31) & 1;
}

static uint32_t lapic_ppr(const struct pc_lapic *l)
{
	int isr = vec_highest(l->isr);
	uint32_t isrv = isr < 0 ? 0 : (uint32_t)isr & 0xf0;
	return (l->tpr & 0xf0) >= isrv ? l->tpr & 0xff : isrv;
}

void lapic_update(struct pc_intc *c, unsigned cpu)
{
	struct pc_lapic *l = &c->lapic[cpu];
	if (!(l->svr & SVR_ENABLE))
		return;
	for (;;) {
		int v = vec_highest(l->irr);
		if (v < 16 || ((unsigned)v & 0xf0) <= (lapic_ppr(l) & 0xf0))
			return;
		vec_clear(l->irr, (unsigned)v);
		vec_set(l->isr, (unsigned)v);
		c->inject(c->ctx, cpu, (unsigned)v);
	}
}

void lapic_accept(struct pc_intc *c, unsigned cpu, unsigned vector, bool level)
{
	struct pc_lapic *l = &c->lapic[cpu];
	if (vector < 16)
		return; /* illegal vector: an error the ESR would record */
	vec_set(l->irr, vector);
	if (level)
		vec_set(l->tmr, vector);
	else
		vec_clear(l->tmr, vector);
	lapic_update(c, cpu);
}

bool lapic_extint(const struct pc_intc *c, unsigned cpu)
{
	uint32_t lint0 = c->lapic[cpu].lvt[LVT_LINT0];
	return !(lint0 & LVT_MASKED) && ((lint0 >> 8) & 7) == 7;
}

uint32_t lapic_targets(const struct pc_intc *c, uint32_t dest, bool logical)
{
	uint32_t set = 0;
	for (unsigned i = 0; i < c->ncpus; i++) {
		const struct pc_lapic *l = &c->lapic[i];
		bool hit;
		if (!logical) {
			hit = dest == 0xff || dest == l->id;
		} else if ((l->dfr >> 28) == 0xf) { /* flat */
			hit = (dest & (l->ldr >> 24)) != 0;
		} else { /* cluster: high nibble the cluster, low the CPUs */
			uint32_t ldr = l->ldr >> 24;
			hit =
			    ((dest >> 4) == 0xf || (dest >> 4) == (ldr >> 4)) &&
			    (dest & ldr & 0xf);
		}
		if (hit)
			set |= 1u << i;
	}
	return set;
}

void lapic_deliver(struct pc_intc *c, uint32_t targets, unsigned mode,
		   unsigned vector, bool level)
{
	for (unsigned i = 0; i < c->ncpus; i++) {
		if (!(targets >> i & 1))
			continue;
		switch (mode) {
		case 0: /* fixed */
			lapic_accept(c, i, vector, level);
			break;
		case 1: /* lowest priority: the first target takes it */
			lapic_accept(c, i, vector, level);
			return;
		case 4: /* NMI */
			c->inject(c->ctx, i, 2);
			break;
		case 5: /* INIT */
			if (c->init)
				c->init(c->ctx, i);
			break;
		case 6: /* STARTUP */
			if (c->startup)
				c->startup(c->ctx, i, vector & 0xff);
			break;
		default: /* SMI, ExtINT through an IPI: not modelled */
			break;
		}
	}
}

static void lapic_icr(struct pc_intc *c, unsigned cpu, uint32_t lo)
{
	struct pc_lapic *l = &c->lapic[cpu];
	unsigned mode = (lo >> 8) & 7;
	bool logical = lo & (1u << 11);
	bool assert = lo & (1u << 14);
	bool level = lo & (1u << 15);
	uint32_t all = c->ncpus >= 32 ? ~0u : (1u << c->ncpus) - 1;
	uint32_t targets;
	/* INIT level de-assert only syncs arbitration ids. */
	if (mode == 5 && level && !assert)
		return;
	switch ((lo >> 18) & 3) {
	case 1:
		targets = 1u << cpu;
		break;
	case 2:
		targets = all;
		break;
	case 3:
		targets = all & ~(1u << cpu);
		break;
	default:
		targets = lapic_targets(c, l->icr_hi >> 24, logical);
		break;
	}
	lapic_deliver(c, targets, mode, lo & 0xff, false);
}

static uint64_t lapic_div(const struct pc_lapic *l)
{
	unsigned d = (l->timer_div & 3) | ((l->timer_div >> 1) & 4);
	return d == 7 ? 1 : 2ull << d;
}

static void lapic_timer_arm(struct pc_intc *c, unsigned cpu, uint64_t now)
{
	struct pc_lapic *l = &c->lapic[cpu];
	l->timer_start = now;
	l->timer_deadline = l->timer_init
				? now + (uint64_t)l->timer_init * lapic_div(l) *
					    (1000000000ull / PC_LAPIC_HZ)
				: UINT64_MAX;
	if (c->timer && l->timer_deadline != UINT64_MAX)
		c->timer(c->ctx, cpu, l->timer_deadline);
}

static uint32_t lapic_timer_current(const struct pc_lapic *l, uint64_t now)
{
	if (!l->timer_init || l->timer_deadline == UINT64_MAX ||
	    now < l->timer_start)
		return l->timer_deadline == UINT64_MAX ? 0 : l->timer_init;
	uint64_t ticks = (now - l->timer_start) / lapic_div(l);
	bool periodic = ((l->lvt[LVT_TIMER] >> 17) & 3) == 1;
	if (periodic)
		return l->timer_init - (uint32_t)(ticks % l->timer_init);
	return ticks >= l->timer_init ? 0 : l->timer_init - (uint32_t)ticks;
}

void lapic_timer_fire(struct pc_intc *c, unsigned cpu, uint64_t now)
{
	struct pc_lapic *l = &c->lapic[cpu];
	if (l->timer_deadline > now)
		return;
	uint32_t lvt = l->lvt[LVT_TIMER];
	bool periodic = ((lvt >> 17) & 3) == 1;
	if (!(lvt & LVT_MASKED))
		lapic_accept(c, cpu, lvt & 0xff, false);
	if (!periodic || !l->timer_init) {
		l->timer_deadline = UINT64_MAX;
		return;
	}
	uint64_t period = (uint64_t)l->timer_init * lapic_div(l);
	/* Ticks missed while the host was away are merged into this one. */
	uint64_t late = now - l->timer_deadline;
	l->timer_deadline += (late / period + 1) * period;
}

uint32_t lapic_reg_read(struct pc_intc *c, unsigned cpu, unsigned off)
{
	struct pc_lapic *l = &c->lapic[cpu];
	if (off >= R_ISR && off < R_ISR + 0x80)
		return l->isr[(off - R_ISR) / 0x10];
	if (off >= R_TMR && off < R_TMR + 0x80)
		return l->tmr[(off - R_TMR) / 0x10];
	if (off >= R_IRR && off < R_IRR + 0x80)
		return l->irr[(off - R_IRR) / 0x10];
	if (off >= R_LVT0 && off <= R_LVT_ERROR)
		return l->lvt[(off - R_LVT0) / 0x10];
	switch (off) {
	case R_ID:
		return l->id << 24;
	case R_VERSION:
		return VERSION;
	case R_TPR:
		return l->tpr;
	case R_APR:
		return 0;
	case R_PPR:
		return lapic_ppr(l);
	case R_LDR:
		return l->ldr;
	case R_DFR:
		return l->dfr;
	case R_SVR:
		return l->svr;
	case R_ESR:
		return l->esr;
	case R_ICR_LO:
		return 0; /* delivered at once: never pending */
	case R_ICR_HI:
		return l->icr_hi;
	case R_TIMER_INIT:
		return l->timer_init;
	case R_TIMER_CUR:
		return lapic_timer_current(l, c->now(c->ctx));
	case R_TIMER_DIV:
		return l->timer_div;
	default:
		return 0;
	}
}

void lapic_reg_write(struct pc_intc *c, unsigned cpu, unsigned off, uint32_t v)
{
	struct pc_lapic *l = &c->lapic[cpu];
	if (off >= R_LVT0 && off <= R_LVT_ERROR) {
		static const uint32_t writable[] = {
			0x710ff, /* timer: vector, mask, mode */
			0x107ff, /* thermal */
			0x107ff, /* perf */
			0x1a7ff, /* LINT0: + polarity, trigger */
			0x1a7ff, /* LINT1 */
			0x100ff, /* error */
		};
		unsigned i = (off - R_LVT0) / 0x10;
		v &= writable[i];
		if (!(l->svr & SVR_ENABLE))
			v |= LVT_MASKED;
		l->lvt[i] = v;
		return;
	}
	switch (off) {
	case R_TPR:
		l->tpr = v & 0xff;
		lapic_update(c, cpu);
		return;
	case R_EOI: {
		int isr = vec_highest(l->isr);
		if (isr < 0)
			return;
		vec_clear(l->isr, (unsigned)isr);
		if (vec_test(l->tmr, (unsigned)isr)) {
			vec_clear(l->tmr, (unsigned)isr);
			ioapic_eoi(c, (unsigned)isr);
		}
		lapic_update(c, cpu);
		return;
	}
	case R_LDR:
		l->ldr = v & 0xff000000u;
		return;
	case R_DFR:
		l->dfr = v | 0x0fffffffu;
		return;
	case R_SVR:
		l->svr = v & 0x13ff;
		if (!(v & SVR_ENABLE)) {
			for (unsigned i = 0; i < 6; i++)
				l->lvt[i] |= LVT_MASKED;
		}
		lapic_update(c, cpu);
		intc_update(c);
		return;
	case R_ESR:
		l->esr = 0;
		return;
	case R_ICR_HI:
		l->icr_hi = v & 0xff000000u;
		return;
	case R_ICR_LO:
		lapic_icr(c, cpu, v);
		return;
	case R_TIMER_INIT:
		l->timer_init = v;
		lapic_timer_arm(c, cpu, c->now(c->ctx));
		return;
	case R_TIMER_DIV:
		l->timer_div = v & 0xb;
		return;
	default:
		return; /* read-only or reserved */
	}
}
