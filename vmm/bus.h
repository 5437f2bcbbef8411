/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/bus.h
 * A device bus: dispatches guest MMIO or port-I/O accesses to device models
 * by address range. Use one bus per address space (one for MMIO, one for
 * ports).
 *
 * Freestanding (no libc, no allocation): the region table is inside the
 * structure, so a bare-metal hypervisor can place a bus anywhere.
 *
 * Threading: vmm_bus_add() must not race with anything else on the same bus;
 * once the bus is populated, vmm_bus_read()/vmm_bus_write() only read the
 * table and may run from several vCPU threads at once (serialising accesses
 * to one device is the device's or its caller's business).
 */
#ifndef AXVCPU_VMM_BUS_H
#define AXVCPU_VMM_BUS_H

#include <axvcpu/error.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Capacity of a bus (regions). */
#define VMM_BUS_MAX_REGIONS 32

/**
 * What a device model implements. `offset` is relative to the base the
 * device was added at; `width` is 1, 2, 4 or 8 bytes. Both return 0 or a
 * negative AXVCPU_E* code, which the bus passes back to its caller; read
 * may also return VMM_DEV_READ_QUIET (a success the bus reports as 0).
 * A NULL member makes reads return 0 / writes be ignored.
 */
/**
 * What a device read may return instead of 0: the read changed nothing of
 * the device's state (a status register polled), so that the VM object
 * skips the device's after hook (vm.h), whose interrupt line cannot have
 * moved. Never needed: 0 is always right.
 */
#define VMM_DEV_READ_QUIET 1

struct vmm_device_ops {
	int (*read)(void *dev, uint64_t offset, unsigned width, uint64_t *val);
	int (*write)(void *dev, uint64_t offset, unsigned width, uint64_t val);
};

/** One claimed address range. */
struct vmm_bus_region {
	uint64_t base;
	uint64_t size;
	const struct vmm_device_ops *ops;
	void *dev;
};

/** A bus; the regions are kept sorted by base and never overlap. */
struct vmm_bus {
	struct vmm_bus_region regions[VMM_BUS_MAX_REGIONS];
	unsigned count;
};

/** Make `bus` empty. */
void vmm_bus_init(struct vmm_bus *bus);

/**
 * Claim [base, base + size) for device `dev`.
 * @return 0; AXVCPU_EINVAL (NULL bus or ops, size 0, range wrapping past
 *         2^64, or overlapping a region already added); AXVCPU_ENOMEM if
 *         the bus already holds VMM_BUS_MAX_REGIONS regions.
 */
int vmm_bus_add(struct vmm_bus *bus, uint64_t base, uint64_t size,
		const struct vmm_device_ops *ops, void *dev);

/**
 * The region containing `addr`, or NULL. Lookup is a binary search.
 */
const struct vmm_bus_region *vmm_bus_find(const struct vmm_bus *bus,
					  uint64_t addr);

/**
 * Read `width` bytes at `addr` from the device claiming it into *val
 * (zero-extended; *val is 0 when the device fails).
 * @return 0; AXVCPU_EINVAL (NULL argument, width not 1/2/4/8, or an access
 *         that runs past the end of its region); AXVCPU_ENOTFOUND if no
 *         device claims `addr`; or the device's error.
 */
int vmm_bus_read(struct vmm_bus *bus, uint64_t addr, unsigned width,
		 uint64_t *val);

/**
 * Write the low `width` bytes of `val` to `addr`.
 * @return as vmm_bus_read().
 */
int vmm_bus_write(struct vmm_bus *bus, uint64_t addr, unsigned width,
		  uint64_t val);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_BUS_H */
