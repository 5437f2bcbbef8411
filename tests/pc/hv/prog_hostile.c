/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile guests: the VM layer answers, the checker counts (check.c). */
#include "platform/pc/vm.h"

void hv_program_init(struct hv_vm *hv, unsigned ncpus)
{
	(void)ncpus;
	hv_vm_build(hv, 1);
	/* Unclaimed MMIO as on a PC: open bus, all-ones. Undecodable
	 * accesses are reflected as #GP by the VM layer. */
	hv_testcheck_install(hv);
}
