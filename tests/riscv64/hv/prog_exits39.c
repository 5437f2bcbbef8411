/* SPDX-License-Identifier: Apache-2.0 */
/* The exit suite again with Sv39x4 stage-2 tables (3 levels). */
#include "platform/qemu-riscv64/vm.h"

void hv_program_init(struct hv_vm *hv, unsigned harts)
{
	(void)harts;
	hv->s2_levels = 3;
	hv_vm_build(hv, 1);
	hv_testcheck_install(hv);
}
