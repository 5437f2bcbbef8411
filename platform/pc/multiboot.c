/* SPDX-License-Identifier: Apache-2.0 */
/* Multiboot v1 information: the command line, modules and memory. */
#include "hv.h"
#include "platform/pc/boot.h"

#define MB_BOOT_MAGIC 0x2badb002u
#define MBI_MEM (1u << 0)
#define MBI_CMDLINE (1u << 2)
#define MBI_MODS (1u << 3)

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
};

struct mb_module {
	uint32_t start, end, string, reserved;
};

struct hv_boot hv_boot;

extern char __hv_end_phys[];

bool hv_boot_multiboot(uint32_t magic, uint64_t mbi)
{
	if (magic != MB_BOOT_MAGIC)
		return false;
	const struct mb_info *i = (const struct mb_info *)mbi;
	hv_boot.cmdline =
	    (i->flags & MBI_CMDLINE) ? (const char *)(uint64_t)i->cmdline : "";
	if (i->flags & MBI_MEM)
		hv_boot.mem_top = 0x100000ull + (uint64_t)i->mem_upper * 1024;
	if (i->flags & MBI_MODS) {
		const struct mb_module *m =
		    (const struct mb_module *)(uint64_t)i->mods_addr;
		for (unsigned k = 0;
		     k < i->mods_count && k < HV_BOOT_MAX_MODULES; k++) {
			hv_boot.mods[k] = (struct hv_module){
				.start = m[k].start,
				.end = m[k].end,
				.name =
				    m[k].string
					? (const char *)(uint64_t)m[k].string
					: "",
			};
			hv_boot.nmods++;
		}
	}
	return true;
}

static uint64_t align2m(uint64_t a)
{
	return (a + 0x1fffff) & ~0x1fffffull;
}

void hv_boot_plan(uint64_t pool, uint64_t guest)
{
	uint64_t top = (uint64_t)__hv_end_phys;
	for (unsigned k = 0; k < hv_boot.nmods; k++)
		if (hv_boot.mods[k].end > top)
			top = hv_boot.mods[k].end;
	hv_boot.pool_start = align2m(top);
	hv_boot.pool_end = hv_boot.pool_start + pool;
	hv_boot.guest_start = align2m(hv_boot.pool_end);
	hv_boot.guest_end = hv_boot.guest_start + guest;
}

/* Whether `s` starts with the word `w` (followed by a space or its end). */
static bool boot_word(const char *s, const char *w)
{
	while (*w && *s == *w) {
		s++;
		w++;
	}
	return !*w && (!*s || *s == ' ');
}

const struct hv_module *hv_boot_module(const char *name)
{
	for (unsigned k = 0; k < hv_boot.nmods; k++) {
		const char *n = hv_boot.mods[k].name;
		/* QEMU passes "path args": the name is the first argument,
		 * or the file name when there is none. */
		const char *arg = n;
		while (*arg && *arg != ' ')
			arg++;
		if (*arg == ' ' && boot_word(arg + 1, name))
			return &hv_boot.mods[k];
		if (boot_word(n, name))
			return &hv_boot.mods[k];
	}
	return 0;
}

const char *hv_boot_arg(const char *key, char *buf, unsigned size)
{
	const char *s = hv_boot.cmdline;
	unsigned klen = 0;
	while (key[klen])
		klen++;
	while (*s) {
		while (*s == ' ')
			s++;
		const char *w = s;
		unsigned k = 0;
		while (k < klen && w[k] == key[k])
			k++;
		if (k == klen && w[k] == '=') {
			w += k + 1;
			unsigned n = 0;
			while (w[n] && w[n] != ' ' && n + 1 < size) {
				buf[n] = w[n];
				n++;
			}
			buf[n] = 0;
			return buf;
		}
		while (*s && *s != ' ')
			s++;
	}
	return 0;
}
