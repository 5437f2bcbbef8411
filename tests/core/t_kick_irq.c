/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Kicks and interrupts: a kick before run cancels the next run at once, a
 * kick from another thread ends a blocking run, inject_interrupt checks
 * its vector, wakes a Blocked vCPU and kicks a running one, and the
 * Halt/inject and set_state/inject races never leave a vCPU Blocked with
 * an interrupt pending.
 */
#include "helpers.h"

static void test_kick(void)
{
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	struct mock_vcpu *m = mock_of(v);
	struct axvcpu_exit e;

	tap_ok(!axvcpu_kick_pending(v), "no kick pending at first");
	tap_is(axvcpu_kick(v), 0, "kick a Ready vCPU");
	tap_ok(axvcpu_kick_pending(v), "kick pending");
	tap_is(m->calls[MOCK_OP_KICK], 0,
	       "backend kick not called for a vCPU not running");
	unsigned runs = m->calls[MOCK_OP_RUN];
	mock_script_reason(v, AXVCPU_EXIT_HYPERCALL);
	tap_is(axvcpu_run(v, &e), 0, "run after a kick");
	tap_is(e.reason, AXVCPU_EXIT_CANCELLED, "run returns Cancelled");
	tap_is(m->calls[MOCK_OP_RUN], runs, "the guest was not entered");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "Ready after Cancelled");
	tap_ok(!axvcpu_kick_pending(v), "the kick was consumed");
	tap_is(axvcpu_run(v, &e), 0, "next run");
	tap_is(e.reason, AXVCPU_EXIT_HYPERCALL, "next run enters the guest");

	/* Several kicks before a run cancel one run. */
	axvcpu_kick(v);
	axvcpu_kick(v);
	axvcpu_run(v, &e);
	tap_is(e.reason, AXVCPU_EXIT_CANCELLED, "two kicks: one Cancelled");
	axvcpu_run(v, &e);
	tap_is(e.reason, AXVCPU_EXIT_NOTHING, "then a normal run");

	/* A kick on a Free or Blocked vCPU is kept for its next run. */
	axvcpu_unbind(v);
	tap_is(axvcpu_kick(v), 0, "kick a Free vCPU");
	axvcpu_bind(v);
	axvcpu_run(v, &e);
	tap_is(e.reason, AXVCPU_EXIT_CANCELLED,
	       "kick made while Free cancels the run after bind");
	axvcpu_set_state(v, AXVCPU_STATE_BLOCKED);
	tap_is(axvcpu_kick(v), 0, "kick a Blocked vCPU");
	tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED, "kick does not wake");
	axvcpu_wake(v);
	axvcpu_run(v, &e);
	tap_is(e.reason, AXVCPU_EXIT_CANCELLED, "then the run is cancelled");
	vcpu_free(v);

	/* A Created vCPU cannot be kicked. */
	v = vcpu_new(&mock_backend);
	tap_is(axvcpu_kick(v), AXVCPU_EBADSTATE, "kick a Created vCPU");
	tap_ok(!axvcpu_kick_pending(v), "no kick recorded");
	axvcpu_destroy(v);

	/* During a blocking run, from another thread. */
	v = vcpu_in(&mock_backend, AXVCPU_STATE_FREE);
	m = mock_of(v);
	struct runner r;
	runner_start(&r, v, &mock_backend);
	tap_is(axvcpu_state(v), AXVCPU_STATE_RUNNING, "runner holds Running");
	tap_is(axvcpu_kick(v), 0, "kick the running vCPU");
	runner_join(&r);
	tap_is(r.run_err, 0, "the blocking run returned");
	tap_is(r.exit.reason, AXVCPU_EXIT_CANCELLED, "with Cancelled");
	tap_is(m->calls[MOCK_OP_KICK], 1, "backend kick called once");
	tap_ok(!axvcpu_kick_pending(v), "the kick was consumed by that run");
	tap_is(r.unbind_err, 0, "runner unbound");

	/* mock_release: a blocking run that is not kicked runs the script. */
	mock_script_reason(v, AXVCPU_EXIT_SYSTEM_DOWN);
	runner_start(&r, v, &mock_backend);
	mock_release(v);
	runner_join(&r);
	tap_is(r.exit.reason, AXVCPU_EXIT_SYSTEM_DOWN,
	       "released run returns its scripted exit");
	tap_is(m->calls[MOCK_OP_KICK], 1, "no kick that time");
	axvcpu_destroy(v);

	/* Without a backend kick op, the kick waits for the next entry. */
	v = vcpu_new(&mock_backend_minimal);
	vcpu_setup(v);
	axvcpu_unbind(v);
	axvcpu_percpu_hardware_disable();
	axvcpu_percpu_fini();
	percpu_up(MAIN_CPU, &mock_backend_minimal);
	axvcpu_bind(v);
	tap_is(axvcpu_kick(v), 0, "kick, backend without kick op");
	axvcpu_run(v, &e);
	tap_is(e.reason, AXVCPU_EXIT_CANCELLED,
	       "next run cancelled by the core's flag");
	vcpu_free(v);
	percpu_down();
	percpu_up(MAIN_CPU, &mock_backend);
}

static void test_inject(void)
{
	struct axvcpu *v = vcpu_new(&mock_backend);
	tap_is(axvcpu_inject_interrupt(v, 1), AXVCPU_EBADSTATE,
	       "inject into Created");
	tap_is(axvcpu_irq_first_pending(v), -1, "nothing queued in Created");
	vcpu_setup(v);
	tap_is(axvcpu_inject_interrupt(v, 3), 0, "inject into Free");
	tap_ok(axvcpu_irq_is_pending(v, 3), "vector 3 pending");
	tap_is(axvcpu_state(v), AXVCPU_STATE_FREE, "inject keeps Free");
	axvcpu_irq_clear(v, 3);

	axvcpu_bind(v);
	const uint64_t vecs[] = { 200, 64, 63, 0, MOCK_NVECTORS - 1 };
	for (unsigned i = 0; i < 5; i++)
		tap_is(axvcpu_inject_interrupt(v, vecs[i]), 0,
		       "inject vector %llu", (unsigned long long)vecs[i]);
	tap_is(axvcpu_irq_first_pending(v), 0, "lowest pending is 0");
	for (unsigned i = 0; i < 5; i++)
		tap_ok(axvcpu_irq_is_pending(v, vecs[i]), "%llu pending",
		       (unsigned long long)vecs[i]);
	tap_ok(!axvcpu_irq_is_pending(v, 1), "1 not pending");
	tap_ok(!axvcpu_irq_is_pending(v, AXVCPU_MAX_VECTORS),
	       "is_pending out of range: false");
	tap_ok(axvcpu_irq_clear(v, 0), "clear 0: was set");
	tap_ok(!axvcpu_irq_clear(v, 0), "clear 0 again: was not set");
	tap_ok(!axvcpu_irq_clear(v, AXVCPU_MAX_VECTORS),
	       "clear out of range: false");
	tap_is(axvcpu_irq_first_pending(v), 63, "then 63 is the lowest");
	tap_is(axvcpu_inject_interrupt(v, 63), 0, "inject 63 twice");
	axvcpu_irq_clear(v, 63);
	tap_ok(!axvcpu_irq_is_pending(v, 63), "queued once: one clear");
	axvcpu_irq_clear(v, 64);
	axvcpu_irq_clear(v, 200);
	axvcpu_irq_clear(v, MOCK_NVECTORS - 1);
	tap_is(axvcpu_irq_first_pending(v), -1, "queue empty");

	/* Range and support checks (more in t_args). */
	tap_is(axvcpu_inject_interrupt(v, MOCK_NVECTORS), AXVCPU_EINVAL,
	       "vector_count is out of range");
	tap_is(axvcpu_inject_interrupt(v, MOCK_BAD_VECTOR), AXVCPU_EUNSUPPORTED,
	       "vector the backend cannot inject");

	/* Wakes a Blocked vCPU. */
	axvcpu_set_state(v, AXVCPU_STATE_BLOCKED);
	tap_is(axvcpu_inject_interrupt(v, 9), 0, "inject into Blocked");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "woken to Ready");
	/* Blocking with an interrupt pending wakes at once. */
	tap_is(axvcpu_set_state(v, AXVCPU_STATE_BLOCKED), 0,
	       "set_state(Blocked) with vector 9 pending");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY,
	       "not left Blocked with an interrupt pending");
	struct axvcpu_exit e;
	mock_script_reason(v, AXVCPU_EXIT_HALT);
	tap_is(axvcpu_run(v, &e), 0, "Halt with vector 9 pending");
	tap_is(e.reason, AXVCPU_EXIT_HALT, "the exit is still Halt");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY,
	       "Halt with an interrupt pending leaves it Ready");
	axvcpu_irq_clear(v, 9);
	mock_script_reason(v, AXVCPU_EXIT_HALT);
	axvcpu_run(v, &e);
	tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED,
	       "Halt with nothing pending blocks");
	vcpu_free(v);

	/* A backend without vector_valid accepts every vector in range. */
	percpu_down();
	percpu_up(MAIN_CPU, &mock_backend_minimal);
	v = vcpu_in(&mock_backend_minimal, AXVCPU_STATE_READY);
	tap_is(axvcpu_inject_interrupt(v, MOCK_BAD_VECTOR), 0,
	       "no vector_valid: vector 13 accepted");
	tap_is(axvcpu_inject_interrupt(v, MOCK_NVECTORS), AXVCPU_EINVAL,
	       "no vector_valid: still range-checked");
	vcpu_free(v);
	percpu_down();
	percpu_up(MAIN_CPU, &mock_backend);

	/* Inject into a running vCPU kicks it; the mock takes the vector. */
	v = vcpu_in(&mock_backend, AXVCPU_STATE_FREE);
	struct mock_vcpu *m = mock_of(v);
	m->deliver_irqs = true;
	struct runner r;
	runner_start(&r, v, &mock_backend);
	tap_is(axvcpu_inject_interrupt(v, 42), 0, "inject into Running");
	runner_join(&r);
	tap_is(r.run_err, 0, "the blocking run returned");
	tap_is(m->calls[MOCK_OP_KICK], 1, "inject kicked the backend");
	tap_is(r.exit.reason, AXVCPU_EXIT_EXTERNAL_INTERRUPT,
	       "the mock took the interrupt");
	tap_is(r.exit.external_interrupt.vector, 42, "vector 42");
	tap_is(axvcpu_irq_first_pending(v), -1, "delivered: queue empty");
	tap_ok(!axvcpu_kick_pending(v), "inject left no core kick pending");
	axvcpu_destroy(v);
}

/*
 * Two threads, one barrier per round: the vCPU's owner runs to Halt (or
 * sets Blocked) while the other injects. After both, an interrupt is
 * pending, so the vCPU must not be Blocked.
 */
#define RACE_ROUNDS 3000

struct race {
	struct axvcpu *v;
	pthread_barrier_t start, done;
	int mode; /* 0: Halt vs inject, 1: set_state vs inject */
	int bad_inject;
};

static void *race_injector(void *arg)
{
	struct race *rc = arg;
	for (int i = 0; i < RACE_ROUNDS; i++) {
		pthread_barrier_wait(&rc->start);
		if (axvcpu_inject_interrupt(rc->v, 17) != 0)
			rc->bad_inject++;
		pthread_barrier_wait(&rc->done);
		pthread_barrier_wait(&rc->done); /* owner checked */
	}
	return 0;
}

static void race(int mode)
{
	struct race rc = { .mode = mode };
	rc.v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	pthread_barrier_init(&rc.start, 0, 2);
	pthread_barrier_init(&rc.done, 0, 2);
	pthread_t t;
	pthread_create(&t, 0, race_injector, &rc);
	int stuck = 0, errors = 0, ready_after_wake = 0;
	for (int i = 0; i < RACE_ROUNDS; i++) {
		struct axvcpu_exit e;
		if (mode == 0)
			mock_script_reason(rc.v, AXVCPU_EXIT_HALT);
		pthread_barrier_wait(&rc.start);
		int err = mode == 0
			      ? axvcpu_run(rc.v, &e)
			      : axvcpu_set_state(rc.v, AXVCPU_STATE_BLOCKED);
		if (err)
			errors++;
		pthread_barrier_wait(&rc.done);
		/* Both done: vector 17 is pending, so not Blocked. */
		if (axvcpu_state(rc.v) == AXVCPU_STATE_BLOCKED)
			stuck++;
		if (!axvcpu_irq_is_pending(rc.v, 17))
			errors++;
		axvcpu_irq_clear(rc.v, 17);
		axvcpu_wake(rc.v);
		ready_after_wake += axvcpu_state(rc.v) == AXVCPU_STATE_READY;
		pthread_barrier_wait(&rc.done);
	}
	pthread_join(t, 0);
	const char *what = mode ? "set_state(Blocked)" : "Halt";
	tap_is(errors + rc.bad_inject, 0, "%s vs inject: every call 0", what);
	tap_is(stuck, 0,
	       "%s vs inject: never Blocked with an interrupt pending (%d "
	       "rounds)",
	       what, RACE_ROUNDS);
	tap_is(ready_after_wake, RACE_ROUNDS, "%s vs inject: Ready each round",
	       what);
	pthread_barrier_destroy(&rc.start);
	pthread_barrier_destroy(&rc.done);
	vcpu_free(rc.v);
}

/* Fence requests: validated, queued until taken, taken once. */
static void test_fence(void)
{
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_CREATED);
	tap_is(axvcpu_request_fence(v, AXVCPU_FENCE_TLB), AXVCPU_EBADSTATE,
	       "fence: refused while Created");
	tap_ok(!axvcpu_fence_pending(v), "fence: nothing queued by it");
	vcpu_free(v);
	v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	tap_is(axvcpu_request_fence(0, AXVCPU_FENCE_TLB), AXVCPU_EINVAL,
	       "fence: NULL vCPU");
	tap_is(axvcpu_request_fence(v, 0), AXVCPU_EINVAL, "fence: no kind");
	tap_is(axvcpu_request_fence(v, 8), AXVCPU_EINVAL,
	       "fence: unknown kind bit");
	tap_is(axvcpu_request_fence(v, AXVCPU_FENCE_STAGE2 | 0x80000000u),
	       AXVCPU_EINVAL, "fence: a known kind with an unknown bit");
	tap_ok(!axvcpu_fence_pending(v), "fence: refused calls queue nothing");
	tap_is(axvcpu_request_fence(v, AXVCPU_FENCE_TLB), 0, "fence: TLB");
	tap_is(axvcpu_request_fence(v, AXVCPU_FENCE_ICACHE), 0,
	       "fence: icache");
	tap_is(axvcpu_request_fence(v, AXVCPU_FENCE_STAGE2), 0,
	       "fence: stage 2");
	tap_ok(axvcpu_fence_pending(v), "fence: pending");
	tap_is(axvcpu_fence_take(v),
	       AXVCPU_FENCE_TLB | AXVCPU_FENCE_ICACHE | AXVCPU_FENCE_STAGE2,
	       "fence: taken as the union of the requests");
	tap_ok(!axvcpu_fence_pending(v), "fence: no longer pending");
	tap_is(axvcpu_fence_take(v), 0, "fence: taken once");
	tap_ok(!axvcpu_fence_pending(0), "fence: NULL is never pending");
	vcpu_free(v);

	/* The one-load view of the queue the entry paths use. */
	v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	axvcpu_inject_interrupt(v, 1);
	axvcpu_inject_interrupt(v, 9);
	axvcpu_inject_interrupt(v, 70);
	tap_is(axvcpu_irq_pending_word(v, 0), (1u << 1) | (1u << 9),
	       "pending word 0: vectors 1 and 9");
	tap_is(axvcpu_irq_pending_word(v, 1), 1u << 6,
	       "pending word 1: vector 70");
	tap_is(axvcpu_irq_pending_word(v, AXVCPU_MAX_VECTORS / 64), 0,
	       "pending word out of range: 0");
	vcpu_free(v);
}

int main(void)
{
	hosted_start(&mock_backend);
	long frames = axvcpu_hosted_frames_in_use();
	test_kick();
	test_inject();
	test_fence();
	race(0);
	race(1);
	tap_is(axvcpu_hosted_frames_in_use(), frames, "no frame leaked");
	return tap_done(0);
}
