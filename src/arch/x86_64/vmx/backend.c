/* SPDX-License-Identifier: Apache-2.0 */
/* The ops table of the Intel VMX backend. */
#include "src/arch/x86_64/x86_event.h"
#include "vmx_internal.h"

const struct axvcpu_backend axvcpu_backend_vmx = {
	.name = "vmx",
	.arch_size = sizeof(struct vmx_vcpu),
	.percpu_size = sizeof(struct vmx_percpu),
	.create_config_size = sizeof(struct axvcpu_vmx_create_config),
	.setup_config_size = sizeof(struct axvcpu_vmx_setup_config),
	.gpr_count = AXVCPU_X86_REG_COUNT,
	.vector_count = 256,
	.percpu_init = vmx_percpu_init,
	.percpu_enable = vmx_percpu_enable,
	.percpu_disable = vmx_percpu_disable,
	.percpu_fini = vmx_percpu_fini,
	.max_guest_page_table_levels = vmx_percpu_levels,
	.create = vmx_vcpu_create,
	.destroy = vmx_vcpu_destroy,
	.setup = vmx_vcpu_setup,
	.set_entry = vmx_vcpu_set_entry,
	.set_gpr = x86_vcpu_set_gpr,
	.get_gpr = x86_vcpu_get_gpr,
	.bind = vmx_vcpu_bind,
	.unbind = vmx_vcpu_unbind,
	.run = vmx_vcpu_run,
	.complete_read = x86_vcpu_complete_read,
	.reflect_fault = x86_vcpu_reflect_fault,
	.set_return_value = x86_vcpu_set_return_value,
	.vector_valid = x86_event_vector_valid,
	.kick = x86_vcpu_kick,
	.set_return_error = x86_vcpu_set_return_error,
	.power_on = vmx_vcpu_power_on,
	.reset = vmx_vcpu_reset,
	.stage2 = &vmx_stage2_ops,
};
