/* SPDX-License-Identifier: Apache-2.0 */
/* Raw binary loader. */
#include "vmm/loader.h"

int vmm_load_raw(struct vmm_mem *mem, uint64_t gpa, const void *image,
		 size_t size, struct vmm_load_info *info)
{
	struct vmm_load_info dummy;
	if (!info)
		info = &dummy;
	info->entry = gpa;
	info->lo = gpa;
	info->hi = gpa;
	info->elf_class = 0;
	info->machine = 0;
	info->error = NULL;
	if (!mem || (!image && size)) {
		info->error = "no image";
		return AXVCPU_EINVAL;
	}
	int err = vmm_mem_write(mem, gpa, image, size);
	if (err) {
		info->error = "image does not fit in guest memory";
		return err;
	}
	info->hi = gpa + size;
	return 0;
}
