/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/guest_mem.h
 * The guest-physical memory map as the VM layer sees it: regions of guest
 * RAM or ROM, each backed by host memory the caller provides, with
 * bounds-checked gpa -> host pointer translation and copies.
 *
 * Attached to a stage-2 address space (vmm_mem_attach_stage2()), the map
 * is also what the guest sees: adding a region maps it (RAM read, write
 * and execute, ROM read and execute; host-physical address = the HAL's
 * virt_to_phys of its host memory) and removing it unmaps it, so the map
 * and the guest's view cannot drift apart. Without one it only records
 * where things are. Freestanding.
 */
#ifndef AXVCPU_VMM_GUEST_MEM_H
#define AXVCPU_VMM_GUEST_MEM_H

#include <axvcpu/error.h>
#include <axvcpu/stage2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Capacity of a memory map (regions). */
#define VMM_MEM_MAX_REGIONS 16

/** Region kinds. */
enum vmm_mem_kind {
	/** Guest RAM (reported as usable in firmware tables). */
	VMM_MEM_RAM = 0,
	/** Guest ROM: read-only for the guest (the host may still fill
	 * it); reported as reserved. */
	VMM_MEM_ROM = 1,
};

/** One region: guest [gpa, gpa + size) lives at host [host, host + size). */
struct vmm_mem_region {
	uint64_t gpa;
	uint64_t size;
	uint8_t *host;
	enum vmm_mem_kind kind;
	/** Its AXVCPU_STAGE2_* permission when attached to stage 2. */
	uint32_t perm;
};

/** A memory map; regions are kept sorted by gpa and never overlap. */
struct vmm_mem {
	struct vmm_mem_region regions[VMM_MEM_MAX_REGIONS];
	unsigned count;
	/** The address space it keeps in step, or NULL. */
	struct axvcpu_stage2 *s2;
};

/** Make `mem` empty, attached to no address space. */
void vmm_mem_init(struct vmm_mem *mem);

/**
 * Keep `s2` in step with the map from now on: every region already added
 * is mapped now (all or none), later vmm_mem_add() maps and
 * vmm_mem_remove() unmaps. The caller keeps `s2` alive as long as the map
 * is attached. NULL detaches (mappings stay as they are).
 * @return 0; AXVCPU_EINVAL (NULL `mem`, already attached to an address
 *         space); or the error of mapping a region (see
 *         axvcpu_stage2_map(): e.g. AXVCPU_EINVAL for a region not
 *         page-aligned), in which case nothing is mapped and the map
 *         stays detached.
 */
int vmm_mem_attach_stage2(struct vmm_mem *mem, struct axvcpu_stage2 *s2);

/**
 * Add a region backed by `host` (which must stay valid while the map is
 * used). Attached, the region is mapped first (RAM: read, write, execute;
 * ROM: read, execute), which needs gpa, size and host page-aligned.
 * @return 0; AXVCPU_EINVAL (NULL argument, size 0, range wrapping past
 *         2^64, unknown kind, overlap with a region already added);
 *         AXVCPU_ENOMEM if the map is full; attached, the error of
 *         axvcpu_stage2_map(). On error nothing is added or mapped.
 */
int vmm_mem_add(struct vmm_mem *mem, uint64_t gpa, uint64_t size, void *host,
		enum vmm_mem_kind kind);

/**
 * vmm_mem_add() with the stage-2 permission given (AXVCPU_STAGE2_* bits,
 * 0: the kind's default), e.g. a firmware region reported as ROM but
 * writable for the guest.
 */
int vmm_mem_add_perm(struct vmm_mem *mem, uint64_t gpa, uint64_t size,
		     void *host, enum vmm_mem_kind kind, uint32_t perm);

/**
 * Remove the region that starts at `gpa`, unmapping it first when
 * attached (then also ask the VM's other running vCPUs to fence, see
 * stage2.h, before reusing its host memory).
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_ENOTFOUND (no region starts at
 *         `gpa`); attached, the error of axvcpu_stage2_unmap() (e.g.
 *         AXVCPU_EBUSY), in which case the region stays.
 */
int vmm_mem_remove(struct vmm_mem *mem, uint64_t gpa);

/** The region containing `gpa`, or NULL. */
const struct vmm_mem_region *vmm_mem_find(const struct vmm_mem *mem,
					  uint64_t gpa);

/**
 * The host address of guest range [gpa, gpa + len), or NULL unless the
 * whole range lies in one region (len 0 counts as 1 byte).
 */
void *vmm_mem_translate(const struct vmm_mem *mem, uint64_t gpa, uint64_t len);

/**
 * Whether [gpa, gpa + len) is entirely backed, possibly by several
 * adjacent regions.
 */
bool vmm_mem_covers(const struct vmm_mem *mem, uint64_t gpa, uint64_t len);

/**
 * Copy `len` bytes from host `src` into guest memory at `gpa` (ROM too:
 * this is how loaders fill it). The range may span adjacent regions.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_ENOTFOUND if any byte of the
 *         range is not backed — then nothing is written.
 */
int vmm_mem_write(struct vmm_mem *mem, uint64_t gpa, const void *src,
		  uint64_t len);

/** Copy guest memory into host `dst`; as vmm_mem_write(). */
int vmm_mem_read(const struct vmm_mem *mem, uint64_t gpa, void *dst,
		 uint64_t len);

/** Fill guest memory with `byte`; as vmm_mem_write(). */
int vmm_mem_fill(struct vmm_mem *mem, uint64_t gpa, uint8_t byte, uint64_t len);

/** Total bytes of regions of `kind`. */
uint64_t vmm_mem_total(const struct vmm_mem *mem, enum vmm_mem_kind kind);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_GUEST_MEM_H */
