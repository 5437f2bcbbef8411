/* SPDX-License-Identifier: Apache-2.0 */
/* Running the VM: vCPU threads, the end of the run, statistics. */
#include "vm.h"

#include <linux/kvm.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

/* Hypercall numbers of axvcpu-run's guests (port doorbell 0xec). */
#define HC_EXIT 0 /* args[0] = exit status */

void run_vm_stop(struct run_vm *vm, int status, const char *fmt, ...)
{
	pthread_mutex_lock(&vm->stop_lock);
	if (!vm->stopping) {
		vm->stopping = true;
		vm->status = status;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(vm->why, sizeof(vm->why), fmt, ap);
		va_end(ap);
		pthread_cond_broadcast(&vm->stop_cond);
	}
	pthread_mutex_unlock(&vm->stop_lock);
}

bool run_vm_stopping(struct run_vm *vm)
{
	pthread_mutex_lock(&vm->stop_lock);
	bool s = vm->stopping;
	pthread_mutex_unlock(&vm->stop_lock);
	return s;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void trace_exit(void *ctx, struct axvcpu *vcpu,
		       const struct axvcpu_exit *exit)
{
	(void)ctx;
	char line[192];
	axvcpu_exit_format(exit, line, sizeof(line));
	fprintf(stderr, "[vcpu%u] %s\n", axvcpu_id(vcpu), line);
}

static bool should_stop(void *ctx, struct axvcpu *vcpu)
{
	(void)vcpu;
	return run_vm_stopping(ctx);
}

static void describe(const struct axvcpu_exit *e, char *buf, size_t n)
{
	axvcpu_exit_format(e, buf, n);
}

/* Decide what an exit the buses did not take means for the run.
 * Returns true to keep running. */
static bool vcpu_exit(struct run_vcpu *v, const struct axvcpu_exit *e)
{
	struct run_vm *vm = v->vm;
	char line[192];

	switch (e->reason) {
	case AXVCPU_EXIT_CANCELLED:
		return !run_vm_stopping(vm);
	case AXVCPU_EXIT_HYPERCALL:
		if (e->hypercall.nr == HC_EXIT) {
			run_vm_stop(vm, (int)(e->hypercall.args[0] & 0xff),
				    "vCPU %u: guest exit, status %llu", v->id,
				    (unsigned long long)e->hypercall.args[0]);
			return false;
		}
		/* Unknown call: -1 back to the guest, like an unknown
		 * syscall. */
		axvcpu_set_return_value(v->vcpu, ~0ull);
		return true;
	case AXVCPU_EXIT_HALT:
		/* No irqchip: nothing will ever wake a halted vCPU. */
		if (atomic_fetch_add(&vm->halted, 1) + 1 == vm->args->cpus)
			run_vm_stop(vm, RUN_STATUS_OK, "guest halted");
		return false;
	case AXVCPU_EXIT_SYSTEM_DOWN:
		if (e->system.reason == AXVCPU_KVM_SYSTEM_TRIPLE_FAULT)
			run_vm_stop(vm, RUN_STATUS_GUEST,
				    "vCPU %u: triple fault (shutdown)", v->id);
		else
			run_vm_stop(vm, RUN_STATUS_OK, "guest powered off");
		return false;
	case AXVCPU_EXIT_SYSTEM_RESET:
		run_vm_stop(vm, RUN_STATUS_OK, "guest asked for a reset");
		return false;
	case AXVCPU_EXIT_SYSREG_READ:
		/* MSRs KVM sends up are unknown ones: read as 0. */
		axvcpu_complete_sysreg_read(v->vcpu, 0);
		return true;
	case AXVCPU_EXIT_SYSREG_WRITE:
		return true;
	default:
		describe(e, line, sizeof(line));
		run_vm_stop(vm, RUN_STATUS_GUEST, "vCPU %u: unhandled exit: %s",
			    v->id, line);
		return false;
	}
}

/* Secondary CPUs of a PC wait for INIT/SIPI from the boot CPU. */
static int vcpu_wait_for_sipi(struct run_vcpu *v)
{
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_INIT_RECEIVED };
	return ioctl(axvcpu_kvm_vcpu_fd(v->vcpu), KVM_SET_MP_STATE, &mp);
}

void *run_vcpu_thread(void *arg)
{
	struct run_vcpu *v = arg;
	struct run_vm *vm = v->vm;
	struct axvcpu_exit e;
	int err = axvcpu_percpu_init(&axvcpu_backend_kvm);
	if (!err)
		err = axvcpu_percpu_hardware_enable();
	if (!err)
		err = axvcpu_bind(v->vcpu);
	if (err) {
		run_vm_stop(vm, RUN_STATUS_SETUP, "vCPU %u: cannot start: %s",
			    v->id, axvcpu_strerror(err));
		return NULL;
	}
	if (v->wait_for_sipi && vcpu_wait_for_sipi(v) != 0)
		run_vm_stop(vm, RUN_STATUS_SETUP,
			    "vCPU %u: cannot put it in wait-for-SIPI", v->id);

	struct vmm_run_config cfg = {
		.mmio = &vm->mmio,
		.pio = &vm->pio,
		/* A PC's open bus: firmware probes many absent devices. */
		.pio_open_bus = true,
		.mmio_open_bus = true,
		.on_exit = vm->args->trace ? trace_exit : NULL,
		.should_stop = should_stop,
		.ctx = vm,
		.now_ns = vm->args->stats ? now_ns : NULL,
		.stats = vm->args->stats ? &v->stats : NULL,
	};
	while (!run_vm_stopping(vm)) {
		err = vmm_run_loop(v->vcpu, &cfg, &e);
		if (err) {
			run_vm_stop(vm, RUN_STATUS_GUEST,
				    "vCPU %u: axvcpu_run failed: %s", v->id,
				    axvcpu_strerror(err));
			break;
		}
		if (run_vm_stopping(vm) || !vcpu_exit(v, &e))
			break;
	}
	axvcpu_unbind(v->vcpu);
	axvcpu_percpu_hardware_disable();
	axvcpu_percpu_fini();
	return NULL;
}

static void print_stats(struct run_vm *vm, double wall)
{
	struct vmm_exit_stats sum;
	memset(&sum, 0, sizeof(sum));
	for (unsigned i = 0; i < vm->args->cpus; i++)
		for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++) {
			sum.count[r] += vm->vcpus[i].stats.count[r];
			sum.run_ns[r] += vm->vcpus[i].stats.run_ns[r];
			sum.handle_ns[r] += vm->vcpus[i].stats.handle_ns[r];
		}
	uint64_t total = 0;
	fprintf(stderr,
		"axvcpu-run: exit statistics (%u vCPU%s, %.3f s wall)\n"
		"  %-18s %10s %14s %12s %14s\n",
		vm->args->cpus, vm->args->cpus > 1 ? "s" : "", wall, "exit",
		"count", "in run (ms)", "us/exit", "handling (us)");
	for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++) {
		if (!sum.count[r])
			continue;
		total += sum.count[r];
		fprintf(stderr, "  %-18s %10llu %14.3f %12.2f %14.1f\n",
			axvcpu_exit_name((enum axvcpu_exit_reason)r),
			(unsigned long long)sum.count[r], sum.run_ns[r] / 1e6,
			sum.run_ns[r] / 1e3 / (double)sum.count[r],
			sum.handle_ns[r] / 1e3);
	}
	fprintf(stderr, "  %-18s %10llu\n", "total", (unsigned long long)total);
}

int run_vm_run(struct run_vm *vm)
{
	struct run_args *a = vm->args;
	sigset_t stop_sigs;

	/* SIGINT/SIGTERM are taken by this thread only (sigtimedwait);
	 * vCPU threads inherit the mask, the kick signal stays open. */
	sigemptyset(&stop_sigs);
	sigaddset(&stop_sigs, SIGINT);
	sigaddset(&stop_sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_sigs, NULL);
	/* A closed stdout (`axvcpu-run guest | head -1`) must not kill the
	 * process with SIGPIPE: that skipped the terminal restore and left
	 * the user's terminal raw. run_console_out() drops output instead. */
	signal(SIGPIPE, SIG_IGN);

	uint64_t t0 = now_ns();
	run_console_start_input(vm);
	for (unsigned i = 0; i < a->cpus; i++) {
		struct run_vcpu *v = &vm->vcpus[i];
		if (pthread_create(&v->thread, NULL, run_vcpu_thread, v)) {
			run_vm_stop(vm, RUN_STATUS_SETUP,
				    "cannot start the thread of vCPU %u", i);
			break;
		}
		v->started = true;
	}

	uint64_t deadline =
	    a->timeout > 0 ? t0 + (uint64_t)(a->timeout * 1e9) : UINT64_MAX;
	while (!run_vm_stopping(vm)) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		int sig = sigtimedwait(&stop_sigs, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM)
			run_vm_stop(vm, RUN_STATUS_SIGNAL, "stopped by %s",
				    sig == SIGINT ? "SIGINT" : "SIGTERM");
		if (now_ns() >= deadline)
			run_vm_stop(vm, RUN_STATUS_TIMEOUT,
				    "timeout after %g s", a->timeout);
	}
	/* Kick until every thread has left (a kick can land just before a
	 * vCPU enters the guest; it then returns at once next time). */
	for (unsigned i = 0; i < a->cpus; i++) {
		struct run_vcpu *v = &vm->vcpus[i];
		if (!v->started)
			continue;
		axvcpu_kick(v->vcpu);
		pthread_join(v->thread, NULL);
	}
	run_console_stop_input(vm);
	double wall = (now_ns() - t0) / 1e9;
	fprintf(stderr, "\naxvcpu-run: %s\n", vm->why);
	if (a->stats)
		print_stats(vm, wall);
	return vm->status;
}
