/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/linux_boot.h
 * The Linux/x86 boot protocol (Documentation/arch/x86/boot.rst): parse and
 * check a bzImage's setup header, load its protected-mode kernel, and build
 * the zero page (struct boot_params) with the e820 map, command line and
 * an optional initrd, for the 32-bit or the 64-bit entry.
 *
 * The guest is then started in 32-bit protected mode at `entry32` (or long
 * mode at `entry64` when the kernel has one) with rsi/esi = zero_page,
 * flat segments and interrupts off. Freestanding.
 */
#ifndef AXVCPU_VMM_LINUX_BOOT_H
#define AXVCPU_VMM_LINUX_BOOT_H

#include "vmm/guest_mem.h"
#include "vmm/loader.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Oldest boot protocol accepted (2.06: cmdline_size exists). */
#define VMM_LINUX_MIN_VERSION 0x0206u

/** Default placement (all below 1 MiB except the kernel). */
#define VMM_LINUX_ZERO_PAGE_GPA 0x10000u
#define VMM_LINUX_CMDLINE_GPA 0x20000u
#define VMM_LINUX_KERNEL_GPA 0x100000u

/** Size of the zero page. */
#define VMM_LINUX_ZERO_PAGE_SIZE 4096u

/** Most e820 entries the zero page holds. */
#define VMM_LINUX_E820_MAX 128u

/** e820 types. */
#define VMM_E820_RAM 1u
#define VMM_E820_RESERVED 2u

/** The setup-header fields a loader needs, as parsed. */
struct vmm_linux_header {
	uint16_t version;    /**< boot protocol, e.g. 0x020f */
	uint8_t setup_sects; /**< 512-byte sectors of setup (0 read as 4) */
	uint8_t loadflags;   /**< bit 0: LOADED_HIGH */
	uint16_t xloadflags; /**< bit 0: XLF_KERNEL_64 */
	uint32_t code32_start;
	uint32_t initrd_addr_max;
	uint32_t kernel_alignment;
	uint8_t relocatable;
	uint32_t cmdline_size; /**< longest command line, without NUL */
	uint64_t pref_address;
	uint32_t init_size;
	/** Bytes of setup (boot sector + setup_sects sectors) in the file. */
	uint64_t setup_size;
	/** Offset and size of the protected-mode kernel in the file. */
	uint64_t kernel_offset;
	uint64_t kernel_size;
	/** One past the last setup-header byte (0x202 + byte at 0x201). */
	uint32_t header_end;
};

/**
 * Parse and check the setup header of a bzImage.
 * @param why receives a static reason on error (may be NULL).
 * @return 0; AXVCPU_EINVAL (NULL, too short, no 0xAA55 boot flag or
 *         "HdrS" magic, setup beyond end of file, no kernel);
 *         AXVCPU_EUNSUPPORTED (protocol older than 2.06, not a bzImage
 *         (LOADED_HIGH clear)).
 */
int vmm_linux_parse_header(const void *image, size_t size,
			   struct vmm_linux_header *hdr, const char **why);

/** Where and what to load. Zero fields take the defaults above. */
struct vmm_linux_config {
	uint64_t zero_page_gpa;
	uint64_t cmdline_gpa;
	uint64_t kernel_gpa;
	/** Command line (NUL-terminated), or NULL for an empty one. */
	const char *cmdline;
	/** Initial ramdisk bytes, or NULL. */
	const void *initrd;
	size_t initrd_size;
	/** Or the initial ramdisk read on demand, straight into guest
	 * memory (used instead of initrd/initrd_size when not NULL). */
	const struct vmm_image *initrd_image;
};

/** Result of vmm_load_linux(). */
struct vmm_linux_info {
	struct vmm_linux_header hdr;
	uint64_t zero_page; /**< gpa of boot_params (rsi/esi) */
	uint64_t cmdline;   /**< gpa of the command line */
	uint64_t kernel;    /**< gpa the kernel was loaded at */
	uint64_t entry32;   /**< 32-bit entry (kernel) */
	uint64_t entry64;   /**< 64-bit entry (kernel + 0x200), or 0 */
	uint64_t initrd;    /**< gpa of the initrd, or 0 */
	unsigned e820_entries;
	const char *error; /**< static reason on error, else NULL */
};

/**
 * Load a bzImage into `mem` and build its zero page. The initrd goes to
 * the highest page-aligned RAM address that keeps it below both
 * initrd_addr_max and the end of the RAM region above the kernel.
 * @return 0; the errors of vmm_linux_parse_header(); AXVCPU_EINVAL
 *         (command line longer than cmdline_size; zero page, command
 *         line, kernel (init_size) or initrd overlapping); AXVCPU_ENOTFOUND
 *         (kernel, zero page, command line or initrd does not fit in
 *         guest RAM); AXVCPU_ENOMEM (more than VMM_LINUX_E820_MAX map
 *         entries); the initrd reader's error (the guest then holds a
 *         partial initrd). info->error says why.
 */
int vmm_load_linux(struct vmm_mem *mem, const void *image, size_t size,
		   const struct vmm_linux_config *cfg,
		   struct vmm_linux_info *info);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_LINUX_BOOT_H */
