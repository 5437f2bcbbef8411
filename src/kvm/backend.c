/* SPDX-License-Identifier: Apache-2.0 */
/* The kvm backend's ops table. */
#include "kvm_internal.h"

static bool kvm_vector_valid(uint64_t vector)
{
	return vector < 256;
}

const struct axvcpu_backend axvcpu_backend_kvm = {
	.name = "kvm",
	.arch_size = sizeof(struct kvm_vcpu_arch),
	.percpu_size = 0,
	.create_config_size = sizeof(struct axvcpu_kvm_create_config),
	.setup_config_size = sizeof(struct axvcpu_kvm_setup_config),
	.gpr_count = AXVCPU_KVM_REG_COUNT,
	.vector_count = 256,
	.percpu_enable = kvm_percpu_enable,
	.percpu_disable = kvm_percpu_disable,
	.max_guest_page_table_levels = kvm_percpu_levels,
	.create = kvm_vcpu_create,
	.destroy = kvm_vcpu_destroy,
	.setup = kvm_vcpu_setup,
	.set_entry = kvm_mode_set_entry,
	.set_gpr = kvm_regs_set,
	.get_gpr = kvm_regs_get,
	.bind = kvm_vcpu_bind,
	.unbind = kvm_vcpu_unbind,
	.run = kvm_run_vcpu,
	.complete_read = kvm_exit_complete_read,
	.set_return_value = kvm_regs_set_return_value,
	.vector_valid = kvm_vector_valid,
	.kick = kvm_kick,
	.set_return_error = kvm_power_set_return_error,
	.power_off = kvm_power_off,
	.power_on = kvm_power_on,
	.reset = kvm_power_reset,
	.stage2 = &kvm_stage2_ops,
};
