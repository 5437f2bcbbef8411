/* SPDX-License-Identifier: Apache-2.0 */
/* What the VM object's files share (not part of the VM layer's API). */
#ifndef AXVCPU_VMM_VM_INTERNAL_H
#define AXVCPU_VMM_VM_INTERNAL_H

#include "vmm/vm.h"

/* vm_console.c: move queued and polled input towards the console device
 * and the VM's queue. */
void vm_console_poll(struct vmm_vm *vm);

/* Take `l` with the host's relax hint (read only when it is held). */
static inline void vm_lock(struct vmm_vm *vm, struct vmm_lock *l)
{
	if (atomic_exchange_explicit(&l->held, 1u, memory_order_acquire))
		vmm_lock_spin(l, vm->host.relax, vm->host.ctx);
}

/* The bus ops every VM device is added with (vm.c); their `dev` is the
 * struct vmm_vm_dev. */
extern const struct vmm_device_ops vm_dev_ops;

/*
 * A guest read of device `d` at `off` (within it): its model under its
 * lock, then its after hook unless the model said the read changed
 * nothing (VMM_DEV_READ_QUIET); when it is the console, input queued while
 * its FIFO was full follows (the guest may have made room).
 */
static inline int vm_dev_read(struct vmm_vm_dev *d, uint64_t off,
			      unsigned width, uint64_t *val)
{
	vm_lock(d->vm, &d->lock);
	int err = 0;
	if (d->ops->read)
		err = d->ops->read(d->dev, off, width, val);
	else
		*val = 0;
	if (err != VMM_DEV_READ_QUIET && d->opts.after)
		d->opts.after(d->opts.ctx, d->dev);
	vmm_lock_give(&d->lock);
	if (d->console &&
	    atomic_load_explicit(&d->vm->input_count, memory_order_relaxed))
		vm_console_poll(d->vm);
	return err < 0 ? err : 0;
}

/* A guest write to device `d` at `off`: as vm_dev_read(). */
static inline int vm_dev_write(struct vmm_vm_dev *d, uint64_t off,
			       unsigned width, uint64_t val)
{
	vm_lock(d->vm, &d->lock);
	int err = d->ops->write ? d->ops->write(d->dev, off, width, val) : 0;
	if (d->opts.after)
		d->opts.after(d->opts.ctx, d->dev);
	vmm_lock_give(&d->lock);
	return err;
}

/*
 * Bits of struct vmm_vm_vcpu.attn: what a vCPU's loop must look at before
 * its next run, so that the loop's common pass is one load. Whoever
 * changes a source (vm->end, lines, init_pending) does so first and sets
 * the bit after it (vm_attn()); the loop clears the bits first and reads
 * the sources after that: a change either finds its bit still set for the
 * next pass or is seen in this one.
 */
#define VM_ATTN_STOP 1u  /* vm->end moved: the loop may have to end */
#define VM_ATTN_LINES 2u /* a level line asserted (kept while one is) */
#define VM_ATTN_INIT 4u  /* init_pending set */
#define VM_ATTN_TIMED 8u /* cfg.time_exits: every run timed (never cleared) */

/* Tell vCPU `id`'s loop to look at `bits` before its next run. */
static inline void vm_attn(struct vmm_vm *vm, unsigned id, uint32_t bits)
{
	atomic_fetch_or(&vm->vcpus[id].attn, bits);
}

/* Whether the VM is ending (or resetting). */
static inline bool vm_stopping(const struct vmm_vm *vm)
{
	return atomic_load_explicit(&((struct vmm_vm *)vm)->end,
				    memory_order_acquire) != VMM_VM_RUNNING;
}

/* vm_exit.c: the VM's answer to one exit of vCPU `id`. */
void vm_exit_handle(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e);

/* vm_exit.c: vm_exit_handle() of an MmioRead exit of vCPU `vc`. */
void vm_mmio_read(struct vmm_vm *vm, struct vmm_vm_vcpu *vc,
		  const struct axvcpu_exit *e);

/*
 * vm_exit.c: the end of vCPU `vc`'s MMIO read that failed with `err` (0:
 * not tried: through the bus; local devices were the caller's to look
 * at): a fault in the guest or the open bus.
 */
void vm_mmio_read_slow(struct vmm_vm *vm, struct vmm_vm_vcpu *vc,
		       const struct axvcpu_exit *e, int err);

/*
 * The device vCPU `vc` reached last, if `width` bytes at `addr` lie within
 * it: then it is the one the bus would find (regions never overlap and
 * never move). The core hands out only access widths 1, 2, 4 and 8.
 */
static inline struct vmm_vm_dev *vm_mmio_cached(struct vmm_vm_vcpu *vc,
						uint64_t addr, unsigned width)
{
	struct vmm_vm_dev *d = vc->mmio_last;
	if (!d)
		return 0;
	uint64_t off = addr - d->base;
	if (off >= d->size || d->size - off < width)
		return 0;
	return d;
}

/* vm_run.c: wait while vCPU `id` is Blocked (halted or parked), until
 * `deadline` (UINT64_MAX: none) or the VM stops. */
void vm_wait_blocked(struct vmm_vm *vm, unsigned id, uint64_t deadline);

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
