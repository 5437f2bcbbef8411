/* SPDX-License-Identifier: Apache-2.0 */
/* SMP bring-up: one vCPU per hart, checked like the exit suite. */
#include "platform/qemu-riscv64/vm.h"

void hv_program_init(struct hv_vm *hv, unsigned harts)
{
	hv_vm_build(hv, harts);
	hv_testcheck_install(hv);
}
