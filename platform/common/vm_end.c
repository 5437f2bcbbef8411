/* SPDX-License-Identifier: Apache-2.0 */
/* The end of a run: how many exits, the closing line, the exit status. */
#include "platform/common/console.h"
#include "platform/common/vm.h"

uint64_t hv_vm_exits(const struct vmm_vm *vm)
{
	uint64_t exits = 0;
	for (unsigned i = 0; i < vm->nvcpu; i++)
		for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++)
			exits += vm->vcpus[i].stats.count[r];
	return exits;
}

int hv_vm_end_status(enum vmm_vm_end end)
{
	switch (end) {
	case VMM_VM_POWEROFF:
	case VMM_VM_HOST_STOP:
		return 0;
	case VMM_VM_RESET:
		return 2;
	case VMM_VM_GUEST_ERROR:
		return 3;
	default:
		return 1;
	}
}

void hv_vm_print_end(const struct vmm_vm *vm, enum vmm_vm_end end)
{
	hv_printf("\nhv: %s (%s) after %lu exits\n", vmm_vm_why(vm),
		  vmm_vm_end_name(end), hv_vm_exits(vm));
}
