/* SPDX-License-Identifier: Apache-2.0 */
/* The plain hypervisor: one vCPU per CPU, default exit handling (demo,
 * U-Boot, Linux, one's own guest). */
#include "vm.h"

void hv_program_init(struct hv_vm *hv, unsigned cpus)
{
	/* Its QEMU runs with -semihosting (make demo, the tests): a VM that
	 * ends badly ends QEMU with a status that says so. */
	hv_semihosting = 1;
	hv_vm_build(hv, cpus);
}
