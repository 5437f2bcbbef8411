/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Power states: parking, starting, the states a run moves through
 * (ON_PENDING, OFF_PENDING, SUSPENDED, RESUME_PENDING), what a parked vCPU
 * refuses, a backend that parks in hardware, reset, set_return_error, and
 * two threads racing to start one vCPU.
 */
#include "helpers.h"

static void test_names(void)
{
	tap_is_str(axvcpu_power_name(AXVCPU_POWER_ON), "On", "name On");
	tap_is_str(axvcpu_power_name(AXVCPU_POWER_OFF), "Off", "name Off");
	tap_is_str(axvcpu_power_name(AXVCPU_POWER_RESUME_PENDING),
		   "ResumePending", "name ResumePending");
	tap_is_str(axvcpu_power_name((enum axvcpu_power)5), "Invalid",
		   "5 (HSM SUSPEND_PENDING) is never produced: Invalid");
	tap_is_str(axvcpu_power_name((enum axvcpu_power)99), "Invalid",
		   "name of an unknown value");
	tap_is(axvcpu_power_state(NULL), AXVCPU_POWER_OFF, "NULL reads Off");
	tap_is(axvcpu_power_off(NULL), AXVCPU_EINVAL, "power_off(NULL)");
	tap_is(axvcpu_power_on(NULL, 0, 0), AXVCPU_EINVAL, "power_on(NULL)");
	tap_is(axvcpu_reset(NULL), AXVCPU_EINVAL, "reset(NULL)");
	tap_is(axvcpu_set_return_error(NULL, -1), AXVCPU_EINVAL,
	       "set_return_error(NULL)");
}

static void test_park_and_start(void)
{
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	struct mock_vcpu *m = mock_of(v);
	struct axvcpu_exit e;
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_ON, "a new vCPU is on");
	tap_is(axvcpu_power_off(v), 0, "park a Ready vCPU");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_OFF, "... Off");
	tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED, "... held Blocked");
	tap_is(axvcpu_power_off(v), 0, "parking again is a no-op");
	tap_is(m->calls[MOCK_OP_POWER_OFF], 1, "... that reaches no op");

	tap_is(axvcpu_wake(v), 0, "wake of a parked vCPU answers 0");
	tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED, "... but it stays");
	tap_is(axvcpu_inject_interrupt(v, 7), 0, "inject into a parked vCPU");
	tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED, "... it stays parked");
	tap_ok(axvcpu_irq_is_pending(v, 7), "... the vector stays queued");
	tap_is(axvcpu_set_state(v, AXVCPU_STATE_READY), AXVCPU_EBADSTATE,
	       "set_state(Ready) refuses a parked vCPU");
	tap_is(axvcpu_run(v, &e), AXVCPU_EBADSTATE, "run refuses it");

	/* Unbound and bound again: still parked. */
	tap_is(axvcpu_unbind(v), 0, "unbind a parked vCPU");
	tap_is(axvcpu_state(v), AXVCPU_STATE_FREE, "... Free");
	tap_is(axvcpu_bind(v), 0, "bind it again");
	tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED, "... bound Blocked");

	tap_is(axvcpu_power_on(v, 0x9000, 0x1234), 0, "power_on");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_ON_PENDING, "... OnPending");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "... Ready");
	tap_is(m->entry, 0x9000, "... the backend got the entry");
	tap_is(m->power_arg, 0x1234, "... and the argument");
	tap_is(axvcpu_power_on(v, 0x9000, 0), AXVCPU_EBADSTATE,
	       "a second power_on: already on");
	mock_script_reason(v, AXVCPU_EXIT_HYPERCALL);
	tap_is(axvcpu_run(v, &e), 0, "run");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_ON, "... On after entry");

	/* The guest stops itself: OffPending until the VM layer parks it. */
	mock_script_reason(v, AXVCPU_EXIT_CPU_DOWN);
	tap_is(axvcpu_run(v, &e), 0, "run to CpuDown");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_OFF_PENDING, "OffPending");
	tap_is(axvcpu_power_on(v, 0x9000, 0), AXVCPU_EBADSTATE,
	       "start while OffPending: already on");
	tap_is(axvcpu_power_off(v), 0, "park it");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_OFF, "Off");

	/* A failing start changes nothing. */
	mock_fail_next(MOCK_OP_POWER_ON, AXVCPU_EINVAL);
	tap_is(axvcpu_power_on(v, 0x1, 0), AXVCPU_EINVAL,
	       "an entry the backend refuses: EINVAL");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_OFF, "... still Off");
	tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED, "... still Blocked");
	tap_is(axvcpu_power_on(v, 0xa000, 5), 0, "then a good start");
	vcpu_free(v);
}

static void test_suspend(void)
{
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	struct axvcpu_exit x = { .reason = AXVCPU_EXIT_HALT };
	struct axvcpu_exit e;
	x.halt.deadline = UINT64_MAX;
	x.halt.suspend = true;
	mock_script_exit(v, &x);
	tap_is(axvcpu_run(v, &e), 0, "run to a suspend Halt");
	tap_ok(e.halt.suspend, "... the exit says suspend");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_SUSPENDED, "Suspended");
	tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED, "... Blocked");
	tap_is(axvcpu_inject_interrupt(v, 3), 0, "an interrupt");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_RESUME_PENDING,
	       "woken: ResumePending");
	mock_script_reason(v, AXVCPU_EXIT_HYPERCALL);
	tap_is(axvcpu_run(v, &e), 0, "run again");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_ON, "On");
	/* A plain Halt is no suspend. */
	x.halt.suspend = false;
	mock_script_exit(v, &x);
	tap_is(axvcpu_run(v, &e), 0, "run to a plain Halt");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_ON, "a halted vCPU is On");
	vcpu_free(v);
}

static void test_park_free(void)
{
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_FREE);
	tap_is(axvcpu_power_off(v), 0, "park a Free vCPU");
	tap_is(axvcpu_state(v), AXVCPU_STATE_FREE, "... it stays Free");
	tap_is(axvcpu_bind(v), 0, "bind");
	tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED, "... bound Blocked");
	tap_is(axvcpu_unbind(v), 0, "unbind");
	tap_is(axvcpu_power_on(v, 0x4000, 1), 0, "power_on while Free");
	tap_is(axvcpu_state(v), AXVCPU_STATE_FREE, "... stays Free");
	tap_is(axvcpu_bind(v), 0, "bind");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "... Ready");
	mock_fail_next(MOCK_OP_POWER_OFF, AXVCPU_EHW);
	tap_is(axvcpu_power_off(v), AXVCPU_EHW, "a backend error parking");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_ON_PENDING,
	       "... power unchanged");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "... state unchanged");
	vcpu_free(v);
}

/* kvm's way: the hardware holds the vCPU until the guest starts it. */
static void test_park_in_run(void)
{
	struct axvcpu_create_params p = { .vm_id = 7,
					  .vcpu_id = 2,
					  .favor_phys_cpu = -1 };
	struct mock_create_config cc = { MOCK_CREATE_MAGIC,
					 MOCK_CREATE_PARK_IN_RUN };
	p.arch_config = &cc;
	p.arch_config_size = sizeof(cc);
	struct axvcpu *v = 0;
	struct axvcpu_exit e;
	must(axvcpu_create(&mock_backend, &p, &v) == 0, "create");
	vcpu_setup(v);
	must(axvcpu_bind(v) == 0, "bind");
	tap_is(axvcpu_power_off(v), 0, "park in run");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_OFF, "... Off");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "... but runnable");
	struct axvcpu_exit io = { .reason = AXVCPU_EXIT_IO_WRITE };
	io.io_write.width = 1;
	io.io_write.count = 1;
	mock_script_exit(v, &io);
	tap_is(axvcpu_run(v, &e), 0, "run while parked in run");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_OFF,
	       "... Off till the backend says it started");
	axvcpu_power_started(v);
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_ON, "started: On");
	axvcpu_power_started(v);
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_ON, "started again: no-op");
	must(axvcpu_unbind(v) == 0 && axvcpu_destroy(v) == 0, "free");
}

static void test_reset(void)
{
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	struct mock_vcpu *m = mock_of(v);
	struct axvcpu_exit e;
	uint64_t r;
	axvcpu_set_entry(v, 0x7777);
	axvcpu_set_gpr(v, 5, 0x55);
	mock_script_mmio_read(v, 6, 4, 8, true);
	tap_is(axvcpu_run(v, &e), 0, "run to an MMIO read");
	axvcpu_kick(v);
	axvcpu_inject_interrupt(v, 9);
	axvcpu_power_off(v);
	tap_is(axvcpu_reset(v), 0, "reset");
	tap_is(m->calls[MOCK_OP_RESET], 1, "... the backend reset once");
	tap_is(m->entry, 0x80200000, "... entry back to setup's");
	axvcpu_get_gpr(v, 5, &r);
	tap_is(r, 0, "... registers back to setup's");
	tap_is(axvcpu_complete_mmio_read(v, 1), AXVCPU_EINVAL,
	       "... no read pending");
	tap_ok(!axvcpu_kick_pending(v), "... no kick");
	tap_ok(!axvcpu_irq_is_pending(v, 9), "... no queued interrupt");
	tap_is(axvcpu_power_state(v), AXVCPU_POWER_ON, "... On");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "... Ready");
	mock_fail_next(MOCK_OP_RESET, AXVCPU_EHW);
	tap_is(axvcpu_reset(v), AXVCPU_EHW, "a failing reset gives its error");
	vcpu_free(v);

	struct axvcpu *w = vcpu_in(&mock_backend_minimal, AXVCPU_STATE_FREE);
	tap_is(axvcpu_reset(w), AXVCPU_EUNSUPPORTED,
	       "reset on a backend without it: EUNSUPPORTED");
	tap_is(axvcpu_set_return_error(w, AXVCPU_EINVAL), AXVCPU_EUNSUPPORTED,
	       "set_return_error without it: EUNSUPPORTED");
	tap_is(axvcpu_power_off(w), 0, "park without a power_off op");
	tap_is(axvcpu_power_on(w, 0x6000, 3), 0,
	       "start without a power_on op (set_entry)");
	vcpu_free(w);
}

static void test_return_error(void)
{
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	tap_is(axvcpu_set_return_error(v, 0), AXVCPU_EINVAL, "err 0: EINVAL");
	tap_is(axvcpu_set_return_error(v, 3), AXVCPU_EINVAL,
	       "positive err: EINVAL");
	tap_is(axvcpu_set_return_error(v, AXVCPU_EBADSTATE), 0, "EBADSTATE");
	tap_is(mock_of(v)->ret_error, AXVCPU_EBADSTATE, "... handed over");
	vcpu_free(v);
}

/* Two threads start one parked vCPU: exactly one wins. */
struct racer {
	struct axvcpu *v;
	pthread_barrier_t *go;
	uint64_t arg;
	int ret;
};

static void *race_start(void *p)
{
	struct racer *r = p;
	pthread_barrier_wait(r->go);
	do
		r->ret = axvcpu_power_on(r->v, 0x1000 * r->arg, r->arg);
	while (r->ret == AXVCPU_EBUSY);
	return NULL;
}

static void test_race(void)
{
	unsigned wins = 0, losses = 0, agree = 0;
	for (unsigned round = 0; round < 200; round++) {
		struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
		axvcpu_power_off(v);
		pthread_barrier_t go;
		pthread_barrier_init(&go, NULL, 2);
		struct racer r[2] = { { v, &go, 1, 0 }, { v, &go, 2, 0 } };
		pthread_t t[2];
		for (int i = 0; i < 2; i++)
			pthread_create(&t[i], NULL, race_start, &r[i]);
		for (int i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&go);
		for (int i = 0; i < 2; i++) {
			wins += r[i].ret == 0;
			losses += r[i].ret == AXVCPU_EBADSTATE;
			if (r[i].ret == 0 &&
			    mock_of(v)->power_arg == r[i].arg &&
			    mock_of(v)->entry == 0x1000 * r[i].arg)
				agree++;
		}
		vcpu_free(v);
	}
	tap_is(wins, 200, "one start won each of 200 races");
	tap_is(losses, 200, "the other was told: already on");
	tap_is(agree, 200, "the winner's entry and argument stuck");
}

int main(void)
{
	hosted_start(&mock_backend);
	test_names();
	test_park_and_start();
	test_suspend();
	test_park_free();
	test_park_in_run();
	test_reset();
	test_return_error();
	test_race();
	return tap_done(0);
}
