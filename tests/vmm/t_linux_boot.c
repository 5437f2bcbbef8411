/* SPDX-License-Identifier: Apache-2.0 */
/* Linux/x86 boot protocol: header checks, zero page, e820, cmdline, initrd,
 * and hostile images. */
#include "bzimage_build.h"
#include "tests/lib/tap.h"
#include "vmm/bytes.h"
#include "vmm/linux_boot.h"

#include <stdlib.h>

#define RAM_SIZE (8u << 20)
static uint8_t *ram;
static uint8_t bios[0x10000];
static uint8_t img[0x4000];
static const uint8_t kernel[16] = "KERNEL-PAYLOAD!";

static void setup(struct vmm_mem *m)
{
	memset(ram, 0, RAM_SIZE);
	vmm_mem_init(m);
	vmm_mem_add(m, 0, RAM_SIZE, ram, VMM_MEM_RAM);
	vmm_mem_add(m, 0xffff0000, sizeof(bios), bios, VMM_MEM_ROM);
}

static void e820_at(const uint8_t *zp, unsigned i, uint64_t *addr,
		    uint64_t *size, uint32_t *type)
{
	const uint8_t *e = zp + 0x2d0 + 20 * i;
	*addr = vmm_le64(e);
	*size = vmm_le64(e + 8);
	*type = vmm_le32(e + 16);
}

static void good_image(void)
{
	struct vmm_mem m;
	struct vmm_linux_info info;
	struct vmm_linux_config cfg = { 0 };
	static uint8_t initrd[0x3000];

	memset(initrd, 'I', sizeof(initrd));
	setup(&m);
	bzimage_build(img, 4, kernel, sizeof(kernel), 0x10000, 1);
	size_t sz = bzimage_size(4, sizeof(kernel));
	cfg.cmdline = "console=ttyS0 root=/dev/vda";
	cfg.initrd = initrd;
	cfg.initrd_size = sizeof(initrd);
	tap_is(vmm_load_linux(&m, img, sz, &cfg, &info), 0, "bzImage loads");
	tap_is(info.hdr.version, 0x020f, "protocol version parsed");
	tap_is(info.hdr.setup_size, 5 * 512, "setup size from setup_sects");
	tap_is(info.hdr.kernel_size, sizeof(kernel), "kernel size");
	tap_is(info.entry32, 0x100000, "32-bit entry at 1 MiB");
	tap_is(info.entry64, 0x100200, "64-bit entry at 1 MiB + 0x200");
	tap_ok(memcmp(ram + 0x100000, kernel, sizeof(kernel)) == 0,
	       "kernel bytes at 1 MiB");
	const uint8_t *zp = ram + info.zero_page;
	tap_is(info.zero_page, VMM_LINUX_ZERO_PAGE_GPA, "zero page default");
	tap_is(vmm_le32(zp + 0x202), 0x53726448, "header copied (HdrS)");
	tap_is(vmm_le16(zp + 0x1fe), 0xaa55, "boot flag copied");
	tap_is(zp[0x210], 0xff, "type_of_loader = undefined");
	tap_is(vmm_le32(zp + 0x228), VMM_LINUX_CMDLINE_GPA, "cmd_line_ptr");
	tap_ok(strcmp((char *)ram + VMM_LINUX_CMDLINE_GPA, cfg.cmdline) == 0,
	       "command line in guest memory");
	uint32_t rd = vmm_le32(zp + 0x218);
	tap_is(rd, info.initrd, "ramdisk_image");
	tap_is(vmm_le32(zp + 0x21c), sizeof(initrd), "ramdisk_size");
	tap_ok(rd % 4096 == 0 && rd + sizeof(initrd) <= RAM_SIZE &&
		   rd >= 0x100000 + 0x10000,
	       "initrd page-aligned, in RAM, above the kernel's init_size");
	tap_is(rd, RAM_SIZE - sizeof(initrd), "initrd at the top of RAM");
	tap_ok(ram[rd] == 'I' && ram[rd + sizeof(initrd) - 1] == 'I',
	       "initrd bytes");

	tap_is(zp[0x1e8], 4, "e820: RAM, hole, RAM, ROM");
	uint64_t a, s;
	uint32_t t;
	e820_at(zp, 0, &a, &s, &t);
	tap_ok(a == 0 && s == 0x9fc00 && t == 1, "e820[0] low RAM");
	e820_at(zp, 1, &a, &s, &t);
	tap_ok(a == 0x9fc00 && s == 0x100000 - 0x9fc00 && t == 2,
	       "e820[1] PC hole reserved");
	e820_at(zp, 2, &a, &s, &t);
	tap_ok(a == 0x100000 && s == RAM_SIZE - 0x100000 && t == 1,
	       "e820[2] RAM above 1 MiB");
	e820_at(zp, 3, &a, &s, &t);
	tap_ok(a == 0xffff0000 && s == 0x10000 && t == 2,
	       "e820[3] ROM reserved");

	/* No initrd, no cmdline, 32-bit only kernel. */
	setup(&m);
	bzimage_build(img, 4, kernel, sizeof(kernel), 0, 0);
	img[0x1f1] = 0; /* means 4 */
	sz = bzimage_size(4, sizeof(kernel));
	tap_is(vmm_load_linux(&m, img, sz, NULL, &info), 0,
	       "setup_sects 0 (= 4), defaults");
	tap_is(info.entry64, 0, "no 64-bit entry without XLF_KERNEL_64");
	tap_is(info.initrd, 0, "no initrd");
	tap_is(vmm_le32(ram + info.zero_page + 0x218), 0, "ramdisk_image 0");
	tap_is(ram[VMM_LINUX_CMDLINE_GPA], 0, "empty command line");
	tap_ok(memcmp(ram + 0x100000, kernel, sizeof(kernel)) == 0,
	       "kernel after 5 sectors");
}

static void bad(const char *name, size_t sz, const struct vmm_linux_config *cfg,
		int want)
{
	struct vmm_mem m;
	struct vmm_linux_info info;
	setup(&m);
	int err = vmm_load_linux(&m, img, sz, cfg, &info);
	tap_is(err, want, "%s: %s", name, info.error ? info.error : "?");
	tap_ok(info.error != NULL, "%s: has a reason", name);
}

static void hostile_images(void)
{
	size_t sz = bzimage_size(4, sizeof(kernel));
	struct vmm_linux_config cfg = { 0 };
	static uint8_t big_initrd[1];

#define REBUILD() bzimage_build(img, 4, kernel, sizeof(kernel), 0, 1)
	REBUILD();
	bad("truncated to 0x100 bytes", 0x100, NULL, AXVCPU_EINVAL);
	bad("setup only, no kernel", 5 * 512, NULL, AXVCPU_EINVAL);
	img[0x1fe] = 0;
	bad("no boot flag", sz, NULL, AXVCPU_EINVAL);
	REBUILD();
	img[0x202] = 'X';
	bad("no HdrS", sz, NULL, AXVCPU_EINVAL);
	REBUILD();
	bz_put16(img + 0x206, 0x0204);
	bad("protocol 2.04", sz, NULL, AXVCPU_EUNSUPPORTED);
	REBUILD();
	img[0x211] = 0;
	bad("zImage (not loaded high)", sz, NULL, AXVCPU_EUNSUPPORTED);
	REBUILD();
	img[0x1f1] = 0xff;
	bad("setup_sects 255 beyond the file", sz, NULL, AXVCPU_EINVAL);
	REBUILD();
	img[0x201] = 0x00;
	bad("header end before cmdline_size", sz, NULL, AXVCPU_EINVAL);
	REBUILD();
	bz_put32(img + 0x260, 0xffffffff);
	bad("init_size 4 GiB", sz, NULL, AXVCPU_ENOTFOUND);
	REBUILD();
	bz_put32(img + 0x238, 4);
	cfg.cmdline = "longer than four";
	bad("command line too long", sz, &cfg, AXVCPU_EINVAL);
	REBUILD();
	cfg.cmdline = NULL;
	cfg.initrd = big_initrd;
	cfg.initrd_size = (size_t)RAM_SIZE;
	bad("initrd larger than RAM", sz, &cfg, AXVCPU_ENOTFOUND);
	cfg.initrd_size = 0x1000;
	bz_put32(img + 0x22c, 0x100fff);
	bad("initrd_addr_max below the kernel", sz, &cfg, AXVCPU_ENOTFOUND);
	REBUILD();
	cfg.initrd = NULL;
	cfg.initrd_size = 0;
	cfg.zero_page_gpa = 0x7ffff000;
	bad("zero page outside RAM", sz, &cfg, AXVCPU_ENOTFOUND);
	cfg.zero_page_gpa = 0;
	cfg.kernel_gpa = RAM_SIZE - 8;
	bad("kernel past the end of RAM", sz, &cfg, AXVCPU_ENOTFOUND);
	cfg.kernel_gpa = 0xffff0000;
	bad("kernel into ROM", sz, &cfg, AXVCPU_ENOTFOUND);
	cfg.kernel_gpa = 0;
	cfg.cmdline_gpa = 0xfffff000;
	bad("command line outside RAM", sz, &cfg, AXVCPU_ENOTFOUND);

	/* Review fix: pieces overlapping each other used to load, the
	 * later write corrupting the earlier one. */
	static char long_cmdline[0xe0002];
	memset(long_cmdline, 'c', sizeof(long_cmdline) - 1);
	bz_put32(img + 0x238, 0x100000); /* cmdline_size: 1 MiB */
	cfg.cmdline_gpa = 0;
	cfg.cmdline = long_cmdline; /* 0x20000 + 0xe0001 > 1 MiB */
	bad("command line running into the kernel", sz, &cfg, AXVCPU_EINVAL);
	long_cmdline[0xe0000 - 1] = 0; /* ends just below 1 MiB: fits */
	struct vmm_mem m;
	struct vmm_linux_info info;
	setup(&m);
	tap_is(vmm_load_linux(&m, img, sz, &cfg, &info), 0,
	       "command line ending right below the kernel loads");
	tap_ok(memcmp(ram + 0x100000, kernel, sizeof(kernel)) == 0,
	       "kernel intact");
	REBUILD();
	cfg.cmdline = NULL;
	cfg.zero_page_gpa = 0x100000 - 0x800;
	bad("zero page over the kernel", sz, &cfg, AXVCPU_EINVAL);
	cfg.zero_page_gpa = 0x20000 - 0x800;
	bad("zero page over the command line", sz, &cfg, AXVCPU_EINVAL);
	cfg.zero_page_gpa = RAM_SIZE - 0x1000;
	cfg.initrd = big_initrd;
	cfg.initrd_size = 1;
	bad("initrd placed over the zero page", sz, &cfg, AXVCPU_EINVAL);
	cfg.zero_page_gpa = 0;
	cfg.cmdline_gpa = RAM_SIZE - 0x1000;
	bad("initrd placed over the command line", sz, &cfg, AXVCPU_EINVAL);
	cfg = (struct vmm_linux_config){ 0 };

	struct vmm_linux_header h;
	const char *why = NULL;
	tap_is(vmm_linux_parse_header(NULL, 10, &h, &why), AXVCPU_EINVAL,
	       "parse NULL image");
	tap_is(vmm_load_linux(NULL, img, sz, NULL, NULL), AXVCPU_EINVAL,
	       "NULL map");
}

int main(void)
{
	ram = malloc(RAM_SIZE);
	if (!ram)
		return tap_skip_all("out of memory");
	good_image();
	hostile_images();
	free(ram);
	return tap_done(0);
}
