/* SPDX-License-Identifier: Apache-2.0 */
/* A VM: building it (vCPUs, devices), ending it, and its queries. */
#include "vmm/vm.h"
#include "vmm/libc.h"
#include "vmm/vm_internal.h"

static const char *const end_names[] = {
	[VMM_VM_RUNNING] = "Running",    [VMM_VM_POWEROFF] = "PowerOff",
	[VMM_VM_RESET] = "Reset",        [VMM_VM_GUEST_ERROR] = "GuestError",
	[VMM_VM_HOST_STOP] = "HostStop", [VMM_VM_HOST_ERROR] = "HostError",
};

const char *vmm_vm_end_name(enum vmm_vm_end end)
{
	if ((unsigned)end >= sizeof(end_names) / sizeof(end_names[0]))
		return "Invalid";
	return end_names[end];
}

int vmm_vm_init(struct vmm_vm *vm, const struct vmm_vm_config *cfg,
		const struct vmm_vm_host *host)
{
	if (!vm || !cfg || !host || !host->now || !host->wait ||
	    !host->notify || !host->console_out)
		return AXVCPU_EINVAL;
	memset(vm, 0, sizeof(*vm));
	vm->cfg = *cfg;
	if (!vm->cfg.console_write_max)
		vm->cfg.console_write_max = 4096;
	vm->host = *host;
	vmm_mem_init(&vm->mem);
	vmm_bus_init(&vm->mmio);
	vmm_bus_init(&vm->pio);
	return AXVCPU_OK;
}

int vmm_vm_add_vcpu(struct vmm_vm *vm, struct axvcpu *vcpu)
{
	if (!vm || !vcpu || axvcpu_id(vcpu) != vm->nvcpu)
		return AXVCPU_EINVAL;
	if (vm->nvcpu >= VMM_VM_MAX_VCPUS)
		return AXVCPU_ENOMEM;
	if (vm->nvcpu > 0 && !vm->cfg.secondaries_on) {
		int err = axvcpu_power_off(vcpu);
		if (err)
			return err;
	}
	vm->vcpus[vm->nvcpu++].vcpu = vcpu;
	return AXVCPU_OK;
}

/* Bus ops of every VM device: its own ops under its own lock. */
static int dev_read(void *p, uint64_t off, unsigned width, uint64_t *val)
{
	return vm_dev_read(p, off, width, val);
}

static int dev_write(void *p, uint64_t off, unsigned width, uint64_t val)
{
	return vm_dev_write(p, off, width, val);
}

const struct vmm_device_ops vm_dev_ops = { dev_read, dev_write };

int vmm_vm_add_device(struct vmm_vm *vm, bool pio, uint64_t base, uint64_t size,
		      const struct vmm_device_ops *ops, void *dev,
		      const struct vmm_vm_dev_opts *opts,
		      struct vmm_vm_dev **out)
{
	if (!vm || !ops)
		return AXVCPU_EINVAL;
	if (vm->ndevs >= VMM_VM_MAX_DEVICES)
		return AXVCPU_ENOMEM;
	struct vmm_vm_dev *d = &vm->devs[vm->ndevs];
	d->ops = ops;
	d->dev = dev;
	d->vm = vm;
	d->base = base;
	d->size = size;
	if (opts)
		d->opts = *opts;
	int err =
	    vmm_bus_add(pio ? &vm->pio : &vm->mmio, base, size, &vm_dev_ops, d);
	if (err) {
		memset(d, 0, sizeof(*d));
		return err;
	}
	vm->ndevs++;
	if (d->opts.push_input && !vm->console) {
		vm->console = d;
		d->console = true;
	}
	if (out)
		*out = d;
	return AXVCPU_OK;
}

int vmm_vm_add_local_device(struct vmm_vm *vm, uint64_t base, uint64_t size,
			    const struct vmm_local_device_ops *ops, void *dev)
{
	if (!vm || !ops || !size || base + size < base)
		return AXVCPU_EINVAL;
	for (unsigned i = 0; i < vm->nlocal; i++) {
		const struct vmm_vm_local *l = &vm->local[i];
		if (base < l->base + l->size && l->base < base + size)
			return AXVCPU_EINVAL;
	}
	if (vm->nlocal >= VMM_VM_MAX_LOCAL)
		return AXVCPU_ENOMEM;
	vm->local[vm->nlocal++] = (struct vmm_vm_local){ base, size, ops, dev };
	return AXVCPU_OK;
}

void vmm_vm_cpu_init(struct vmm_vm *vm, uint64_t target)
{
	if (!vm || target >= vm->nvcpu)
		return;
	atomic_store(&vm->vcpus[target].init_pending, true);
	vm_attn(vm, (unsigned)target, VM_ATTN_INIT);
	/* A running vCPU leaves the guest to see it; a waiting one wakes. */
	axvcpu_kick(vm->vcpus[target].vcpu);
	vm->host.notify(vm->host.ctx, (unsigned)target);
}

void vmm_vm_dev_call(struct vmm_vm_dev *d, void (*fn)(void *dev, void *arg),
		     void *arg)
{
	vm_lock(d->vm, &d->lock);
	fn(d->dev, arg);
	if (d->opts.after)
		d->opts.after(d->opts.ctx, d->dev);
	vmm_lock_give(&d->lock);
}

void vmm_vm_stop(struct vmm_vm *vm, enum vmm_vm_end end, int status,
		 const char *why)
{
	vm_lock(vm, &vm->stop_lock);
	unsigned cur = atomic_load(&vm->end);
	/* A reset the VM goes through is no end: a stop during it (a
	 * timeout, a signal) must not be lost when the guest restarts. */
	bool transient = cur == VMM_VM_RESET && !vm->cfg.reset_ends_run &&
			 end != VMM_VM_RESET;
	if (cur == VMM_VM_RUNNING || transient) {
		unsigned i = 0;
		for (; why && why[i] && i + 1 < sizeof(vm->why); i++)
			vm->why[i] = why[i];
		vm->why[i] = '\0';
		atomic_store(&vm->status, status);
		atomic_store(&vm->end, end);
	}
	vmm_lock_give(&vm->stop_lock);
	/* Every loop must notice: kick the running, wake the waiting. */
	for (unsigned i = 0; i < vm->nvcpu; i++) {
		vm_attn(vm, i, VM_ATTN_STOP);
		axvcpu_kick(vm->vcpus[i].vcpu);
		vm->host.notify(vm->host.ctx, i);
	}
}

enum vmm_vm_end vmm_vm_end(const struct vmm_vm *vm)
{
	return (enum vmm_vm_end)atomic_load(&((struct vmm_vm *)vm)->end);
}

int vmm_vm_status(const struct vmm_vm *vm)
{
	return atomic_load(&((struct vmm_vm *)vm)->status);
}

const char *vmm_vm_why(const struct vmm_vm *vm)
{
	return vm->why;
}

uint64_t vmm_vm_resets(const struct vmm_vm *vm)
{
	return atomic_load(&((struct vmm_vm *)vm)->resets);
}

const struct vmm_exit_stats *vmm_vm_stats(const struct vmm_vm *vm, unsigned id)
{
	return vm && id < vm->nvcpu ? &vm->vcpus[id].stats : 0;
}

int vmm_vm_inject(struct vmm_vm *vm, unsigned id, uint64_t vector)
{
	if (!vm || id >= vm->nvcpu)
		return AXVCPU_EINVAL;
	int err = axvcpu_inject_interrupt(vm->vcpus[id].vcpu, vector);
	if (!err)
		vm->host.notify(vm->host.ctx, id);
	/* After the vector is queued: the resumed vCPU finds it pending. */
	unsigned s = atomic_load(&vm->suspended);
	if (!err && s) {
		atomic_store(&vm->suspend_wake, true);
		vm->host.notify(vm->host.ctx, s - 1);
	}
	return err;
}

int vmm_vm_set_line(struct vmm_vm *vm, unsigned id, uint64_t vector, bool level)
{
	if (!vm || id >= vm->nvcpu || vector >= 64)
		return AXVCPU_EINVAL;
	uint64_t bit = 1ull << vector;
	if (!level) {
		atomic_fetch_and(&vm->vcpus[id].lines, ~bit);
		return AXVCPU_OK;
	}
	atomic_fetch_or(&vm->vcpus[id].lines, bit);
	vm_attn(vm, id, VM_ATTN_LINES);
	return vmm_vm_inject(vm, id, vector);
}

void vm_lines_reassert(struct vmm_vm *vm, unsigned id)
{
	uint64_t lines = atomic_load(&vm->vcpus[id].lines);
	while (lines) {
		unsigned v = (unsigned)__builtin_ctzll(lines);
		lines &= lines - 1;
		axvcpu_inject_interrupt(vm->vcpus[id].vcpu, v);
	}
}

void vmm_vm_fini(struct vmm_vm *vm)
{
	for (unsigned i = 0; i < vm->nvcpu; i++) {
		if (vm->vcpus[i].vcpu)
			axvcpu_destroy(vm->vcpus[i].vcpu);
		vm->vcpus[i].vcpu = 0;
	}
	vm->nvcpu = 0;
}
