/* SPDX-License-Identifier: Apache-2.0 */
/* The VM's answer to each exit (see vmm/vm.h for the policy). */
#include "vmm/fmt.h"
#include "vmm/vm_internal.h"

static uint64_t open_bus(const struct vmm_vm *vm, unsigned width)
{
	if (!vm->cfg.open_bus_ones)
		return 0;
	return width >= 8 ? ~0ull : (1ull << (8 * width)) - 1;
}

/* An exit the VM cannot go on from: end it with the exit in the text. */
static void vm_fail(struct vmm_vm *vm, unsigned id, const char *what,
		    const struct axvcpu_exit *e)
{
	char line[128], why[160];
	axvcpu_exit_format(e, line, sizeof(line));
	vmm_fmt(why, sizeof(why), "vCPU %u: %s: %s", id, what, line);
	vmm_vm_stop(vm, VMM_VM_GUEST_ERROR, 1, why);
}

/* An access nobody serves: the guest's own access fault where possible. */
static bool vm_reflect(struct vmm_vm *vm, unsigned id,
		       const struct axvcpu_exit *e)
{
	enum { TOLD_MAX = 4 };
	if (axvcpu_reflect_fault(vm->vcpus[id].vcpu))
		return false;
	/* The first few are worth a line; a guest stuck faulting must not
	 * flood the console. */
	unsigned n = atomic_fetch_add(&vm->told_faults, 1);
	if (n < TOLD_MAX) {
		char line[128];
		axvcpu_exit_format(e, line, sizeof(line));
		vm_log(vm, "vCPU %u: %s -> access fault in the guest%s", id,
		       line,
		       n + 1 == TOLD_MAX ? " (no more of these reported)" : "");
	}
	return true;
}

/* The local device holding [addr, addr + width), or NULL. */
static const struct vmm_vm_local *vm_local(const struct vmm_vm *vm,
					   uint64_t addr, unsigned width)
{
	for (unsigned i = 0; i < vm->nlocal; i++) {
		const struct vmm_vm_local *l = &vm->local[i];
		if (addr >= l->base && addr - l->base < l->size &&
		    width <= l->size - (addr - l->base))
			return l;
	}
	return 0;
}

/* Remember the VM device claiming `addr` for vCPU `vc`'s next access. */
static void vm_mmio_remember(struct vmm_vm *vm, struct vmm_vm_vcpu *vc,
			     uint64_t addr)
{
	const struct vmm_bus_region *r = vmm_bus_find(&vm->mmio, addr);
	if (r && r->ops == &vm_dev_ops)
		vc->mmio_last = r->dev;
}

void vm_mmio_read_slow(struct vmm_vm *vm, struct vmm_vm_vcpu *vc,
		       const struct axvcpu_exit *e, int err)
{
	unsigned id = (unsigned)(vc - vm->vcpus);
	uint64_t val = 0;
	if (!err) {
		err = vmm_bus_read(&vm->mmio, e->mmio_read.addr,
				   e->mmio_read.width, &val);
		if (!err)
			vm_mmio_remember(vm, vc, e->mmio_read.addr);
	}
	if (err == AXVCPU_ENOTFOUND &&
	    vm->cfg.unclaimed_mmio == VMM_UNCLAIMED_FAULT &&
	    vm_reflect(vm, id, e))
		return;
	if (err)
		val = open_bus(vm, e->mmio_read.width);
	axvcpu_complete_mmio_read(vc->vcpu, val);
}

void vm_mmio_read(struct vmm_vm *vm, struct vmm_vm_vcpu *vc,
		  const struct axvcpu_exit *e)
{
	uint64_t addr = e->mmio_read.addr, val = 0;
	unsigned width = e->mmio_read.width;
	/* Local devices first: accesses there never reach the bus. */
	const struct vmm_vm_local *l =
	    vm->nlocal ? vm_local(vm, addr, width) : 0;
	if (l) {
		if (!l->ops->read ||
		    l->ops->read(l->dev, (unsigned)(vc - vm->vcpus),
				 addr - l->base, width, &val))
			val = 0;
		axvcpu_complete_mmio_read(vc->vcpu, val);
		return;
	}
	struct vmm_vm_dev *d = vm_mmio_cached(vc, addr, width);
	int err = d ? vm_dev_read(d, addr - d->base, width, &val) : 0;
	if (!d || err) {
		vm_mmio_read_slow(vm, vc, e, err);
		return;
	}
	/* Not masked to the width here: the completion truncates. */
	axvcpu_complete_mmio_read(vc->vcpu, val);
}

static void vm_mmio_write(struct vmm_vm *vm, unsigned id,
			  const struct axvcpu_exit *e)
{
	/* Local devices first: accesses there never reach the bus. */
	const struct vmm_vm_local *l =
	    vm->nlocal ? vm_local(vm, e->mmio_write.addr, e->mmio_write.width)
		       : 0;
	if (l) {
		if (l->ops->write)
			l->ops->write(l->dev, id, e->mmio_write.addr - l->base,
				      e->mmio_write.width, e->mmio_write.data);
		return;
	}
	uint64_t addr = e->mmio_write.addr, data = e->mmio_write.data;
	unsigned width = e->mmio_write.width;
	struct vmm_vm_vcpu *vc = &vm->vcpus[id];
	struct vmm_vm_dev *d = vm_mmio_cached(vc, addr, width);
	int err;
	if (d) {
		/* As the bus does: a device sees only the access's bytes. */
		if (width < 8)
			data &= (1ull << (8 * width)) - 1;
		err = vm_dev_write(d, addr - d->base, width, data);
	} else {
		err = vmm_bus_write(&vm->mmio, addr, width, data);
		if (!err)
			vm_mmio_remember(vm, vc, addr);
	}
	if (err == AXVCPU_ENOTFOUND &&
	    vm->cfg.unclaimed_mmio == VMM_UNCLAIMED_FAULT)
		vm_reflect(vm, id, e);
}

static void vm_io_read(struct vmm_vm *vm, unsigned id,
		       const struct axvcpu_exit *e)
{
	uint64_t val = 0;
	if (vmm_bus_read(&vm->pio, e->io_read.port, e->io_read.width, &val))
		val = open_bus(vm, e->io_read.width);
	axvcpu_complete_io_read(vm->vcpus[id].vcpu, val);
}

/* A vCPU that halts with nothing due may wait forever: say so, once. */
static void vm_halt(struct vmm_vm *vm, unsigned id, const struct axvcpu_exit *e)
{
	if (vm->nvcpu == 1 && e->halt.deadline == UINT64_MAX &&
	    !vm->told_idle) {
		vm->told_idle = true;
		vm_log(vm, "vCPU 0 halted with no timer armed and no other "
			   "vCPU: only an interrupt from a device can wake it");
	}
	vm_wait_blocked(vm, id, e->halt.deadline);
}

/* Whether every vCPU is parked: then nothing can start one again. */
static bool vm_all_off(const struct vmm_vm *vm)
{
	for (unsigned i = 0; i < vm->nvcpu; i++)
		if (axvcpu_power_state(vm->vcpus[i].vcpu) != AXVCPU_POWER_OFF)
			return false;
	return true;
}

static void vm_cpu_down(struct vmm_vm *vm, unsigned id)
{
	int err = axvcpu_power_off(vm->vcpus[id].vcpu);
	if (err) {
		char why[96];
		vmm_fmt(why, sizeof(why), "vCPU %u: axvcpu_power_off: %s", id,
			axvcpu_strerror(err));
		vmm_vm_stop(vm, VMM_VM_HOST_ERROR, err, why);
		return;
	}
	if (vm_all_off(vm))
		vmm_vm_stop(vm, VMM_VM_POWEROFF, 0,
			    "every vCPU stopped itself");
}

int vmm_vm_cpu_up(struct vmm_vm *vm, uint64_t target, uint64_t entry,
		  uint64_t arg)
{
	int err;
	if (target >= vm->nvcpu)
		return AXVCPU_ENOTFOUND;
	/* Its first fetch would fault, with no trap vector yet: refused as
	 * an invalid address, as SBI and PSCI say. */
	if (!vmm_mem_covers(&vm->mem, entry, 2))
		return AXVCPU_EINVAL;
	/* A start that overtakes the INIT before it: the INIT is done. */
	atomic_store(&vm->vcpus[target].init_pending, false);
	/* EBUSY: its own CPU is between two calls; try again. */
	do
		err = axvcpu_power_on(vm->vcpus[target].vcpu, entry, arg);
	while (err == AXVCPU_EBUSY);
	if (!err)
		vm->host.notify(vm->host.ctx, (unsigned)target);
	return err;
}

static void vm_cpu_up(struct vmm_vm *vm, unsigned id,
		      const struct axvcpu_exit *e)
{
	int err = vmm_vm_cpu_up(vm, e->cpu_up.target_cpu, e->cpu_up.entry_point,
				e->cpu_up.arg);
	if (err)
		axvcpu_set_return_error(vm->vcpus[id].vcpu, err);
}

static void vm_cpu_status(struct vmm_vm *vm, unsigned id,
			  const struct axvcpu_exit *e)
{
	struct axvcpu *self = vm->vcpus[id].vcpu;
	uint64_t t = e->cpu_status.target_cpu;
	if (t >= vm->nvcpu)
		axvcpu_set_return_error(self, AXVCPU_ENOTFOUND);
	else
		axvcpu_set_return_value(self,
					axvcpu_power_state(vm->vcpus[t].vcpu));
}

/*
 * Suspend to RAM: the caller must be the only vCPU on. It parks, the VM
 * sleeps (console input still polled, so a UART line can fire) until
 * vmm_vm_inject() routes an interrupt into it, and the caller starts
 * again at the entry as a CPU does after CpuUp.
 */
static void vm_system_suspend(struct vmm_vm *vm, unsigned id,
			      const struct axvcpu_exit *e)
{
	struct axvcpu *self = vm->vcpus[id].vcpu;
	for (unsigned i = 0; i < vm->nvcpu; i++)
		if (i != id &&
		    axvcpu_power_state(vm->vcpus[i].vcpu) != AXVCPU_POWER_OFF) {
			axvcpu_set_return_error(self, AXVCPU_EBADSTATE);
			return;
		}
	if (!vmm_mem_covers(&vm->mem, e->system_suspend.entry_point, 2)) {
		axvcpu_set_return_error(self, AXVCPU_EINVAL);
		return;
	}
	/* Announced before parking: an interrupt routed from here on wakes
	 * it (one routed just before stays queued for the guest). */
	atomic_store(&vm->suspend_wake, false);
	atomic_store(&vm->suspended, id + 1);
	int err = axvcpu_power_off(self);
	if (err) {
		atomic_store(&vm->suspended, 0);
		axvcpu_set_return_error(self, err);
		return;
	}
	vm_log(vm, "vCPU %u: system suspended to RAM", id);
	while (!atomic_load(&vm->suspend_wake) && !vm_stopping(vm)) {
		vm_console_poll(vm);
		uint64_t until = UINT64_MAX;
		if (vm->host.console_in && vm->cfg.input_poll)
			until = vm->host.now(vm->host.ctx) + vm->cfg.input_poll;
		vm->host.wait(vm->host.ctx, id, until);
	}
	atomic_store(&vm->suspended, 0);
	if (vm_stopping(vm))
		return;
	do
		err = axvcpu_power_on(self, e->system_suspend.entry_point,
				      e->system_suspend.arg);
	while (err == AXVCPU_EBUSY);
	if (err)
		vmm_vm_stop(vm, VMM_VM_HOST_ERROR, err,
			    "system resume: axvcpu_power_on failed");
}

/*
 * The vCPUs a (base, mask, all) target set names, as a bit mask; false if
 * it names one the VM does not have. Ids are base + bit, never wrapped.
 */
static bool vm_targets(const struct vmm_vm *vm, uint64_t base, uint64_t mask,
		       bool all, uint64_t *set)
{
	uint64_t have = vm->nvcpu >= 64 ? ~0ull : (1ull << vm->nvcpu) - 1;
	if (all) {
		*set = have;
		return true;
	}
	*set = 0;
	for (unsigned b = 0; b < 64; b++) {
		if (!(mask >> b & 1))
			continue;
		if (base >= vm->nvcpu || b >= vm->nvcpu - base)
			return false;
		*set |= 1ull << (base + b);
	}
	return true;
}

static void vm_send_ipi(struct vmm_vm *vm, unsigned id,
			const struct axvcpu_exit *e)
{
	uint64_t set;
	if (!vm_targets(vm, e->send_ipi.target_cpu, e->send_ipi.target_cpu_aux,
			e->send_ipi.send_to_all, &set)) {
		axvcpu_set_return_error(vm->vcpus[id].vcpu, AXVCPU_ENOTFOUND);
		return;
	}
	/* "All but self" (a GIC SGI with IRM set). */
	if (e->send_ipi.send_to_all && !e->send_ipi.send_to_self)
		set &= ~(1ull << id);
	for (unsigned t = 0; t < vm->nvcpu; t++)
		if (set >> t & 1)
			vmm_vm_inject(vm, t, e->send_ipi.vector);
}

/*
 * The caller is fenced already; ask every other named vCPU and wait for
 * those running guest code, so that no vCPU still uses what the caller
 * flushed when it resumes (a TLB shootdown relies on that). A vCPU that
 * is not running fences before it next enters: no wait.
 */
static void vm_remote_fence(struct vmm_vm *vm, unsigned id,
			    const struct axvcpu_exit *e)
{
	uint64_t set, wait = 0;
	if (!vm_targets(vm, e->remote_fence.target_cpu,
			e->remote_fence.target_cpu_aux,
			e->remote_fence.send_to_all, &set)) {
		axvcpu_set_return_error(vm->vcpus[id].vcpu, AXVCPU_ENOTFOUND);
		return;
	}
	for (unsigned t = 0; t < vm->nvcpu; t++)
		if (t != id && (set >> t & 1) &&
		    !axvcpu_request_fence(vm->vcpus[t].vcpu,
					  e->remote_fence.kinds))
			wait |= 1ull << t;
	uint64_t end = vm->cfg.fence_wait
			   ? vm->host.now(vm->host.ctx) + vm->cfg.fence_wait
			   : UINT64_MAX;
	while (wait && !vm_stopping(vm)) {
		for (unsigned t = 0; t < vm->nvcpu; t++) {
			struct axvcpu *v = vm->vcpus[t].vcpu;
			if ((wait >> t & 1) &&
			    (!axvcpu_fence_pending(v) ||
			     axvcpu_state(v) != AXVCPU_STATE_RUNNING))
				wait &= ~(1ull << t);
		}
		if (wait && vm->host.now(vm->host.ctx) >= end) {
			vm_log(vm,
			       "vCPU %u: remote fence: vCPUs %llx did "
			       "not fence in time",
			       id, (unsigned long long)wait);
			break;
		}
		if (wait && vm->host.relax)
			vm->host.relax(vm->host.ctx);
	}
}

void vm_exit_handle(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e)
{
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	switch (e->reason) {
	case AXVCPU_EXIT_NOTHING:
	case AXVCPU_EXIT_CANCELLED:
		return;
	case AXVCPU_EXIT_MMIO_READ:
		vm_mmio_read(vm, &vm->vcpus[id], e);
		return;
	case AXVCPU_EXIT_MMIO_WRITE:
		vm_mmio_write(vm, id, e);
		return;
	case AXVCPU_EXIT_IO_READ:
		vm_io_read(vm, id, e);
		return;
	case AXVCPU_EXIT_IO_WRITE:
		vmm_bus_write(&vm->pio, e->io_write.port, e->io_write.width,
			      e->io_write.data);
		return;
	case AXVCPU_EXIT_HALT:
		vm_halt(vm, id, e);
		return;
	case AXVCPU_EXIT_CPU_UP:
		vm_cpu_up(vm, id, e);
		return;
	case AXVCPU_EXIT_CPU_DOWN:
		vm_cpu_down(vm, id);
		return;
	case AXVCPU_EXIT_CPU_STATUS:
		vm_cpu_status(vm, id, e);
		return;
	case AXVCPU_EXIT_SYSTEM_SUSPEND:
		vm_system_suspend(vm, id, e);
		return;
	case AXVCPU_EXIT_SEND_IPI:
		vm_send_ipi(vm, id, e);
		return;
	case AXVCPU_EXIT_REMOTE_FENCE:
		vm_remote_fence(vm, id, e);
		return;
	case AXVCPU_EXIT_CONSOLE_WRITE:
		vm_console_write(vm, id, e);
		return;
	case AXVCPU_EXIT_CONSOLE_READ:
		vm_console_read(vm, id, e);
		return;
	case AXVCPU_EXIT_EXTERNAL_INTERRUPT:
		if (vm->host.external_interrupt)
			vm->host.external_interrupt(
			    vm->host.ctx, id, e->external_interrupt.vector);
		vm_console_poll(vm);
		return;
	case AXVCPU_EXIT_HYPERCALL:
		axvcpu_set_return_error(vcpu, AXVCPU_EUNSUPPORTED);
		return;
	case AXVCPU_EXIT_SYSREG_READ:
		axvcpu_complete_sysreg_read(vcpu, 0);
		return;
	case AXVCPU_EXIT_SYSREG_WRITE:
		return;
	case AXVCPU_EXIT_NESTED_PAGE_FAULT:
		if (!vm_reflect(vm, id, e))
			vm_fail(vm, id, "unhandled nested page fault", e);
		return;
	case AXVCPU_EXIT_SYSTEM_DOWN:
		vmm_vm_stop(vm, VMM_VM_POWEROFF, 0, "the guest powered off");
		return;
	case AXVCPU_EXIT_SYSTEM_RESET:
		vmm_vm_stop(vm, VMM_VM_RESET, 0, "the guest asked for a reset");
		return;
	default:
		vm_fail(vm, id, "stopped", e);
		return;
	}
}
