/* SPDX-License-Identifier: Apache-2.0 */
/* Writes seed inputs for the fuzz targets: valid ELF32/ELF64 images and a
 * valid bzImage, so the fuzzers start past the magic checks.
 * Usage: fuzz_seeds DIR_ELF DIR_LINUX */
#include "tests/vmm/bzimage_build.h"
#include "tests/vmm/elf_build.h"

#include <stdio.h>

static int save(const char *dir, const char *name, const void *p, size_t n)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n) {
		perror(path);
		return 1;
	}
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	static uint8_t img[0x3000];
	if (argc != 3) {
		fprintf(stderr, "usage: %s ELF_DIR LINUX_DIR\n", argv[0]);
		return 2;
	}
	struct test_seg segs[2] = {
		{ 1, 0x1000, 0x100, 0x200, 0x200 },
		{ 1, 0x80000000, 0x40, 0x40, 0x400 },
	};
	int err = 0;
	size_t n = elf_build(img, 0x800, 64, 62, 0x1000, segs, 2);
	err |= save(argv[1], "elf64", img, n);
	n = elf_build(img, 0x800, 32, 3, 0x1000, segs, 2);
	err |= save(argv[1], "elf32", img, n);
	static const uint8_t kernel[64] = "kernel";
	bzimage_build(img, 4, kernel, sizeof(kernel), 0x1000, 1);
	err |= save(argv[2], "bzimage", img, bzimage_size(4, sizeof(kernel)));
	return err;
}
