/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest-physical RAM as the guest sees it: the NPT tables (the library's
 * stage 2, AMD64 long-mode format) walked in software from the vCPU's
 * root, for the x86 layer's instruction fetch and the RAM side of MOVS,
 * INS and OUTS. Device mappings (PCD) and read-only pages refuse what
 * they must: only normal RAM is touched here.
 */
#include "svm_internal.h"

#define NPT_P (1ull << 0)
#define NPT_RW (1ull << 1)
#define NPT_PCD (1ull << 4)
#define NPT_PS (1ull << 7)
#define NPT_ADDR 0x000ffffffffff000ull

/* The host-physical address of `gpa`, or 0 with *ok false. */
static axvcpu_hpa_t gmem_translate(const struct svm_vcpu *v, uint64_t gpa,
				   bool write, bool *ok)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	axvcpu_hpa_t table = v->npt_root;
	*ok = false;
	if (!hal || !table || (gpa >> 48))
		return 0;
	for (int level = 3; level >= 0; level--) {
		const uint64_t *t = hal->phys_to_virt(table);
		if (!t)
			return 0;
		uint64_t e = t[(gpa >> (12 + 9 * level)) & 511];
		if (!(e & NPT_P))
			return 0;
		bool leaf = level == 0 || ((e & NPT_PS) && level <= 2);
		if (!leaf) {
			table = e & NPT_ADDR;
			continue;
		}
		if ((write && !(e & NPT_RW)) || (e & NPT_PCD))
			return 0;
		uint64_t span = 1ull << (12 + 9 * level);
		*ok = true;
		return (e & NPT_ADDR & ~(span - 1)) | (gpa & (span - 1));
	}
	return 0;
}

/* Copy within one page (the x86 layer never asks for more). */
static int gmem_copy(struct svm_vcpu *v, uint64_t gpa, void *rd, const void *wr,
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

int svm_gmem_read(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
	return gmem_copy(ctx, gpa, buf, 0, len);
}

int svm_gmem_write(void *ctx, uint64_t gpa, const void *buf, unsigned len)
{
	return gmem_copy(ctx, gpa, 0, buf, len);
}
