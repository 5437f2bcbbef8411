/* SPDX-License-Identifier: Apache-2.0 */
/* The ops table of the AMD SVM backend. */
#include "src/arch/x86_64/x86_event.h"
#include "svm_internal.h"

const struct axvcpu_backend axvcpu_backend_svm = {
	.name = "svm",
	.arch_size = sizeof(struct svm_vcpu),
	.percpu_size = sizeof(struct svm_percpu),
	.create_config_size = sizeof(struct axvcpu_svm_create_config),
	.setup_config_size = sizeof(struct axvcpu_svm_setup_config),
	.gpr_count = AXVCPU_X86_REG_COUNT,
	.vector_count = 256,
	.percpu_init = svm_percpu_init,
	.percpu_enable = svm_percpu_enable,
	.percpu_disable = svm_percpu_disable,
	.percpu_fini = svm_percpu_fini,
	.max_guest_page_table_levels = svm_percpu_levels,
	.create = svm_vcpu_create,
	.destroy = svm_vcpu_destroy,
	.setup = svm_vcpu_setup,
	.set_entry = svm_vcpu_set_entry,
	.set_gpr = x86_vcpu_set_gpr,
	.get_gpr = x86_vcpu_get_gpr,
	.bind = svm_vcpu_bind,
	.unbind = svm_vcpu_unbind,
	.run = svm_vcpu_run,
	.complete_read = x86_vcpu_complete_read,
	.reflect_fault = x86_vcpu_reflect_fault,
	.set_return_value = x86_vcpu_set_return_value,
	.vector_valid = x86_event_vector_valid,
	.kick = x86_vcpu_kick,
	.set_return_error = x86_vcpu_set_return_error,
	.power_on = svm_vcpu_power_on,
	.reset = svm_vcpu_reset,
	.stage2 = &svm_stage2_ops,
};
