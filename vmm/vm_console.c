/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VM's console: host input goes to the console device (a UART) and
 * waits in the VM's queue while its FIFO is full; the guest's SBI-style
 * console calls read that queue and write to the host.
 */
#include "vmm/vm_internal.h"

/* Move queued bytes into the device; with input_lock held. */
static void input_drain(struct vmm_vm *vm)
{
	struct vmm_vm_dev *d = vm->console;
	if (!d || !vm->input_count)
		return;
	vm_lock(vm, &d->lock);
	while (vm->input_count &&
	       d->opts.push_input(d->dev, vm->input[vm->input_head]) == 0) {
		vm->input_head = (vm->input_head + 1) % VMM_VM_INPUT_SIZE;
		vm->input_count--;
	}
	if (d->opts.after)
		d->opts.after(d->opts.ctx, d->dev);
	vmm_lock_give(&d->lock);
}

/* Queue one byte; with input_lock held. False when the queue is full. */
static bool input_put(struct vmm_vm *vm, uint8_t c)
{
	if (vm->input_count == VMM_VM_INPUT_SIZE)
		return false;
	vm->input[(vm->input_head + vm->input_count) % VMM_VM_INPUT_SIZE] = c;
	vm->input_count++;
	return true;
}

size_t vmm_vm_console_input(struct vmm_vm *vm, const uint8_t *buf, size_t len)
{
	size_t n = 0;
	vm_lock(vm, &vm->input_lock);
	while (n < len && input_put(vm, buf[n]))
		n++;
	input_drain(vm);
	vmm_lock_give(&vm->input_lock);
	return n;
}

void vm_console_poll(struct vmm_vm *vm)
{
	if (!vm->host.console_in && !vm->input_count)
		return;
	vm_lock(vm, &vm->input_lock);
	int c;
	/* Only take from the host what there is room for. */
	while (vm->host.console_in && vm->input_count < VMM_VM_INPUT_SIZE &&
	       (c = vm->host.console_in(vm->host.ctx)) >= 0)
		input_put(vm, (uint8_t)c);
	input_drain(vm);
	vmm_lock_give(&vm->input_lock);
}

/* One byte for an SBI console read, or -1. */
static int input_take(struct vmm_vm *vm)
{
	int c = -1;
	vm_lock(vm, &vm->input_lock);
	if (vm->host.console_in && !vm->input_count) {
		c = vm->host.console_in(vm->host.ctx);
	} else if (vm->input_count) {
		c = vm->input[vm->input_head];
		vm->input_head = (vm->input_head + 1) % VMM_VM_INPUT_SIZE;
		vm->input_count--;
	}
	vmm_lock_give(&vm->input_lock);
	return c;
}

void vm_console_write(struct vmm_vm *vm, unsigned id,
		      const struct axvcpu_exit *e)
{
	if (!e->console_write.len) {
		uint8_t b = e->console_write.byte;
		vm->host.console_out(vm->host.ctx, &b, 1);
		return;
	}
	/* The guest picks len: bound it, or one call could print all of
	 * guest RAM. SBI allows partial writes; the guest sees the count. */
	uint64_t len = e->console_write.len, done = 0;
	if (len > vm->cfg.console_write_max)
		len = vm->cfg.console_write_max;
	uint8_t buf[64];
	while (done < len) {
		uint64_t n =
		    len - done < sizeof(buf) ? len - done : sizeof(buf);
		if (vmm_mem_read(&vm->mem, e->console_write.gpa + done, buf, n))
			break;
		vm->host.console_out(vm->host.ctx, buf, (size_t)n);
		done += n;
	}
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	if (!done && len)
		axvcpu_set_return_error(vcpu, AXVCPU_EINVAL);
	else
		axvcpu_set_return_value(vcpu, done);
}

void vm_console_read(struct vmm_vm *vm, unsigned id,
		     const struct axvcpu_exit *e)
{
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	if (!e->console_read.len) {
		axvcpu_complete_console_read(vcpu, input_take(vm));
		return;
	}
	int64_t n = 0;
	int c;
	while ((uint64_t)n < e->console_read.len && (c = input_take(vm)) >= 0) {
		uint8_t b = (uint8_t)c;
		if (vmm_mem_write(&vm->mem, e->console_read.gpa + (uint64_t)n,
				  &b, 1)) {
			n = n ? n : -1; /* a bad buffer: SBI_ERR_FAILED */
			break;
		}
		n++;
	}
	axvcpu_complete_console_read(vcpu, n);
}
