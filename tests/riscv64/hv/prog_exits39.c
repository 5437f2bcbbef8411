/* SPDX-License-Identifier: Apache-2.0 */
/* The exit suite again with Sv39x4 stage-2 tables (3 levels). */
#include "platform/qemu-riscv64/vm.h"

void hv_program_init(struct hv_vm *vm, unsigned harts)
{
	(void)harts;
	vm->max_levels = 3;
	hv_testcheck_install(vm);
	hv_vm_build(vm, 1);
}
