/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest-physical RAM as the guest sees it: the EPT tables (the library's
 * stage 2) walked in software from the vCPU's root, for the x86 layer's
 * instruction fetch, the RAM side of MOVS, INS and OUTS, the system area
 * and the PDPTEs. Device mappings (uncacheable) and pages without the
 * permission refuse: only normal RAM is touched here.
 */
#include "vmx_internal.h"

#define EPT_R (1ull << 0)
#define EPT_W (1ull << 1)
#define EPT_X (1ull << 2)
#define EPT_TYPE(e) (((e) >> 3) & 7)
#define EPT_TYPE_WB 6u
#define EPT_LARGE (1ull << 7)
#define EPT_ADDR 0x000ffffffffff000ull

/* The host-physical address of `gpa`, with *ok false if it is not RAM. */
static axvcpu_hpa_t gmem_translate(const struct vmx_vcpu *v, uint64_t gpa,
				   bool write, bool *ok)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	axvcpu_hpa_t table = v->ept_root;
	*ok = false;
	if (!hal || !table || (gpa >> 48))
		return 0;
	for (int level = 3; level >= 0; level--) {
		const uint64_t *t = hal->phys_to_virt(table);
		if (!t)
			return 0;
		uint64_t e = t[(gpa >> (12 + 9 * level)) & 511];
		if (!(e & (EPT_R | EPT_W | EPT_X)))
			return 0;
		bool leaf = level == 0 || ((e & EPT_LARGE) && level <= 2);
		if (!leaf) {
			table = e & EPT_ADDR;
			continue;
		}
		if (!(e & EPT_R) || (write && !(e & EPT_W)) ||
		    EPT_TYPE(e) != EPT_TYPE_WB)
			return 0;
		uint64_t span = 1ull << (12 + 9 * level);
		*ok = true;
		return (e & EPT_ADDR & ~(span - 1)) | (gpa & (span - 1));
	}
	return 0;
}

/* Copy within one page (the x86 layer never asks for more). */
static int gmem_copy(struct vmx_vcpu *v, uint64_t gpa, void *rd, const void *wr,
		     unsigned len)
{
	bool ok;
	if ((gpa & 0xfff) + len > 0x1000)
		return AXVCPU_EINVAL;
	axvcpu_hpa_t hpa = gmem_translate(v, gpa, wr != 0, &ok);
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

int vmx_gmem_read(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
	return gmem_copy(ctx, gpa, buf, 0, len);
}

int vmx_gmem_write(void *ctx, uint64_t gpa, const void *buf, unsigned len)
{
	return gmem_copy(ctx, gpa, 0, buf, len);
}
