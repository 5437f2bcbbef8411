/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest-physical RAM through the EPT tables, by the x86 layer's walk:
 * device mappings (uncacheable) and pages without the permission refuse.
 */
#include "src/arch/x86_64/x86_gmem.h"
#include "vmx_internal.h"

static const struct x86_gmem_format gmem_ept = {
	.present = 7ull, /* R, W or X */
	.read = 1ull << 0,
	.write = 1ull << 1,
	.type_mask = 7ull << 3, /* the memory type: write-back is RAM */
	.type_ram = 6ull << 3,
};

int vmx_gmem_read(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
	const struct vmx_vcpu *v = ctx;
	return x86_gmem_copy(&gmem_ept, v->ept_root, gpa, buf, 0, len);
}

int vmx_gmem_write(void *ctx, uint64_t gpa, const void *buf, unsigned len)
{
	const struct vmx_vcpu *v = ctx;
	return x86_gmem_copy(&gmem_ept, v->ept_root, gpa, 0, buf, len);
}
