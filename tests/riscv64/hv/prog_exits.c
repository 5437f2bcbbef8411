/* SPDX-License-Identifier: Apache-2.0 */
/* The exit suite: one vCPU, every exit checked (testcheck.c). */
#include "platform/qemu-riscv64/vm.h"

void hv_program_init(struct hv_vm *hv, unsigned harts)
{
	(void)harts;
	hv_vm_build(hv, 1);
	hv_testcheck_install(hv);
}
