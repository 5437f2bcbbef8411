/* SPDX-License-Identifier: Apache-2.0 */
/* The exit suite: one vCPU, every exit checked (check.c). */
#include "platform/pc/vm.h"

void hv_program_init(struct hv_vm *hv, unsigned ncpus)
{
	(void)ncpus;
	hv_vm_build(hv, 1);
	hv_testcheck_install(hv);
}
