/* SPDX-License-Identifier: Apache-2.0 */
/* What the VM object's files share (not part of the VM layer's API). */
#ifndef AXVCPU_VMM_VM_INTERNAL_H
#define AXVCPU_VMM_VM_INTERNAL_H

#include "vmm/vm.h"

/* Take `l` with the host's relax hint. */
static inline void vm_lock(struct vmm_vm *vm, struct vmm_lock *l)
{
	vmm_lock_take(l, vm->host.relax, vm->host.ctx);
}

/* Whether the VM is ending (or resetting). */
static inline bool vm_stopping(const struct vmm_vm *vm)
{
	return atomic_load_explicit(&((struct vmm_vm *)vm)->end,
				    memory_order_acquire) != VMM_VM_RUNNING;
}

/* vm_exit.c: the VM's answer to one exit of vCPU `id`. */
void vm_exit_handle(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e);

/* vm_run.c: wait while vCPU `id` is Blocked (halted or parked), until
 * `deadline` (UINT64_MAX: none) or the VM stops. */
void vm_wait_blocked(struct vmm_vm *vm, unsigned id, uint64_t deadline);

/* vm_console.c: move queued and polled input towards the console device
 * and the VM's queue. */
void vm_console_poll(struct vmm_vm *vm);

/* vm_console.c: the guest's SBI-style console calls. */
void vm_console_write(struct vmm_vm *vm, unsigned id,
		      const struct axvcpu_exit *e);
void vm_console_read(struct vmm_vm *vm, unsigned id,
		     const struct axvcpu_exit *e);

/* vm.c: inject vCPU `id`'s asserted level lines again (wakes it if
 * halted). */
void vm_lines_reassert(struct vmm_vm *vm, unsigned id);

/* A formatted line to host->log, if there is one. */
void vm_log(struct vmm_vm *vm, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* AXVCPU_VMM_VM_INTERNAL_H */
