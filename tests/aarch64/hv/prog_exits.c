/* SPDX-License-Identifier: Apache-2.0 */
/* The exit suite: one vCPU, every exit checked (check.c). */
#include "platform/qemu-aarch64/vm.h"

void hv_program_init(struct hv_vm *hv, unsigned cpus)
{
	(void)cpus;
	hv_vm_build(hv, 1);
	hv_testcheck_install(hv);
}
