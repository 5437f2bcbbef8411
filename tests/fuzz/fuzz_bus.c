/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the device bus as a parser of ranges. A byte-coded
 * sequence of vmm_bus_add / find / read / write with addresses biased to
 * the edges (0, 2^64, the first and last byte of a region) and widths
 * 0..9 is checked against a brute-force reference in 128-bit arithmetic:
 * the same answers, regions sorted, disjoint and not wrapping, accesses
 * reaching the right device at the right offset with the value masked to
 * the width, and never an access running past its region.
 */
#include "vmm/bus.h"

#include <stdlib.h>

#include "fuzz_input.h"

typedef unsigned __int128 u128;

static void check(int cond)
{
	if (!cond)
		abort();
}

/* The one device model: records the last access it got. */
static struct {
	const void *dev;
	uint64_t offset, val;
	unsigned width;
	int calls;
} last;

static int dev_read(void *dev, uint64_t offset, unsigned width, uint64_t *val)
{
	last.dev = dev;
	last.offset = offset;
	last.width = width;
	last.calls++;
	*val = 0xfedcba9876543210ull ^ offset; /* more bytes than asked */
	return ((uintptr_t)dev & 1) ? AXVCPU_EBUSY : 0;
}

static int dev_write(void *dev, uint64_t offset, unsigned width, uint64_t val)
{
	last.dev = dev;
	last.offset = offset;
	last.width = width;
	last.val = val;
	last.calls++;
	return 0;
}

static const struct vmm_device_ops ops = { dev_read, dev_write };
/* Odd addresses fail reads (the device-error path). */
static char devs[2 * VMM_BUS_MAX_REGIONS + 2];

static uint64_t take_addr(struct in *in, const struct vmm_bus *b)
{
	uint8_t k = take8(in);
	uint64_t d = take16(in);
	switch (k & 3) {
	case 0:
		return d;
	case 1:
		return UINT64_MAX - d;
	case 2:
		return take64(in);
	default:
		if (b->count) {
			const struct vmm_bus_region *r =
			    &b->regions[(k >> 2) % b->count];
			uint64_t at =
			    (k & 4) ? r->base + (r->size - 1) : r->base;
			return at + (d & 0xff) - 0x80;
		}
		return d;
	}
}

static u128 end_of(const struct vmm_bus_region *r)
{
	return (u128)r->base + r->size;
}

static const struct vmm_bus_region *ref_find(const struct vmm_bus *b,
					     uint64_t addr)
{
	for (unsigned i = 0; i < b->count; i++)
		if (addr >= b->regions[i].base && addr < end_of(&b->regions[i]))
			return &b->regions[i];
	return NULL;
}

static int ref_add(const struct vmm_bus *b, uint64_t base, uint64_t size)
{
	if (size == 0 || (u128)base + size > (u128)UINT64_MAX + 1)
		return AXVCPU_EINVAL;
	for (unsigned i = 0; i < b->count; i++)
		if (base < end_of(&b->regions[i]) &&
		    b->regions[i].base < (u128)base + size)
			return AXVCPU_EINVAL;
	return b->count == VMM_BUS_MAX_REGIONS ? AXVCPU_ENOMEM : 0;
}

static uint64_t mask(unsigned width)
{
	return width == 8 ? ~0ull : (1ull << (8 * width)) - 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	struct vmm_bus b;
	unsigned next_dev = 0;

	vmm_bus_init(&b);
	while (in.n) {
		uint8_t op = take8(&in);
		uint64_t addr = take_addr(&in, &b);
		unsigned width = op >> 4 & 0x0f; /* 0..15: also invalid ones */
		switch (op & 3) {
		case 0: {
			uint64_t sz = (op & 4) ? take64(&in) : take16(&in);
			int want = ref_add(&b, addr, sz);
			void *dev = &devs[next_dev % sizeof(devs)];
			check(vmm_bus_add(&b, addr, sz, &ops, dev) == want);
			if (!want)
				next_dev++;
			break;
		}
		case 1:
			check(vmm_bus_find(&b, addr) == ref_find(&b, addr));
			break;
		case 2:
		case 3: {
			const struct vmm_bus_region *r = ref_find(&b, addr);
			bool valid = width == 1 || width == 2 || width == 4 ||
				     width == 8;
			bool fits = r && (u128)addr + width <= end_of(r);
			uint64_t val = take64(&in), got = 1;
			int calls = last.calls, err;
			if ((op & 3) == 2)
				err = vmm_bus_read(&b, addr, width, &got);
			else
				err = vmm_bus_write(&b, addr, width, val);
			if (!valid || !fits) {
				check(err == (valid && !r ? AXVCPU_ENOTFOUND
							  : AXVCPU_EINVAL));
				check(last.calls == calls); /* no device call */
				if ((op & 3) == 2)
					check(got == 0);
				break;
			}
			check(last.calls == calls + 1 && last.dev == r->dev &&
			      last.offset == addr - r->base &&
			      last.width == width);
			if ((op & 3) == 3) {
				check(err == 0 &&
				      last.val == (val & mask(width)));
			} else if ((uintptr_t)r->dev & 1) {
				check(err == AXVCPU_EBUSY && got == 0);
			} else {
				check(err == 0 &&
				      got == ((0xfedcba9876543210ull ^
					       last.offset) &
					      mask(width)));
			}
			break;
		}
		}
		check(b.count <= VMM_BUS_MAX_REGIONS);
		for (unsigned i = 0; i < b.count; i++) {
			check(b.regions[i].size &&
			      end_of(&b.regions[i]) <= (u128)UINT64_MAX + 1);
			if (i)
				check(end_of(&b.regions[i - 1]) <=
				      b.regions[i].base);
		}
	}
	return 0;
}
