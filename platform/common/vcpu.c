/* SPDX-License-Identifier: Apache-2.0 */
/* A vCPU of the one VM a board runs, pinned to the CPU of its number. */
#include "platform/common/vm.h"

int hv_vcpu_create(const struct axvcpu_backend *backend, unsigned id,
		   const void *arch_cfg, size_t size, struct axvcpu **out)
{
	struct axvcpu_create_params p = {
		.vm_id = 1,
		.vcpu_id = id,
		.favor_phys_cpu = (int32_t)id,
		.phys_cpu_set = 1ull << id,
		.arch_config = arch_cfg,
		.arch_config_size = size,
	};
	return axvcpu_create(backend, &p, out);
}
