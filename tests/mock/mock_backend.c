/* SPDX-License-Identifier: Apache-2.0 */
/* The mock backend: see mock_backend.h. Hosted only (uses pthreads). */
#include "mock_backend.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
/*
 * Every test program links the mock: under ThreadSanitizer, make a report
 * stop the program with a failing status even when TSAN_OPTIONS is unset,
 * so that prove counts it as a failure.
 */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
	return "halt_on_error=1:exitcode=66";
}
#endif
#endif

_Static_assert(sizeof(struct mock_vcpu) <= AXVCPU_ARCH_SIZE_MAX,
	       "the mock state must fit in the vCPU's arch area");

static _Atomic int fail_next[MOCK_OP_COUNT];
static _Atomic unsigned global_calls[MOCK_OP_COUNT];
static _Atomic(mock_hook_fn) hook;

void mock_set_hook(mock_hook_fn fn)
{
	atomic_store(&hook, fn);
}

void mock_fail_next(enum mock_op op, int err)
{
	atomic_store(&fail_next[op], err);
}

void mock_fail_clear(void)
{
	for (unsigned i = 0; i < MOCK_OP_COUNT; i++)
		atomic_store(&fail_next[i], 0);
}

unsigned mock_global_calls(enum mock_op op)
{
	return atomic_load(&global_calls[op]);
}

struct mock_vcpu *mock_of(struct axvcpu *vcpu)
{
	return axvcpu_arch(vcpu);
}

/* The error the next call of `op` must return (once), or 0. */
static int fail_take(enum mock_op op)
{
	return atomic_exchange(&fail_next[op], 0);
}

/* Count a call that has no vCPU, run the hook. */
static void enter_global(enum mock_op op)
{
	atomic_fetch_add(&global_calls[op], 1);
	mock_hook_fn fn = atomic_load(&hook);
	if (fn)
		fn(op, 0);
}

/*
 * Count a vCPU op, note what axvcpu_current() is, and detect overlapping
 * ops: the core must own the vCPU for the op's whole duration.
 */
static struct mock_vcpu *enter(struct axvcpu *vcpu, enum mock_op op)
{
	struct mock_vcpu *m = mock_of(vcpu);
	atomic_fetch_add(&global_calls[op], 1);
	atomic_fetch_add(&m->calls[op], 1);
	if (atomic_fetch_add(&m->in_op, 1) != 0)
		atomic_fetch_add(&m->overlaps, 1);
	atomic_store(&m->current_seen[op], axvcpu_current());
	mock_hook_fn fn = atomic_load(&hook);
	if (fn)
		fn(op, vcpu);
	return m;
}

static void leave(struct mock_vcpu *m)
{
	atomic_fetch_sub(&m->in_op, 1);
}

/* run/bind/unbind: `percpu` must be this CPU's enabled mock state. */
static void check_cpu(struct axvcpu *vcpu, struct mock_vcpu *m, void *percpu)
{
	const struct mock_percpu *pc = percpu;
	unsigned cpu = axvcpu_hal_get()->current_cpu_id();
	if (!pc || pc->magic != MOCK_PERCPU_MAGIC || pc->cpu != cpu ||
	    !pc->enabled)
		atomic_fetch_add(&m->percpu_wrong, 1);
	if (axvcpu_current() != vcpu)
		atomic_fetch_add(&m->current_wrong, 1);
}

/* ---- per-CPU ops ---------------------------------------------------- */

static int mock_percpu_init(void *percpu, unsigned cpu)
{
	struct mock_percpu *pc = percpu;
	enter_global(MOCK_OP_PERCPU_INIT);
	int err = fail_take(MOCK_OP_PERCPU_INIT);
	if (err)
		return err;
	/* The core promises a zeroed area; a stale magic means it did not. */
	if (pc->magic != 0)
		return AXVCPU_EHW;
	pc->magic = MOCK_PERCPU_MAGIC;
	pc->cpu = cpu;
	return 0;
}

static int mock_percpu_enable(void *percpu)
{
	struct mock_percpu *pc = percpu;
	enter_global(MOCK_OP_PERCPU_ENABLE);
	int err = fail_take(MOCK_OP_PERCPU_ENABLE);
	if (err)
		return err;
	pc->enabled = true;
	return 0;
}

static int mock_percpu_disable(void *percpu)
{
	struct mock_percpu *pc = percpu;
	enter_global(MOCK_OP_PERCPU_DISABLE);
	int err = fail_take(MOCK_OP_PERCPU_DISABLE);
	if (err)
		return err;
	pc->enabled = false;
	return 0;
}

static void mock_percpu_fini(void *percpu)
{
	struct mock_percpu *pc = percpu;
	enter_global(MOCK_OP_PERCPU_FINI);
	pc->magic = 0;
}

static unsigned mock_max_levels(void *percpu)
{
	(void)percpu;
	enter_global(MOCK_OP_MAX_LEVELS);
	return MOCK_LEVELS;
}

/* ---- vCPU ops --------------------------------------------------------- */

static int mock_create(struct axvcpu *vcpu, const void *config)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_CREATE);
	int err = fail_take(MOCK_OP_CREATE);
	if (!err) {
		const struct mock_create_config *cfg = config;
		if (cfg) {
			m->create_magic = cfg->magic;
			m->create_flags = cfg->flags;
			m->block_run = cfg->flags & MOCK_CREATE_BLOCKING_RUN;
		}
		m->last_irq = -1;
		pthread_mutex_init(&m->lock, 0);
		pthread_cond_init(&m->cond, 0);
	}
	leave(m);
	return err;
}

static void mock_destroy(struct axvcpu *vcpu)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_DESTROY);
	pthread_cond_destroy(&m->cond);
	pthread_mutex_destroy(&m->lock);
	leave(m);
}

static int mock_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		      axvcpu_hpa_t ept_root, const void *config)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_SETUP);
	int err = fail_take(MOCK_OP_SETUP);
	if (!err) {
		const struct mock_setup_config *cfg = config;
		m->entry = entry;
		m->setup_entry = entry;
		m->ept_root = ept_root;
		if (cfg) {
			m->setup_magic = cfg->magic;
			m->setup_fill = cfg->reg_fill;
			for (unsigned i = 0; i < MOCK_NGPRS; i++)
				m->regs[i] = cfg->reg_fill;
		}
	}
	leave(m);
	return err;
}

static int mock_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_SET_ENTRY);
	int err = fail_take(MOCK_OP_SET_ENTRY);
	if (!err)
		m->entry = entry;
	leave(m);
	return err;
}

static int mock_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_SET_GPR);
	int err = fail_take(MOCK_OP_SET_GPR);
	if (!err) {
		if (reg < MOCK_NGPRS)
			m->regs[reg] = val;
		else
			atomic_fetch_add(&m->bad_reg, 1);
	}
	leave(m);
	return err;
}

static int mock_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_GET_GPR);
	int err = fail_take(MOCK_OP_GET_GPR);
	if (!err) {
		if (reg < MOCK_NGPRS)
			*val = m->regs[reg];
		else
			atomic_fetch_add(&m->bad_reg, 1);
	}
	leave(m);
	return err;
}

static int mock_bind(struct axvcpu *vcpu, void *percpu)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_BIND);
	check_cpu(vcpu, m, percpu);
	int err = fail_take(MOCK_OP_BIND);
	leave(m);
	return err;
}

static int mock_unbind(struct axvcpu *vcpu, void *percpu)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_UNBIND);
	check_cpu(vcpu, m, percpu);
	int err = fail_take(MOCK_OP_UNBIND);
	leave(m);
	return err;
}

/* The next scripted result: script first, then the cycle, then Nothing. */
static int next_step(struct mock_vcpu *m, struct axvcpu_exit *exit)
{
	if (m->script_len) {
		struct mock_step *s = &m->script[m->script_head];
		m->script_head = (m->script_head + 1) % MOCK_SCRIPT_MAX;
		m->script_len--;
		if (s->err)
			return s->err;
		*exit = s->exit;
		return 0;
	}
	if (m->cycle_len) {
		*exit = m->cycle[m->cycle_pos];
		m->cycle_pos = (m->cycle_pos + 1) % m->cycle_len;
		return 0;
	}
	exit->reason = AXVCPU_EXIT_NOTHING;
	return 0;
}

/* Like a real backend: take the lowest pending interrupt at entry. */
static void deliver_irq(struct axvcpu *vcpu, struct mock_vcpu *m)
{
	int64_t v = axvcpu_irq_first_pending(vcpu);
	if (v < 0 || !axvcpu_irq_clear(vcpu, (uint64_t)v))
		return;
	m->last_irq = v;
	atomic_fetch_add(&m->irqs_delivered, 1);
	atomic_fetch_or(&m->delivered_mask[v / 64], (uint64_t)1 << (v % 64));
}

static bool block_done(struct axvcpu *vcpu, struct mock_vcpu *m)
{
	return m->kicked || m->released || axvcpu_kick_pending(vcpu) ||
	       (m->deliver_irqs && axvcpu_irq_first_pending(vcpu) >= 0);
}

/*
 * Wait until kicked (by the kick op or the core's flag), released, or timed
 * out. Returns true if released or timed out (run the script), false if
 * kicked.
 */
static bool block(struct axvcpu *vcpu, struct mock_vcpu *m)
{
	struct timespec until;
	if (m->block_timeout_us) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)m->block_timeout_us * 1000;
		until.tv_sec += until.tv_nsec / 1000000000;
		until.tv_nsec %= 1000000000;
	}
	pthread_mutex_lock(&m->lock);
	m->in_run = true;
	pthread_cond_broadcast(&m->cond);
	bool timed_out = false;
	while (!block_done(vcpu, m) && !timed_out) {
		if (m->block_timeout_us)
			timed_out = pthread_cond_timedwait(&m->cond, &m->lock,
							   &until) == ETIMEDOUT;
		else
			pthread_cond_wait(&m->cond, &m->lock);
	}
	bool released = m->released || (timed_out && !block_done(vcpu, m));
	m->released = m->kicked = false;
	m->in_run = false;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
	return released;
}

static int mock_run(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *exit)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_RUN);
	check_cpu(vcpu, m, percpu);
	/* The core must have made the vCPU Running before entering. */
	if (axvcpu_state(vcpu) != AXVCPU_STATE_RUNNING)
		atomic_fetch_add(&m->current_wrong, 1);
	int err = fail_take(MOCK_OP_RUN);
	if (err) {
		leave(m);
		return err;
	}
	if (m->deliver_irqs)
		deliver_irq(vcpu, m);
	/* Backends take the kick just before entering the guest. */
	bool cancelled = axvcpu_kick_take(vcpu);
	bool released = true;
	if (!cancelled && m->block_run) {
		released = block(vcpu, m);
		cancelled = axvcpu_kick_take(vcpu);
	}
	if (cancelled) {
		exit->reason = AXVCPU_EXIT_CANCELLED;
		atomic_fetch_add(&m->run_cancelled, 1);
	} else if (released) {
		err = next_step(m, exit);
	} else {
		/* Kicked by inject_interrupt: the guest takes the interrupt. */
		unsigned before = atomic_load(&m->irqs_delivered);
		if (m->deliver_irqs)
			deliver_irq(vcpu, m);
		exit->reason = AXVCPU_EXIT_NOTHING;
		if (atomic_load(&m->irqs_delivered) != before) {
			exit->reason = AXVCPU_EXIT_EXTERNAL_INTERRUPT;
			exit->external_interrupt.vector = (uint64_t)m->last_irq;
		}
	}
	leave(m);
	return err;
}

static int mock_complete_read(struct axvcpu *vcpu,
			      const struct axvcpu_read_completion *c)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_COMPLETE_READ);
	int err = fail_take(MOCK_OP_COMPLETE_READ);
	if (!err) {
		m->last_completion = *c;
		if (c->kind == AXVCPU_READ_MMIO ||
		    c->kind == AXVCPU_READ_SYSREG) {
			if (c->reg < MOCK_NGPRS)
				m->regs[c->reg] = c->value;
			else
				atomic_fetch_add(&m->bad_reg, 1);
		}
	}
	leave(m);
	return err;
}

static int mock_set_return_value(struct axvcpu *vcpu, uint64_t val)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_SET_RETURN_VALUE);
	int err = fail_take(MOCK_OP_SET_RETURN_VALUE);
	if (!err)
		m->ret_value = val;
	leave(m);
	return err;
}

static int mock_reflect_fault(struct axvcpu *vcpu,
			      const struct axvcpu_exit *exit)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_REFLECT_FAULT);
	int err = fail_take(MOCK_OP_REFLECT_FAULT);
	if (!err)
		m->last_reflected = *exit;
	leave(m);
	return err;
}

static int mock_set_return_error(struct axvcpu *vcpu, int e)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_SET_RETURN_ERROR);
	int err = fail_take(MOCK_OP_SET_RETURN_ERROR);
	if (!err)
		m->ret_error = e;
	leave(m);
	return err;
}

static int mock_power_off(struct axvcpu *vcpu)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_POWER_OFF);
	int err = fail_take(MOCK_OP_POWER_OFF);
	if (!err && (m->create_flags & MOCK_CREATE_PARK_IN_RUN))
		err = AXVCPU_POWER_PARKED_IN_RUN;
	leave(m);
	return err;
}

/* The arch start state of the mock: entry, and arg in register 1. */
static int mock_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_POWER_ON);
	int err = fail_take(MOCK_OP_POWER_ON);
	if (!err) {
		m->entry = entry;
		m->regs[1] = arg;
		m->power_arg = arg;
	}
	leave(m);
	return err;
}

static int mock_reset(struct axvcpu *vcpu)
{
	struct mock_vcpu *m = enter(vcpu, MOCK_OP_RESET);
	int err = fail_take(MOCK_OP_RESET);
	if (!err) {
		m->entry = m->setup_entry;
		for (unsigned i = 0; i < MOCK_NGPRS; i++)
			m->regs[i] = m->setup_fill;
	}
	leave(m);
	return err;
}

static bool mock_vector_valid(uint64_t vector)
{
	enter_global(MOCK_OP_VECTOR_VALID);
	return vector != MOCK_BAD_VECTOR;
}

/* Runs concurrently with run: touches only the lock and the atomics. */
static void mock_kick(struct axvcpu *vcpu)
{
	struct mock_vcpu *m = mock_of(vcpu);
	atomic_fetch_add(&global_calls[MOCK_OP_KICK], 1);
	atomic_fetch_add(&m->calls[MOCK_OP_KICK], 1);
	pthread_mutex_lock(&m->lock);
	m->kicked = true;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

const struct axvcpu_backend mock_backend = {
	.name = "mock",
	.arch_size = sizeof(struct mock_vcpu),
	.percpu_size = sizeof(struct mock_percpu),
	.create_config_size = sizeof(struct mock_create_config),
	.setup_config_size = sizeof(struct mock_setup_config),
	.gpr_count = MOCK_NGPRS,
	.vector_count = MOCK_NVECTORS,
	.percpu_init = mock_percpu_init,
	.percpu_enable = mock_percpu_enable,
	.percpu_disable = mock_percpu_disable,
	.percpu_fini = mock_percpu_fini,
	.max_guest_page_table_levels = mock_max_levels,
	.create = mock_create,
	.destroy = mock_destroy,
	.setup = mock_setup,
	.set_entry = mock_set_entry,
	.set_gpr = mock_set_gpr,
	.get_gpr = mock_get_gpr,
	.bind = mock_bind,
	.unbind = mock_unbind,
	.run = mock_run,
	.complete_read = mock_complete_read,
	.set_return_value = mock_set_return_value,
	.reflect_fault = mock_reflect_fault,
	.vector_valid = mock_vector_valid,
	.kick = mock_kick,
	.set_return_error = mock_set_return_error,
	.power_off = mock_power_off,
	.power_on = mock_power_on,
	.reset = mock_reset,
};

/*
 * The minimal backend has no percpu_init, so its per-CPU state is stamped
 * at enable instead (the core zeroed it at init), which keeps check_cpu()
 * meaningful for it too.
 */
static int mock_min_percpu_enable(void *percpu)
{
	struct mock_percpu *pc = percpu;
	enter_global(MOCK_OP_PERCPU_ENABLE);
	int err = fail_take(MOCK_OP_PERCPU_ENABLE);
	if (err)
		return err;
	pc->magic = MOCK_PERCPU_MAGIC;
	pc->cpu = axvcpu_hal_get()->current_cpu_id();
	pc->enabled = true;
	return 0;
}

const struct axvcpu_backend mock_backend_minimal = {
	.name = "mock-minimal",
	.arch_size = sizeof(struct mock_vcpu),
	.percpu_size = sizeof(struct mock_percpu),
	.create_config_size = 0,
	.setup_config_size = 0,
	.gpr_count = MOCK_NGPRS,
	.vector_count = MOCK_NVECTORS,
	.percpu_enable = mock_min_percpu_enable,
	.percpu_disable = mock_percpu_disable,
	.create = mock_create,
	.setup = mock_setup,
	.set_entry = mock_set_entry,
	.set_gpr = mock_set_gpr,
	.get_gpr = mock_get_gpr,
	.bind = mock_bind,
	.unbind = mock_unbind,
	.run = mock_run,
};

/* ---- script and blocking control ------------------------------------ */

static void script_push(struct mock_vcpu *m, const struct mock_step *s)
{
	if (m->script_len == MOCK_SCRIPT_MAX)
		return;
	m->script[(m->script_head + m->script_len) % MOCK_SCRIPT_MAX] = *s;
	m->script_len++;
}

void mock_script_exit(struct axvcpu *vcpu, const struct axvcpu_exit *exit)
{
	struct mock_step s;
	memset(&s, 0, sizeof(s));
	s.exit = *exit;
	script_push(mock_of(vcpu), &s);
}

void mock_script_error(struct axvcpu *vcpu, int err)
{
	struct mock_step s;
	memset(&s, 0, sizeof(s));
	s.err = err;
	script_push(mock_of(vcpu), &s);
}

void mock_script_reason(struct axvcpu *vcpu, enum axvcpu_exit_reason reason)
{
	struct axvcpu_exit e;
	memset(&e, 0, sizeof(e));
	e.reason = reason;
	if (reason == AXVCPU_EXIT_HALT)
		e.halt.deadline = UINT64_MAX;
	mock_script_exit(vcpu, &e);
}

void mock_script_mmio_read(struct axvcpu *vcpu, uint32_t reg, uint8_t width,
			   uint8_t reg_width, bool sign_ext)
{
	struct axvcpu_exit e;
	memset(&e, 0, sizeof(e));
	e.reason = AXVCPU_EXIT_MMIO_READ;
	e.mmio_read.addr = 0x10000000;
	e.mmio_read.reg = reg;
	e.mmio_read.width = width;
	e.mmio_read.reg_width = reg_width;
	e.mmio_read.sign_ext = sign_ext;
	mock_script_exit(vcpu, &e);
}

void mock_set_cycle(struct axvcpu *vcpu, const struct axvcpu_exit *exits,
		    unsigned n)
{
	struct mock_vcpu *m = mock_of(vcpu);
	if (n > MOCK_CYCLE_MAX)
		n = MOCK_CYCLE_MAX;
	memcpy(m->cycle, exits, n * sizeof(*exits));
	m->cycle_len = n;
	m->cycle_pos = 0;
}

void mock_set_blocking(struct axvcpu *vcpu, bool on, unsigned timeout_us)
{
	struct mock_vcpu *m = mock_of(vcpu);
	pthread_mutex_lock(&m->lock);
	m->block_run = on;
	m->block_timeout_us = timeout_us;
	pthread_mutex_unlock(&m->lock);
}

bool mock_wait_in_run(struct axvcpu *vcpu, unsigned timeout_ms)
{
	struct mock_vcpu *m = mock_of(vcpu);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	until.tv_sec += until.tv_nsec / 1000000000;
	until.tv_nsec %= 1000000000;
	pthread_mutex_lock(&m->lock);
	int err = 0;
	while (!m->in_run && err != ETIMEDOUT)
		err = pthread_cond_timedwait(&m->cond, &m->lock, &until);
	bool in = m->in_run;
	pthread_mutex_unlock(&m->lock);
	return in;
}

bool mock_in_run(struct axvcpu *vcpu)
{
	struct mock_vcpu *m = mock_of(vcpu);
	pthread_mutex_lock(&m->lock);
	bool in = m->in_run;
	pthread_mutex_unlock(&m->lock);
	return in;
}

void mock_release(struct axvcpu *vcpu)
{
	struct mock_vcpu *m = mock_of(vcpu);
	pthread_mutex_lock(&m->lock);
	m->released = true;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
}
