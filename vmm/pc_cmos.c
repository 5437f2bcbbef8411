/* SPDX-License-Identifier: Apache-2.0 */
/* The CMOS RAM and RTC of a PC. */
#include "vmm/pc.h"

/* CMOS registers. */
#define CMOS_SECONDS 0x00
#define CMOS_MINUTES 0x02
#define CMOS_HOURS 0x04
#define CMOS_WEEKDAY 0x06
#define CMOS_DAY 0x07
#define CMOS_MONTH 0x08
#define CMOS_YEAR 0x09
#define CMOS_STATUS_A 0x0a
#define CMOS_STATUS_B 0x0b
#define CMOS_STATUS_C 0x0c
#define CMOS_STATUS_D 0x0d
#define CMOS_CENTURY 0x32

/* Broken-down UTC time (no libc here). */
struct rtc_time {
	unsigned sec, min, hour, wday, mday, mon, year; /* mon 1-12 */
};

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void rtc_date(uint64_t days, struct rtc_time *t)
{
	/* Eras of 400 years start on March 1st, so that the leap day is
	 * the last of a year. */
	uint64_t z = days + 719468;
	uint64_t era = z / 146097;
	uint64_t doe = z - era * 146097;
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint64_t mp = (5 * doy + 2) / 153;
	t->mday = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	t->mon = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	t->year = (unsigned)(yoe + era * 400 + (t->mon <= 2));
	t->wday = (unsigned)((days + 4) % 7); /* 1970-01-01 was a Thursday */
}

static void rtc_now(const struct pc_cmos *c, struct rtc_time *t)
{
	/* 2000-01-01 00:00 without a clock. */
	uint64_t now = c->unix_time ? c->unix_time(c->ctx) : 946684800ull;
	rtc_date(now / 86400, t);
	t->sec = (unsigned)(now % 60);
	t->min = (unsigned)(now / 60 % 60);
	t->hour = (unsigned)(now / 3600 % 24);
}

static uint8_t bcd(unsigned v)
{
	return (uint8_t)(((v / 10) % 10) << 4 | (v % 10));
}

/* The RTC shows UTC in BCD, 24-hour mode. */
static uint8_t cmos_rtc(const struct pc_cmos *c, unsigned reg)
{
	struct rtc_time t;
	rtc_now(c, &t);
	switch (reg) {
	case CMOS_SECONDS:
		return bcd(t.sec);
	case CMOS_MINUTES:
		return bcd(t.min);
	case CMOS_HOURS:
		return bcd(t.hour);
	case CMOS_WEEKDAY:
		return bcd(t.wday + 1);
	case CMOS_DAY:
		return bcd(t.mday);
	case CMOS_MONTH:
		return bcd(t.mon);
	case CMOS_YEAR:
		return bcd(t.year % 100);
	case CMOS_CENTURY:
		return bcd(t.year / 100);
	default:
		return 0;
	}
}

static int cmos_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct pc_cmos *c = dev;
	(void)width;
	if (off == 0) {
		*val = 0xff; /* the index register is write-only */
		return 0;
	}
	unsigned reg = c->index & 0x7f;
	if (reg <= CMOS_YEAR || reg == CMOS_CENTURY)
		*val = cmos_rtc(c, reg);
	else
		*val = c->ram[reg];
	return 0;
}

static int cmos_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct pc_cmos *c = dev;
	(void)width;
	if (off == 0) {
		c->index = (uint8_t)val; /* bit 7 is the NMI mask */
		return 0;
	}
	unsigned reg = c->index & 0x7f;
	/* Time and the read-only status registers are not writable. */
	if (reg > CMOS_YEAR && reg != CMOS_STATUS_C && reg != CMOS_STATUS_D &&
	    reg != CMOS_CENTURY)
		c->ram[reg] = (uint8_t)val;
	return 0;
}

const struct vmm_device_ops pc_cmos_ops = { cmos_read, cmos_write };

void pc_cmos_init(struct pc_cmos *c, uint64_t ram, unsigned cpus)
{
	c->ram_size = ram;
	c->cpus = cpus;
	for (unsigned i = 0; i < sizeof(c->ram); i++)
		c->ram[i] = 0;
	c->index = 0;
	c->ram[CMOS_STATUS_A] = 0x26; /* 32.768 kHz, 1024 Hz, no update */
	c->ram[CMOS_STATUS_B] = 0x02; /* 24-hour, BCD */
	c->ram[CMOS_STATUS_D] = 0x80; /* RAM and time valid */
	/* Base memory: 640 KiB. */
	c->ram[0x15] = 0x80;
	c->ram[0x16] = 0x02;
	/* Extended memory above 1 MiB in KiB, capped at 63 MiB. */
	uint64_t ext = ram > (1u << 20) ? (ram - (1u << 20)) >> 10 : 0;
	if (ext > 0xfc00)
		ext = 0xfc00;
	c->ram[0x17] = c->ram[0x30] = (uint8_t)ext;
	c->ram[0x18] = c->ram[0x31] = (uint8_t)(ext >> 8);
	/* Memory above 16 MiB (below 4 GiB) in 64 KiB units. */
	uint64_t above16 = ram > (16u << 20) ? (ram - (16u << 20)) >> 16 : 0;
	if (above16 > 0xffff)
		above16 = 0xffff;
	c->ram[0x34] = (uint8_t)above16;
	c->ram[0x35] = (uint8_t)(above16 >> 8);
	/* Nothing above 4 GiB (0x5b-0x5d stay 0). */
	c->ram[0x5f] = (uint8_t)(cpus ? cpus - 1 : 0);
}

void pc_cmos_reset(void *cmos)
{
	struct pc_cmos *c = cmos;
	pc_cmos_init(c, c->ram_size, c->cpus);
}
