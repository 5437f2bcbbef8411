/* SPDX-License-Identifier: Apache-2.0 */
/* The per-vCPU loop: bind, run, handle, wait while halted; resets. */
#include "vmm/fmt.h"
#include "vmm/libc.h"
#include "vmm/vm_internal.h"

void vm_log(struct vmm_vm *vm, const char *fmt, ...)
{
	if (!vm->host.log)
		return;
	char line[192];
	va_list ap;
	va_start(ap, fmt);
	vmm_vfmt(line, sizeof(line), fmt, ap);
	va_end(ap);
	vm->host.log(vm->host.ctx, line);
}

static uint64_t vm_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

void vm_wait_blocked(struct vmm_vm *vm, unsigned id, uint64_t deadline)
{
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	while (axvcpu_state(vcpu) == AXVCPU_STATE_BLOCKED && !vm_stopping(vm)) {
		uint64_t now = vm->host.now(vm->host.ctx);
		if (now >= deadline) {
			/* Its timer is due: the backend raises it at entry. */
			axvcpu_wake(vcpu);
			return;
		}
		vm_console_poll(vm);
		/* A line still asserted (the guest dropped it on a trap, or
		 * halted with it masked) wakes it again. */
		if (atomic_load(&vm->vcpus[id].lines))
			vm_lines_reassert(vm, id);
		if (axvcpu_state(vcpu) != AXVCPU_STATE_BLOCKED)
			return;
		uint64_t until = deadline;
		/* Polled input needs a look now and then. */
		if (vm->host.console_in && vm->cfg.input_poll)
			until = vm_min(until, now + vm->cfg.input_poll);
		vm->host.wait(vm->host.ctx, id, until);
	}
}

/* Handle one exit, timing the run before it and the handling. */
static void vm_time_exit(struct vmm_vm *vm, unsigned id, unsigned r,
			 uint64_t t0, struct axvcpu_exit *e)
{
	struct vmm_exit_stats *st = &vm->vcpus[id].stats;
	uint64_t t1 = vm->host.now(vm->host.ctx);
	if (!vm->hook || !vm->hook(vm, id, e, vm->hook_arg))
		vm_exit_handle(vm, id, e);
	st->run_ns[r] += t1 - t0;
	st->handle_ns[r] += vm->host.now(vm->host.ctx) - t1;
}

/* The exit's slot in the stats (a backend's unknown reason counts as an
 * internal error). */
static inline size_t vm_stat_reason(const struct axvcpu_exit *e)
{
	size_t r = (uint32_t)e->reason;
	return r < AXVCPU_EXIT_REASON_COUNT ? r : AXVCPU_EXIT_INTERNAL_ERROR;
}

/*
 * A run that failed: wait while the vCPU is Blocked (halted, parked),
 * else end the VM. True if the loop goes on.
 */
static __attribute__((noinline)) bool vm_run_failed(struct vmm_vm *vm,
						    unsigned id, int err)
{
	struct vmm_vm_vcpu *vc = &vm->vcpus[id];
	if (err == AXVCPU_EBADSTATE) {
		enum axvcpu_state s = axvcpu_state(vc->vcpu);
		if (s == AXVCPU_STATE_BLOCKED) {
			vc->refusals = 0;
			vm_wait_blocked(vm, id, UINT64_MAX);
			return true;
		}
		/*
		 * Refused while Blocked, and Ready again before the look
		 * above: another CPU started or woke it in between (a
		 * power_on racing the refusal). Run again; only a refusal
		 * that persists in Ready is the backend's error.
		 */
		if (s == AXVCPU_STATE_READY && ++vc->refusals < 1000)
			return true;
	}
	char why[96];
	vmm_fmt(why, sizeof(why), "vCPU %u: axvcpu_run: %s", id,
		axvcpu_strerror(err));
	vmm_vm_stop(vm, VMM_VM_HOST_ERROR, err, why);
	return false;
}

/* One run and its exit with every exit timed (cfg.time_exits). */
static __attribute__((noinline)) bool
vm_run_timed(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e)
{
	struct vmm_vm_vcpu *vc = &vm->vcpus[id];
	uint64_t t0 = vm->host.now(vm->host.ctx);
	int err = axvcpu_run(vc->vcpu, e);
	if (err)
		return vm_run_failed(vm, id, err);
	vc->refusals = 0;
	unsigned r = (unsigned)vm_stat_reason(e);
	vc->stats.count[r]++;
	vm_time_exit(vm, id, r, t0, e);
	return true;
}

/*
 * What vCPU `id`'s loop looks at before a run when its attn word has
 * bits (vm_internal.h): the VM's end, asserted lines, an INIT, timing.
 * -1: the loop ends; 1: a timed run and its exit were done; 0: run now.
 */
static __attribute__((noinline)) int vm_attend(struct vmm_vm *vm, unsigned id,
					       struct axvcpu_exit *e)
{
	struct vmm_vm_vcpu *vc = &vm->vcpus[id];
	uint32_t a = atomic_fetch_and(&vc->attn, VM_ATTN_TIMED);
	if (vm_stopping(vm))
		return -1;
	/* A line still asserted is injected again before every run. */
	if (atomic_load(&vc->lines)) {
		vm_attn(vm, id, VM_ATTN_LINES);
		vm_lines_reassert(vm, id);
	}
	/* An INIT from another vCPU: park before running again (a load
	 * first: the exchange only when one was asked). */
	if (atomic_load_explicit(&vc->init_pending, memory_order_relaxed) &&
	    atomic_exchange(&vc->init_pending, false))
		axvcpu_power_off(vc->vcpu);
	if (a & VM_ATTN_TIMED)
		return vm_run_timed(vm, id, e) ? 1 : -1;
	return 0;
}

/* Run vCPU `id` (bound) until the VM stops. Not inlined: the caller's
 * values would live across the guest too (reloaded after every exit). */
static __attribute__((noinline)) void vm_run_bound(struct vmm_vm *vm,
						   unsigned id)
{
	struct vmm_vm_vcpu *vc = &vm->vcpus[id];
	struct axvcpu_exit e;
	/* The first pass looks at everything: a stop, a line or an INIT
	 * may have come before this loop (or a reset) began. */
	vm_attn(vm, id,
		VM_ATTN_STOP | VM_ATTN_LINES | VM_ATTN_INIT |
		    (vm->cfg.time_exits ? VM_ATTN_TIMED : 0));
	for (;;) {
		/*
		 * vc anew each pass (an empty asm): the compiler then keeps vc
		 * alone across the guest and reaches its fields by offset,
		 * rather than a register of its own per field address, each
		 * reloaded after every exit (the switch clobbers them all).
		 */
		__asm__("" : "+r"(vc));
		if (atomic_load_explicit(&vc->attn, memory_order_relaxed)) {
			int a = vm_attend(vm, id, &e);
			if (a < 0)
				return;
			if (a > 0)
				continue;
		}
		/* A Blocked vCPU (halted, parked) is refused: then wait. */
		int err = axvcpu_run(vc->vcpu, &e);
		if (err) {
			if (!vm_run_failed(vm, id, err))
				return;
			continue;
		}
		vc->refusals = 0;
		vc->stats.count[vm_stat_reason(&e)]++;
		if (vm->hook && vm->hook(vm, id, &e, vm->hook_arg))
			continue;
		/* (A VM with local devices looks at them first: the
		 * general way.) */
		if (e.reason != AXVCPU_EXIT_MMIO_READ || vm->nlocal) {
			vm_exit_handle(vm, id, &e);
			continue;
		}
		/*
		 * vm_mmio_read() in this frame, the commonest exit after the
		 * ones the backend answers: the vCPU's last device, its model
		 * under its lock, the completion.
		 */
		uint64_t addr = e.mmio_read.addr, val = 0;
		struct vmm_vm_dev *d =
		    vm_mmio_cached(vc, addr, e.mmio_read.width);
		int derr = AXVCPU_OK;
		if (d && !(derr = vm_dev_read(d, addr - d->base,
					      e.mmio_read.width, &val)))
			/* Not masked: the completion truncates to the width. */
			axvcpu_complete_mmio_read(vc->vcpu, val);
		else
			vm_mmio_read_slow(vm, vc, &e, derr);
	}
}

/* Bind, retrying while a short call (a reset, a start) holds the vCPU. */
static int vm_bind(struct axvcpu *vcpu)
{
	int err;
	for (unsigned i = 0; i < 1000000; i++)
		if ((err = axvcpu_bind(vcpu)) != AXVCPU_EBUSY)
			break;
	return err;
}

/* The machine back to power-on: run by the last loop to arrive. */
static void vm_reset_machine(struct vmm_vm *vm)
{
	int err = 0;
	const char *what = "";
	for (unsigned i = 0; i < vm->ndevs; i++) {
		struct vmm_vm_dev *d = &vm->devs[i];
		if (!d->opts.reset)
			continue;
		vm_lock(vm, &d->lock);
		d->opts.reset(d->dev);
		vmm_lock_give(&d->lock);
	}
	for (unsigned i = 0; i < vm->nvcpu; i++)
		atomic_store(&vm->vcpus[i].init_pending, false);
	vm_lock(vm, &vm->input_lock);
	vm->input_count = 0;
	vmm_lock_give(&vm->input_lock);
	for (unsigned i = 0; i < vm->mem.count; i++) {
		const struct vmm_mem_region *r = &vm->mem.regions[i];
		if (r->kind == VMM_MEM_RAM)
			memset(r->host, 0, r->size);
	}
	for (unsigned i = 0; !err && i < vm->nvcpu; i++)
		if ((err = axvcpu_reset(vm->vcpus[i].vcpu)))
			what = "resetting a vCPU";
	/* After the vCPU reset: a boot protocol may set registers too. */
	if (!err && vm->host.reload &&
	    (err = vm->host.reload(vm->host.ctx, vm)))
		what = "reloading the images";
	for (unsigned i = 1; !err && i < vm->nvcpu; i++)
		if (!vm->cfg.secondaries_on &&
		    (err = axvcpu_power_off(vm->vcpus[i].vcpu)))
			what = "parking a vCPU";
	if (!err && vm->host.reset_machine &&
	    (err = vm->host.reset_machine(vm->host.ctx, vm)))
		what = "resetting the machine";
	vm_lock(vm, &vm->stop_lock);
	if (atomic_load(&vm->end) != VMM_VM_RESET) {
		/* Stopped for good while resetting: it stays stopped. */
		vmm_lock_give(&vm->stop_lock);
		return;
	}
	if (err) {
		vmm_fmt(vm->why, sizeof(vm->why), "reset failed %s: %s", what,
			axvcpu_strerror(err));
		atomic_store(&vm->status, err);
		atomic_store(&vm->end, VMM_VM_HOST_ERROR);
	} else {
		vm->why[0] = '\0';
		atomic_store(&vm->status, 0);
		atomic_store(&vm->end, VMM_VM_RUNNING);
		atomic_fetch_add(&vm->resets, 1);
	}
	vmm_lock_give(&vm->stop_lock);
	/* A guest resetting in a loop must not flood the log: the first
	 * few, then every thousandth. */
	unsigned long long n = vmm_vm_resets(vm);
	if (!err && (n <= 3 || n % 1000 == 0))
		vm_log(vm, "reset: the guest starts over (reset %llu)%s", n,
		       n == 3 ? "; further resets: every 1000th reported" : "");
}

/* Wait until the reset of `epoch` is done (or the VM stops for good: a
 * loop that saw that stop may never arrive). */
static void vm_reset_wait(struct vmm_vm *vm, unsigned id, unsigned epoch)
{
	while (atomic_load(&vm->epoch) == epoch &&
	       (vmm_vm_end(vm) == VMM_VM_RESET || atomic_load(&vm->resetting)))
		vm->host.wait(vm->host.ctx, id, UINT64_MAX);
}

/*
 * Every vCPU loop meets here, unbound; the last to arrive resets the
 * machine and lets the others go. The count and the election are one
 * step under meet_lock: a loop that entered vmm_vm_run_vcpu() late must
 * neither be left out of the count nor become a second leader. True if
 * the VM runs again.
 */
static bool vm_reset_meet(struct vmm_vm *vm, unsigned id)
{
	vm_lock(vm, &vm->meet_lock);
	unsigned epoch = atomic_load(&vm->epoch);
	bool lead = ++vm->arrived >= vm->loops && !atomic_load(&vm->resetting);
	if (lead)
		atomic_store(&vm->resetting, true);
	vmm_lock_give(&vm->meet_lock);
	if (!lead) {
		vm_reset_wait(vm, id, epoch);
		return !vm_stopping(vm);
	}
	vm_reset_machine(vm);
	vm_lock(vm, &vm->meet_lock);
	vm->arrived = 0;
	atomic_fetch_add(&vm->epoch, 1);
	atomic_store(&vm->resetting, false);
	vmm_lock_give(&vm->meet_lock);
	for (unsigned i = 0; i < vm->nvcpu; i++)
		vm->host.notify(vm->host.ctx, i);
	return !vm_stopping(vm);
}

enum vmm_vm_end vmm_vm_run_vcpu(struct vmm_vm *vm, unsigned id)
{
	if (!vm || id >= vm->nvcpu)
		return VMM_VM_HOST_ERROR;
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	/* Counted for the reset rendezvous; a reset already under way
	 * finishes before this loop touches its vCPU. */
	vm_lock(vm, &vm->meet_lock);
	vm->loops++;
	bool resetting = atomic_load(&vm->resetting);
	unsigned epoch = atomic_load(&vm->epoch);
	vmm_lock_give(&vm->meet_lock);
	if (resetting)
		vm_reset_wait(vm, id, epoch);
	for (;;) {
		int err = vm_bind(vcpu);
		if (err) {
			char why[160];
			/* The usual cause, named with its cure. */
			if (err == AXVCPU_EBADSTATE &&
			    !axvcpu_percpu_is_enabled())
				vmm_fmt(why, sizeof(why),
					"vCPU %u: no enabled per-CPU state on "
					"this CPU or thread: call "
					"axvcpu_percpu_init() and "
					"axvcpu_percpu_hardware_enable() "
					"there first",
					id);
			else
				vmm_fmt(why, sizeof(why),
					"vCPU %u: axvcpu_bind: %s", id,
					axvcpu_strerror(err));
			vmm_vm_stop(vm, VMM_VM_HOST_ERROR, err, why);
		} else {
			vm_run_bound(vm, id);
			axvcpu_unbind(vcpu);
		}
		if (vmm_vm_end(vm) != VMM_VM_RESET || vm->cfg.reset_ends_run ||
		    !vm_reset_meet(vm, id))
			break;
	}
	vm_lock(vm, &vm->meet_lock);
	vm->loops--;
	vmm_lock_give(&vm->meet_lock);
	return vmm_vm_end(vm);
}
