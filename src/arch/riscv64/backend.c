/* SPDX-License-Identifier: Apache-2.0 */
/* The ops table of the RISC-V H-extension backend. */
#include "rv_internal.h"
#include "rv_stage2.h"

/* rv_vcpu_run() tests only the first interrupt word for entry work. */
_Static_assert(AXVCPU_RISCV64_IRQ_EXTERNAL + 1 <= 64,
	       "axvcpu_entry_work64() covers every vector");

const struct axvcpu_backend axvcpu_backend_riscv64 = {
	.name = "riscv64",
	.arch_size = sizeof(struct rv_vcpu),
	.percpu_size = sizeof(struct rv_percpu),
	.create_config_size = sizeof(struct axvcpu_riscv64_create_config),
	.setup_config_size = sizeof(struct axvcpu_riscv64_setup_config),
	.gpr_count = AXVCPU_RISCV64_GPR_COUNT,
	.vector_count = AXVCPU_RISCV64_IRQ_EXTERNAL + 1,
	.percpu_init = rv_percpu_init,
	.percpu_enable = rv_percpu_enable,
	.percpu_disable = rv_percpu_disable,
	.max_guest_page_table_levels = rv_percpu_levels,
	.create = rv_vcpu_create,
	.setup = rv_vcpu_setup,
	.set_entry = rv_vcpu_set_entry,
	.set_gpr = rv_vcpu_set_gpr,
	.get_gpr = rv_vcpu_get_gpr,
	.bind = rv_vcpu_bind,
	.unbind = rv_vcpu_unbind,
	.run = rv_vcpu_run,
	.complete_read = rv_vcpu_complete_read,
	.reflect_fault = rv_vcpu_reflect_fault,
	.set_return_value = rv_vcpu_set_return_value,
	.vector_valid = rv_vcpu_vector_valid,
	.kick = rv_vcpu_kick,
	.set_return_error = rv_vcpu_set_return_error,
	.power_on = rv_vcpu_power_on,
	.reset = rv_vcpu_reset,
	.stage2 = &rv_stage2_ops,
	/* Every exit fills its whole member (rv_exit_set()). */
	.flags = AXVCPU_BACKEND_RUN_FILLS_EXIT,
	/* x1..x31 in the context; x0's slot is never read (x0 is 0). */
	.gpr_file_count = 32,
	.gpr_file_offset = offsetof(struct rv_vcpu, ctx.gpr),
};
