/* SPDX-License-Identifier: Apache-2.0 */
/* The plain hypervisor: the guest of the modules, default exit handling
 * (demos, SeaBIOS, U-Boot, memtest86+, Linux). */
#include "platform/pc/vm.h"

void hv_program_init(struct hv_vm *hv, unsigned ncpus)
{
	hv_vm_build(hv, ncpus);
}
