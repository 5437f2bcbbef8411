/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checks every loader makes before writing: the range is guest memory
 * and misses the keep-out ranges (DTB, initrd, firmware) — each refusal
 * one line naming the range and the real cause.
 */
#include "vmm/fmt.h"
#include "vmm/load_internal.h"

static bool range_overlap(uint64_t a, uint64_t asize, uint64_t b,
			  uint64_t bsize)
{
	/* Inclusive ends: ranges reaching the top of the space do not wrap. */
	return asize && bsize && a <= b + (bsize - 1) && b <= a + (asize - 1);
}

/* Where guest memory around `gpa` ends, for a message; 0 if none. */
static uint64_t mem_end_from(const struct vmm_mem *mem, uint64_t gpa)
{
	const struct vmm_mem_region *r = vmm_mem_find(mem, gpa);
	uint64_t end = 0;
	while (r) {
		end = r->gpa + r->size;
		r = end ? vmm_mem_find(mem, end) : 0;
	}
	return end;
}

int vmm_load_check_range(const struct vmm_mem *mem,
			 const struct vmm_load_rules *rules, uint64_t gpa,
			 uint64_t size, const char *what,
			 struct vmm_load_info *info)
{
	unsigned long long lo = gpa, hi = gpa + size;
	if (size && gpa + (size - 1) < gpa) {
		vmm_fmt(info->msg, sizeof(info->msg),
			"%s at 0x%llx: %llu bytes wrap the address space", what,
			lo, (unsigned long long)size);
		info->error = info->msg;
		return AXVCPU_EINVAL;
	}
	if (!vmm_mem_covers(mem, gpa, size)) {
		uint64_t end = mem_end_from(mem, gpa);
		/* Bytes below 1 KiB over: "1 KiB too big" for 3 bytes sent
		 * users looking for a KiB. */
		unsigned long long over = hi - end;
		bool kib = over >= 1024;
		if (end)
			vmm_fmt(info->msg, sizeof(info->msg),
				"%s [0x%llx, 0x%llx) is %llu %s too big: guest "
				"memory ends at 0x%llx",
				what, lo, hi, kib ? (over + 1023) / 1024 : over,
				kib         ? "KiB"
				: over == 1 ? "byte"
					    : "bytes",
				(unsigned long long)end);
		else
			vmm_fmt(info->msg, sizeof(info->msg),
				"%s [0x%llx, 0x%llx) is outside guest memory",
				what, lo, hi);
		info->error = info->msg;
		return AXVCPU_ENOTFOUND;
	}
	for (unsigned i = 0; rules && i < rules->nkeepout; i++) {
		const struct vmm_load_keepout *k = &rules->keepout[i];
		if (!range_overlap(gpa, size, k->gpa, k->size))
			continue;
		vmm_fmt(info->msg, sizeof(info->msg),
			"%s [0x%llx, 0x%llx) overlaps %s [0x%llx, 0x%llx)",
			what, lo, hi, k->what ? k->what : "a reserved range",
			(unsigned long long)k->gpa,
			(unsigned long long)(k->gpa + k->size));
		info->error = info->msg;
		return AXVCPU_EBUSY;
	}
	return 0;
}

uint64_t vmm_linux_image_size(const void *image, size_t size)
{
	const uint8_t *p = image;
	if (!p || size < 0x40)
		return 0;
	/* riscv64: "RSC\x05" (magic2); arm64: "ARM\x64". */
	bool rv = p[0x38] == 'R' && p[0x39] == 'S' && p[0x3a] == 'C' &&
		  p[0x3b] == 0x05;
	bool arm = p[0x38] == 'A' && p[0x39] == 'R' && p[0x3a] == 'M' &&
		   p[0x3b] == 0x64;
	if (!rv && !arm)
		return 0;
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[16 + i];
	return v;
}
