/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/loader.h
 * Guest image loaders: a raw binary, an ELF (32- or 64-bit, PT_LOAD
 * segments) and the Linux/x86 boot protocol (vmm/linux_boot.h).
 *
 * Images are untrusted: every field is checked against the image size and
 * the guest memory map, and a bad image gives an error with a reason,
 * never a crash. Loaders take the image as bytes in host memory (reading
 * files is the caller's business), so they are freestanding.
 */
#ifndef AXVCPU_VMM_LOADER_H
#define AXVCPU_VMM_LOADER_H

#include "vmm/guest_mem.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a loader did. */
struct vmm_load_info {
	/** Guest-physical entry point (ELF: e_entry translated from
	 * p_vaddr to p_paddr by the PT_LOAD segment holding it; e_entry
	 * itself if it lies in a segment's p_paddr range instead, or if no
	 * segment holds it and the rules do not ask for that). */
	uint64_t entry;
	/** Lowest and one-past-highest guest address written. */
	uint64_t lo;
	uint64_t hi;
	/** ELF: 32 or 64; raw: 0. */
	unsigned elf_class;
	/** ELF: e_machine; raw: 0. */
	unsigned machine;
	/**
	 * On error: a human-readable one-line reason ("ELF: segment outside
	 * guest memory"), static or in `msg` below (valid as long as this
	 * struct); NULL on success.
	 */
	const char *error;
	/** Room for reasons that name addresses (the checked loaders). */
	char msg[160];
};

/**
 * A guest-physical range no image byte may land in: the DTB, an initrd,
 * firmware tables, memory the hypervisor keeps for itself.
 */
struct vmm_load_keepout {
	uint64_t gpa;
	uint64_t size;
	/** What it is, for the message ("the DTB"). */
	const char *what;
};

/**
 * What the checked loaders verify beyond an image's own consistency, all
 * before a byte is written (a refused image leaves guest memory as it was).
 */
struct vmm_load_rules {
	/** Ranges no loaded byte may touch (may be NULL when nkeepout is 0). */
	const struct vmm_load_keepout *keepout;
	unsigned nkeepout;
	/**
	 * The entry must lie inside what is loaded: inside a PT_LOAD
	 * segment's memory, virtual range or physical range (ELF; a guest
	 * started elsewhere faults on its first fetch), or, for a raw
	 * image, inside guest memory.
	 */
	bool entry_inside;
	/**
	 * Raw images: guest bytes the image needs from its load address
	 * once it runs (a kernel's bss; see vmm_linux_image_size()), checked
	 * against memory and keep-outs when larger than the file. 0: the
	 * file size.
	 */
	uint64_t footprint;
};

/**
 * An image read on demand (a file, a flash, bytes in memory). Loaders read
 * headers through it and segments straight into guest memory, so a large
 * image never needs a second copy in host memory.
 */
struct vmm_image {
	/** Bytes in the image. */
	uint64_t size;
	/**
	 * Read `len` bytes at `offset` (the range lies inside `size`) into
	 * `dst`: 0, or a negative AXVCPU_E* code (a read error).
	 */
	int (*read)(void *ctx, uint64_t offset, void *dst, uint64_t len);
	/** Passed to `read`. */
	void *ctx;
};

/** Make `img` read from `size` bytes at `bytes`. */
void vmm_image_from_bytes(struct vmm_image *img, const void *bytes,
			  size_t size);

/**
 * Read [offset, offset + len) of `img` straight into guest memory at
 * `gpa` (the range may span adjacent regions).
 * @return 0; AXVCPU_EINVAL (NULL, range outside the image);
 *         AXVCPU_ENOTFOUND (a byte of the guest range is not backed:
 *         nothing is read); or the reader's error (guest memory then
 *         holds what was read so far).
 */
int vmm_image_to_guest(struct vmm_mem *mem, uint64_t gpa,
		       const struct vmm_image *img, uint64_t offset,
		       uint64_t len);

/**
 * Copy a raw binary to `gpa`; the entry is `gpa`.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_ENOTFOUND if it does not fit in
 *         guest memory. info->error says why.
 */
int vmm_load_raw(struct vmm_mem *mem, uint64_t gpa, const void *image,
		 size_t size, struct vmm_load_info *info);

/**
 * vmm_load_raw() with `rules` (NULL: none): the image, or its footprint,
 * must fit in guest memory and miss every keep-out range.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_ENOTFOUND (outside guest
 *         memory); AXVCPU_EBUSY (over a keep-out range). info->error says
 *         which range and why, in one line.
 */
int vmm_load_raw_checked(struct vmm_mem *mem, uint64_t gpa, const void *image,
			 size_t size, const struct vmm_load_rules *rules,
			 struct vmm_load_info *info);

/**
 * vmm_load_raw_checked() from an image read on demand, straight into guest
 * memory; also returns the reader's errors ("cannot read the image").
 */
int vmm_load_raw_image(struct vmm_mem *mem, uint64_t gpa,
		       const struct vmm_image *image,
		       const struct vmm_load_rules *rules,
		       struct vmm_load_info *info);

/**
 * Bytes a Linux kernel Image (arm64 or riscv64 "Image" header: magic at
 * offset 0x38) occupies from its load address once running, bss included
 * (the header's image_size), or 0 if `image` has no such header or the
 * field is 0.
 */
uint64_t vmm_linux_image_size(const void *image, size_t size);

/** ELF machine numbers worth naming. */
#define VMM_ELF_EM_386 3
#define VMM_ELF_EM_X86_64 62
#define VMM_ELF_EM_AARCH64 183
#define VMM_ELF_EM_RISCV 243

/**
 * Whether `image` starts with the ELF magic (a hint for choosing a
 * loader, not a validity check).
 */
bool vmm_elf_is_elf(const void *image, size_t size);

/**
 * Load an ELF executable: every PT_LOAD segment's file bytes at its
 * physical address (p_paddr), the rest of p_memsz zeroed. Little-endian
 * ET_EXEC/ET_DYN images only. Nothing is written unless every segment
 * fits in guest memory.
 * @param machine required e_machine, or 0 to accept any.
 * @return 0; AXVCPU_EINVAL (NULL, malformed image: bad magic, class,
 *         header or segment out of the file, p_filesz > p_memsz, no
 *         PT_LOAD, PT_LOAD segments overlapping in guest memory, more
 *         than 128 non-empty PT_LOAD segments); AXVCPU_EUNSUPPORTED
 * (big-endian, wrong machine, not an executable); AXVCPU_ENOTFOUND (a segment
 * outside guest memory). info->error says why.
 */
int vmm_load_elf(struct vmm_mem *mem, const void *image, size_t size,
		 unsigned machine, struct vmm_load_info *info);

/**
 * vmm_load_elf() with `rules` (NULL: none): also refused, before anything
 * is written, are a segment over a keep-out range (AXVCPU_EBUSY) and,
 * with rules->entry_inside, an entry outside every non-empty PT_LOAD
 * segment (AXVCPU_EINVAL). Messages name the segment's range, the
 * entry, the keep-out's `what` and the guest memory where it helps.
 */
int vmm_load_elf_checked(struct vmm_mem *mem, const void *image, size_t size,
			 unsigned machine, const struct vmm_load_rules *rules,
			 struct vmm_load_info *info);

/**
 * vmm_load_elf_checked() from an image read on demand: headers through
 * the reader, each segment straight into guest memory. Also returns the
 * reader's errors (a read error while copying leaves guest memory partly
 * written).
 */
int vmm_load_elf_image(struct vmm_mem *mem, const struct vmm_image *image,
		       unsigned machine, const struct vmm_load_rules *rules,
		       struct vmm_load_info *info);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_LOADER_H */
