/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Threads: three vCPUs of one VM, each bound and run in its own thread;
 * calls from the wrong thread refused; bind pins the thread and unbind
 * restores its affinity; kicks and injections from other threads.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#define NVCPU 3
#define NOUT 200

/* rbx = vCPU id (set by the host): 200 outs of (id << 16 | i), then hlt. */
KT_GUEST(multi64, 64,
	 "xor %ecx, %ecx\n"
	 "1: mov %ebx, %eax; shl $16, %eax; or %ecx, %eax\n"
	 "out %eax, $0x60; inc %ecx; cmp $200, %ecx; jne 1b\n"
	 "2: hlt; jmp 2b\n");

struct worker {
	struct axvcpu *v;
	uint32_t id;
	int good;
	int bind_err;
	enum axvcpu_exit_reason last;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	if (kt_thread_enable() != 0 || (w->bind_err = axvcpu_bind(w->v)) != 0)
		return NULL;
	struct axvcpu_exit x;
	for (int i = 0; i < NOUT; i++) {
		if (axvcpu_run(w->v, &x) != 0 ||
		    x.reason != AXVCPU_EXIT_IO_WRITE ||
		    x.io_write.data != ((w->id << 16) | (uint32_t)i))
			break;
		w->good++;
	}
	axvcpu_run(w->v, &x);
	w->last = x.reason;
	axvcpu_unbind(w->v);
	axvcpu_percpu_hardware_disable();
	axvcpu_percpu_fini();
	return NULL;
}

static void many_vcpus(void)
{
	struct kt_vm t;
	if (!tap_ok(kt_vm_create(&t, 0) == 0, "VM for %d vCPUs", NVCPU))
		return;
	kt_load(&t, KT_CODE, multi64_start, multi64_end);
	struct worker w[NVCPU];
	pthread_t th[NVCPU];
	memset(w, 0, sizeof(w));
	for (uint32_t i = 0; i < NVCPU; i++) {
		w[i].id = i;
		w[i].v = kt_vcpu_new(&t, i, AXVCPU_KVM_MODE_LONG64);
		if (!w[i].v)
			break;
		axvcpu_set_gpr(w[i].v, AXVCPU_KVM_REG_RBX, i);
	}
	tap_is(axvcpu_kvm_vm_destroy(t.vm), AXVCPU_EBUSY,
	       "VM destroy refused while vCPUs exist");
	for (int i = 0; i < NVCPU; i++)
		pthread_create(&th[i], NULL, worker_main, &w[i]);
	for (int i = 0; i < NVCPU; i++) {
		pthread_join(th[i], NULL);
		tap_ok(w[i].bind_err == 0 && w[i].good == NOUT &&
			   w[i].last == AXVCPU_EXIT_HALT,
		       "vCPU %d in its thread: %d/%d outs, then Halt", i,
		       w[i].good, NOUT);
		axvcpu_wake(w[i].v);
		kt_vcpu_free(w[i].v);
	}
	kt_vm_destroy(&t);
}

/* A thread that binds a vCPU, then waits for `go` before unbinding. */
struct owner {
	struct axvcpu *v;
	_Atomic int stage;
	int err;
	uint64_t pinned;
	cpu_set_t during;
};

static void *owner_main(void *arg)
{
	struct owner *o = arg;
	o->err = kt_thread_enable();
	if (!o->err)
		o->err = axvcpu_bind(o->v);
	o->pinned = axvcpu_kvm_vcpu_affinity(o->v);
	sched_getaffinity(0, sizeof(o->during), &o->during);
	atomic_store(&o->stage, 1);
	while (atomic_load(&o->stage) != 2)
		sched_yield();
	if (!o->err)
		o->err = axvcpu_unbind(o->v);
	axvcpu_percpu_hardware_disable();
	axvcpu_percpu_fini();
	return NULL;
}

/*
 * A thread that takes the bound CPU id of the vCPU (hosted threads may
 * share one on purpose) and tries to run and unbind it: the core lets it
 * through, the backend must refuse (a KVM_RUN here could not be kicked).
 */
struct twin {
	struct axvcpu *v;
	int run_err, unbind_err;
	enum axvcpu_exit_reason reason;
};

static void *twin_main(void *arg)
{
	struct twin *tw = arg;
	struct axvcpu_exit x;
	memset(&x, 0, sizeof(x));
	axvcpu_hosted_cpu_set((unsigned)axvcpu_bound_cpu(tw->v));
	tw->run_err = axvcpu_run(tw->v, &x);
	tw->reason = x.reason;
	tw->unbind_err = axvcpu_unbind(tw->v);
	return NULL;
}

/* Threads creating their first VMs at once (TSan: no data race). */
static void *vm_maker(void *arg)
{
	struct kt_vm *t = arg;
	if (kt_vm_create(t, 0) != 0)
		t->vm = NULL;
	return NULL;
}

static void concurrent_vms(void)
{
	struct kt_vm t[2];
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, vm_maker, &t[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	tap_ok(t[0].vm && t[1].vm, "two threads create their first VMs");
	kt_vm_destroy(&t[0]);
	kt_vm_destroy(&t[1]);
}

/*
 * Two pinned vCPUs bound to one thread and unbound out of order: the
 * thread gets back the affinity it had before the first bind.
 */
struct pins {
	struct kt_vm *t;
	unsigned cpu[2];
	int err;
	bool pinned_while_bound, restored;
};

static void *pins_main(void *arg)
{
	struct pins *p = arg;
	struct axvcpu *v[2] = { NULL, NULL };
	cpu_set_t orig, now;
	p->err = kt_thread_enable();
	sched_getaffinity(0, sizeof(orig), &orig);
	for (int i = 0; i < 2 && !p->err; i++) {
		struct axvcpu_kvm_create_config cc = { .vm = p->t->vm,
						       .host_cpu_mask =
							   1ull << p->cpu[i] };
		struct axvcpu_create_params cp = {
			.vcpu_id = 10u + (uint32_t)i,
			.favor_phys_cpu = -1,
			.arch_config = &cc,
			.arch_config_size = sizeof(cc),
		};
		p->err = axvcpu_create(&axvcpu_backend_kvm, &cp, &v[i]);
		if (!p->err)
			p->err = axvcpu_setup(v[i], KT_CODE, 0, NULL, 0);
		if (!p->err)
			p->err = axvcpu_bind(v[i]);
	}
	if (!p->err)
		p->err = axvcpu_unbind(v[0]); /* not the last bound */
	sched_getaffinity(0, sizeof(now), &now);
	p->pinned_while_bound = CPU_COUNT(&now) == 1;
	if (!p->err)
		p->err = axvcpu_unbind(v[1]);
	sched_getaffinity(0, sizeof(now), &now);
	p->restored = CPU_EQUAL(&now, &orig);
	for (int i = 0; i < 2; i++)
		kt_vcpu_free(v[i]);
	axvcpu_percpu_hardware_disable();
	axvcpu_percpu_fini();
	return NULL;
}

static void two_pins(void)
{
	cpu_set_t mine;
	sched_getaffinity(0, sizeof(mine), &mine);
	struct pins p = { .err = 0 };
	unsigned n = 0;
	for (unsigned c = 0; c < 64 && n < 2; c++)
		if (CPU_ISSET(c, &mine))
			p.cpu[n++] = c;
	if (n < 2) {
		tap_skip("one CPU: cannot pin two vCPUs apart");
		return;
	}
	struct kt_vm t;
	if (!tap_ok(kt_vm_create(&t, 0) == 0, "VM for two pins"))
		return;
	p.t = &t;
	pthread_t th;
	pthread_create(&th, NULL, pins_main, &p);
	pthread_join(th, NULL);
	tap_is(p.err, 0, "two vCPUs pinned to CPUs %u and %u on one thread",
	       p.cpu[0], p.cpu[1]);
	tap_ok(p.pinned_while_bound, "thread still pinned while one is bound");
	tap_ok(p.restored, "unbinding both out of order restores affinity");
	kt_vm_destroy(&t);
}

static void wrong_thread(void)
{
	struct kt_vm t;
	struct axvcpu_exit x;
	if (!tap_ok(kt_vm_create(&t, 0) == 0, "VM for wrong-thread checks"))
		return;
	kt_load(&t, KT_CODE, multi64_start, multi64_end);
	/* Pin to the first CPU this process may use (not always CPU 0). */
	cpu_set_t mine;
	sched_getaffinity(0, sizeof(mine), &mine);
	unsigned first = 0;
	while (first < 63 && !CPU_ISSET(first, &mine))
		first++;
	struct axvcpu_kvm_create_config cc = { .vm = t.vm,
					       .host_cpu_mask = 1ull << first };
	struct axvcpu_create_params p = {
		.vcpu_id = 0,
		.favor_phys_cpu = -1,
		.arch_config = &cc,
		.arch_config_size = sizeof(cc),
	};
	struct axvcpu *v = NULL;
	struct axvcpu_kvm_setup_config sc = { .mode = AXVCPU_KVM_MODE_LONG64 };
	if (!tap_ok(axvcpu_create(&axvcpu_backend_kvm, &p, &v) == 0 &&
			axvcpu_setup(v, KT_CODE, 0, &sc, sizeof(sc)) == 0,
		    "vCPU with a one-CPU host_cpu_mask"))
		goto out;
	struct owner o = { .v = v };
	pthread_t th;
	pthread_create(&th, NULL, owner_main, &o);
	while (atomic_load(&o.stage) != 1)
		sched_yield();
	tap_is(o.err, 0, "owner thread bound the vCPU");
	tap_is(o.pinned, 1ull << first, "bind recorded the pin to CPU %u",
	       first);
	tap_ok(CPU_COUNT(&o.during) == 1 && CPU_ISSET(first, &o.during),
	       "owner thread runs on CPU %u only while bound", first);
	tap_is(axvcpu_run(v, &x), AXVCPU_EWRONGCPU, "run from another thread");
	tap_is(axvcpu_unbind(v), AXVCPU_EWRONGCPU,
	       "unbind from another thread");
	tap_is(axvcpu_bind(v), AXVCPU_EBADSTATE, "second bind refused");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "state unchanged");
	struct twin tw = { .v = v };
	pthread_t tth;
	pthread_create(&tth, NULL, twin_main, &tw);
	pthread_join(tth, NULL);
	tap_ok(tw.run_err == AXVCPU_EWRONGCPU,
	       "run from a thread sharing the CPU id refused (%s, %s)",
	       axvcpu_error_name(tw.run_err), axvcpu_exit_name(tw.reason));
	tap_is(tw.unbind_err, AXVCPU_EWRONGCPU,
	       "unbind from a thread sharing the CPU id refused");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "state unchanged");
	tap_is(axvcpu_kick(v), 0, "kick from another thread is allowed");
	atomic_store(&o.stage, 2);
	pthread_join(th, NULL);
	tap_is(o.err, 0, "owner unbound it");
	tap_is(axvcpu_kvm_vcpu_affinity(v), 0, "pin dropped at unbind");
	cpu_set_t now;
	sched_getaffinity(0, sizeof(now), &now);
	tap_ok(CPU_COUNT(&now) >= 1, "this thread keeps its own affinity");
	/* Now this thread may take it; the kick made earlier is pending. */
	tap_is(axvcpu_bind(v), 0, "bind from this thread");
	kt_expect_reason(v, &x, AXVCPU_EXIT_CANCELLED, "pending kick");
	kt_expect_out(v, 0x60, 4, 0, "runs here");
out:
	kt_vcpu_free(v);
	kt_vm_destroy(&t);
}

int main(void)
{
	if (!kt_init(120))
		return 0;
	concurrent_vms(); /* first: the process has made no VM yet */
	many_vcpus();
	two_pins();
	wrong_thread();
	tap_is(axvcpu_hosted_frames_in_use(), 1, "no frame leaked");
	return tap_done(0);
}
