/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Build the disk image that boots the PC hypervisor through a BIOS
 * (bochs): the boot code of boot_bochs.S, a directory, the hypervisor
 * image placed where its multiboot header (a.out kludge) asks, the
 * modules after it page-aligned, and the multiboot v1 information with
 * the command line and module names, as a multiboot loader would make
 * them. The image is padded to whole cylinders of 16 heads x 63 sectors
 * (bochs takes the geometry from the configuration).
 *
 * usage: bochs-disk OUT BOOT.bin HV.bin CMDLINE [FILE NAME]...
 * NAME is the module's name and arguments ("bios", "kernel console=ttyS0");
 * its multiboot string is "FILE NAME", as QEMU's loader makes it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECTOR 512u
#define BOOT_SECTORS 4u /* boot code: 2 KiB */
#define DIR_LBA 4u
#define DATA_LBA 8u
#define MBI_ADDR 0x9000u
#define MBI_MAX 0x3000u
#define MAX_LOADS 32u
#define MB_MAGIC 0x1badb002u
#define MB_AOUT_KLUDGE (1u << 16)
#define CYL_SECTORS (16u * 63u)

struct blob {
	uint8_t *data;
	size_t size;
};

static struct blob read_file(const char *path)
{
	struct blob b = { 0, 0 };
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b.size = n > 0 ? (size_t)n : 0;
	b.data = calloc(1, b.size + SECTOR);
	if (!b.data || fread(b.data, 1, b.size, f) != b.size) {
		fprintf(stderr, "%s: read error\n", path);
		exit(1);
	}
	fclose(f);
	return b;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The disk being built, grown sector by sector. */
static uint8_t *disk;
static size_t disk_sectors;
static uint8_t dir[SECTOR];
static unsigned nload;

static uint32_t disk_append(const uint8_t *data, size_t size)
{
	uint32_t lba = (uint32_t)disk_sectors;
	size_t n = (size + SECTOR - 1) / SECTOR;
	disk = realloc(disk, (disk_sectors + n) * SECTOR);
	if (!disk) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	memset(disk + disk_sectors * SECTOR, 0, n * SECTOR);
	memcpy(disk + disk_sectors * SECTOR, data, size);
	disk_sectors += n;
	return lba;
}

/* Load `size` bytes of `data` at physical `dest` at boot. */
static void load_add(const uint8_t *data, size_t size, uint32_t dest)
{
	if (nload == MAX_LOADS) {
		fprintf(stderr, "too many images\n");
		exit(1);
	}
	uint32_t lba = disk_append(data, size);
	uint8_t *e = dir + 24 + 12 * nload++;
	put32(e, lba);
	put32(e + 4, (uint32_t)((size + SECTOR - 1) / SECTOR));
	put32(e + 8, dest);
}

int main(int argc, char **argv)
{
	if (argc < 5 || (argc - 5) % 2) {
		fprintf(stderr,
			"usage: %s OUT BOOT.bin HV.bin CMDLINE "
			"[FILE NAME]...\n",
			argv[0]);
		return 2;
	}
	struct blob boot = read_file(argv[2]);
	struct blob hv = read_file(argv[3]);
	if (boot.size > BOOT_SECTORS * SECTOR) {
		fprintf(stderr, "%s: boot code larger than 2 KiB\n", argv[2]);
		return 1;
	}
	/* The multiboot header: within the first 8 KiB, 4-aligned. */
	const uint8_t *h = 0;
	for (size_t off = 0; off + 32 <= hv.size && off < 8192; off += 4)
		if (get32(hv.data + off) == MB_MAGIC &&
		    get32(hv.data + off) + get32(hv.data + off + 4) +
			    get32(hv.data + off + 8) ==
			0) {
			h = hv.data + off;
			break;
		}
	if (!h || !(get32(h + 4) & MB_AOUT_KLUDGE)) {
		fprintf(stderr,
			"%s: no multiboot header with load "
			"addresses\n",
			argv[3]);
		return 1;
	}
	uint32_t header_addr = get32(h + 12), load_addr = get32(h + 16);
	uint32_t load_end = get32(h + 20), bss_end = get32(h + 24);
	uint32_t entry = get32(h + 28);
	uint32_t file_off = (uint32_t)(h - hv.data) - (header_addr - load_addr);
	uint32_t load_size =
	    load_end ? load_end - load_addr : (uint32_t)hv.size - file_off;
	if (file_off + load_size > hv.size || bss_end < load_addr + load_size) {
		fprintf(stderr, "%s: inconsistent multiboot header\n", argv[3]);
		return 1;
	}

	disk_append(boot.data, BOOT_SECTORS * SECTOR);
	uint8_t pad[SECTOR * (DATA_LBA - BOOT_SECTORS)];
	memset(pad, 0, sizeof(pad));
	disk_append(pad, sizeof(pad));
	load_add(hv.data + file_off, load_size, load_addr);

	/* The multiboot information: header, module list, strings. */
	static uint8_t mbi[MBI_MAX];
	unsigned nmods = (unsigned)(argc - 5) / 2;
	uint32_t mods = 64, strings = mods + 16 * nmods, s = strings;
	uint32_t next = (bss_end + 0xfff) & ~0xfffu;
	put32(mbi + 0, (1u << 0) | (1u << 2) | (1u << 3)); /* mem cmdline mods
							    */
	put32(mbi + 4, 640);
	put32(mbi + 8, 0); /* mem_upper: the boot code asks the BIOS */
	const char *cmdline = argv[4];
	if (s + strlen(cmdline) + 1 > MBI_MAX) {
		fprintf(stderr, "command line too long\n");
		return 1;
	}
	put32(mbi + 16, MBI_ADDR + s);
	memcpy(mbi + s, cmdline, strlen(cmdline) + 1);
	s += (uint32_t)strlen(cmdline) + 1;
	put32(mbi + 20, nmods);
	put32(mbi + 24, MBI_ADDR + mods);
	for (unsigned m = 0; m < nmods; m++) {
		struct blob f = read_file(argv[5 + 2 * m]);
		const char *name = argv[6 + 2 * m];
		load_add(f.data, f.size, next);
		uint8_t *e = mbi + mods + 16 * m;
		put32(e, next);
		put32(e + 4, next + (uint32_t)f.size);
		/* "path name args", as QEMU's multiboot loader has it. */
		const char *path = argv[5 + 2 * m];
		size_t plen = strlen(path), nlen = strlen(name);
		if (s + plen + 1 + nlen + 1 > MBI_MAX) {
			fprintf(stderr, "module names too long\n");
			return 1;
		}
		put32(e + 8, MBI_ADDR + s);
		memcpy(mbi + s, path, plen);
		mbi[s + plen] = ' ';
		memcpy(mbi + s + plen + 1, name, nlen + 1);
		s += (uint32_t)(plen + 1 + nlen + 1);
		next = (next + (uint32_t)f.size + 0xfff) & ~0xfffu;
		free(f.data);
	}
	load_add(mbi, s, MBI_ADDR);

	memcpy(dir, "AXBD", 4);
	put32(dir + 4, entry);
	put32(dir + 8, MBI_ADDR);
	dir[12] = (uint8_t)nload;
	put32(dir + 16, load_addr + load_size);
	put32(dir + 20, bss_end);
	memcpy(disk + DIR_LBA * SECTOR, dir, SECTOR);

	/* Whole cylinders, at least one more than the data. */
	size_t total = (disk_sectors / CYL_SECTORS + 1) * CYL_SECTORS;
	FILE *out = fopen(argv[1], "wb");
	if (!out) {
		perror(argv[1]);
		return 1;
	}
	static const uint8_t zero[SECTOR];
	fwrite(disk, SECTOR, disk_sectors, out);
	for (size_t i = disk_sectors; i < total; i++)
		fwrite(zero, SECTOR, 1, out);
	if (fclose(out)) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
