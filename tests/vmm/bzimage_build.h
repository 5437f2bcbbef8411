/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Builds a minimal bzImage (boot sector + setup sectors with a version 2.15
 * setup header, then the protected-mode kernel bytes) for the boot-protocol
 * tests, the fuzz seeds and the CLI's end-to-end test.
 */
#ifndef AXVCPU_TESTS_BZIMAGE_BUILD_H
#define AXVCPU_TESTS_BZIMAGE_BUILD_H

#include <stdint.h>
#include <string.h>

static inline void bz_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void bz_put32(uint8_t *p, uint32_t v)
{
	bz_put16(p, (uint16_t)v);
	bz_put16(p + 2, (uint16_t)(v >> 16));
}

/* Bytes the image takes: (setup_sects + 1) * 512 + kernel_size. */
static inline size_t bzimage_size(unsigned setup_sects, size_t kernel_size)
{
	return (size_t)(setup_sects + 1) * 512 + kernel_size;
}

/* Write the image into img (at least bzimage_size() bytes). */
static inline void bzimage_build(uint8_t *img, unsigned setup_sects,
				 const void *kernel, size_t kernel_size,
				 uint32_t init_size, int kernel64)
{
	size_t setup = (size_t)(setup_sects + 1) * 512;
	memset(img, 0, setup);
	img[0x1f1] = (uint8_t)setup_sects;
	bz_put32(img + 0x1f4, (uint32_t)((kernel_size + 15) / 16));
	bz_put16(img + 0x1fe, 0xaa55);
	img[0x200] = 0xeb; /* jmp short to the end of the header */
	img[0x201] = 0x66; /* header ends at 0x202 + 0x66 = 0x268 */
	bz_put32(img + 0x202, 0x53726448);
	bz_put16(img + 0x206, 0x020f);
	img[0x211] = 0x01; /* LOADED_HIGH */
	bz_put32(img + 0x214, 0x100000);
	bz_put32(img + 0x22c, 0x7fffffff); /* initrd_addr_max */
	bz_put32(img + 0x230, 0x200000);   /* kernel_alignment */
	bz_put16(img + 0x236, kernel64 ? 0x1 : 0x0);
	bz_put32(img + 0x238, 2047); /* cmdline_size */
	bz_put32(img + 0x260, init_size);
	memcpy(img + setup, kernel, kernel_size);
}

#endif /* AXVCPU_TESTS_BZIMAGE_BUILD_H */
