/* SPDX-License-Identifier: Apache-2.0 */
/* Debug port and CMOS/RTC models for axvcpu-run. */
#include "pc_devices.h"

#include <time.h>

static int debugport_read(void *dev, uint64_t off, unsigned width,
			  uint64_t *val)
{
	(void)dev;
	(void)off;
	(void)width;
	*val = PC_DEBUGPORT_MAGIC;
	return 0;
}

static int debugport_write(void *dev, uint64_t off, unsigned width,
			   uint64_t val)
{
	struct pc_debugport *d = dev;
	(void)off;
	(void)width;
	if (d->out)
		d->out(d->ctx, (uint8_t)val);
	return 0;
}

const struct vmm_device_ops pc_debugport_ops = { debugport_read,
						 debugport_write };

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

static uint8_t bcd(int v)
{
	return (uint8_t)(((v / 10) % 10) << 4 | (v % 10));
}

/* The RTC shows the host's UTC time in BCD, 24-hour mode. */
static uint8_t cmos_rtc(unsigned reg)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	switch (reg) {
	case CMOS_SECONDS:
		return bcd(tm.tm_sec);
	case CMOS_MINUTES:
		return bcd(tm.tm_min);
	case CMOS_HOURS:
		return bcd(tm.tm_hour);
	case CMOS_WEEKDAY:
		return bcd(tm.tm_wday + 1);
	case CMOS_DAY:
		return bcd(tm.tm_mday);
	case CMOS_MONTH:
		return bcd(tm.tm_mon + 1);
	case CMOS_YEAR:
		return bcd(tm.tm_year % 100);
	case CMOS_CENTURY:
		return bcd(19 + tm.tm_year / 100);
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
		*val = cmos_rtc(reg);
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
