/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Running the VM: the VM object's host services on Linux threads, one
 * thread per vCPU, the end of the run (guest, signal, timeout), stats.
 */
#include "vm.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Hypercall numbers of axvcpu-run's guests (port doorbell 0xec). */
#define HC_EXIT 0 /* args[0] = exit status */

uint64_t run_now_ns(void)
{
	return vm_host_posix_now();
}

/* ---- host services of the VM object ------------------------------------
 * Clock, sleep and wake-up are tools/common/vm_host_posix.c's; these are
 * axvcpu-run's own (their ctx is the posix services', whose user is the
 * run_vm).
 */

static void host_out(void *ctx, const uint8_t *buf, size_t len)
{
	struct run_vm *vm = vm_host_posix_user(ctx);
	for (size_t i = 0; i < len; i++)
		run_console_out(vm, buf[i]);
}

static void host_log(void *ctx, const char *line)
{
	(void)ctx;
	run_msg("%s", line);
}

const struct vmm_vm_host run_vm_host = {
	.console_out = host_out,
	.log = host_log,
};

/* ---- what axvcpu-run answers itself -------------------------------------- */

static void trace_exit(const struct axvcpu_exit *e, unsigned id)
{
	char line[192];
	axvcpu_exit_format(e, line, sizeof(line));
	fprintf(stderr, "[vcpu%u] %s\n", id, line);
}

/*
 * What a kvm backend InternalError means, in words: "stopped:
 * InternalError code=0x100 data0=0x1" told a user nothing about the
 * instruction KVM could not emulate or where it was.
 */
static void internal_error_stop(struct run_vm *vm, unsigned id,
				const struct axvcpu_exit *e)
{
	static const char *const kvm_sub[] = {
		[1] = "KVM could not emulate the instruction",
		[2] = "an exception while delivering another (KVM cannot "
		      "emulate the pair)",
		[3] = "KVM could not deliver an exception or interrupt",
		[4] = "an exit KVM did not expect",
	};
	uint64_t rip = 0;
	axvcpu_get_gpr(vm->vm.vcpus[id].vcpu, AXVCPU_KVM_REG_RIP, &rip);
	unsigned long long d0 = e->internal_error.data[0];
	unsigned long long d1 = e->internal_error.data[1];
	char what[160];
	switch (e->internal_error.code) {
	case AXVCPU_KVM_INTERNAL_KVM:
		snprintf(what, sizeof(what), "%s (KVM internal error %llu)",
			 d0 < 5 && kvm_sub[d0] ? kvm_sub[d0]
					       : "KVM internal error",
			 d0);
		break;
	case AXVCPU_KVM_INTERNAL_UNKNOWN_EXIT:
		snprintf(what, sizeof(what),
			 "an exit the kvm backend does not handle (KVM exit "
			 "%llu, hardware reason %#llx)",
			 d0, d1);
		break;
	case AXVCPU_KVM_INTERNAL_EXCEPTION:
		snprintf(what, sizeof(what),
			 "exception %llu (error code %#llx) left to user space",
			 d0, d1);
		break;
	case AXVCPU_KVM_INTERNAL_RUN_FAILED:
		snprintf(what, sizeof(what), "KVM_RUN failed: %s",
			 strerror((int)d0));
		break;
	case AXVCPU_KVM_INTERNAL_INJECT_FAILED:
		snprintf(what, sizeof(what), "injecting vector %llu failed: %s",
			 d0, strerror((int)d1));
		break;
	default:
		axvcpu_exit_format(e, what, sizeof(what));
	}
	run_vm_stop(vm, VMM_VM_GUEST_ERROR, RUN_STATUS_GUEST,
		    "vCPU %u: %s at rip %#llx", id, what,
		    (unsigned long long)rip);
}

/*
 * Before the VM object: the doorbell's exit call, the halt of a guest
 * without an interrupt controller (nothing can wake it: the run ends
 * when every vCPU halted), and a triple fault (a crash, not a
 * power-off).
 */
static bool run_hook(struct vmm_vm *v, unsigned id, struct axvcpu_exit *e,
		     void *arg)
{
	struct run_vm *vm = arg;
	(void)v;
	if (vm->args->trace)
		trace_exit(e, id);
	switch (e->reason) {
	case AXVCPU_EXIT_HYPERCALL:
		if (e->hypercall.nr != HC_EXIT)
			return false;
		run_vm_stop(vm, VMM_VM_POWEROFF,
			    (int)(e->hypercall.args[0] & 0xff),
			    "vCPU %u: guest exit, status %llu", id,
			    (unsigned long long)e->hypercall.args[0]);
		return true;
	case AXVCPU_EXIT_HALT:
		if (axvcpu_kvm_vm_has_irqchip(vm->kvm))
			return false;
		if (atomic_fetch_add(&vm->halted, 1) + 1 == vm->args->cpus)
			run_vm_stop(vm, VMM_VM_POWEROFF, 0, "guest halted");
		return true; /* Blocked: it waits for the end */
	case AXVCPU_EXIT_SYSTEM_DOWN:
		if (e->system.reason != AXVCPU_KVM_SYSTEM_TRIPLE_FAULT)
			return false;
		run_vm_stop(vm, VMM_VM_GUEST_ERROR, RUN_STATUS_GUEST,
			    "vCPU %u: triple fault (shutdown)", id);
		return true;
	case AXVCPU_EXIT_INTERNAL_ERROR:
		internal_error_stop(vm, id, e);
		return true;
	default:
		return false;
	}
}

void *run_vcpu_thread(void *arg)
{
	struct run_vcpu *v = arg;
	struct run_vm *vm = v->vm;
	int err = axvcpu_percpu_init(&axvcpu_backend_kvm);
	if (!err)
		err = axvcpu_percpu_hardware_enable();
	if (err) {
		run_vm_stop(vm, VMM_VM_HOST_ERROR, RUN_STATUS_SETUP,
			    "vCPU %u: cannot start: %s", v->id,
			    axvcpu_strerror(err));
		return NULL;
	}
	vmm_vm_run_vcpu(&vm->vm, v->id);
	axvcpu_percpu_hardware_disable();
	axvcpu_percpu_fini();
	return NULL;
}

/* ---- the end of the run -------------------------------------------------- */

static void print_stats(struct run_vm *vm, double wall)
{
	struct vmm_exit_stats sum;
	memset(&sum, 0, sizeof(sum));
	for (unsigned i = 0; i < vm->vm.nvcpu; i++)
		for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++) {
			const struct vmm_exit_stats *s = &vm->vm.vcpus[i].stats;
			sum.count[r] += s->count[r];
			sum.run_ns[r] += s->run_ns[r];
			sum.handle_ns[r] += s->handle_ns[r];
		}
	uint64_t total = 0;
	fprintf(stderr,
		"axvcpu-run: exit statistics (%u vCPU%s, %.3f s wall)\n"
		"  %-18s %10s %14s %12s %14s %12s\n",
		vm->args->cpus, vm->args->cpus > 1 ? "s" : "", wall, "exit",
		"count", "in run (ms)", "us/exit", "handling (us)",
		"per second");
	for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++) {
		if (!sum.count[r])
			continue;
		total += sum.count[r];
		fprintf(stderr, "  %-18s %10llu %14.3f %12.2f %14.1f %12.0f\n",
			axvcpu_exit_name((enum axvcpu_exit_reason)r),
			(unsigned long long)sum.count[r], sum.run_ns[r] / 1e6,
			sum.run_ns[r] / 1e3 / (double)sum.count[r],
			sum.handle_ns[r] / 1e3,
			wall > 0 ? sum.count[r] / wall : 0);
	}
	fprintf(stderr, "  %-18s %10llu\n", "total", (unsigned long long)total);
	if (vmm_vm_resets(&vm->vm))
		fprintf(stderr, "  %-18s %10llu\n", "resets",
			(unsigned long long)vmm_vm_resets(&vm->vm));
}

/* The process status for the way the VM ended. */
static int run_status(const struct run_vm *vm)
{
	switch (vmm_vm_end(&vm->vm)) {
	case VMM_VM_POWEROFF:
	case VMM_VM_HOST_STOP:
		return vmm_vm_status(&vm->vm);
	case VMM_VM_RESET:
		return RUN_STATUS_RESET;
	case VMM_VM_GUEST_ERROR:
		return RUN_STATUS_GUEST;
	default:
		return RUN_STATUS_SETUP;
	}
}

/*
 * Before the vCPUs run (the image is being read, the VM built), a signal
 * or the timeout ends the process here and now: nothing else could end
 * a read that blocks. Under phase_lock, so that the main thread cannot
 * start the console (raw terminal) or the vCPUs meanwhile.
 */
static void watch_end(struct run_vm *vm, int status, const char *why)
{
	pthread_mutex_lock(&vm->phase_lock);
	if (!vm->running) {
		run_msg("%s (while loading)", why);
		_exit(status);
	}
	pthread_mutex_unlock(&vm->phase_lock);
	run_vm_stop(vm, VMM_VM_HOST_STOP, status, "%s", why);
}

/*
 * Signals and the timeout, waited for on a thread of their own so that
 * the main thread can join the vCPU threads: the run ends the moment the
 * guest does, not at the next poll. SIGUSR2 tells this thread to go.
 */
static void *run_watch(void *arg)
{
	struct run_vm *vm = arg;
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGUSR2);
	double t = vm->args->timeout;
	uint64_t deadline = t > 0 ? vm->t0 + (uint64_t)(t * 1e9) : UINT64_MAX;
	char why[64];
	for (;;) {
		int sig;
		if (deadline == UINT64_MAX) {
			if (sigwait(&sigs, &sig))
				continue;
		} else {
			uint64_t now = run_now_ns();
			if (now >= deadline) {
				snprintf(why, sizeof(why), "timeout after %g s",
					 t);
				watch_end(vm, RUN_STATUS_TIMEOUT, why);
				deadline = UINT64_MAX;
				continue;
			}
			uint64_t left = deadline - now;
			struct timespec ts = { (time_t)(left / 1000000000ull),
					       (long)(left % 1000000000ull) };
			sig = sigtimedwait(&sigs, NULL, &ts);
			if (sig < 0)
				continue;
		}
		if (sig == SIGUSR2)
			return NULL;
		snprintf(why, sizeof(why), "stopped by %s",
			 sig == SIGINT ? "SIGINT" : "SIGTERM");
		watch_end(vm, RUN_STATUS_SIGNAL, why);
	}
}

void run_watch_start(struct run_vm *vm)
{
	sigset_t sigs;
	/* SIGINT/SIGTERM are taken by the watcher only; every thread made
	 * later inherits the mask, the kick signal stays open. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	vm->watching = pthread_create(&vm->watcher, NULL, run_watch, vm) == 0;
}

void run_watch_stop(struct run_vm *vm)
{
	if (!vm->watching)
		return;
	pthread_kill(vm->watcher, SIGUSR2);
	pthread_join(vm->watcher, NULL);
	vm->watching = false;
}

int run_vm_run(struct run_vm *vm)
{
	struct run_args *a = vm->args;
	/* A closed stdout (`axvcpu-run guest | head -1`) must not kill the
	 * process with SIGPIPE: that skipped the terminal restore and left
	 * the user's terminal raw. run_console_out() drops output instead. */
	signal(SIGPIPE, SIG_IGN);

	vm->vm.hook = run_hook;
	vm->vm.hook_arg = vm;
	/* From now on the watcher stops the VM instead of the process. */
	pthread_mutex_lock(&vm->phase_lock);
	vm->running = true;
	pthread_mutex_unlock(&vm->phase_lock);
	run_console_start_input(vm);
	for (unsigned i = 0; i < a->cpus; i++) {
		struct run_vcpu *v = &vm->vcpus[i];
		if (pthread_create(&v->thread, NULL, run_vcpu_thread, v)) {
			run_vm_stop(vm, VMM_VM_HOST_ERROR, RUN_STATUS_SETUP,
				    "cannot start the thread of vCPU %u", i);
			break;
		}
		v->started = true;
	}
	for (unsigned i = 0; i < a->cpus; i++)
		if (vm->vcpus[i].started)
			pthread_join(vm->vcpus[i].thread, NULL);
	run_watch_stop(vm);
	run_console_stop_input(vm);
	double wall = (run_now_ns() - vm->t0) / 1e9;
	fprintf(stderr, "\naxvcpu-run: %s\n", vmm_vm_why(&vm->vm));
	if (a->stats)
		print_stats(vm, wall);
	return run_status(vm);
}
