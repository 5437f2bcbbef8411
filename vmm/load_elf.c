/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ELF loader. Two passes over the program headers: the first checks every
 * field against the file and the memory map, the second copies, so that a
 * bad image leaves guest memory untouched. Headers come through the
 * image's reader a few bytes at a time; segments go straight from the
 * image into guest memory.
 */
#include "vmm/bytes.h"
#include "vmm/fmt.h"
#include "vmm/load_internal.h"

#define EI_NIDENT 16
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define ET_DYN 3
#define PT_LOAD 1

/*
 * Most PT_LOAD segments with bytes (p_memsz > 0) an image may have. Real
 * executables have a handful; the cap keeps the pairwise overlap check
 * below cheap (an image may declare 65535 program headers).
 */
#define ELF_MAX_LOADS 128

/* The fields the loader needs, whatever the class. */
struct elf_hdr {
	unsigned cls;
	unsigned type;
	unsigned machine;
	uint64_t entry;
	uint64_t phoff;
	unsigned phentsize;
	unsigned phnum;
};

struct elf_phdr {
	uint32_t type;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
};

bool vmm_elf_is_elf(const void *image, size_t size)
{
	const uint8_t *p = image;
	return p && size >= 4 && p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' &&
	       p[3] == 'F';
}

static int elf_fail(struct vmm_load_info *info, int err, const char *why)
{
	info->error = why;
	return err;
}

static int elf_parse_hdr(const struct vmm_image *img, struct elf_hdr *h,
			 struct vmm_load_info *info)
{
	uint8_t p[64];
	uint64_t size = img->size;
	uint64_t have = size < sizeof(p) ? size : sizeof(p);
	if (img->read(img->ctx, 0, p, have))
		return elf_fail(info, AXVCPU_EINVAL, "cannot read the image");
	if (!vmm_elf_is_elf(p, (size_t)have) || have < EI_NIDENT)
		return elf_fail(info, AXVCPU_EINVAL, "not an ELF image");
	h->cls = p[4];
	if (h->cls != ELFCLASS32 && h->cls != ELFCLASS64)
		return elf_fail(info, AXVCPU_EINVAL, "ELF: bad class");
	if (p[5] != ELFDATA2LSB)
		return elf_fail(info, AXVCPU_EUNSUPPORTED,
				"ELF: not little-endian");
	size_t ehsize = h->cls == ELFCLASS64 ? 64 : 52;
	if (have < ehsize)
		return elf_fail(info, AXVCPU_EINVAL,
				"ELF: truncated file header");
	h->type = vmm_le16(p + 16);
	h->machine = vmm_le16(p + 18);
	if (h->cls == ELFCLASS64) {
		h->entry = vmm_le64(p + 24);
		h->phoff = vmm_le64(p + 32);
		h->phentsize = vmm_le16(p + 54);
		h->phnum = vmm_le16(p + 56);
	} else {
		h->entry = vmm_le32(p + 24);
		h->phoff = vmm_le32(p + 28);
		h->phentsize = vmm_le16(p + 42);
		h->phnum = vmm_le16(p + 44);
	}
	if (h->type != ET_EXEC && h->type != ET_DYN)
		return elf_fail(info, AXVCPU_EUNSUPPORTED,
				"ELF: not an executable");
	if (h->phentsize < (h->cls == ELFCLASS64 ? 56u : 32u))
		return elf_fail(info, AXVCPU_EINVAL,
				"ELF: program header entries too small");
	if (h->phnum == 0)
		return elf_fail(info, AXVCPU_EINVAL, "ELF: no program headers");
	/* phnum * phentsize < 2^32, so only phoff can overflow. */
	uint64_t table = (uint64_t)h->phnum * h->phentsize;
	if (h->phoff > size || table > size - h->phoff)
		return elf_fail(info, AXVCPU_EINVAL,
				"ELF: program headers beyond end of file");
	return 0;
}

/* Program header `i` (inside the file: elf_parse_hdr() checked). */
static int elf_parse_phdr(const struct vmm_image *img, const struct elf_hdr *h,
			  unsigned i, struct elf_phdr *ph,
			  struct vmm_load_info *info)
{
	uint8_t e[56];
	unsigned n = h->cls == ELFCLASS64 ? 56 : 32;
	if (img->read(img->ctx, h->phoff + (uint64_t)i * h->phentsize, e, n))
		return elf_fail(info, AXVCPU_EINVAL, "cannot read the image");
	ph->type = vmm_le32(e);
	if (h->cls == ELFCLASS64) {
		ph->offset = vmm_le64(e + 8);
		ph->vaddr = vmm_le64(e + 16);
		ph->paddr = vmm_le64(e + 24);
		ph->filesz = vmm_le64(e + 32);
		ph->memsz = vmm_le64(e + 40);
	} else {
		ph->offset = vmm_le32(e + 4);
		ph->vaddr = vmm_le32(e + 8);
		ph->paddr = vmm_le32(e + 12);
		ph->filesz = vmm_le32(e + 16);
		ph->memsz = vmm_le32(e + 20);
	}
	return 0;
}

static int elf_check_phdr(const struct vmm_mem *mem, uint64_t size,
			  const struct elf_phdr *ph,
			  const struct vmm_load_rules *rules,
			  struct vmm_load_info *info)
{
	if (ph->offset > size || ph->filesz > size - ph->offset)
		return elf_fail(info, AXVCPU_EINVAL,
				"ELF: segment beyond end of file");
	if (ph->filesz > ph->memsz)
		return elf_fail(info, AXVCPU_EINVAL,
				"ELF: segment file size exceeds memory size");
	if (ph->memsz && ph->paddr + (ph->memsz - 1) < ph->paddr)
		return elf_fail(info, AXVCPU_EINVAL,
				"ELF: segment wraps the address space");
	if (!rules) {
		if (!vmm_mem_covers(mem, ph->paddr, ph->memsz))
			return elf_fail(info, AXVCPU_ENOTFOUND,
					"ELF: segment outside guest memory");
		return 0;
	}
	return vmm_load_check_range(mem, rules, ph->paddr, ph->memsz,
				    "ELF: segment", info);
}

/* Whether two non-empty segments share a guest byte (neither wraps:
 * elf_check_phdr() refused those). */
static bool elf_overlap(const struct elf_phdr *a, const struct elf_phdr *b)
{
	return a->paddr <= b->paddr + (b->memsz - 1) &&
	       b->paddr <= a->paddr + (a->memsz - 1);
}

/*
 * The entry: e_entry inside a segment's virtual range moved to its p_paddr
 * (images linked high, e.g. 0xffffffff80100000 loaded at 0x100000), else
 * inside a segment's physical range as it is (a vmlinux gives its physical
 * entry).
 */
int vmm_load_elf_image(struct vmm_mem *mem, const struct vmm_image *img,
		       unsigned machine, const struct vmm_load_rules *rules,
		       struct vmm_load_info *info)
{
	struct vmm_load_info dummy;
	struct elf_hdr h;
	struct elf_phdr ph;

	if (!info)
		info = &dummy;
	info->entry = info->lo = info->hi = 0;
	info->elf_class = info->machine = 0;
	info->error = NULL;
	info->msg[0] = '\0';
	if (!mem || !img || !img->read)
		return elf_fail(info, AXVCPU_EINVAL, "no image");
	int err = elf_parse_hdr(img, &h, info);
	if (err)
		return err;
	if (machine && h.machine != machine)
		return elf_fail(info, AXVCPU_EUNSUPPORTED,
				"ELF: built for another machine");

	uint64_t lo = UINT64_MAX, hi = 0, entry = 0, pentry = 0;
	unsigned loads = 0, nonempty = 0;
	bool entry_found = false, pentry_found = false;
	/* Indices of the non-empty PT_LOAD headers seen so far. */
	uint16_t seen[ELF_MAX_LOADS];
	for (unsigned i = 0; i < h.phnum; i++) {
		if ((err = elf_parse_phdr(img, &h, i, &ph, info)))
			return err;
		if (ph.type != PT_LOAD)
			continue;
		err = elf_check_phdr(mem, img->size, &ph, rules, info);
		if (err)
			return err;
		loads++;
		if (ph.memsz == 0)
			continue;
		/*
		 * Overlapping segments are refused: a later one would
		 * silently overwrite an earlier one or zero it with its
		 * bss (images whose p_paddr are all 0 look like that),
		 * and many segments over the same memory made the copy
		 * pass cost phnum times the guest's RAM: a 3.6 MB image
		 * of 65535 headers kept the host busy ~70 s per 64 MiB.
		 */
		if (nonempty == ELF_MAX_LOADS)
			return elf_fail(info, AXVCPU_EINVAL,
					"ELF: too many PT_LOAD segments");
		for (unsigned j = 0; j < nonempty; j++) {
			struct elf_phdr prev;
			if ((err =
				 elf_parse_phdr(img, &h, seen[j], &prev, info)))
				return err;
			if (elf_overlap(&prev, &ph)) {
				/* Both ranges: the user must find which. */
				vmm_fmt(
				    info->msg, sizeof(info->msg),
				    "ELF: PT_LOAD segments [0x%llx, "
				    "0x%llx) and [0x%llx, 0x%llx) overlap",
				    (unsigned long long)prev.paddr,
				    (unsigned long long)(prev.paddr +
							 prev.memsz),
				    (unsigned long long)ph.paddr,
				    (unsigned long long)(ph.paddr + ph.memsz));
				return elf_fail(info, AXVCPU_EINVAL, info->msg);
			}
		}
		seen[nonempty++] = (uint16_t)i;
		if (ph.paddr < lo)
			lo = ph.paddr;
		if (ph.paddr + ph.memsz > hi)
			hi = ph.paddr + ph.memsz;
		/* The first segment holding it virtually wins; else the
		 * first holding it physically. */
		if (!entry_found && h.entry - ph.vaddr < ph.memsz) {
			entry = ph.paddr + (h.entry - ph.vaddr);
			entry_found = true;
		}
		if (!pentry_found && h.entry - ph.paddr < ph.memsz) {
			pentry = h.entry;
			pentry_found = true;
		}
	}
	if (loads == 0)
		return elf_fail(info, AXVCPU_EINVAL, "ELF: no PT_LOAD segment");
	/* It used to be accepted: the guest then started on memory the
	 * image never filled and faulted forever, or ran off guest RAM. */
	if (!entry_found && pentry_found) {
		entry = pentry;
		entry_found = true;
	}
	/* It used to be accepted: the guest then started on memory the
	 * image never filled and faulted forever, or ran off guest RAM.
	 * Without the rule it is e_entry as it is (the guest's business). */
	if (!entry_found && rules && rules->entry_inside) {
		vmm_fmt(info->msg, sizeof(info->msg),
			"ELF: entry 0x%llx is outside every loaded segment "
			"(image spans [0x%llx, 0x%llx))",
			(unsigned long long)h.entry, (unsigned long long)lo,
			(unsigned long long)hi);
		return elf_fail(info, AXVCPU_EINVAL, info->msg);
	}
	if (!entry_found)
		entry = h.entry;

	for (unsigned j = 0; j < nonempty; j++) {
		if ((err = elf_parse_phdr(img, &h, seen[j], &ph, info)))
			return err;
		/* In guest memory and in the file: checked above. */
		err = vmm_image_to_guest(mem, ph.paddr, img, ph.offset,
					 ph.filesz);
		if (err)
			return elf_fail(info, err,
					"cannot read a segment of the image");
		vmm_mem_fill(mem, ph.paddr + ph.filesz, 0,
			     ph.memsz - ph.filesz);
	}
	info->entry = entry;
	info->lo = lo <= hi ? lo : 0;
	info->hi = hi;
	info->elf_class = h.cls == ELFCLASS64 ? 64 : 32;
	info->machine = h.machine;
	return 0;
}

int vmm_load_elf_checked(struct vmm_mem *mem, const void *image, size_t size,
			 unsigned machine, const struct vmm_load_rules *rules,
			 struct vmm_load_info *info)
{
	struct vmm_image img;
	vmm_image_from_bytes(&img, image, size);
	return vmm_load_elf_image(mem, image ? &img : NULL, machine, rules,
				  info);
}

int vmm_load_elf(struct vmm_mem *mem, const void *image, size_t size,
		 unsigned machine, struct vmm_load_info *info)
{
	return vmm_load_elf_checked(mem, image, size, machine, 0, info);
}
