/* SPDX-License-Identifier: Apache-2.0 */
/* CFI NOR flash, Intel command set, 16-bit bus: see vmm/cfi_flash.h. */
#include "vmm/cfi_flash.h"

enum { MODE_ARRAY, MODE_QUERY, MODE_ID, MODE_STATUS };
enum { PEND_NONE, PEND_PROGRAM, PEND_ERASE, PEND_LOCK };

#define STATUS_READY 0x80u
#define MANUFACTURER_INTEL 0x89u
#define DEVICE_ID 0x18u

static unsigned log2_of(uint64_t v)
{
	unsigned n = 0;
	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

/* The CFI query table, by 16-bit word index (the low byte is the data). */
static uint8_t cfi_query(const struct vmm_cfi_flash *f, uint64_t idx)
{
	uint64_t blocks = f->size / f->block_size - 1;
	uint64_t unit = f->block_size / 256;
	switch (idx) {
	case 0x10:
		return 'Q';
	case 0x11:
		return 'R';
	case 0x12:
		return 'Y';
	case 0x13:
		return 0x01; /* primary command set: Intel/Sharp extended */
	case 0x15:
		return 0x31; /* primary extended table at 0x31 */
	case 0x1b:
		return 0x27; /* Vcc min 2.7 V */
	case 0x1c:
		return 0x36; /* Vcc max 3.6 V */
	case 0x1f:
		return 0x04; /* word program: 2^4 us typical */
	case 0x21:
		return 0x0a; /* block erase: 2^10 ms typical */
	case 0x23:
		return 0x04; /* word program: 2^4 x typical at most */
	case 0x25:
		return 0x04; /* block erase: 2^4 x typical at most */
	case 0x27:
		return (uint8_t)log2_of(f->size);
	case 0x28:
		return 0x01; /* x16 interface */
	case 0x2c:
		return 1; /* one erase block region */
	case 0x2d:
		return (uint8_t)blocks;
	case 0x2e:
		return (uint8_t)(blocks >> 8);
	case 0x2f:
		return (uint8_t)unit;
	case 0x30:
		return (uint8_t)(unit >> 8);
	case 0x31:
		return 'P';
	case 0x32:
		return 'R';
	case 0x33:
		return 'I';
	case 0x34:
		return '1';
	case 0x35:
		return '0';
	default:
		return 0; /* no buffer write, no chip erase, no options */
	}
}

/* What a 16-bit read at byte offset `off` gives outside array mode. */
static uint16_t cfi_word(const struct vmm_cfi_flash *f, uint64_t off)
{
	uint64_t idx = off / 2;
	switch (f->mode) {
	case MODE_QUERY:
		return cfi_query(f, idx);
	case MODE_ID:
		/* Per block: word 0 maker, 1 device, 2 lock status. */
		switch (idx % (f->block_size / 2)) {
		case 0:
			return MANUFACTURER_INTEL;
		case 1:
			return DEVICE_ID;
		default:
			return 0;
		}
	default:
		return STATUS_READY;
	}
}

int vmm_cfi_flash_init(struct vmm_cfi_flash *f, void *mem, uint64_t size,
		       uint64_t block_size)
{
	if (!f || !mem || block_size < 256 || (block_size & (block_size - 1)) ||
	    (size & (size - 1)) || size < 2 * block_size ||
	    size / block_size > 0x10000)
		return AXVCPU_EINVAL;
	*f = (struct vmm_cfi_flash){ 0 };
	f->mem = mem;
	f->size = size;
	f->block_size = block_size;
	return 0;
}

void vmm_cfi_flash_reset(struct vmm_cfi_flash *f)
{
	f->mode = MODE_ARRAY;
	f->pending = PEND_NONE;
}

static int cfi_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct vmm_cfi_flash *f = dev;
	uint64_t v = 0;
	for (unsigned i = 0; i < width; i++) {
		uint64_t a = off + i;
		uint8_t b = 0;
		if (a < f->size)
			b = f->mode == MODE_ARRAY
				? f->mem[a]
				: (uint8_t)(cfi_word(f, a & ~1ull) >>
					    (8 * (a & 1)));
		v |= (uint64_t)b << (8 * i);
	}
	*val = v;
	return 0;
}

/* Program: bits can only go from 1 to 0. */
static void cfi_program(struct vmm_cfi_flash *f, uint64_t off, unsigned width,
			uint64_t val)
{
	for (unsigned i = 0; i < width && off + i < f->size; i++)
		f->mem[off + i] &= (uint8_t)(val >> (8 * i));
	f->programs++;
}

static int cfi_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct vmm_cfi_flash *f = dev;
	uint8_t cmd = (uint8_t)val;
	if (off >= f->size)
		return 0;
	switch (f->pending) {
	case PEND_PROGRAM:
		cfi_program(f, off, width, val);
		f->pending = PEND_NONE;
		f->mode = MODE_STATUS;
		return 0;
	case PEND_ERASE:
		f->pending = PEND_NONE;
		f->mode = MODE_STATUS;
		if (cmd == 0xd0) {
			uint64_t base = off & ~(f->block_size - 1);
			for (uint64_t i = 0; i < f->block_size; i++)
				f->mem[base + i] = 0xff;
			f->erases++;
		}
		return 0;
	case PEND_LOCK:
		/* 0x01 lock, 0xD0 unlock, 0x2F lock-down: nothing locks. */
		f->pending = PEND_NONE;
		f->mode = MODE_STATUS;
		return 0;
	default:
		break;
	}
	switch (cmd) {
	case 0xff:
	case 0xf0:
		f->mode = MODE_ARRAY;
		break;
	case 0x98:
		f->mode = MODE_QUERY;
		break;
	case 0x90:
		f->mode = MODE_ID;
		break;
	case 0x70:
	case 0x50: /* clear status: there is never an error to clear */
		f->mode = MODE_STATUS;
		break;
	case 0x40:
	case 0x10:
		f->pending = PEND_PROGRAM;
		break;
	case 0x20:
		f->pending = PEND_ERASE;
		break;
	case 0x60:
		f->pending = PEND_LOCK;
		break;
	default:
		/* Unknown commands (buffered program 0xE8 included, which
		 * the query table does not offer) leave the status mode. */
		f->mode = MODE_STATUS;
		break;
	}
	return 0;
}

const struct vmm_device_ops vmm_cfi_flash_ops = { cfi_read, cfi_write };
