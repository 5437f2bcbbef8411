/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/stage2.h
 * Stage 2: one guest-physical address space, the same calls on every
 * backend.
 *
 * A VM layer creates one address space per VM with the backend its vCPUs
 * use, maps guest-physical ranges to host-physical memory with a
 * permission, and hands axvcpu_stage2_root() to axvcpu_setup() as the
 * `ept_root` of every vCPU of the VM. What sits behind it is the
 * backend's: page tables in the hardware's format (riscv64: Sv39x4 /
 * Sv48x4 G-stage tables; aarch64: Armv8 stage-2 tables; the Intel EPT and
 * AMD NPT formats are in the tree for the backends to come), built by one
 * walker in the core; KVM memory slots on the kvm backend. docs/stage2.md has
 * the formats and how a backend plugs one in.
 *
 * Memory: tables come from the HAL, one frame each (alloc_frame); a root
 * wider than a frame (the x4 roots of RISC-V are 16 KiB, Armv8 may
 * concatenate up to 16) needs the HAL's alloc_frames. The address-space
 * object itself takes one frame. Every frame goes back to the HAL when
 * the tables that held it become empty, and at axvcpu_stage2_destroy().
 *
 * Mappings: page-aligned (AXVCPU_FRAME_SIZE). axvcpu_stage2_map() uses
 * the largest leaves (2 MiB, 1 GiB, 512 GiB where the format has them)
 * that the alignment of both the guest- and the host-physical address and
 * the size allow, and refuses to touch anything already mapped;
 * axvcpu_stage2_unmap() splits a large leaf that straddles the edge of the
 * range into smaller ones. Both are atomic: a call that fails (also for
 * lack of memory half-way) leaves the address space as it was.
 *
 * Threads: map, unmap, lookup and destroy take the address space for the
 * duration of the call; one that finds another in progress on the same
 * address space returns AXVCPU_EBUSY and changes nothing (retry, or
 * serialise them in the VM layer). root, levels and size are fixed at
 * create and may be read at any time. vCPUs may run on the address space
 * while it changes: the hardware walks the tables concurrently, so every
 * table is written before the entry pointing to it, and each entry is one
 * atomic 64-bit store.
 *
 * TLBs: after a call that removes or narrows access (unmap, including the
 * split of a large leaf), and on formats that need it after a map too,
 * the stage-2 TLB of the calling CPU is invalidated through the format's
 * hook. Other CPUs are not: a vCPU of this address space running on
 * another CPU may go on using a removed translation until it fences, so
 * after an unmap the VM layer calls axvcpu_request_fence(vcpu,
 * AXVCPU_FENCE_STAGE2) on every other vCPU of the VM and waits until
 * axvcpu_fence_pending() is false for those that run (the same protocol
 * as a guest's remote fence). Only then may the host reuse the unmapped
 * memory. kvm needs none of this (KVM keeps memory-slot changes coherent)
 * but accepts the fence.
 */
#ifndef AXVCPU_STAGE2_H
#define AXVCPU_STAGE2_H

#include <axvcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One guest-physical address space (opaque); see axvcpu_stage2_create(). */
struct axvcpu_stage2;

/** Permission and memory-type bits of a mapping (`perm`). */
enum axvcpu_stage2_perm {
	/** The guest may read. */
	AXVCPU_STAGE2_READ = 1u << 0,
	/** The guest may write. */
	AXVCPU_STAGE2_WRITE = 1u << 1,
	/** The guest may execute. */
	AXVCPU_STAGE2_EXEC = 1u << 2,
	/**
	 * Device memory (uncached, for passthrough MMIO: Armv8 Device-nGnRE,
	 * EPT/NPT uncacheable); without it normal write-back memory. RISC-V
	 * has no memory type in G-stage entries (the platform's physical
	 * memory attributes decide) and kvm none in memory slots: there it is
	 * recorded (lookup reports it) but changes nothing.
	 */
	AXVCPU_STAGE2_DEVICE = 1u << 3,
};

/** Every bit axvcpu_stage2_map() knows. */
#define AXVCPU_STAGE2_PERM_ALL                                                 \
	(AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE | AXVCPU_STAGE2_EXEC |       \
	 AXVCPU_STAGE2_DEVICE)

/** Parameters of axvcpu_stage2_create(). Zero-initialise, then set. */
struct axvcpu_stage2_config {
	/**
	 * Table levels; 0 = the deepest this CPU and format offer (riscv64:
	 * 4 (Sv48x4) if the calling hart has per-CPU state and probed Sv48x4
	 * or has none, else 3 (Sv39x4); 3 picks Sv39x4). kvm ignores it.
	 */
	uint32_t levels;
	/** Must be 0. */
	uint32_t flags;
	/** kvm: the struct axvcpu_kvm_vm * whose memory slots this address
	 * space is; NULL on every other backend. */
	void *backend_vm;
	/**
	 * Guest-physical address bits wanted; 0 = what the CPU and `levels`
	 * offer. Formats whose size follows from the levels (RISC-V, EPT,
	 * NPT) take the smallest that covers it; the Armv8 format uses
	 * exactly this many bits (VTCR_EL2.T0SZ = 64 - addr_bits).
	 * axvcpu_stage2_size() tells what was chosen. kvm ignores it.
	 */
	uint32_t addr_bits;
	/** Must be 0. */
	uint32_t reserved;
};

/**
 * Create an empty address space for vCPUs of `backend`. The config is
 * not kept.
 * @return 0 and *out set; AXVCPU_EINVAL (NULL argument, nonzero flags or
 *         reserved, levels or addr_bits the format cannot do together,
 *         kvm: no backend_vm, or one that already has an address space);
 *         AXVCPU_EBADSTATE if no HAL is registered; AXVCPU_EUNSUPPORTED
 *         (the backend has no stage 2, the format cannot do what the
 *         config asks, or its root needs several contiguous frames and
 *         the HAL has no alloc_frames); AXVCPU_ENOMEM. On error *out is
 *         NULL (if `out` is not NULL) and nothing is left allocated.
 */
int axvcpu_stage2_create(const struct axvcpu_backend *backend,
			 const struct axvcpu_stage2_config *cfg,
			 struct axvcpu_stage2 **out);

/**
 * Unmap everything, give every table frame back to the HAL and free the
 * address space; `s2` is invalid afterwards. No vCPU may still run on it
 * (set up vCPUs keep its root: destroy them, or set them up again, first),
 * and, as for axvcpu_destroy(), no other call on it may race with it.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBUSY (another call on it is in
 *         progress: nothing was freed).
 */
int axvcpu_stage2_destroy(struct axvcpu_stage2 *s2);

/**
 * Map guest-physical [gpa, gpa + size) to host-physical [hpa, hpa + size)
 * with `perm` (enum axvcpu_stage2_perm bits).
 * @return 0; AXVCPU_EINVAL (NULL; size 0; gpa, hpa or size not
 *         page-aligned; a range that wraps, ends beyond
 *         axvcpu_stage2_size() or beyond the host-physical addresses the
 *         format can hold; unknown perm bits, none of READ/WRITE/EXEC, or
 *         a combination the format cannot express (RISC-V and EPT: WRITE
 *         without READ; NPT and kvm: anything without READ); any page of
 *         the range already mapped); AXVCPU_EBUSY; AXVCPU_ENOMEM (the HAL
 *         ran out of frames for tables; kvm: of memory slots);
 *         AXVCPU_EHW (kvm: KVM refused the slot). On error nothing
 *         changed.
 */
int axvcpu_stage2_map(struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
		      axvcpu_hpa_t hpa, uint64_t size, uint32_t perm);

/**
 * Unmap guest-physical [gpa, gpa + size). Pages of the range that are not
 * mapped are skipped (holes are fine); a large leaf that straddles an end
 * of the range is split first (the tables that takes are allocated before
 * anything changes); tables left empty go back to the HAL. Then the
 * calling CPU's stage-2 TLB is invalidated; other CPUs: see the top of
 * this header.
 * @return 0; AXVCPU_EINVAL (NULL; size 0; gpa or size not page-aligned;
 *         a range that wraps or ends beyond axvcpu_stage2_size(); kvm:
 *         the range touches a slot made by axvcpu_kvm_vm_map_memory() or
 *         axvcpu_kvm_vm_alloc_memory()); AXVCPU_EBUSY; AXVCPU_ENOMEM (no
 *         frame for a split; kvm: no free slot for the pieces of a split
 *         slot); AXVCPU_EHW (kvm). On error nothing changed.
 */
int axvcpu_stage2_unmap(struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
			uint64_t size);

/**
 * Translate `gpa` as the hardware would. Any pointer but `s2` may be NULL.
 * @param hpa       receives the host-physical address of `gpa` itself.
 * @param perm      receives the mapping's enum axvcpu_stage2_perm bits.
 * @param leaf_size receives the size of the leaf that maps it (4 KiB,
 *                  2 MiB, 1 GiB...; kvm: AXVCPU_FRAME_SIZE).
 * @return 0; AXVCPU_EINVAL (NULL `s2`); AXVCPU_ENOTFOUND (not mapped, or
 *         beyond the address space); AXVCPU_EBUSY. On error nothing is
 *         written.
 */
int axvcpu_stage2_lookup(const struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
			 axvcpu_hpa_t *hpa, uint32_t *perm,
			 uint64_t *leaf_size);

/**
 * The host-physical address of the root table: what axvcpu_setup() takes
 * as `ept_root` (riscv64: 16 KiB aligned, for hgatp). 0 on kvm, whose
 * setup requires 0. 0 for NULL.
 */
axvcpu_hpa_t axvcpu_stage2_root(const struct axvcpu_stage2 *s2);

/**
 * Table levels of the address space (riscv64: 3 = Sv39x4, 4 = Sv48x4;
 * the setup config's mode must match). 0 on kvm and for NULL.
 */
unsigned axvcpu_stage2_levels(const struct axvcpu_stage2 *s2);

/**
 * Bytes of guest-physical address space: guest-physical addresses below
 * this can be mapped (riscv64: 2^41 Sv39x4, 2^50 Sv48x4; kvm: 2^ the
 * guest physical-address width KVM reports). 0 for NULL.
 */
uint64_t axvcpu_stage2_size(const struct axvcpu_stage2 *s2);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_STAGE2_H */
