/* SPDX-License-Identifier: Apache-2.0 */
/* Images read on demand: from bytes, and straight into guest memory. */
#include "vmm/libc.h"
#include "vmm/loader.h"

static int bytes_read(void *ctx, uint64_t offset, void *dst, uint64_t len)
{
	memcpy(dst, (const uint8_t *)ctx + offset, (size_t)len);
	return 0;
}

void vmm_image_from_bytes(struct vmm_image *img, const void *bytes, size_t size)
{
	img->size = bytes ? size : 0;
	img->read = bytes_read;
	img->ctx = (void *)(uintptr_t)bytes;
}

int vmm_image_to_guest(struct vmm_mem *mem, uint64_t gpa,
		       const struct vmm_image *img, uint64_t offset,
		       uint64_t len)
{
	if (!mem || !img || !img->read || offset > img->size ||
	    len > img->size - offset)
		return AXVCPU_EINVAL;
	if (!vmm_mem_covers(mem, gpa, len))
		return AXVCPU_ENOTFOUND;
	/* Region by region: each piece lands in its host memory directly. */
	while (len) {
		const struct vmm_mem_region *r = vmm_mem_find(mem, gpa);
		uint64_t in = r->size - (gpa - r->gpa);
		uint64_t n = len < in ? len : in;
		int err =
		    img->read(img->ctx, offset, r->host + (gpa - r->gpa), n);
		if (err)
			return err;
		gpa += n;
		offset += n;
		len -= n;
	}
	return 0;
}
