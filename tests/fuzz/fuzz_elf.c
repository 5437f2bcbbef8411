/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the ELF and raw loaders on arbitrary bytes. A crash,
 * sanitizer report or a load outside the memory map is a bug. */
#include "vmm/loader.h"

#include <stdlib.h>
#include <string.h>

static uint8_t low[0x4000], high[0x2000];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_mem m;
	struct vmm_load_info info;

	vmm_mem_init(&m);
	vmm_mem_add(&m, 0x1000, sizeof(low), low, VMM_MEM_RAM);
	vmm_mem_add(&m, 0x80000000, sizeof(high), high, VMM_MEM_ROM);
	int err = vmm_load_elf(&m, data, size, 0, &info);
	if (err == 0) {
		/* Whatever loaded must lie inside the map. */
		if (info.hi > info.lo && !vmm_mem_covers(&m, info.lo, 1))
			abort();
		if (info.elf_class != 32 && info.elf_class != 64)
			abort();
	} else if (!info.error) {
		abort(); /* every failure has a reason */
	}
	/* The checked loader: a keep-out in the middle of RAM, entry rule. */
	static const struct vmm_load_keepout ko = { 0x2000, 0x800, "the DTB" };
	struct vmm_load_rules rules = { &ko, 1, true, 0 };
	memset(low, 0, sizeof(low));
	err = vmm_load_elf_checked(&m, data, size, 0, &rules, &info);
	if (err == 0) {
		/* Nothing may have landed in the keep-out range. */
		for (unsigned i = 0; i < ko.size; i++)
			if (low[ko.gpa - 0x1000 + i])
				abort();
		/* The entry lies in a loaded segment, so in guest memory. */
		if (info.entry < info.lo || info.entry >= info.hi ||
		    !vmm_mem_covers(&m, info.entry, 1))
			abort();
	} else if (!info.error || !info.error[0]) {
		abort();
	}
	vmm_load_raw(&m, 0x1000 + (size & 0xfff), data, size, &info);
	rules.footprint = size & 0x7fff;
	err = vmm_load_raw_checked(&m, 0x1000 + (size & 0xfff), data, size,
				   &rules, &info);
	if (err && (!info.error || !info.error[0]))
		abort();
	return 0;
}
