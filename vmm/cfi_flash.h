/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/cfi_flash.h
 * A NOR flash with the Intel/Sharp command set (CFI command set 1, as
 * QEMU's pflash_cfi01) on a 16-bit bus: reads in array mode return the
 * backing bytes; the CFI query (0x98), read-identifier (0x90),
 * read-status (0x70) and clear-status (0x50) commands; word program
 * (0x40/0x10, which can only clear bits, as on real flash), block erase
 * (0x20 + 0xD0: the block reads 0xFF), block lock/unlock (0x60 + 0x01 /
 * 0xD0 / 0x2F: accepted, nothing is ever locked); 0xFF and 0xF0 go back
 * to array mode. No write buffer (the CFI table says so). Operations
 * finish at once: the status register always reads ready (0x80).
 *
 * A guest device tree names it "cfi-flash" with bank-width 2. Firmware
 * needs one: Debian's U-Boot for QEMU virt treats every address as flash
 * when its device tree has none (its `cp` to RAM then says "Copy to
 * Flash... Flash not Erased").
 *
 * Freestanding and not locked (callers serialise, like every VM device).
 */
#ifndef AXVCPU_VMM_CFI_FLASH_H
#define AXVCPU_VMM_CFI_FLASH_H

#include "vmm/bus.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The model's state. Fields are private; read them in tests only. */
struct vmm_cfi_flash {
	uint8_t *mem;        /**< backing store, `size` bytes */
	uint64_t size;       /**< a power of two, >= 2 blocks */
	uint64_t block_size; /**< erase block, a power of two >= 256 */
	unsigned mode;       /**< what reads return (array, query, id...) */
	unsigned pending;    /**< first cycle of a two-cycle command */
	uint64_t programs;   /**< words programmed (statistics) */
	uint64_t erases;     /**< blocks erased (statistics) */
};

/**
 * Make `f` a flash over `mem` (`size` bytes, a power of two, at least two
 * blocks of `block_size`, itself a power of two of at least 256), in
 * array mode. The contents are the caller's (0xFF is erased).
 * @return 0; AXVCPU_EINVAL (NULL, sizes that break the rules).
 */
int vmm_cfi_flash_init(struct vmm_cfi_flash *f, void *mem, uint64_t size,
		       uint64_t block_size);

/** Back to array mode with nothing pending (contents kept). */
void vmm_cfi_flash_reset(struct vmm_cfi_flash *f);

/** Bus ops; the bus `dev` pointer is the struct vmm_cfi_flash *. */
extern const struct vmm_device_ops vmm_cfi_flash_ops;

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_CFI_FLASH_H */
