/* SPDX-License-Identifier: Apache-2.0 */
/* The PC's reset lines: port 0xcf9 and the keyboard controller's 0xfe. */
#include "vmm/pc.h"

/* Reset control register bits. */
#define RCR_SYS_RST 0x02 /* hard (1) or soft (0) reset: both reset here */
#define RCR_RST_CPU 0x04 /* a write with this bit set resets */
/* The keyboard controller command that pulses the reset line. */
#define KBD_CMD_RESET 0xfe

static int cf9_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct pc_reset *r = dev;
	(void)off;
	(void)width;
	*val = r->rcr;
	return 0;
}

static int cf9_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct pc_reset *r = dev;
	(void)off;
	(void)width;
	/* SeaBIOS writes 0x02 then 0x06, U-Boot 0x0e: RST_CPU set resets,
	 * and the register reads back without it, as after a reset. */
	r->rcr = (uint8_t)val & (uint8_t)~RCR_RST_CPU;
	if ((val & RCR_RST_CPU) && r->reset)
		r->reset(r->ctx);
	return 0;
}

const struct vmm_device_ops pc_reset_cf9_ops = { cf9_read, cf9_write };

static int kbd_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	(void)dev;
	(void)off;
	(void)width;
	*val = 0xff; /* no controller to talk to: what open bus reads */
	return 0;
}

static int kbd_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct pc_reset *r = dev;
	(void)off;
	(void)width;
	if ((uint8_t)val == KBD_CMD_RESET && r->reset)
		r->reset(r->ctx);
	return 0;
}

const struct vmm_device_ops pc_reset_kbd_ops = { kbd_read, kbd_write };
