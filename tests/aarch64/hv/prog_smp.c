/* SPDX-License-Identifier: Apache-2.0 */
/* SMP bring-up: one vCPU per CPU, checked like the exit suite. */
#include "platform/qemu-aarch64/vm.h"

void hv_program_init(struct hv_vm *hv, unsigned cpus)
{
	hv_vm_build(hv, cpus);
	hv_testcheck_install(hv);
}
