/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest-physical RAM as the guest sees it, through the library's stage-2
 * tables (NPT or EPT: both 4-level with 2 MiB / 1 GiB leaves at bit 7)
 * walked in software from a vCPU's root: for the x86 layer's instruction
 * fetch, the RAM side of MOVS, INS and OUTS, the system area and the
 * PDPTEs. Only normal RAM is touched: device mappings and entries without
 * the permission refuse. The formats differ only in which bits say what,
 * so a backend names them in a struct x86_gmem_format. Freestanding.
 */
#ifndef AXVCPU_X86_GMEM_H
#define AXVCPU_X86_GMEM_H

#include <axvcpu/error.h>
#include <axvcpu/hal.h>
#include <axvcpu/types.h>

#include <stdbool.h>

/* Which bits of an entry say what (a leaf is RAM when every `read` bit,
 * and for a write every `write` bit, is set and `type_mask` bits equal
 * `type_ram`). */
struct x86_gmem_format {
	uint64_t present; /* any of them: the entry is valid */
	uint64_t read;
	uint64_t write;
	uint64_t type_mask;
	uint64_t type_ram;
};

#define X86_GMEM_LARGE (1ull << 7)
#define X86_GMEM_ADDR 0x000ffffffffff000ull

/* The host-physical address of `gpa`, with *ok false if it is not RAM. */
static inline axvcpu_hpa_t x86_gmem_translate(const struct x86_gmem_format *f,
					      axvcpu_hpa_t table, uint64_t gpa,
					      bool write, bool *ok)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	*ok = false;
	if (!hal || !table || (gpa >> 48))
		return 0;
	uint64_t need = f->read | (write ? f->write : 0);
	for (int level = 3; level >= 0; level--) {
		const uint64_t *t = hal->phys_to_virt(table);
		if (!t)
			return 0;
		uint64_t e = t[(gpa >> (12 + 9 * level)) & 511];
		if (!(e & f->present))
			return 0;
		bool leaf = level == 0 || ((e & X86_GMEM_LARGE) && level <= 2);
		if (!leaf) {
			table = e & X86_GMEM_ADDR;
			continue;
		}
		if ((e & need) != need || (e & f->type_mask) != f->type_ram)
			return 0;
		uint64_t span = 1ull << (12 + 9 * level);
		*ok = true;
		return (e & X86_GMEM_ADDR & ~(span - 1)) | (gpa & (span - 1));
	}
	return 0;
}

/* Copy `len` bytes within one page at `gpa` under the tables at `root`
 * into `rd`, or from `wr` (the other NULL): 0, AXVCPU_EINVAL for a copy
 * crossing a page, AXVCPU_ENOTFOUND where it is not RAM. Inline: with the
 * backend's constant format the bit tests fold as if written for it (the
 * instruction fetch of every exit without next-rip goes through here). */
static inline __attribute__((always_inline)) int
x86_gmem_copy(const struct x86_gmem_format *f, axvcpu_hpa_t root, uint64_t gpa,
	      void *rd, const void *wr, unsigned len)
{
	bool ok;
	if ((gpa & 0xfff) + len > 0x1000)
		return AXVCPU_EINVAL;
	axvcpu_hpa_t hpa = x86_gmem_translate(f, root, gpa, wr != 0, &ok);
	if (!ok)
		return AXVCPU_ENOTFOUND;
	uint8_t *host = axvcpu_hal_get()->phys_to_virt(hpa);
	if (!host)
		return AXVCPU_ENOTFOUND;
	if (rd)
		for (unsigned i = 0; i < len; i++)
			((uint8_t *)rd)[i] = host[i];
	else
		for (unsigned i = 0; i < len; i++)
			host[i] = ((const uint8_t *)wr)[i];
	return AXVCPU_OK;
}

#endif /* AXVCPU_X86_GMEM_H */
