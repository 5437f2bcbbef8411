/* SPDX-License-Identifier: Apache-2.0 */
/* The plain hypervisor: one vCPU, default exit handling (demo, U-Boot). */
#include "vm.h"

void hv_program_init(struct hv_vm *hv, unsigned harts)
{
	(void)harts;
	hv_vm_build(hv, 1);
}
