/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host time: the TSC, its rate measured at boot against the machine's PIT
 * (channel 2, gated through port 0x61, counting 1193182 Hz), converted to
 * nanoseconds.
 */
#include "hv.h"

#define PIT_HZ 1193182ull
#define CAL_TICKS 23864u /* 20 ms */

static uint64_t tsc_hz;

void hv_time_init(void)
{
	uint8_t p61 = hv_inb(0x61);
	hv_outb(0x61,
		(uint8_t)((p61 & ~0x02) | 0x01)); /* gate on, no speaker */
	hv_outb(0x43, 0xb0);                      /* channel 2, lo/hi, mode 0 */
	hv_outb(0x42, CAL_TICKS & 0xff);
	hv_outb(0x42, CAL_TICKS >> 8);
	uint64_t t0 = hv_rdtsc();
	while (!(hv_inb(0x61) & 0x20))
		hv_pause();
	uint64_t t1 = hv_rdtsc();
	hv_outb(0x61, p61);
	tsc_hz = (t1 - t0) * PIT_HZ / CAL_TICKS;
	if (!tsc_hz)
		tsc_hz = 1000000000ull;
}

uint64_t hv_tsc_hz(void)
{
	return tsc_hz;
}

uint64_t hv_now_ns(void)
{
	uint64_t t = hv_rdtsc();
	return t / tsc_hz * 1000000000ull + t % tsc_hz * 1000000000ull / tsc_hz;
}

void hv_delay_us(uint64_t us)
{
	uint64_t end = hv_now_ns() + us * 1000;
	while (hv_now_ns() < end)
		hv_pause();
}
