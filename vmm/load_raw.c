/* SPDX-License-Identifier: Apache-2.0 */
/* Raw binary loader. */
#include "vmm/load_internal.h"

int vmm_load_raw_image(struct vmm_mem *mem, uint64_t gpa,
		       const struct vmm_image *image,
		       const struct vmm_load_rules *rules,
		       struct vmm_load_info *info)
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
	info->msg[0] = '\0';
	if (!mem || !image) {
		info->error = "no image";
		return AXVCPU_EINVAL;
	}
	uint64_t span = image->size;
	if (rules && rules->footprint > span)
		span = rules->footprint;
	int err = vmm_load_check_range(mem, rules, gpa, span ? span : 1,
				       "image", info);
	if (err)
		return err;
	err = vmm_image_to_guest(mem, gpa, image, 0, image->size);
	if (err) {
		info->error = "cannot read the image";
		return err;
	}
	info->hi = gpa + image->size;
	return 0;
}

int vmm_load_raw_checked(struct vmm_mem *mem, uint64_t gpa, const void *image,
			 size_t size, const struct vmm_load_rules *rules,
			 struct vmm_load_info *info)
{
	struct vmm_image img;
	vmm_image_from_bytes(&img, image, size);
	return vmm_load_raw_image(mem, gpa, !image && size ? NULL : &img, rules,
				  info);
}

int vmm_load_raw(struct vmm_mem *mem, uint64_t gpa, const void *image,
		 size_t size, struct vmm_load_info *info)
{
	return vmm_load_raw_checked(mem, gpa, image, size, 0, info);
}
