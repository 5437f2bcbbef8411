/* SPDX-License-Identifier: Apache-2.0 */
/* The exit suite: one vCPU, every exit checked (testcheck.c), on Sv48x4
 * stage-2 tables (exits39 runs it on Sv39x4, every board's default). */
#include "platform/qemu-riscv64/vm.h"

void hv_program_init(struct hv_vm *hv, unsigned harts)
{
	(void)harts;
	hv->s2_levels = 4;
	hv_vm_build(hv, 1);
	hv_testcheck_install(hv);
}
