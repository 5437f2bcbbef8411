/* SPDX-License-Identifier: Apache-2.0 */
/*
 * This CPU's own local APIC (xAPIC, MMIO at its default base): enabled
 * with a spurious vector, a periodic timer for preemption and device
 * time, IPIs for kicks and the INIT-SIPI-SIPI that starts the APs.
 */
#include "hv.h"

#define LAPIC_BASE 0xfee00000ull
#define REG_ID 0x20
#define REG_EOI 0xb0
#define REG_SVR 0xf0
#define REG_ICR_LO 0x300
#define REG_ICR_HI 0x310
#define REG_LVT_TIMER 0x320
#define REG_LVT_LINT0 0x350
#define REG_LVT_LINT1 0x360
#define REG_LVT_ERROR 0x370
#define REG_TIMER_INIT 0x380
#define REG_TIMER_CUR 0x390
#define REG_TIMER_DIV 0x3e0
#define ICR_BUSY (1u << 12)

static volatile uint32_t *lapic_reg(unsigned off)
{
	return (volatile uint32_t *)(LAPIC_BASE + off);
}

static uint32_t lapic_read(unsigned off)
{
	return *lapic_reg(off);
}

static void lapic_write(unsigned off, uint32_t v)
{
	*lapic_reg(off) = v;
}

void hv_lapic_init(void)
{
	/* Enabled (also in the MSR), spurious vector, LINTs masked. */
	hv_wrmsr(0x1b, hv_rdmsr(0x1b) | (1ull << 11));
	lapic_write(REG_SVR, 0x100 | HV_VEC_SPURIOUS);
	lapic_write(REG_LVT_LINT0, 0x10000);
	lapic_write(REG_LVT_LINT1, 0x10000);
	lapic_write(REG_LVT_ERROR, 0x10000);
	lapic_write(REG_LVT_TIMER, 0x10000);
}

unsigned hv_lapic_id(void)
{
	return lapic_read(REG_ID) >> 24;
}

void hv_lapic_eoi(void)
{
	lapic_write(REG_EOI, 0);
}

void hv_lapic_timer_start(uint64_t period_us)
{
	/* Measure the timer's rate against the TSC once (divide by 16). */
	static uint64_t per_us;
	lapic_write(REG_TIMER_DIV, 0x3);
	if (!per_us) {
		lapic_write(REG_LVT_TIMER, 0x10000 | HV_VEC_TIMER);
		lapic_write(REG_TIMER_INIT, 0xffffffffu);
		hv_delay_us(10000);
		uint32_t left = lapic_read(REG_TIMER_CUR);
		per_us = (0xffffffffu - left) / 10000;
		if (!per_us)
			per_us = 1;
	}
	lapic_write(REG_LVT_TIMER, (1u << 17) | HV_VEC_TIMER); /* periodic */
	lapic_write(REG_TIMER_INIT, (uint32_t)(per_us * period_us));
}

static void lapic_icr(unsigned apic_id, uint32_t lo)
{
	while (lapic_read(REG_ICR_LO) & ICR_BUSY)
		hv_pause();
	lapic_write(REG_ICR_HI, apic_id << 24);
	lapic_write(REG_ICR_LO, lo);
}

void hv_lapic_ipi(unsigned apic_id, unsigned vector)
{
	lapic_icr(apic_id, vector); /* fixed, physical */
}

void hv_lapic_start_ap(unsigned apic_id)
{
	lapic_icr(apic_id, 0x4500); /* INIT, assert */
	hv_delay_us(10000);
	for (int i = 0; i < 2; i++) {
		lapic_icr(apic_id, 0x4600 | (HV_TRAMPOLINE >> 12)); /* SIPI */
		hv_delay_us(200);
	}
}
