/* SPDX-License-Identifier: Apache-2.0 */
/* Device bus: add/overlap/capacity rules and dispatch by address range. */
#include "tests/lib/tap.h"
#include "vmm/bus.h"

/* A device that records the last access and answers reads with a
 * pattern derived from the offset. */
struct rec_dev {
	int reads, writes;
	uint64_t last_off;
	unsigned last_width;
	uint64_t last_val;
	int fail;
};

static int rec_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct rec_dev *d = dev;
	d->reads++;
	d->last_off = off;
	d->last_width = width;
	if (d->fail)
		return d->fail;
	*val = 0x1122334455667700ull | off;
	return 0;
}

static int rec_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct rec_dev *d = dev;
	d->writes++;
	d->last_off = off;
	d->last_width = width;
	d->last_val = val;
	return d->fail;
}

static const struct vmm_device_ops rec_ops = { rec_read, rec_write };
static const struct vmm_device_ops null_ops = { NULL, NULL };

int main(void)
{
	struct vmm_bus bus;
	struct rec_dev a = { 0 }, b = { 0 };
	uint64_t v;

	vmm_bus_init(&bus);
	tap_is(bus.count, 0, "init empties the bus");
	tap_is(vmm_bus_add(&bus, 0x1000, 0x100, &rec_ops, &a), 0, "add a");
	tap_is(vmm_bus_add(&bus, 0x3000, 0x10, &rec_ops, &b), 0, "add b");
	tap_is(vmm_bus_add(&bus, 0x10ff, 1, &rec_ops, &b), AXVCPU_EINVAL,
	       "overlap with a's last byte refused");
	tap_is(vmm_bus_add(&bus, 0xf00, 0x101, &rec_ops, &b), AXVCPU_EINVAL,
	       "overlap with a's first byte refused");
	tap_is(vmm_bus_add(&bus, 0x0, 0x10000, &rec_ops, &b), AXVCPU_EINVAL,
	       "region covering others refused");
	tap_is(vmm_bus_add(&bus, 0x2000, 0, &rec_ops, &b), AXVCPU_EINVAL,
	       "size 0 refused");
	tap_is(vmm_bus_add(&bus, ~0ull - 4, 16, &rec_ops, &b), AXVCPU_EINVAL,
	       "wrapping range refused");
	tap_is(vmm_bus_add(&bus, 0x2000, 16, NULL, &b), AXVCPU_EINVAL,
	       "NULL ops refused");
	tap_is(vmm_bus_add(NULL, 0x2000, 16, &rec_ops, &b), AXVCPU_EINVAL,
	       "NULL bus refused");
	tap_is(bus.count, 2, "refused adds change nothing");
	tap_is(vmm_bus_add(&bus, 0x1100, 0x100, &null_ops, NULL), 0,
	       "adjacent region accepted");
	tap_is(vmm_bus_add(&bus, ~0ull - 15, 16, &rec_ops, &b), 0,
	       "region ending at 2^64-1 accepted");

	tap_is(vmm_bus_read(&bus, 0x1004, 4, &v), 0, "read in a");
	tap_is(v, 0x55667704, "value truncated to 4 bytes");
	tap_is(a.last_off, 4, "device got the offset");
	tap_is(a.last_width, 4, "device got the width");
	tap_is(vmm_bus_write(&bus, 0x3008, 2, 0xabcdef), 0, "write in b");
	tap_is(b.last_val, 0xcdef, "written value truncated to 2 bytes");
	tap_is(b.last_off, 8, "b got the offset");
	tap_is(vmm_bus_read(&bus, 0x1000, 8, &v), 0, "8-byte read");
	tap_is(v, 0x1122334455667700ull, "8-byte value intact");

	v = 7;
	tap_is(vmm_bus_read(&bus, 0x2000, 1, &v), AXVCPU_ENOTFOUND,
	       "unclaimed read");
	tap_is(v, 0, "unclaimed read gives 0");
	tap_is(vmm_bus_write(&bus, 0xfff, 1, 1), AXVCPU_ENOTFOUND,
	       "unclaimed write below a");
	tap_is(vmm_bus_read(&bus, 0x1000, 3, &v), AXVCPU_EINVAL, "width 3");
	tap_is(vmm_bus_write(&bus, 0x1000, 16, 0), AXVCPU_EINVAL, "width 16");
	tap_is(vmm_bus_read(&bus, 0x1000, 0, &v), AXVCPU_EINVAL, "width 0");
	tap_is(vmm_bus_read(&bus, 0x300e, 4, &v), AXVCPU_EINVAL,
	       "access straddling the region end");
	tap_is(vmm_bus_read(&bus, 0x1000, 4, NULL), AXVCPU_EINVAL, "NULL val");

	int reads = a.reads;
	tap_is(vmm_bus_read(&bus, 0x1180, 4, &v), 0, "read of a null-ops dev");
	tap_is(v, 0, "null read callback reads 0");
	tap_is(vmm_bus_write(&bus, 0x1180, 4, 5), 0, "null write ignored");
	tap_is(a.reads, reads, "neighbour not called");

	tap_is(vmm_bus_read(&bus, ~0ull - 7, 8, &v), 0, "read at top of 2^64");
	tap_is(b.last_off, 8, "offset from the top region");

	a.fail = AXVCPU_EHW;
	tap_is(vmm_bus_read(&bus, 0x1000, 1, &v), AXVCPU_EHW,
	       "device error passed back");
	tap_is(v, 0, "failed read gives 0");
	a.fail = 0;

	/* Fill up, in descending order, to check that sorting holds. */
	vmm_bus_init(&bus);
	int err = 0;
	for (int i = VMM_BUS_MAX_REGIONS - 1; i >= 0 && !err; i--)
		err =
		    vmm_bus_add(&bus, (uint64_t)i * 0x100, 0x10, &rec_ops, &a);
	tap_is(err, 0, "%d regions fit", VMM_BUS_MAX_REGIONS);
	tap_is(vmm_bus_add(&bus, 0x10000, 0x10, &rec_ops, &a), AXVCPU_ENOMEM,
	       "one more is ENOMEM");
	tap_is(vmm_bus_add(&bus, 0x105, 0x1, &rec_ops, &a), AXVCPU_EINVAL,
	       "overlap on a full bus still says EINVAL");
	int sorted = 1;
	for (unsigned i = 1; i < bus.count; i++)
		sorted &= bus.regions[i - 1].base < bus.regions[i].base;
	tap_ok(sorted, "regions kept sorted");
	int found = 1;
	for (int i = 0; i < VMM_BUS_MAX_REGIONS; i++) {
		const struct vmm_bus_region *r =
		    vmm_bus_find(&bus, (uint64_t)i * 0x100 + 0xf);
		found &= r && r->base == (uint64_t)i * 0x100;
		found &= vmm_bus_find(&bus, (uint64_t)i * 0x100 + 0x10) == NULL;
	}
	tap_ok(found, "every region found at its last byte, none past it");
	return tap_done(0);
}
