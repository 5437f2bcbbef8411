/* SPDX-License-Identifier: Apache-2.0 */
/* Guest-physical RAM through the stage-2 tables (x86_gmem.h). */
#include "x86_gmem.h"

#include <axvcpu/error.h>
#include <axvcpu/hal.h>

#define GMEM_LARGE (1ull << 7)
#define GMEM_ADDR 0x000ffffffffff000ull

/* The host-physical address of `gpa`, with *ok false if it is not RAM. */
static axvcpu_hpa_t gmem_translate(const struct x86_gmem_format *f,
				   axvcpu_hpa_t table, uint64_t gpa, bool write,
				   bool *ok)
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
		bool leaf = level == 0 || ((e & GMEM_LARGE) && level <= 2);
		if (!leaf) {
			table = e & GMEM_ADDR;
			continue;
		}
		if ((e & need) != need || (e & f->type_mask) != f->type_ram)
			return 0;
		uint64_t span = 1ull << (12 + 9 * level);
		*ok = true;
		return (e & GMEM_ADDR & ~(span - 1)) | (gpa & (span - 1));
	}
	return 0;
}

int x86_gmem_copy(const struct x86_gmem_format *f, axvcpu_hpa_t root,
		  uint64_t gpa, void *rd, const void *wr, unsigned len)
{
	bool ok;
	if ((gpa & 0xfff) + len > 0x1000)
		return AXVCPU_EINVAL;
	axvcpu_hpa_t hpa = gmem_translate(f, root, gpa, wr != 0, &ok);
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
