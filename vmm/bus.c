/* SPDX-License-Identifier: Apache-2.0 */
/* Device bus: a sorted region table searched by binary search. */
#include "vmm/bus.h"

void vmm_bus_init(struct vmm_bus *bus)
{
	if (bus)
		bus->count = 0;
}

/* Index of the first region whose base is > addr (0..count). */
static unsigned bus_upper_bound(const struct vmm_bus *bus, uint64_t addr)
{
	unsigned lo = 0, hi = bus->count;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (bus->regions[mid].base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Last byte of a region; sizes are checked not to wrap at add time. */
static uint64_t region_last(const struct vmm_bus_region *r)
{
	return r->base + (r->size - 1);
}

int vmm_bus_add(struct vmm_bus *bus, uint64_t base, uint64_t size,
		const struct vmm_device_ops *ops, void *dev)
{
	if (!bus || !ops || size == 0 || base + (size - 1) < base)
		return AXVCPU_EINVAL;
	if (bus->count > VMM_BUS_MAX_REGIONS)
		return AXVCPU_EINVAL; /* never initialised */

	unsigned pos = bus_upper_bound(bus, base);
	uint64_t last = base + (size - 1);
	if (pos > 0 && region_last(&bus->regions[pos - 1]) >= base)
		return AXVCPU_EINVAL;
	if (pos < bus->count && bus->regions[pos].base <= last)
		return AXVCPU_EINVAL;
	if (bus->count == VMM_BUS_MAX_REGIONS)
		return AXVCPU_ENOMEM;

	for (unsigned i = bus->count; i > pos; i--)
		bus->regions[i] = bus->regions[i - 1];
	bus->regions[pos].base = base;
	bus->regions[pos].size = size;
	bus->regions[pos].ops = ops;
	bus->regions[pos].dev = dev;
	bus->count++;
	return 0;
}

const struct vmm_bus_region *vmm_bus_find(const struct vmm_bus *bus,
					  uint64_t addr)
{
	if (!bus || bus->count == 0 || bus->count > VMM_BUS_MAX_REGIONS)
		return NULL;
	unsigned pos = bus_upper_bound(bus, addr);
	if (pos == 0)
		return NULL;
	const struct vmm_bus_region *r = &bus->regions[pos - 1];
	return addr <= region_last(r) ? r : NULL;
}

static bool width_valid(unsigned width)
{
	return width - 1 < 8 && !(width & (width - 1));
}

/*
 * Find the region for a whole access, or say why there is none. Inline in
 * both accessors: every guest MMIO access comes through here.
 */
static inline __attribute__((always_inline)) int
bus_lookup(const struct vmm_bus *bus, uint64_t addr, unsigned width,
	   const struct vmm_bus_region **out)
{
	if (!bus || !width_valid(width))
		return AXVCPU_EINVAL;
	unsigned n = bus->count;
	if (n == 0 || n > VMM_BUS_MAX_REGIONS)
		return AXVCPU_ENOTFOUND;
	/* The last region whose base is <= addr (binary search). */
	const struct vmm_bus_region *r = bus->regions;
	while (n > 1) {
		unsigned half = n / 2;
		if (r[half].base <= addr)
			r += half;
		n -= half;
	}
	if (r->base > addr || addr - r->base > r->size - 1)
		return AXVCPU_ENOTFOUND;
	/* An access straddling the end would hand a device bytes it does
	 * not own. */
	if (region_last(r) - addr < (uint64_t)width - 1)
		return AXVCPU_EINVAL;
	*out = r;
	return 0;
}

static uint64_t width_mask(unsigned width)
{
	return width == 8 ? ~0ull : (1ull << (8 * width)) - 1;
}

int vmm_bus_read(struct vmm_bus *bus, uint64_t addr, unsigned width,
		 uint64_t *val)
{
	const struct vmm_bus_region *r;

	if (!val)
		return AXVCPU_EINVAL;
	*val = 0;
	int err = bus_lookup(bus, addr, width, &r);
	if (err)
		return err;
	if (!r->ops->read)
		return 0;
	uint64_t v = 0;
	err = r->ops->read(r->dev, addr - r->base, width, &v);
	if (err < 0)
		return err;
	*val = v & width_mask(width);
	return 0;
}

int vmm_bus_write(struct vmm_bus *bus, uint64_t addr, unsigned width,
		  uint64_t val)
{
	const struct vmm_bus_region *r;

	int err = bus_lookup(bus, addr, width, &r);
	if (err)
		return err;
	if (!r->ops->write)
		return 0;
	return r->ops->write(r->dev, addr - r->base, width,
			     val & width_mask(width));
}
