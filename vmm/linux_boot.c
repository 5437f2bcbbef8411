/* SPDX-License-Identifier: Apache-2.0 */
/* Linux/x86 boot protocol: setup header checks, zero page, e820. */
#include "vmm/linux_boot.h"
#include "vmm/bytes.h"
#include "vmm/libc.h"

/* Setup header offsets (in the file and in the zero page alike). */
#define HDR_START 0x1f1u
#define HDR_SETUP_SECTS 0x1f1u
#define HDR_VID_MODE 0x1fau
#define HDR_BOOT_FLAG 0x1feu
#define HDR_JUMP 0x200u
#define HDR_MAGIC 0x202u
#define HDR_VERSION 0x206u
#define HDR_TYPE_OF_LOADER 0x210u
#define HDR_LOADFLAGS 0x211u
#define HDR_CODE32_START 0x214u
#define HDR_RAMDISK_IMAGE 0x218u
#define HDR_RAMDISK_SIZE 0x21cu
#define HDR_CMD_LINE_PTR 0x228u
#define HDR_INITRD_ADDR_MAX 0x22cu
#define HDR_KERNEL_ALIGNMENT 0x230u
#define HDR_RELOCATABLE 0x234u
#define HDR_XLOADFLAGS 0x236u
#define HDR_CMDLINE_SIZE 0x238u
#define HDR_PREF_ADDRESS 0x258u
#define HDR_INIT_SIZE 0x260u
/* The zero page reserves up to here for the header. */
#define HDR_ROOM_END 0x290u

/* Zero-page fields outside the setup header. */
#define ZP_EXT_RAMDISK_IMAGE 0x0c0u
#define ZP_EXT_RAMDISK_SIZE 0x0c4u
#define ZP_EXT_CMD_LINE_PTR 0x0c8u
#define ZP_E820_ENTRIES 0x1e8u
#define ZP_E820_TABLE 0x2d0u
#define E820_ENTRY_SIZE 20u

#define BOOT_FLAG 0xaa55u
#define HDRS_MAGIC 0x53726448u /* "HdrS" */
#define LOADED_HIGH 0x01u
#define XLF_KERNEL_64 0x01u
#define LOADER_UNDEFINED 0xffu

/* The legacy PC hole Linux expects to find reserved: EBDA, VGA, BIOS. */
#define PC_HOLE_START 0x9fc00u
#define PC_HOLE_END 0x100000u

static int lb_fail(const char **why, int err, const char *reason)
{
	if (why)
		*why = reason;
	return err;
}

/* Bytes of the header field area present in the file (capped at the
 * zero page's room), for fields a short header does not have. */
static bool hdr_has(const struct vmm_linux_header *h, uint32_t off,
		    uint32_t len)
{
	return off + len <= h->header_end;
}

int vmm_linux_parse_header(const void *image, size_t size,
			   struct vmm_linux_header *hdr, const char **why)
{
	const uint8_t *p = image;
	struct vmm_linux_header h = { 0 };

	if (!p || !hdr)
		return lb_fail(why, AXVCPU_EINVAL, "no image");
	if (size < HDR_VERSION + 2)
		return lb_fail(why, AXVCPU_EINVAL,
			       "bzImage: too short for a setup header");
	if (vmm_le16(p + HDR_BOOT_FLAG) != BOOT_FLAG)
		return lb_fail(why, AXVCPU_EINVAL,
			       "bzImage: no 0xAA55 boot flag");
	if (vmm_le32(p + HDR_MAGIC) != HDRS_MAGIC)
		return lb_fail(why, AXVCPU_EINVAL, "bzImage: no HdrS magic");
	h.version = vmm_le16(p + HDR_VERSION);
	if (h.version < VMM_LINUX_MIN_VERSION)
		return lb_fail(why, AXVCPU_EUNSUPPORTED,
			       "bzImage: boot protocol older than 2.06");
	h.header_end = 0x202u + p[0x201];
	if (h.header_end > HDR_ROOM_END)
		h.header_end = HDR_ROOM_END;
	if (h.header_end > size || !hdr_has(&h, HDR_CMDLINE_SIZE, 4))
		return lb_fail(why, AXVCPU_EINVAL,
			       "bzImage: setup header truncated");

	h.setup_sects = p[HDR_SETUP_SECTS];
	h.setup_size = 512u * ((h.setup_sects ? h.setup_sects : 4u) + 1u);
	h.loadflags = p[HDR_LOADFLAGS];
	h.code32_start = vmm_le32(p + HDR_CODE32_START);
	h.initrd_addr_max = vmm_le32(p + HDR_INITRD_ADDR_MAX);
	h.kernel_alignment = vmm_le32(p + HDR_KERNEL_ALIGNMENT);
	h.relocatable = p[HDR_RELOCATABLE];
	h.xloadflags = vmm_le16(p + HDR_XLOADFLAGS);
	h.cmdline_size = vmm_le32(p + HDR_CMDLINE_SIZE);
	if (hdr_has(&h, HDR_PREF_ADDRESS, 8))
		h.pref_address = vmm_le64(p + HDR_PREF_ADDRESS);
	if (hdr_has(&h, HDR_INIT_SIZE, 4))
		h.init_size = vmm_le32(p + HDR_INIT_SIZE);
	if (!(h.loadflags & LOADED_HIGH))
		return lb_fail(why, AXVCPU_EUNSUPPORTED,
			       "bzImage: not loaded high (zImage)");
	if (h.setup_size >= size)
		return lb_fail(why, AXVCPU_EINVAL,
			       "bzImage: no kernel after the setup sectors");
	h.kernel_offset = h.setup_size;
	h.kernel_size = size - h.setup_size;
	*hdr = h;
	return 0;
}

/* The e820 map being built in the zero page. */
struct e820 {
	uint8_t *zp;
	unsigned n;
};

static bool e820_add(struct e820 *m, uint64_t addr, uint64_t size,
		     uint32_t type)
{
	if (size == 0)
		return true;
	if (m->n >= VMM_LINUX_E820_MAX)
		return false;
	uint8_t *e = m->zp + ZP_E820_TABLE + m->n * E820_ENTRY_SIZE;
	vmm_put_le64(e, addr);
	vmm_put_le64(e + 8, size);
	vmm_put_le32(e + 16, type);
	m->n++;
	return true;
}

/* RAM regions become usable entries except the part inside the PC hole,
 * which is reported reserved; ROM is reserved. */
static bool e820_build(const struct vmm_mem *mem, struct e820 *m)
{
	for (unsigned i = 0; i < mem->count; i++) {
		const struct vmm_mem_region *r = &mem->regions[i];
		uint64_t start = r->gpa, end = r->gpa + r->size;
		if (end < start)
			end = UINT64_MAX; /* region reaching 2^64 */
		if (r->kind != VMM_MEM_RAM) {
			if (!e820_add(m, start, end - start, VMM_E820_RESERVED))
				return false;
			continue;
		}
		uint64_t hs = start > PC_HOLE_START ? start : PC_HOLE_START;
		uint64_t he = end < PC_HOLE_END ? end : PC_HOLE_END;
		if (hs >= he) {
			if (!e820_add(m, start, end - start, VMM_E820_RAM))
				return false;
			continue;
		}
		if (!e820_add(m, start, hs - start, VMM_E820_RAM) ||
		    !e820_add(m, hs, he - hs, VMM_E820_RESERVED) ||
		    !e820_add(m, he, end - he, VMM_E820_RAM))
			return false;
	}
	return true;
}

static bool ram_covers(const struct vmm_mem *mem, uint64_t gpa, uint64_t len)
{
	if (!vmm_mem_covers(mem, gpa, len))
		return false;
	/* Only RAM: the kernel and its data must be writable. */
	for (uint64_t done = 0; done < len;) {
		const struct vmm_mem_region *r = vmm_mem_find(mem, gpa + done);
		if (!r || r->kind != VMM_MEM_RAM)
			return false;
		done += r->size - (gpa + done - r->gpa);
	}
	return true;
}

static size_t cstr_len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

/* Highest page-aligned place for `size` bytes in the RAM region holding
 * the kernel, below `limit`; 0 if none. */
static uint64_t initrd_place(const struct vmm_mem *mem, uint64_t kernel_end,
			     uint64_t limit, uint64_t size)
{
	const struct vmm_mem_region *r = vmm_mem_find(mem, kernel_end - 1);
	if (!r || r->kind != VMM_MEM_RAM || size == 0)
		return 0;
	uint64_t top = r->gpa + r->size;
	if (top < r->gpa || top > limit)
		top = limit;
	if (top < kernel_end || top - kernel_end < size)
		return 0;
	uint64_t at = (top - size) & ~0xfffull;
	return at >= kernel_end ? at : 0;
}

/* Whether [a, a + alen) and [b, b + blen) share a byte; both lengths are
 * non-zero and both ranges were checked to lie in guest memory (so their
 * last bytes do not wrap). */
static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a <= b + (blen - 1) && b <= a + (alen - 1);
}

static int info_fail(struct vmm_linux_info *info, int err, const char *why)
{
	info->error = why;
	return err;
}

int vmm_load_linux(struct vmm_mem *mem, const void *image, size_t size,
		   const struct vmm_linux_config *cfg,
		   struct vmm_linux_info *info)
{
	static const struct vmm_linux_config defaults;
	struct vmm_linux_info dummy;
	const uint8_t *p = image;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	if (!cfg)
		cfg = &defaults;
	if (!mem)
		return info_fail(info, AXVCPU_EINVAL, "no memory map");
	int err = vmm_linux_parse_header(image, size, &info->hdr, &info->error);
	if (err)
		return err;
	const struct vmm_linux_header *h = &info->hdr;

	uint64_t zp_gpa =
	    cfg->zero_page_gpa ? cfg->zero_page_gpa : VMM_LINUX_ZERO_PAGE_GPA;
	uint64_t cl_gpa =
	    cfg->cmdline_gpa ? cfg->cmdline_gpa : VMM_LINUX_CMDLINE_GPA;
	uint64_t k_gpa =
	    cfg->kernel_gpa ? cfg->kernel_gpa : VMM_LINUX_KERNEL_GPA;
	const char *cmdline = cfg->cmdline ? cfg->cmdline : "";
	size_t cl_len = cstr_len(cmdline);

	if (cl_len > h->cmdline_size)
		return info_fail(info, AXVCPU_EINVAL,
				 "command line longer than the kernel accepts");
	/* The kernel decompresses in place: it needs init_size bytes. */
	uint64_t k_room =
	    h->kernel_size > h->init_size ? h->kernel_size : h->init_size;
	if (k_gpa + k_room < k_gpa || !ram_covers(mem, k_gpa, k_room))
		return info_fail(info, AXVCPU_ENOTFOUND,
				 "kernel does not fit in guest RAM");
	if (!ram_covers(mem, zp_gpa, VMM_LINUX_ZERO_PAGE_SIZE))
		return info_fail(info, AXVCPU_ENOTFOUND,
				 "zero page outside guest RAM");
	if (!ram_covers(mem, cl_gpa, cl_len + 1))
		return info_fail(info, AXVCPU_ENOTFOUND,
				 "command line outside guest RAM");
	/* The initrd, whichever way it comes. */
	struct vmm_image rd_bytes;
	const struct vmm_image *rd = cfg->initrd_image;
	if (!rd) {
		vmm_image_from_bytes(&rd_bytes, cfg->initrd,
				     cfg->initrd ? cfg->initrd_size : 0);
		rd = &rd_bytes;
	}
	uint64_t rd_size = rd->size;
	uint64_t rd_gpa = 0;
	if (rd_size) {
		uint64_t limit = (uint64_t)h->initrd_addr_max + 1;
		if (h->initrd_addr_max == 0)
			limit = 0x38000000ull; /* the protocol's old default */
		rd_gpa = initrd_place(mem, k_gpa + k_room, limit, rd_size);
		if (!rd_gpa)
			return info_fail(info, AXVCPU_ENOTFOUND,
					 "initrd does not fit in guest RAM");
	}

	/*
	 * The pieces are written one after the other, so overlapping ones
	 * corrupted each other silently: a long command line (up to the
	 * image's cmdline_size) from the default 0x20000 ran into the
	 * kernel at 1 MiB, and a zero page or command line placed above the
	 * kernel could be overwritten by the initrd.
	 */
	if (ranges_overlap(zp_gpa, VMM_LINUX_ZERO_PAGE_SIZE, cl_gpa,
			   cl_len + 1) ||
	    ranges_overlap(zp_gpa, VMM_LINUX_ZERO_PAGE_SIZE, k_gpa, k_room) ||
	    ranges_overlap(cl_gpa, cl_len + 1, k_gpa, k_room))
		return info_fail(info, AXVCPU_EINVAL,
				 "zero page, command line and kernel overlap");
	if (rd_gpa && (ranges_overlap(rd_gpa, rd_size, zp_gpa,
				      VMM_LINUX_ZERO_PAGE_SIZE) ||
		       ranges_overlap(rd_gpa, rd_size, cl_gpa, cl_len + 1)))
		return info_fail(info, AXVCPU_EINVAL,
				 "initrd would overlap the zero page or the "
				 "command line");

	/* Built in place: it must not straddle two regions. */
	uint8_t *zp = vmm_mem_translate(mem, zp_gpa, VMM_LINUX_ZERO_PAGE_SIZE);
	if (!zp)
		return info_fail(info, AXVCPU_ENOTFOUND,
				 "zero page straddles two memory regions");
	struct e820 map = { zp, 0 };
	memset(zp, 0, VMM_LINUX_ZERO_PAGE_SIZE);
	if (!e820_build(mem, &map))
		return info_fail(info, AXVCPU_ENOMEM,
				 "too many e820 entries for the zero page");
	zp[ZP_E820_ENTRIES] = (uint8_t)map.n;
	memcpy(zp + HDR_START, p + HDR_START, h->header_end - HDR_START);
	vmm_put_le16(zp + HDR_VID_MODE, 0xffffu); /* "normal" */
	zp[HDR_TYPE_OF_LOADER] = LOADER_UNDEFINED;
	vmm_put_le32(zp + HDR_CODE32_START, (uint32_t)k_gpa);
	vmm_put_le32(zp + HDR_CMD_LINE_PTR, (uint32_t)cl_gpa);
	vmm_put_le32(zp + ZP_EXT_CMD_LINE_PTR, (uint32_t)(cl_gpa >> 32));
	vmm_put_le32(zp + HDR_RAMDISK_IMAGE, (uint32_t)rd_gpa);
	vmm_put_le32(zp + HDR_RAMDISK_SIZE, (uint32_t)rd_size);
	vmm_put_le32(zp + ZP_EXT_RAMDISK_IMAGE, (uint32_t)(rd_gpa >> 32));
	vmm_put_le32(zp + ZP_EXT_RAMDISK_SIZE, (uint32_t)(rd_size >> 32));
	if (!rd_gpa) {
		vmm_put_le32(zp + HDR_RAMDISK_SIZE, 0);
		vmm_put_le32(zp + ZP_EXT_RAMDISK_SIZE, 0);
	}

	/* Everything fits (checked above): now write the guest. */
	vmm_mem_write(mem, k_gpa, p + h->kernel_offset, h->kernel_size);
	vmm_mem_write(mem, cl_gpa, cmdline, cl_len + 1);
	if (rd_gpa) {
		int err = vmm_image_to_guest(mem, rd_gpa, rd, 0, rd_size);
		if (err)
			return info_fail(info, err, "cannot read the initrd");
	}

	info->zero_page = zp_gpa;
	info->cmdline = cl_gpa;
	info->kernel = k_gpa;
	info->entry32 = k_gpa;
	info->entry64 = (h->xloadflags & XLF_KERNEL_64) ? k_gpa + 0x200 : 0;
	info->initrd = rd_gpa;
	info->e820_entries = map.n;
	return 0;
}
