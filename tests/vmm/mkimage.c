/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test image maker for the axvcpu-run tests:
 *   mkimage bzimage PAYLOAD OUT   bzImage around a raw 32-bit payload
 *   mkimage bzimage64 PAYLOAD OUT the same, with XLF_KERNEL_64 set
 *   mkimage bad-elf OUT           ELF64 whose segment lies outside RAM
 *   mkimage trunc-elf OUT         ELF64 cut inside its program headers
 *   mkimage old-bzimage OUT       bzImage with boot protocol 2.00
 *   mkimage entry-elf OUT         ELF64 whose entry is in no segment
 *                                 (outside guest RAM too)
 */
#include "bzimage_build.h"
#include "elf_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int save(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[1 << 20], out[(1 << 20) + 8192];
	if (argc == 4 &&
	    (!strcmp(argv[1], "bzimage") || !strcmp(argv[1], "bzimage64"))) {
		FILE *f = fopen(argv[2], "rb");
		if (!f) {
			perror(argv[2]);
			return 1;
		}
		size_t n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		bzimage_build(out, 4, buf, n, 0x10000,
			      !strcmp(argv[1], "bzimage64"));
		return save(argv[3], out, bzimage_size(4, n));
	}
	if (argc == 3 && !strcmp(argv[1], "bad-elf")) {
		struct test_seg s = { 1, 0xf0000000, 0x10, 0x10, 0x100 };
		size_t n = elf_build(buf, 0x200, 64, 62, 0xf0000000, &s, 1);
		return save(argv[2], buf, n);
	}
	if (argc == 3 && !strcmp(argv[1], "trunc-elf")) {
		struct test_seg s = { 1, 0x100000, 0x10, 0x10, 0x100 };
		elf_build(buf, 0x200, 64, 62, 0x100000, &s, 1);
		return save(argv[2], buf, 80);
	}
	if (argc == 3 && !strcmp(argv[1], "entry-elf")) {
		struct test_seg s = { 1, 0x100000, 0x10, 0x10, 0x100 };
		size_t n = elf_build(buf, 0x200, 64, 62, 0xf0000000, &s, 1);
		return save(argv[2], buf, n);
	}
	if (argc == 3 && !strcmp(argv[1], "old-bzimage")) {
		static const uint8_t k[16];
		bzimage_build(out, 4, k, sizeof(k), 0, 0);
		bz_put16(out + 0x206, 0x0200);
		return save(argv[2], out, bzimage_size(4, sizeof(k)));
	}
	fprintf(stderr, "usage: see the comment at the top of mkimage.c\n");
	return 2;
}
