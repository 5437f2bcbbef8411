/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The plain hypervisor: default exit handling, one vCPU per hart the
 * guest's DTB names (demo, U-Boot, Linux, your own guest).
 */
#include "vm.h"

void hv_program_init(struct hv_vm *hv, unsigned harts)
{
	unsigned n = (unsigned)hv_guest_cfg.cpus;
	if (harts < n) {
		hv_printf("hv: the guest's DTB has %u harts, QEMU only %u: run "
			  "QEMU with -smp %u\n",
			  n, harts, n);
		hv_poweroff(HV_STATUS_HOSTMEM);
	}
	hv->report_exits = true;
	hv_vm_build(hv, n);
}
