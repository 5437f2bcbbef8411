/* SPDX-License-Identifier: Apache-2.0 */
/* Builds small ELF images in memory for the loader tests and fuzz seeds. */
#ifndef AXVCPU_TESTS_ELF_BUILD_H
#define AXVCPU_TESTS_ELF_BUILD_H

#include <stdint.h>
#include <string.h>

struct test_seg {
	uint32_t type;
	uint64_t paddr, filesz, memsz, offset;
};

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static inline void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/*
 * Write an ELF of class 32 or 64 with `n` program headers right after the
 * file header; segment file bytes are filled with (offset & 0xff) so the
 * test can check what landed where. Returns the image size used.
 */
static inline size_t elf_build(uint8_t *img, size_t cap, int cls,
			       uint16_t machine, uint64_t entry,
			       const struct test_seg *segs, unsigned n)
{
	memset(img, 0, cap);
	for (size_t i = 0; i < cap; i++)
		img[i] = (uint8_t)i;
	memset(img, 0, cls == 64 ? 64 : 52);
	img[0] = 0x7f;
	img[1] = 'E';
	img[2] = 'L';
	img[3] = 'F';
	img[4] = cls == 64 ? 2 : 1;
	img[5] = 1;
	img[6] = 1;
	put16(img + 16, 2);
	put16(img + 18, machine);
	put32(img + 20, 1);
	size_t ph = cls == 64 ? 64 : 52, phsz = cls == 64 ? 56 : 32;
	if (cls == 64) {
		put64(img + 24, entry);
		put64(img + 32, ph);
		put16(img + 52, 64);
		put16(img + 54, (uint16_t)phsz);
		put16(img + 56, (uint16_t)n);
	} else {
		put32(img + 24, (uint32_t)entry);
		put32(img + 28, (uint32_t)ph);
		put16(img + 40, 52);
		put16(img + 42, (uint16_t)phsz);
		put16(img + 44, (uint16_t)n);
	}
	size_t end = ph + n * phsz;
	for (unsigned i = 0; i < n; i++) {
		uint8_t *e = img + ph + i * phsz;
		memset(e, 0, phsz);
		const struct test_seg *s = &segs[i];
		if (cls == 64) {
			put32(e, s->type);
			put64(e + 8, s->offset);
			put64(e + 16, s->paddr);
			put64(e + 24, s->paddr);
			put64(e + 32, s->filesz);
			put64(e + 40, s->memsz);
		} else {
			put32(e, s->type);
			put32(e + 4, (uint32_t)s->offset);
			put32(e + 8, (uint32_t)s->paddr);
			put32(e + 12, (uint32_t)s->paddr);
			put32(e + 16, (uint32_t)s->filesz);
			put32(e + 20, (uint32_t)s->memsz);
		}
		if (s->offset + s->filesz > end && s->offset + s->filesz <= cap)
			end = s->offset + s->filesz;
	}
	return end;
}

#endif /* AXVCPU_TESTS_ELF_BUILD_H */
