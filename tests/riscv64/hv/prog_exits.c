/* SPDX-License-Identifier: Apache-2.0 */
/* The exit suite: one vCPU, every exit checked (testcheck.c). */
#include "platform/qemu-riscv64/vm.h"

void hv_program_init(struct hv_vm *vm, unsigned harts)
{
	(void)harts;
	hv_testcheck_install(vm);
	hv_vm_build(vm, 1);
}
