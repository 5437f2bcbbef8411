/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checked loaders: keep-out ranges (DTB, initrd), the entry inside a
 * loaded segment, a raw image's footprint, the Linux Image header; every
 * refusal leaves memory untouched and names the cause in one line.
 */
#include "elf_build.h"
#include "tests/lib/tap.h"
#include "vmm/loader.h"

#include <string.h>

static uint8_t ram[0x10000];
static uint8_t img[0x4000];
static struct vmm_mem m;

static void setup(void)
{
	memset(ram, 0xcc, sizeof(ram));
	vmm_mem_init(&m);
	vmm_mem_add(&m, 0x100000, sizeof(ram), ram, VMM_MEM_RAM);
}

static int untouched(void)
{
	for (size_t i = 0; i < sizeof(ram); i++)
		if (ram[i] != 0xcc)
			return 0;
	return 1;
}

static int one_line(const char *s)
{
	return s && *s && !strchr(s, '\n');
}

int main(void)
{
	struct vmm_load_info info;
	static const struct vmm_load_keepout dtb = { 0x10e000, 0x1000,
						     "the DTB" };
	struct vmm_load_rules rules = { &dtb, 1, true, 0 };
	struct test_seg seg = { 1, 0x100000, 0x100, 0x200, 0x1000 };

	setup();
	size_t sz = elf_build(img, sizeof(img), 64, 243, 0x100010, &seg, 1);
	tap_is(vmm_load_elf_checked(&m, img, sz, 0, &rules, &info), 0,
	       "a good ELF passes every check");

	setup();
	sz = elf_build(img, sizeof(img), 64, 243, 0x100400, &seg, 1);
	tap_is(vmm_load_elf_checked(&m, img, sz, 0, &rules, &info),
	       AXVCPU_EINVAL, "entry past the segment's memory refused");
	tap_ok(untouched() && one_line(info.error) &&
		   strstr(info.error, "entry 0x100400 is outside"),
	       "... memory untouched, reason: %s", info.error);
	tap_is(vmm_load_elf(&m, img, sz, 0, &info), 0,
	       "the unchecked loader still takes it");

	setup();
	struct test_seg over = { 1, 0x10d800, 0x100, 0x1000, 0x1000 };
	sz = elf_build(img, sizeof(img), 64, 243, 0x10d800, &over, 1);
	tap_is(vmm_load_elf_checked(&m, img, sz, 0, &rules, &info),
	       AXVCPU_EBUSY, "a segment's bss over the DTB refused");
	tap_ok(untouched() && one_line(info.error) &&
		   strstr(info.error, "overlaps the DTB [0x10e000, 0x10f000)"),
	       "... memory untouched, reason: %s", info.error);

	setup();
	struct test_seg past = { 1, 0x10f000, 0x100, 0x2000, 0x1000 };
	sz = elf_build(img, sizeof(img), 64, 243, 0x10f000, &past, 1);
	tap_is(vmm_load_elf_checked(&m, img, sz, 0, &rules, &info),
	       AXVCPU_ENOTFOUND, "a segment past the end of RAM refused");
	tap_ok(one_line(info.error) &&
		   strstr(info.error, "4 KiB too big: guest memory ends at "
				      "0x110000"),
	       "... reason names the limit: %s", info.error);

	/* A few bytes over: bytes, not "1 KiB too big" (rounded up from
	 * 3 bytes, which sent a user looking for a KiB). */
	setup();
	tap_is(vmm_load_raw_checked(&m, 0x10fffd, "abcdef", 6, 0, &info),
	       AXVCPU_ENOTFOUND, "a raw image 3 bytes past the end refused");
	tap_ok(one_line(info.error) &&
		   strstr(info.error, ") is 3 bytes too big: guest memory "
				      "ends at 0x110000"),
	       "... reason counts the bytes: %s", info.error);

	/* Raw: the footprint (a kernel's bss) counts, not the file. */
	setup();
	rules.footprint = 0x6000;
	tap_is(vmm_load_raw_checked(&m, 0x109000, "abcd", 4, &rules, &info),
	       AXVCPU_EBUSY, "a raw image whose bss covers the DTB refused");
	tap_ok(untouched() && one_line(info.error), "... reason: %s",
	       info.error);
	rules.footprint = 0;
	tap_is(vmm_load_raw_checked(&m, 0x109000, "abcd", 4, &rules, &info), 0,
	       "the same file with no footprint loads");
	tap_ok(ram[0x9000] == 'a' && info.entry == 0x109000, "... in place");
	tap_is(vmm_load_raw_checked(&m, 0x200000, "abcd", 4, 0, &info),
	       AXVCPU_ENOTFOUND, "raw outside guest memory refused");
	tap_ok(one_line(info.error) && strstr(info.error, "outside guest "
							  "memory"),
	       "... reason: %s", info.error);

	/* The Image header (arm64 and riscv64 share its layout). */
	uint8_t hdr[0x40] = { 0 };
	tap_is(vmm_linux_image_size(hdr, sizeof(hdr)), 0, "no magic: 0");
	hdr[16] = 0x00;
	hdr[17] = 0x10;
	hdr[18] = 0x40;
	memcpy(hdr + 0x38, "RSC\x05", 4);
	tap_is(vmm_linux_image_size(hdr, sizeof(hdr)), 0x401000,
	       "riscv64 Image: image_size");
	memcpy(hdr + 0x38, "ARM\x64", 4);
	tap_is(vmm_linux_image_size(hdr, sizeof(hdr)), 0x401000,
	       "arm64 Image: image_size");
	tap_is(vmm_linux_image_size(hdr, 0x3f), 0, "truncated header: 0");
	return tap_done(0);
}
