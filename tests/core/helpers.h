/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared helpers of the core tests: build vCPUs in any state (Running is
 * held by a runner thread on its own CPU), snapshot registers, etc.
 * Header-only so that each test is one translation unit plus the mock.
 */
#ifndef AXVCPU_TESTS_CORE_HELPERS_H
#define AXVCPU_TESTS_CORE_HELPERS_H

#include "tests/lib/tap.h"
#include "tests/mock/mock_backend.h"

#include <axvcpu/hosted.h>
#include <pthread.h>
#include <string.h>

/* The CPU ids the tests use: the main thread and the runner thread. */
#define MAIN_CPU 0u
#define RUNNER_CPU 1u
#define OTHER_CPU 2u

/* How long a runner's blocking run waits for a kick at most. */
#define RUNNER_TIMEOUT_MS 5000u

static inline void must(int cond, const char *what)
{
	if (!cond) {
		printf("Bail out! %s\n", what);
		fflush(stdout);
		exit(2);
	}
}

/* Hosted HAL, main thread on MAIN_CPU with per-CPU state for `be`. */
static inline void hosted_start(const struct axvcpu_backend *be)
{
	must(axvcpu_hal_register(axvcpu_hosted_hal()) == 0, "register HAL");
	must(axvcpu_hosted_cpu_set(MAIN_CPU) == 0, "cpu id");
	if (be) {
		must(axvcpu_percpu_init(be) == 0, "percpu init");
		must(axvcpu_percpu_hardware_enable() == 0, "percpu enable");
	}
}

/* Per-CPU state up/down on the calling thread. */
static inline void percpu_up(unsigned cpu, const struct axvcpu_backend *be)
{
	must(axvcpu_hosted_cpu_set(cpu) == 0, "cpu id");
	must(axvcpu_percpu_init(be) == 0, "percpu init");
	must(axvcpu_percpu_hardware_enable() == 0, "percpu enable");
}

static inline void percpu_down(void)
{
	must(axvcpu_percpu_hardware_disable() == 0, "percpu disable");
	must(axvcpu_percpu_fini() == 0, "percpu fini");
}

static const struct mock_create_config mock_ccfg = { MOCK_CREATE_MAGIC, 0 };

/* A new vCPU of `be` in Created (any-CPU set, vCPU id 1). */
static inline struct axvcpu *vcpu_new(const struct axvcpu_backend *be)
{
	struct axvcpu_create_params p = { .vm_id = 7,
					  .vcpu_id = 1,
					  .favor_phys_cpu = -1,
					  .phys_cpu_set = 0 };
	if (be->create_config_size) {
		p.arch_config = &mock_ccfg;
		p.arch_config_size = sizeof(mock_ccfg);
	}
	struct axvcpu *v = 0;
	must(axvcpu_create(be, &p, &v) == 0 && v, "create");
	return v;
}

/* Created -> Free, registers filled with a recognisable pattern. */
static inline void vcpu_setup(struct axvcpu *v)
{
	must(axvcpu_setup(v, 0x80200000, 0x1000, 0, 0) == 0, "setup");
	for (unsigned i = 0; i < MOCK_NGPRS; i++)
		must(axvcpu_set_gpr(v, i, 0xa5a5000000000000ull | i) == 0,
		     "set_gpr");
}

/* A vCPU of `be` in `state` (not Running), bound to the caller's CPU. */
static inline struct axvcpu *vcpu_in(const struct axvcpu_backend *be,
				     enum axvcpu_state state)
{
	struct axvcpu *v = vcpu_new(be);
	if (state == AXVCPU_STATE_CREATED)
		return v;
	vcpu_setup(v);
	if (state == AXVCPU_STATE_FREE)
		return v;
	must(axvcpu_bind(v) == 0, "bind");
	if (state == AXVCPU_STATE_BLOCKED) {
		struct axvcpu_exit e;
		mock_script_reason(v, AXVCPU_EXIT_HALT);
		must(axvcpu_run(v, &e) == 0 && e.reason == AXVCPU_EXIT_HALT,
		     "run to Halt");
	}
	must(axvcpu_state(v) == state, "state reached");
	return v;
}

/*
 * A runner thread holds a vCPU in Running: on RUNNER_CPU it brings up the
 * per-CPU state, binds, and runs with the mock's blocking run until kicked
 * or released; then it unbinds and tears the per-CPU state down.
 */
struct runner {
	pthread_t thread;
	struct axvcpu *vcpu;
	const struct axvcpu_backend *be;
	int bind_err, run_err, unbind_err;
	struct axvcpu_exit exit;
	struct axvcpu *current_after; /* axvcpu_current() after run */
	bool keep_bound;              /* skip unbind (caller checks) */
};

static inline void *runner_main(void *arg)
{
	struct runner *r = arg;
	percpu_up(RUNNER_CPU, r->be);
	r->bind_err = axvcpu_bind(r->vcpu);
	/* Blocks until kicked; the time limit only turns a kick that never
	 * arrives (a core bug) into a failed check instead of a hang. */
	mock_set_blocking(r->vcpu, true, RUNNER_TIMEOUT_MS * 1000);
	r->run_err = axvcpu_run(r->vcpu, &r->exit);
	r->current_after = axvcpu_current();
	mock_set_blocking(r->vcpu, false, 0);
	if (!r->keep_bound) {
		r->unbind_err = axvcpu_unbind(r->vcpu);
		percpu_down();
	}
	return 0;
}

/* Start a runner on a Free vCPU and wait until it is inside run. */
static inline void runner_start(struct runner *r, struct axvcpu *v,
				const struct axvcpu_backend *be)
{
	memset(r, 0, sizeof(*r));
	r->vcpu = v;
	r->be = be;
	must(pthread_create(&r->thread, 0, runner_main, r) == 0, "thread");
	must(mock_wait_in_run(v, RUNNER_TIMEOUT_MS), "runner inside run");
}

/* Make the runner's run return (kick) and join it. */
static inline void runner_stop(struct runner *r)
{
	axvcpu_kick(r->vcpu);
	pthread_join(r->thread, 0);
}

/* Join a runner whose run was already made to return. */
static inline void runner_join(struct runner *r)
{
	pthread_join(r->thread, 0);
}

/* Snapshot of a (mock) vCPU's registers through the API. */
static inline void regs_read(struct axvcpu *v, uint64_t *regs)
{
	for (unsigned i = 0; i < MOCK_NGPRS; i++)
		must(axvcpu_get_gpr(v, i, &regs[i]) == 0, "get_gpr");
}

/* Whether the registers still equal `regs`. */
static inline bool regs_same(struct axvcpu *v, const uint64_t *regs)
{
	uint64_t now[MOCK_NGPRS];
	regs_read(v, now);
	return memcmp(now, regs, sizeof(now)) == 0;
}

/* Unbind (if bound here) and destroy. */
static inline void vcpu_free(struct axvcpu *v)
{
	enum axvcpu_state s = axvcpu_state(v);
	if (s == AXVCPU_STATE_READY || s == AXVCPU_STATE_BLOCKED)
		must(axvcpu_unbind(v) == 0, "unbind");
	must(axvcpu_destroy(v) == 0, "destroy");
}

#endif /* AXVCPU_TESTS_CORE_HELPERS_H */
