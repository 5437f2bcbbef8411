/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU state and the current vCPU: init/enable/disable/fini sequencing
 * and errors, bind refused on a CPU not enabled (EBADSTATE) or outside
 * phys_cpu_set (EWRONGCPU), run/unbind from another thread (another CPU
 * with the hosted HAL) refused with EWRONGCPU, and axvcpu_current() as
 * seen from inside the backend's run/bind/unbind, nested, and per thread.
 */
#include "helpers.h"

static void test_sequencing(void)
{
	/* Nothing initialised on this CPU yet. */
	tap_ok(!axvcpu_percpu_is_enabled(), "not enabled before init");
	tap_is(axvcpu_percpu_max_guest_page_table_levels(), 0,
	       "levels 0 before init");
	tap_is(axvcpu_percpu_hardware_enable(), AXVCPU_EBADSTATE,
	       "enable before init");
	tap_is(axvcpu_percpu_hardware_disable(), AXVCPU_EBADSTATE,
	       "disable before init");
	tap_is(axvcpu_percpu_fini(), AXVCPU_EBADSTATE, "fini before init");

	long frames = axvcpu_hosted_frames_in_use();
	unsigned inits = mock_global_calls(MOCK_OP_PERCPU_INIT);
	tap_is(axvcpu_percpu_init(&mock_backend), 0, "init");
	tap_is(mock_global_calls(MOCK_OP_PERCPU_INIT), inits + 1,
	       "backend percpu_init called (and found its state zeroed)");
	tap_is(axvcpu_hosted_frames_in_use(), frames + 1, "init takes a frame");
	tap_is(axvcpu_percpu_init(&mock_backend), AXVCPU_EBADSTATE,
	       "init twice");
	tap_is(axvcpu_percpu_init(&mock_backend_minimal), AXVCPU_EBADSTATE,
	       "init again with another backend");
	tap_is(axvcpu_percpu_max_guest_page_table_levels(), MOCK_LEVELS,
	       "levels from the backend after init");
	tap_ok(!axvcpu_percpu_is_enabled(), "init does not enable");
	tap_is(axvcpu_percpu_hardware_disable(), AXVCPU_EBADSTATE,
	       "disable when not enabled");

	/* Bind needs the CPU enabled. */
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_FREE);
	tap_is(axvcpu_bind(v), AXVCPU_EBADSTATE, "bind on a CPU not enabled");
	tap_is(axvcpu_state(v), AXVCPU_STATE_FREE, "still Free");
	tap_is(mock_of(v)->calls[MOCK_OP_BIND], 0, "backend bind not called");

	tap_is(axvcpu_percpu_hardware_enable(), 0, "enable");
	tap_ok(axvcpu_percpu_is_enabled(), "enabled");
	tap_is(axvcpu_percpu_hardware_enable(), AXVCPU_EBADSTATE,
	       "enable twice");
	tap_is(axvcpu_percpu_fini(), AXVCPU_EBADSTATE, "fini while enabled");

	tap_is(axvcpu_bind(v), 0, "bind on the enabled CPU");
	tap_is(mock_of(v)->percpu_wrong, 0,
	       "backend bind got this CPU's enabled per-CPU state");
	tap_is(axvcpu_percpu_hardware_disable(), AXVCPU_EBADSTATE,
	       "disable refused while a vCPU is bound");
	tap_ok(axvcpu_percpu_is_enabled(), "still enabled");
	axvcpu_set_state(v, AXVCPU_STATE_BLOCKED);
	tap_is(axvcpu_percpu_hardware_disable(), AXVCPU_EBADSTATE,
	       "disable refused while a Blocked vCPU is bound");
	tap_is(axvcpu_unbind(v), 0, "unbind");
	tap_is(axvcpu_percpu_hardware_disable(), 0, "disable once unbound");
	tap_ok(!axvcpu_percpu_is_enabled(), "disabled");
	tap_is(axvcpu_bind(v), AXVCPU_EBADSTATE, "bind on a disabled CPU");
	tap_is(axvcpu_percpu_hardware_enable(), 0, "enable again");
	tap_is(axvcpu_percpu_hardware_disable(), 0, "disable again");
	unsigned finis = mock_global_calls(MOCK_OP_PERCPU_FINI);
	tap_is(axvcpu_percpu_fini(), 0, "fini");
	tap_is(mock_global_calls(MOCK_OP_PERCPU_FINI), finis + 1,
	       "backend percpu_fini called");
	tap_is(axvcpu_hosted_frames_in_use(), frames + 1,
	       "fini gives the frame back (the vCPU's is left)");
	tap_is(axvcpu_percpu_fini(), AXVCPU_EBADSTATE, "fini twice");
	tap_is(axvcpu_percpu_max_guest_page_table_levels(), 0,
	       "levels 0 after fini");

	/* Re-init with another backend: mock vCPUs cannot bind here. */
	tap_is(axvcpu_percpu_init(&mock_backend_minimal), 0,
	       "init with another backend after fini");
	tap_is(axvcpu_percpu_max_guest_page_table_levels(), 0,
	       "backend without max levels: 0");
	tap_is(axvcpu_percpu_hardware_enable(), 0, "enable");
	tap_is(axvcpu_bind(v), AXVCPU_EBADSTATE,
	       "bind of another backend's vCPU");
	struct axvcpu *w = vcpu_in(&mock_backend_minimal, AXVCPU_STATE_READY);
	tap_is(axvcpu_bound_cpu(w), MAIN_CPU, "minimal backend's vCPU binds");
	vcpu_free(w);
	percpu_down();
	tap_is(axvcpu_destroy(v), 0, "destroy");

	/* The backend's percpu_init gets the CPU id of the caller. */
	axvcpu_hosted_cpu_set(37);
	tap_is(axvcpu_percpu_init(&mock_backend), 0, "init on CPU 37");
	tap_is(axvcpu_percpu_hardware_enable(), 0, "enable on CPU 37");
	v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	tap_is(axvcpu_bound_cpu(v), 37, "bound to CPU 37");
	tap_is(mock_of(v)->percpu_wrong, 0, "backend saw CPU 37's state");
	vcpu_free(v);
	percpu_down();
	tap_is(axvcpu_hosted_cpu_set(AXVCPU_MAX_CPUS), AXVCPU_EINVAL,
	       "hosted CPU id out of range");
	axvcpu_hosted_cpu_set(MAIN_CPU);
	tap_is(axvcpu_hosted_frames_in_use(), frames, "no per-CPU frame left");
}

static void test_phys_cpu_set(void)
{
	percpu_up(MAIN_CPU, &mock_backend);
	struct axvcpu_create_params p = {
		.vcpu_id = 2,
		.favor_phys_cpu = -1,
		.phys_cpu_set = 1u << OTHER_CPU,
	};
	struct axvcpu *v = 0;
	must(axvcpu_create(&mock_backend, &p, &v) == 0, "create");
	axvcpu_setup(v, 0, 0, 0, 0);
	tap_is(axvcpu_bind(v), AXVCPU_EWRONGCPU,
	       "bind on a CPU outside phys_cpu_set");
	tap_is(axvcpu_state(v), AXVCPU_STATE_FREE, "still Free");
	tap_is(axvcpu_bound_cpu(v), -1, "not bound");
	tap_is(mock_of(v)->calls[MOCK_OP_BIND], 0, "backend bind not called");
	tap_is(axvcpu_percpu_hardware_disable(), 0,
	       "the refused bind did not count as bound");
	axvcpu_percpu_hardware_enable();
	axvcpu_destroy(v);

	p.phys_cpu_set = (1u << OTHER_CPU) | (1u << MAIN_CPU);
	must(axvcpu_create(&mock_backend, &p, &v) == 0, "create");
	axvcpu_setup(v, 0, 0, 0, 0);
	tap_is(axvcpu_bind(v), 0, "bind on a CPU in phys_cpu_set");
	vcpu_free(v);

	/* A CPU outside the set but not enabled: not enabled wins. */
	p.phys_cpu_set = 1u << OTHER_CPU;
	must(axvcpu_create(&mock_backend, &p, &v) == 0, "create");
	axvcpu_setup(v, 0, 0, 0, 0);
	axvcpu_percpu_hardware_disable();
	tap_is(axvcpu_bind(v), AXVCPU_EBADSTATE,
	       "bind on a disabled CPU outside the set: EBADSTATE");
	axvcpu_percpu_hardware_enable();
	axvcpu_destroy(v);
}

/* A thread on OTHER_CPU trying calls on a vCPU bound to MAIN_CPU. */
struct other {
	struct axvcpu *v;
	bool enable; /* bring up OTHER_CPU's per-CPU state first */
	int run, unbind, set_gpr, set_state, bind;
	struct axvcpu *current;
};

static void *other_main(void *arg)
{
	struct other *o = arg;
	axvcpu_hosted_cpu_set(OTHER_CPU);
	if (o->enable)
		percpu_up(OTHER_CPU, &mock_backend);
	struct axvcpu_exit e;
	o->run = axvcpu_run(o->v, &e);
	o->unbind = axvcpu_unbind(o->v);
	o->bind = axvcpu_bind(o->v);
	o->set_gpr = axvcpu_set_gpr(o->v, 2, 0x22);
	o->set_state = axvcpu_set_state(o->v, AXVCPU_STATE_BLOCKED);
	o->current = axvcpu_current();
	if (o->enable)
		percpu_down();
	return 0;
}

static void test_wrong_cpu(void)
{
	for (int en = 0; en < 2; en++) {
		const char *how = en ? "enabled" : "not enabled";
		struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
		unsigned runs = mock_of(v)->calls[MOCK_OP_RUN];
		struct other o = { .v = v, .enable = en };
		pthread_t t;
		pthread_create(&t, 0, other_main, &o);
		pthread_join(t, 0);
		tap_is(o.run, AXVCPU_EWRONGCPU, "run from another CPU (%s)",
		       how);
		tap_is(o.unbind, AXVCPU_EWRONGCPU,
		       "unbind from another CPU (%s)", how);
		tap_is(o.bind, AXVCPU_EBADSTATE, "bind a bound vCPU (%s)", how);
		tap_is(mock_of(v)->calls[MOCK_OP_RUN], runs,
		       "no backend run from the wrong CPU");
		tap_is(mock_of(v)->calls[MOCK_OP_UNBIND], 0,
		       "no backend unbind from the wrong CPU");
		/* Calls not tied to the CPU work from anywhere. */
		tap_is(o.set_gpr, 0, "set_gpr from another CPU");
		tap_is(o.set_state, 0, "set_state from another CPU");
		tap_ok(o.current == 0, "no current vCPU on the other CPU");
		tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED,
		       "state as set_state left it");
		tap_is(axvcpu_bound_cpu(v), MAIN_CPU, "still bound here");
		uint64_t r;
		axvcpu_get_gpr(v, 2, &r);
		tap_is(r, 0x22, "register written from the other CPU");
		/* Blocked: unbind from the wrong CPU too. */
		o.enable = false;
		pthread_create(&t, 0, other_main, &o);
		pthread_join(t, 0);
		tap_is(o.unbind, AXVCPU_EWRONGCPU,
		       "unbind a Blocked vCPU from another CPU");
		tap_is(o.run, AXVCPU_EBADSTATE,
		       "run a Blocked vCPU: EBADSTATE");
		tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED, "still Blocked");
		tap_is(axvcpu_unbind(v), 0, "unbind on the bound CPU");
		tap_is(axvcpu_destroy(v), 0, "destroy");
	}
}

/* axvcpu_current() seen from inside the backend's ops. */
static struct axvcpu *hook_a, *hook_b;
static struct axvcpu *seen_inside_b_bind, *seen_after_nested_bind;
static struct axvcpu *seen_inside_b_run, *seen_after_nested_run;
static int nested_bind_err = -99, nested_run_err = -99;
static int nested_mode;

static void current_hook(enum mock_op op, struct axvcpu *vcpu)
{
	if (vcpu == hook_b && op == MOCK_OP_BIND)
		seen_inside_b_bind = axvcpu_current();
	if (vcpu == hook_b && op == MOCK_OP_RUN)
		seen_inside_b_run = axvcpu_current();
	if (vcpu != hook_a || op != MOCK_OP_RUN || !nested_mode)
		return;
	/* Inside A's run, operate B on the same CPU. */
	struct axvcpu_exit e;
	if (nested_mode == 1) {
		nested_bind_err = axvcpu_bind(hook_b);
		seen_after_nested_bind = axvcpu_current();
	} else {
		nested_run_err = axvcpu_run(hook_b, &e);
		seen_after_nested_run = axvcpu_current();
	}
}

static void test_current(void)
{
	tap_ok(axvcpu_current() == 0, "no current vCPU outside any call");
	struct axvcpu *a = vcpu_in(&mock_backend, AXVCPU_STATE_FREE);
	struct mock_vcpu *m = mock_of(a);
	axvcpu_bind(a);
	tap_ok(m->current_seen[MOCK_OP_BIND] == a, "current inside bind");
	tap_ok(axvcpu_current() == 0, "no current after bind");
	struct axvcpu_exit e;
	axvcpu_run(a, &e);
	tap_ok(m->current_seen[MOCK_OP_RUN] == a, "current inside run");
	tap_ok(axvcpu_current() == 0, "no current after run");
	mock_script_reason(a, AXVCPU_EXIT_HALT);
	axvcpu_run(a, &e);
	tap_ok(axvcpu_current() == 0, "no current after a Halt run");
	axvcpu_wake(a);
	mock_fail_next(MOCK_OP_RUN, AXVCPU_EHW);
	axvcpu_run(a, &e);
	tap_ok(axvcpu_current() == 0, "no current after a failed run");
	axvcpu_unbind(a);
	tap_ok(m->current_seen[MOCK_OP_UNBIND] == a, "current inside unbind");
	tap_ok(axvcpu_current() == 0, "no current after unbind");
	tap_is(m->current_wrong, 0, "every run/bind/unbind saw itself");
	axvcpu_bind(a);

	/* Nested: B operated from inside A's run sees B; A is restored. */
	struct axvcpu *b = vcpu_in(&mock_backend, AXVCPU_STATE_FREE);
	hook_a = a;
	hook_b = b;
	mock_set_hook(current_hook);
	nested_mode = 1;
	axvcpu_run(a, &e);
	tap_is(nested_bind_err, 0, "bind B inside A's run");
	tap_ok(seen_inside_b_bind == b, "inside B's bind: current is B");
	tap_ok(seen_after_nested_bind == a,
	       "after B's bind, still inside A's run: current is A again");
	tap_ok(axvcpu_current() == 0, "after A's run: none");
	nested_mode = 2;
	axvcpu_run(a, &e);
	tap_is(nested_run_err, 0, "run B inside A's run");
	tap_ok(seen_inside_b_run == b, "inside B's run: current is B");
	tap_ok(seen_after_nested_run == a, "after B's run: A again");
	tap_ok(axvcpu_current() == 0, "after A's run: none");
	nested_mode = 0;
	mock_set_hook(0);

	/* Another thread's run does not show up on this CPU, and this CPU's
	 * run does not show up there. */
	axvcpu_unbind(b);
	struct runner r;
	runner_start(&r, b, &mock_backend);
	tap_ok(mock_of(b)->current_seen[MOCK_OP_RUN] == b,
	       "runner thread: current inside its run");
	tap_ok(axvcpu_current() == 0,
	       "main thread: no current while another CPU runs");
	axvcpu_run(a, &e);
	tap_ok(m->current_seen[MOCK_OP_RUN] == a,
	       "main's run sees its own vCPU while the other CPU runs");
	runner_stop(&r);
	tap_ok(r.current_after == 0, "runner thread: none after run");
	tap_is(r.run_err, 0, "runner's run returned");
	tap_is(mock_of(b)->current_wrong + m->current_wrong, 0,
	       "no op saw a wrong current vCPU");
	vcpu_free(a);
	vcpu_free(b);
}

int main(void)
{
	must(axvcpu_hal_register(axvcpu_hosted_hal()) == 0, "register HAL");
	axvcpu_hosted_cpu_set(MAIN_CPU);
	long frames = axvcpu_hosted_frames_in_use();
	test_sequencing();
	test_phys_cpu_set();
	test_wrong_cpu();
	test_current();
	percpu_down();
	tap_is(axvcpu_hosted_frames_in_use(), frames, "no frame leaked");
	return tap_done(0);
}
