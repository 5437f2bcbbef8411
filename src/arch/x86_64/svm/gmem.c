/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest-physical RAM through the NPT tables (AMD64 long-mode format), by
 * the x86 layer's walk: device mappings (PCD) and read-only pages refuse
 * what they must.
 */
#include "src/arch/x86_64/x86_gmem.h"
#include "svm_internal.h"

static const struct x86_gmem_format gmem_npt = {
	.present = 1ull << 0, /* P */
	.read = 1ull << 0,
	.write = 1ull << 1,     /* RW */
	.type_mask = 1ull << 4, /* PCD: a device */
	.type_ram = 0,
};

int svm_gmem_read(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
	const struct svm_vcpu *v = ctx;
	return x86_gmem_copy(&gmem_npt, v->npt_root, gpa, buf, 0, len);
}

int svm_gmem_write(void *ctx, uint64_t gpa, const void *buf, unsigned len)
{
	const struct svm_vcpu *v = ctx;
	return x86_gmem_copy(&gmem_npt, v->npt_root, gpa, 0, buf, len);
}
