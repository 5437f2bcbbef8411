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
	 * itself if none does). */
	uint64_t entry;
	/** Lowest and one-past-highest guest address written. */
	uint64_t lo;
	uint64_t hi;
	/** ELF: 32 or 64; raw: 0. */
	unsigned elf_class;
	/** ELF: e_machine; raw: 0. */
	unsigned machine;
	/**
	 * On error: a static, human-readable reason ("segment outside guest
	 * memory"); NULL on success.
	 */
	const char *error;
};

/**
 * Copy a raw binary to `gpa`; the entry is `gpa`.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_ENOTFOUND if it does not fit in
 *         guest memory. info->error says why.
 */
int vmm_load_raw(struct vmm_mem *mem, uint64_t gpa, const void *image,
		 size_t size, struct vmm_load_info *info);

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

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_LOADER_H */
