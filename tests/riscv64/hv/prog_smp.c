/* SPDX-License-Identifier: Apache-2.0 */
/* SMP bring-up: one vCPU per hart, checked like the exit suite. */
#include "platform/qemu-riscv64/vm.h"

void hv_program_init(struct hv_vm *vm, unsigned harts)
{
	hv_testcheck_install(vm);
	hv_vm_build(vm, harts);
}
