/* SPDX-License-Identifier: Apache-2.0 */
/* The ops table of the Armv8-A EL2 backend. */
#include "a64_internal.h"

const struct axvcpu_backend axvcpu_backend_aarch64 = {
	.name = "aarch64",
	.arch_size = sizeof(struct a64_vcpu),
	.percpu_size = sizeof(struct a64_percpu),
	.create_config_size = sizeof(struct axvcpu_aarch64_create_config),
	.setup_config_size = sizeof(struct axvcpu_aarch64_setup_config),
	.gpr_count = AXVCPU_AARCH64_GPR_COUNT,
	.vector_count = AXVCPU_AARCH64_IRQ_COUNT,
	.percpu_init = a64_percpu_init,
	.percpu_enable = a64_percpu_enable,
	.percpu_disable = a64_percpu_disable,
	.max_guest_page_table_levels = a64_percpu_levels,
	.create = a64_vcpu_create,
	.setup = a64_vcpu_setup,
	.set_entry = a64_vcpu_set_entry,
	.set_gpr = a64_vcpu_set_gpr,
	.get_gpr = a64_vcpu_get_gpr,
	.bind = a64_vcpu_bind,
	.unbind = a64_vcpu_unbind,
	.run = a64_vcpu_run,
	.complete_read = a64_vcpu_complete_read,
	.reflect_fault = a64_vcpu_reflect_fault,
	.set_return_value = a64_vcpu_set_return_value,
	.vector_valid = a64_vcpu_vector_valid,
	.kick = a64_vcpu_kick,
	.set_return_error = a64_vcpu_set_return_error,
	.power_on = a64_vcpu_power_on,
	.reset = a64_vcpu_reset,
	.stage2 = &a64_stage2_ops,
};
