/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VM object (vmm/vm.h) against the core's mock backend: every exit
 * policy it promises, with scripted exits and recording host services —
 * device dispatch and open bus, CpuUp/CpuDown/CpuStatus, SendIPI and
 * RemoteFence target checks, console, halt with deadline, reset (devices,
 * RAM, reload, vCPUs, parked secondaries), and the end of a run from
 * another thread; a reset with two vCPU threads meeting.
 */
#include "tests/core/helpers.h"
#include "vmm/vm.h"

/* ---- recording host services ------------------------------------------- */

struct host {
	_Atomic uint64_t clock; /* now(); wait() jumps it to the deadline */
	_Atomic unsigned waits; /* wait() calls */
	_Atomic unsigned notifies[VMM_VM_MAX_VCPUS];
	char out[512]; /* console_out */
	_Atomic unsigned out_len;
	const char *in; /* console_in bytes */
	unsigned reloads, machine_resets;
	char log[256];
	struct vmm_vm *vm;
	bool threaded;       /* wait() sleeps a little instead */
	unsigned wake_after; /* wait() this many: a device line fires */
};

static struct host H;

static uint64_t h_now(void *ctx)
{
	return atomic_load(&((struct host *)ctx)->clock);
}

static void h_wait(void *ctx, unsigned id, uint64_t deadline)
{
	struct host *h = ctx;
	(void)id;
	unsigned n = atomic_fetch_add(&h->waits, 1) + 1;
	if (h->wake_after && n == h->wake_after)
		vmm_vm_inject(h->vm, 1, 3); /* routed to the parked vCPU */
	if (h->threaded) {
		struct timespec ts = { 0, 200000 };
		nanosleep(&ts, 0);
		return;
	}
	/* Sleeping until the deadline: time passes. */
	if (deadline != UINT64_MAX)
		atomic_store(&h->clock, deadline);
}

static void h_notify(void *ctx, unsigned id)
{
	atomic_fetch_add(&((struct host *)ctx)->notifies[id], 1);
}

static void h_out(void *ctx, const uint8_t *buf, size_t len)
{
	struct host *h = ctx;
	for (size_t i = 0; i < len; i++) {
		unsigned n = atomic_fetch_add(&h->out_len, 1);
		if (n + 1 < sizeof(h->out))
			h->out[n] = (char)buf[i];
	}
}

static int h_in(void *ctx)
{
	struct host *h = ctx;
	if (!h->in || !*h->in)
		return -1;
	return (unsigned char)*h->in++;
}

static int h_reload(void *ctx, struct vmm_vm *vm)
{
	struct host *h = ctx;
	h->reloads++;
	/* An "image": one byte at guest address 0x1000. */
	uint8_t b = 0x5a;
	return vmm_mem_write(&vm->mem, 0x1000, &b, 1);
}

static int h_reset_machine(void *ctx, struct vmm_vm *vm)
{
	(void)vm;
	((struct host *)ctx)->machine_resets++;
	return 0;
}

static void h_log(void *ctx, const char *line)
{
	struct host *h = ctx;
	snprintf(h->log, sizeof(h->log), "%s", line);
}

static const struct vmm_vm_host host_ops = {
	.ctx = &H,
	.now = h_now,
	.wait = h_wait,
	.notify = h_notify,
	.console_out = h_out,
	.console_in = h_in,
	.reload = h_reload,
	.reset_machine = h_reset_machine,
	.log = h_log,
};

/* ---- a device: a register file that counts resets ------------------------ */

struct dev {
	uint64_t reg;
	unsigned reads, writes, resets, afters;
	uint8_t fifo[4];
	unsigned fifo_n;
};

static int dev_read(void *d, uint64_t off, unsigned width, uint64_t *val)
{
	struct dev *x = d;
	(void)width;
	x->reads++;
	*val = off == 0 ? x->reg : 0x77;
	/* Offset 8: a status register whose read changes nothing. */
	return off == 8 ? VMM_DEV_READ_QUIET : 0;
}

static int dev_write(void *d, uint64_t off, unsigned width, uint64_t val)
{
	struct dev *x = d;
	(void)off;
	(void)width;
	x->writes++;
	x->reg = val;
	return 0;
}

static const struct vmm_device_ops dev_ops = { dev_read, dev_write };

static void dev_reset(void *d)
{
	struct dev *x = d;
	x->resets++;
	x->reg = 0;
}

static void dev_after(void *ctx, void *d)
{
	(void)ctx;
	((struct dev *)d)->afters++;
}

static int dev_push(void *d, uint8_t c)
{
	struct dev *x = d;
	if (x->fifo_n == sizeof(x->fifo))
		return -1;
	x->fifo[x->fifo_n++] = c;
	return 0;
}

/* ---- building VMs ----------------------------------------------------------
 */

static uint8_t ram[0x10000];
static struct dev D;

static struct axvcpu *vm_vcpu(unsigned id)
{
	struct axvcpu_create_params p = { .vm_id = 1,
					  .vcpu_id = id,
					  .favor_phys_cpu = -1 };
	p.arch_config = &mock_ccfg;
	p.arch_config_size = sizeof(mock_ccfg);
	struct axvcpu *v = 0;
	must(axvcpu_create(&mock_backend, &p, &v) == 0, "create");
	must(axvcpu_setup(v, 0x1000, 0, 0, 0) == 0, "setup");
	return v;
}

static void vm_make(struct vmm_vm *vm, unsigned n, struct vmm_vm_config *cfg)
{
	memset(&H, 0, sizeof(H));
	memset(&D, 0, sizeof(D));
	memset(ram, 0, sizeof(ram));
	H.vm = vm;
	must(vmm_vm_init(vm, cfg, &host_ops) == 0, "vm init");
	must(vmm_mem_add(&vm->mem, 0, sizeof(ram), ram, VMM_MEM_RAM) == 0,
	     "mem");
	struct vmm_vm_dev_opts o = { .reset = dev_reset,
				     .after = dev_after,
				     .push_input = dev_push };
	must(vmm_vm_add_device(vm, false, 0x10000000, 0x100, &dev_ops, &D, &o,
			       0) == 0,
	     "device");
	for (unsigned i = 0; i < n; i++)
		must(vmm_vm_add_vcpu(vm, vm_vcpu(i)) == 0, "add vcpu");
}

static struct axvcpu *V(struct vmm_vm *vm, unsigned i)
{
	return vm->vcpus[i].vcpu;
}

static void script(struct vmm_vm *vm, unsigned i, struct axvcpu_exit e)
{
	mock_script_exit(V(vm, i), &e);
}

static struct axvcpu_exit X(enum axvcpu_exit_reason r) {
	struct axvcpu_exit e;
	memset(&e, 0, sizeof(e));
	e.reason = r;
	return e;
}

/* ---- tests -----------------------------------------------------------------
 */

static void
test_init(void)
{
	struct vmm_vm vm;
	struct vmm_vm_config cfg = { 0 };
	struct vmm_vm_host h = host_ops;
	h.wait = 0;
	tap_is(vmm_vm_init(&vm, &cfg, &h), AXVCPU_EINVAL,
	       "init without wait: EINVAL");
	tap_is(vmm_vm_init(0, &cfg, &host_ops), AXVCPU_EINVAL, "init(NULL)");
	vm_make(&vm, 0, &cfg);
	struct axvcpu *v = vm_vcpu(1);
	tap_is(vmm_vm_add_vcpu(&vm, v), AXVCPU_EINVAL,
	       "vCPU id 1 before id 0: EINVAL");
	axvcpu_destroy(v);
	tap_is_str(vmm_vm_end_name(VMM_VM_POWEROFF), "PowerOff", "end name");
	tap_is_str(vmm_vm_end_name((enum vmm_vm_end)99), "Invalid",
		   "unknown end name");
}

static void test_mmio_and_end(void)
{
	struct vmm_vm vm;
	struct vmm_vm_config cfg = { 0 };
	vm_make(&vm, 1, &cfg);
	D.reg = 0xabcd;
	struct axvcpu_exit e = X(AXVCPU_EXIT_MMIO_READ);
	e.mmio_read.addr = 0x10000000;
	e.mmio_read.width = 2;
	e.mmio_read.reg_width = 8;
	e.mmio_read.reg = 5;
	script(&vm, 0, e);
	e.mmio_read.addr = 0x20000000; /* nobody's */
	e.mmio_read.reg = 6;
	script(&vm, 0, e);
	e.mmio_read.addr = 0x10000008; /* the quiet status register */
	e.mmio_read.reg = 7;
	script(&vm, 0, e);
	e = X(AXVCPU_EXIT_MMIO_WRITE);
	e.mmio_write.addr = 0x10000000;
	e.mmio_write.width = 4;
	e.mmio_write.data = 0x1234;
	script(&vm, 0, e);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_DOWN));
	enum vmm_vm_end end = vmm_vm_run_vcpu(&vm, 0);
	tap_is(end, VMM_VM_POWEROFF, "SystemDown ends the run: PowerOff");
	tap_is_str(vmm_vm_why(&vm), "the guest powered off", "... why");
	uint64_t r5 = 0, r6 = 1;
	axvcpu_get_gpr(V(&vm, 0), 5, &r5);
	axvcpu_get_gpr(V(&vm, 0), 6, &r6);
	tap_is(r5, 0xabcd, "MMIO read completed with the device's value");
	tap_is(r6, 0, "unclaimed MMIO reads 0 (open bus)");
	tap_is(D.reg, 0x1234, "MMIO write reached the device");
	uint64_t r7 = 0;
	axvcpu_get_gpr(V(&vm, 0), 7, &r7);
	tap_is(r7, 0x77, "a quiet read completed with the device's value");
	tap_is(D.reads, 2, "... the model ran for both device reads");
	tap_is(D.afters, 2,
	       "the after-hook ran after each access but the quiet read");
	tap_is(vmm_vm_stats(&vm, 0)->count[AXVCPU_EXIT_MMIO_READ], 3,
	       "stats count the MMIO reads");
	tap_ok(vmm_vm_stats(&vm, 1) == 0, "no stats for a missing vCPU");
	vmm_vm_fini(&vm);

	cfg.open_bus_ones = true;
	cfg.unclaimed_mmio = VMM_UNCLAIMED_FAULT;
	vm_make(&vm, 1, &cfg);
	e = X(AXVCPU_EXIT_MMIO_READ);
	e.mmio_read.addr = 0x20000000;
	e.mmio_read.width = 1;
	e.mmio_read.reg_width = 8;
	e.mmio_read.reg = 7;
	script(&vm, 0, e);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_DOWN));
	vmm_vm_run_vcpu(&vm, 0);
	tap_is(mock_of(V(&vm, 0))->last_reflected.reason, AXVCPU_EXIT_MMIO_READ,
	       "unclaimed MMIO with FAULT: reflected into the guest");
	tap_ok(strstr(H.log, "access fault in the guest") != 0,
	       "... and logged");
	vmm_vm_fini(&vm);
}

static void test_cpu_up_status(void)
{
	struct vmm_vm vm;
	struct vmm_vm_config cfg = { 0 };
	vm_make(&vm, 2, &cfg);
	tap_is(axvcpu_power_state(V(&vm, 1)), AXVCPU_POWER_OFF,
	       "secondary parked when added");
	struct axvcpu_exit e = X(AXVCPU_EXIT_CPU_STATUS);
	e.cpu_status.target_cpu = 1;
	script(&vm, 0, e);
	struct axvcpu_exit up = X(AXVCPU_EXIT_CPU_UP);
	up.cpu_up.target_cpu = 5; /* no such vCPU */
	up.cpu_up.entry_point = 0x2000;
	script(&vm, 0, up);
	up.cpu_up.target_cpu = 1;
	up.cpu_up.entry_point = 0x900000; /* outside guest memory */
	script(&vm, 0, up);
	up.cpu_up.entry_point = 0x2000;
	up.cpu_up.arg = 0x77;
	script(&vm, 0, up);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_DOWN));
	struct mock_vcpu *m0 = mock_of(V(&vm, 0)), *m1 = mock_of(V(&vm, 1));
	/* Run step by step to look at each answer: a hook that counts. */
	vmm_vm_run_vcpu(&vm, 0);
	tap_is(m0->calls[MOCK_OP_SET_RETURN_VALUE], 1,
	       "CpuStatus answered with a value");
	tap_is(m0->ret_value, AXVCPU_POWER_OFF,
	       "... the state of the parked vCPU: Off");
	tap_is(m0->calls[MOCK_OP_SET_RETURN_ERROR], 2,
	       "two CpuUp refused with an error");
	tap_is(m1->entry, 0x2000, "the good CpuUp set the target's entry");
	tap_is(m1->power_arg, 0x77, "... and its argument");
	tap_is(axvcpu_power_state(V(&vm, 1)), AXVCPU_POWER_ON_PENDING,
	       "... and started it");
	tap_ok(atomic_load(&H.notifies[1]) >= 1, "... and woke its CPU");
	vmm_vm_fini(&vm);
}

/* An exit hook that records the error of each answer in order. */
static int errs[8], nerrs;
static bool fenced[8];
static bool record_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
			void *arg)
{
	(void)arg;
	(void)e;
	/* Answers of the previous exit are visible now. */
	if (nerrs < 8) {
		fenced[nerrs] =
		    vm->nvcpu > 1 && axvcpu_fence_pending(vm->vcpus[1].vcpu);
		errs[nerrs++] = mock_of(vm->vcpus[id].vcpu)->ret_error;
	}
	mock_of(vm->vcpus[id].vcpu)->ret_error = 0;
	return false;
}

static void test_targets(void)
{
	struct vmm_vm vm;
	struct vmm_vm_config cfg = { .secondaries_on = true };
	vm_make(&vm, 2, &cfg);
	vm.hook = record_hook;
	nerrs = 0;
	struct axvcpu_exit e = X(AXVCPU_EXIT_SEND_IPI);
	e.send_ipi.target_cpu = 0;
	e.send_ipi.target_cpu_aux = 0x5; /* vCPUs 0 and 2: 2 is missing */
	e.send_ipi.vector = 9;
	script(&vm, 0, e);
	e.send_ipi.target_cpu_aux = 0x2;
	script(&vm, 0, e);
	struct axvcpu_exit f = X(AXVCPU_EXIT_REMOTE_FENCE);
	f.remote_fence.target_cpu = 1;
	f.remote_fence.target_cpu_aux = 0x3; /* 1 and 2 */
	f.remote_fence.kinds = AXVCPU_FENCE_TLB;
	script(&vm, 0, f);
	f.remote_fence.target_cpu_aux = 0x1;
	script(&vm, 0, f);
	struct axvcpu_exit s = X(AXVCPU_EXIT_CPU_STATUS);
	s.cpu_status.target_cpu = ~0ull;
	script(&vm, 0, s);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_DOWN));
	tap_is(axvcpu_power_state(V(&vm, 1)), AXVCPU_POWER_ON,
	       "secondaries_on: vCPU 1 starts on");
	vmm_vm_run_vcpu(&vm, 0);
	tap_is(errs[1], AXVCPU_ENOTFOUND,
	       "SendIPI naming a missing vCPU: ENOTFOUND");
	tap_ok(!axvcpu_irq_is_pending(V(&vm, 0), 9),
	       "... and nothing was sent, not even to the existing one");
	tap_is(errs[2], 0, "SendIPI to vCPU 1: no error");
	tap_ok(axvcpu_irq_is_pending(V(&vm, 1), 9), "... vCPU 1 got it");
	tap_is(errs[3], AXVCPU_ENOTFOUND,
	       "RemoteFence naming a missing vCPU: ENOTFOUND");
	tap_ok(!fenced[3], "... no fence requested");
	tap_is(errs[4], 0, "RemoteFence to vCPU 1: no error");
	tap_ok(fenced[4], "... fence requested");
	tap_is(errs[5], AXVCPU_ENOTFOUND, "CpuStatus of vCPU 2^64-1");
	vmm_vm_fini(&vm);
}

static void test_console_halt(void)
{
	struct vmm_vm vm;
	struct vmm_vm_config cfg = { .console_write_max = 8 };
	vm_make(&vm, 1, &cfg);
	memcpy(ram + 0x3000, "hello, world", 12);
	struct axvcpu_exit e = X(AXVCPU_EXIT_CONSOLE_WRITE);
	e.console_write.byte = '>';
	script(&vm, 0, e);
	e.console_write.gpa = 0x3000;
	e.console_write.len = 12;
	script(&vm, 0, e);
	H.in = "xyz";
	struct axvcpu_exit r = X(AXVCPU_EXIT_CONSOLE_READ);
	script(&vm, 0, r);
	r.console_read.gpa = 0x4000;
	r.console_read.len = 8;
	script(&vm, 0, r);
	struct axvcpu_exit h = X(AXVCPU_EXIT_HALT);
	h.halt.deadline = 1000;
	script(&vm, 0, h);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_DOWN));
	vmm_vm_run_vcpu(&vm, 0);
	H.out[H.out_len < sizeof(H.out) ? H.out_len : 0] = 0;
	tap_is_str(H.out, ">hello, w",
		   "console: a byte, then a write bounded by the config");
	struct mock_vcpu *m = mock_of(V(&vm, 0));
	tap_is(m->ret_value, 8, "... the guest is told 8 bytes were written");
	tap_ok(memcmp(ram + 0x4000, "yz", 2) == 0,
	       "console read of 8: the input left after a 1-byte read");
	tap_is(m->last_completion.value, 2, "... completed with 2 bytes");
	tap_ok(atomic_load(&H.clock) >= 1000, "halt waited until its deadline");
	tap_is(axvcpu_state(V(&vm, 0)), AXVCPU_STATE_FREE,
	       "the loop unbound the vCPU at the end");
	vmm_vm_fini(&vm);

	/* Input for the console device, past its FIFO: queued, drained. */
	vm_make(&vm, 1, &cfg);
	const uint8_t in[6] = "abcdef";
	tap_is(vmm_vm_console_input(&vm, in, 6), 6, "6 input bytes taken");
	tap_is(D.fifo_n, 4, "... 4 in the device's FIFO");
	D.fifo_n = 0;
	struct axvcpu_exit rd = X(AXVCPU_EXIT_MMIO_READ);
	rd.mmio_read.addr = 0x10000000;
	rd.mmio_read.width = 1;
	rd.mmio_read.reg_width = 8;
	rd.mmio_read.reg = 1;
	script(&vm, 0, rd);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_DOWN));
	vmm_vm_run_vcpu(&vm, 0);
	tap_is(D.fifo_n, 2, "a guest access let the queued rest in");
	tap_ok(D.fifo[0] == 'e' && D.fifo[1] == 'f', "... in order");
	vmm_vm_fini(&vm);
}

static void test_cpu_down_and_hypercall(void)
{
	struct vmm_vm vm;
	struct vmm_vm_config cfg = { 0 };
	vm_make(&vm, 1, &cfg);
	struct axvcpu_exit hc = X(AXVCPU_EXIT_HYPERCALL);
	hc.hypercall.nr = 0x1234;
	script(&vm, 0, hc);
	script(&vm, 0, X(AXVCPU_EXIT_CPU_DOWN));
	enum vmm_vm_end end = vmm_vm_run_vcpu(&vm, 0);
	tap_is(mock_of(V(&vm, 0))->ret_error, AXVCPU_EUNSUPPORTED,
	       "an unknown hypercall is answered not supported");
	tap_is(end, VMM_VM_POWEROFF, "the last vCPU stopping: PowerOff");
	tap_is_str(vmm_vm_why(&vm), "every vCPU stopped itself", "... why");
	vmm_vm_fini(&vm);

	vm_make(&vm, 1, &cfg);
	struct axvcpu_exit ie = X(AXVCPU_EXIT_INTERNAL_ERROR);
	ie.internal_error.code = 0x123;
	script(&vm, 0, ie);
	end = vmm_vm_run_vcpu(&vm, 0);
	tap_is(end, VMM_VM_GUEST_ERROR, "InternalError: GuestError");
	tap_ok(strstr(vmm_vm_why(&vm), "InternalError code=0x123") != 0,
	       "... the exit is in the message");
	vmm_vm_fini(&vm);
}

/*
 * SystemSuspend: denied while another vCPU is on, refused for an entry
 * outside RAM; then the vCPU parks and the VM waits until an interrupt
 * is routed in (here to the other, parked vCPU), and the caller starts
 * at the entry with the argument.
 */
static void test_system_suspend(void)
{
	struct vmm_vm vm;
	struct vmm_vm_config cfg = { .secondaries_on = true };
	vm_make(&vm, 2, &cfg);
	vm.hook = record_hook;
	nerrs = 0;
	struct axvcpu_exit e = X(AXVCPU_EXIT_SYSTEM_SUSPEND);
	e.system_suspend.entry_point = 0x3000;
	e.system_suspend.arg = 0x99;
	script(&vm, 0, e);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_DOWN));
	vmm_vm_run_vcpu(&vm, 0);
	tap_is(errs[1], AXVCPU_EBADSTATE,
	       "SystemSuspend with vCPU 1 on: EBADSTATE (denied)");
	vmm_vm_fini(&vm);

	cfg.secondaries_on = false;
	vm_make(&vm, 2, &cfg);
	vm.hook = record_hook;
	nerrs = 0;
	e.system_suspend.entry_point = 0x900000;
	script(&vm, 0, e);
	e.system_suspend.entry_point = 0x3000;
	script(&vm, 0, e);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_DOWN));
	H.wake_after = 3;
	vmm_vm_run_vcpu(&vm, 0);
	struct mock_vcpu *m0 = mock_of(V(&vm, 0));
	tap_is(errs[1], AXVCPU_EINVAL,
	       "SystemSuspend to an entry outside RAM: EINVAL");
	tap_is(errs[2], 0, "SystemSuspend with vCPU 1 off: accepted");
	tap_is(atomic_load(&H.waits), 3u, "... slept until the interrupt");
	tap_is(m0->entry, 0x3000, "... resumed at the entry");
	tap_is(m0->power_arg, 0x99, "... with the argument");
	tap_ok(axvcpu_irq_is_pending(V(&vm, 1), 3),
	       "... the wake-up interrupt stays queued");
	tap_is(atomic_load(&vm.suspended), 0u, "... and the VM is awake");
	vmm_vm_fini(&vm);
}

/*
 * A run refused (EBADSTATE) while the vCPU reads Ready: another CPU
 * started or woke it between the refusal and the loop's look. The loop
 * runs again instead of ending the VM (it did: aarch64's CPU_ON after
 * CPU_OFF hit it one run in 16 under load).
 */
static void test_refused_then_ready(void)
{
	struct vmm_vm vm;
	struct vmm_vm_config cfg = { 0 };
	vm_make(&vm, 1, &cfg);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_DOWN));
	mock_fail_next(MOCK_OP_RUN, AXVCPU_EBADSTATE);
	tap_is(vmm_vm_run_vcpu(&vm, 0), VMM_VM_POWEROFF,
	       "a refusal that finds the vCPU Ready again: run again");
	tap_is(mock_of(V(&vm, 0))->calls[MOCK_OP_RUN], 2, "... two runs");
	mock_fail_clear();
	vmm_vm_fini(&vm);
}

static void test_reset(void)
{
	struct vmm_vm vm;
	struct vmm_vm_config cfg = { 0 };
	vm_make(&vm, 2, &cfg);
	/* One vCPU loop only here: vCPU 1 stays parked, loops counts 1. */
	memset(ram, 0xee, sizeof(ram));
	D.reg = 9;
	axvcpu_set_gpr(V(&vm, 0), 3, 0x33);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_RESET));
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_DOWN));
	enum vmm_vm_end end = vmm_vm_run_vcpu(&vm, 0);
	tap_is(end, VMM_VM_POWEROFF, "reset, then a power-off");
	tap_is(vmm_vm_resets(&vm), 1, "one reset happened");
	tap_is(D.resets, 1, "... the device was reset");
	tap_is(ram[0x2000], 0, "... RAM was cleared");
	tap_is(ram[0x1000], 0x5a, "... the image was reloaded");
	tap_is(H.machine_resets, 1, "... the machine hook ran");
	tap_is(mock_of(V(&vm, 0))->calls[MOCK_OP_RESET], 1,
	       "... vCPU 0 was reset");
	uint64_t r3 = 1;
	axvcpu_get_gpr(V(&vm, 0), 3, &r3);
	tap_is(r3, 0, "... its registers are setup's again");
	tap_is(axvcpu_power_state(V(&vm, 1)), AXVCPU_POWER_OFF,
	       "... the secondary is parked again");
	tap_ok(strstr(H.log, "reset: the guest starts over") != 0,
	       "... logged");
	vmm_vm_fini(&vm);

	cfg.reset_ends_run = true;
	vm_make(&vm, 1, &cfg);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_RESET));
	tap_is(vmm_vm_run_vcpu(&vm, 0), VMM_VM_RESET,
	       "reset_ends_run: the run ends with Reset");
	tap_is(vmm_vm_resets(&vm), 0, "... nothing was reset");
	vmm_vm_fini(&vm);

	cfg.reset_ends_run = false;
	vm_make(&vm, 1, &cfg);
	mock_fail_next(MOCK_OP_RESET, AXVCPU_EHW);
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_RESET));
	tap_is(vmm_vm_run_vcpu(&vm, 0), VMM_VM_HOST_ERROR,
	       "a vCPU that cannot be reset: HostError");
	tap_ok(strstr(vmm_vm_why(&vm), "resetting a vCPU") != 0,
	       "... the message says what failed");
	mock_fail_clear();
	vmm_vm_fini(&vm);
}

/* Two vCPU threads: a reset meets both; a stop from outside ends both. */
struct loop {
	struct vmm_vm *vm;
	unsigned id;
	enum vmm_vm_end end;
};

static void *loop_main(void *p)
{
	struct loop *l = p;
	percpu_up(10 + l->id, &mock_backend);
	l->end = vmm_vm_run_vcpu(l->vm, l->id);
	percpu_down();
	return 0;
}

static void test_threads(void)
{
	static struct vmm_vm vm;
	struct vmm_vm_config cfg = { .secondaries_on = true };
	vm_make(&vm, 2, &cfg);
	H.threaded = true;
	/* vCPU 0 resets the machine; vCPU 1 spins in a blocking run until
	 * the reset's kick, then halts until the final stop. */
	script(&vm, 0, X(AXVCPU_EXIT_SYSTEM_RESET));
	struct axvcpu_exit h = X(AXVCPU_EXIT_HALT);
	h.halt.deadline = UINT64_MAX;
	mock_set_cycle(V(&vm, 0), &h, 1);
	mock_set_cycle(V(&vm, 1), &h, 1);
	struct loop l[2] = { { &vm, 0, 0 }, { &vm, 1, 0 } };
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], 0, loop_main, &l[i]);
	/* Wait for the reset to be done, then stop from this thread. */
	for (int i = 0; i < 5000 && vmm_vm_resets(&vm) < 1; i++) {
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, 0);
	}
	tap_is(vmm_vm_resets(&vm), 1, "two vCPU loops met for one reset");
	vmm_vm_stop(&vm, VMM_VM_HOST_STOP, 124, "a test's stop");
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], 0);
	tap_is(l[0].end, VMM_VM_HOST_STOP, "vCPU 0's loop ended HostStop");
	tap_is(l[1].end, VMM_VM_HOST_STOP, "vCPU 1's loop ended HostStop");
	tap_is(vmm_vm_status(&vm), 124, "... with the stop's status");
	tap_is(mock_of(V(&vm, 1))->calls[MOCK_OP_RESET], 1,
	       "vCPU 1 was reset too");
	vmm_vm_stop(&vm, VMM_VM_POWEROFF, 0, "late");
	tap_is_str(vmm_vm_why(&vm), "a test's stop", "the first stop wins");
	vmm_vm_fini(&vm);
}

/* A loop on a thread that never enabled its per-CPU state. */
static void *loop_bare(void *p)
{
	struct loop *l = p;
	l->end = vmm_vm_run_vcpu(l->vm, l->id);
	return 0;
}

/*
 * The first mistake of a hosted VM layer: running a vCPU on a thread
 * without axvcpu_percpu_init() + hardware_enable(). The reason was
 * "axvcpu_bind: not allowed in the current state (or no HAL
 * registered)", which names neither.
 */
static void test_no_percpu(void)
{
	static struct vmm_vm vm;
	struct vmm_vm_config cfg = { 0 };
	vm_make(&vm, 1, &cfg);
	struct loop l = { &vm, 0, 0 };
	pthread_t t;
	pthread_create(&t, 0, loop_bare, &l);
	pthread_join(t, 0);
	tap_is(l.end, VMM_VM_HOST_ERROR, "no per-CPU state: HostError");
	tap_ok(strstr(vmm_vm_why(&vm), "no enabled per-CPU state") &&
		   strstr(vmm_vm_why(&vm), "axvcpu_percpu_init()") &&
		   strstr(vmm_vm_why(&vm), "axvcpu_percpu_hardware_enable()"),
	       "... and the reason says what to call: %s", vmm_vm_why(&vm));
	tap_is(vmm_vm_run_vcpu(&vm, 5), VMM_VM_HOST_ERROR,
	       "a vCPU id the VM lacks: HostError at once");
	vmm_vm_fini(&vm);
}

int main(void)
{
	hosted_start(&mock_backend);
	test_no_percpu();
	test_init();
	test_mmio_and_end();
	test_cpu_up_status();
	test_targets();
	test_console_halt();
	test_cpu_down_and_hypercall();
	test_system_suspend();
	test_refused_then_ready();
	test_reset();
	test_threads();
	return tap_done(0);
}
