/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance checker: the protocol (proto.h), the dispatch of exits
 * to the running scenario, TAP, and remote work on the second vCPU's CPU.
 * Freestanding (vmm/ and the public API only).
 */
#include "tests/conformance/scenarios.h"
#include "vmm/fmt.h"
#include "vmm/libc.h"

#include <stdarg.h>

/* The one checker of this program: host->wait has no room for it. */
static struct conf *conf_active;

/* The vCPU whose host CPU/thread runs remote work (parked there). */
#define CONF_REMOTE_VCPU CONF_CPU_SECOND

/*
 * A scenario still running after this long is stuck (they take
 * milliseconds): it fails and the suite ends, seen at the next exit (a
 * host timer's, on backends that have one; the host program's watchdog
 * otherwise).
 */
#define CONF_SCENARIO_LIMIT_MS 10000u

static void conf_print(struct conf *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void conf_print(struct conf *c, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vmm_vfmt(line, sizeof(line), fmt, ap);
	va_end(ap);
	vmm_lock_take(&c->print_lock, c->vm->host.relax, c->vm->host.ctx);
	c->be->print(line);
	vmm_lock_give(&c->print_lock);
}

struct axvcpu *conf_vcpu(struct conf *c, unsigned id)
{
	return id < c->vm->nvcpu ? c->vm->vcpus[id].vcpu : 0;
}

bool conf_has(const struct conf *c, uint32_t caps)
{
	return (c->be->caps & caps) == caps;
}

uint64_t conf_now(struct conf *c)
{
	return c->vm->host.now(c->vm->host.ctx);
}

int conf_cpu_here(void)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	return hal ? (int)hal->current_cpu_id() : -1;
}

static const char *conf_cur_name(const struct conf *c)
{
	return c->cur < CONF_S_COUNT ? conf_scenarios[c->cur].name : "-";
}

void conf_fail(struct conf *c, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vmm_vfmt(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	atomic_fetch_add(&c->fails, 1);
	conf_print(c, "#   %s: %s\n", conf_cur_name(c), msg);
}

bool conf_expect(struct conf *c, bool ok, const char *fmt, ...)
{
	if (ok)
		return true;
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vmm_vfmt(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	conf_fail(c, "%s", msg);
	return false;
}

bool conf_eq(struct conf *c, const char *what, uint64_t got, uint64_t want)
{
	return conf_expect(c, got == want, "%s: got 0x%llx, want 0x%llx", what,
			   (unsigned long long)got, (unsigned long long)want);
}

bool conf_reason(struct conf *c, const struct axvcpu_exit *e,
		 enum axvcpu_exit_reason want)
{
	if (e->reason == want)
		return true;
	char line[128];
	axvcpu_exit_format(e, line, sizeof(line));
	conf_fail(c, "want a %s exit, got %s", axvcpu_exit_name(want), line);
	return false;
}

bool conf_guest_write(struct conf *c, uint64_t gpa, uint64_t value)
{
	return vmm_mem_write(&c->vm->mem, gpa, &value, sizeof(value)) == 0;
}

uint64_t conf_guest_read(struct conf *c, uint64_t gpa)
{
	uint64_t v = 0;
	if (vmm_mem_read(&c->vm->mem, gpa, &v, sizeof(v)))
		return 0;
	return v;
}

/* ---- remote work ---------------------------------------------------------
 * Whatever must happen on another host CPU (a kick, an injection, a call
 * made from the wrong CPU) runs on the CPU/thread of the second vCPU,
 * which is parked and so sleeps in host->wait: the wrapper below runs the
 * posted work there. Written once for every host this way: bare metal
 * (wait = WFI on hart 1, notify = IPI) and Linux (a condition variable).
 */

static bool conf_remote_run(struct conf *c)
{
	unsigned posted = 1;
	if (atomic_load(&c->remote_state) != 1 ||
	    conf_now(c) < atomic_load(&c->remote_due) ||
	    !atomic_compare_exchange_strong(&c->remote_state, &posted, 2))
		return false;
	atomic_store(&c->remote_cpu, conf_cpu_here());
	c->remote_fn(c);
	atomic_store(&c->remote_state, 3);
	return true;
}

static void conf_wait(void *ctx, unsigned id, uint64_t deadline)
{
	struct conf *c = conf_active;
	if (id == CONF_REMOTE_VCPU) {
		if (conf_remote_run(c))
			return; /* the VM checks its conditions again */
		if (atomic_load(&c->remote_state) == 1) {
			uint64_t due = atomic_load(&c->remote_due);
			deadline = due < deadline ? due : deadline;
		}
	}
	c->inner_wait(ctx, id, deadline);
	if (id == CONF_REMOTE_VCPU)
		conf_remote_run(c);
}

void conf_remote(struct conf *c, void (*fn)(struct conf *c), unsigned delay_ms)
{
	if (!conf_has(c, CONF_CAP_SECOND)) {
		conf_fail(c, "remote work without a second vCPU");
		return;
	}
	unsigned s = atomic_load(&c->remote_state);
	if (s == 1 || s == 2) {
		conf_fail(c, "remote work posted while other work is pending");
		return;
	}
	c->remote_fn = fn;
	atomic_store(&c->remote_cpu, -1);
	atomic_store(&c->remote_due,
		     conf_now(c) + (uint64_t)delay_ms * c->be->ticks_per_ms);
	atomic_store(&c->remote_state, 1);
	c->vm->host.notify(c->vm->host.ctx, CONF_REMOTE_VCPU);
}

/*
 * At the end of a scenario, before its final checks: work that is running
 * is waited for (the guest may have finished on what it did first, an
 * injection, while it still records its results); work posted that never
 * ran is withdrawn, a failure (it would act on the next scenario).
 */
static void conf_remote_drain(struct conf *c)
{
	uint64_t end = conf_now(c) + 2000 * c->be->ticks_per_ms;
	while (atomic_load(&c->remote_state) == 2 && conf_now(c) < end)
		if (c->vm->host.relax)
			c->vm->host.relax(c->vm->host.ctx);
	unsigned posted = 1;
	if (atomic_compare_exchange_strong(&c->remote_state, &posted, 0))
		conf_fail(c, "remote work never ran (withdrawn)");
	else if (atomic_load(&c->remote_state) == 2)
		conf_fail(c, "remote work still running after 2 s");
}

bool conf_remote_wait(struct conf *c)
{
	uint64_t end = conf_now(c) + 2000 * c->be->ticks_per_ms;
	while (atomic_load(&c->remote_state) != 3 && conf_now(c) < end)
		if (c->vm->host.relax)
			c->vm->host.relax(c->vm->host.ctx);
	return atomic_load(&c->remote_state) == 3;
}

bool conf_remote_sync(struct conf *c, void (*fn)(struct conf *c))
{
	conf_remote(c, fn, 0);
	return conf_expect(c, conf_remote_wait(c),
			   "remote work did not run within 2 s");
}

/* ---- TAP ------------------------------------------------------------------
 */

static const char *const conf_cap_names[CONF_CAP_COUNT] = {
	[CONF_BIT_MMIO] = "MMIO exits",
	[CONF_BIT_PIO] = "port I/O",
	[CONF_BIT_SYSREG] = "system-register exits",
	[CONF_BIT_TIMER] = "a guest timer",
	[CONF_BIT_CONSOLE] = "console calls",
	[CONF_BIT_CPU_UP] = "CpuUp exits",
	[CONF_BIT_SEND_IPI] = "SendIPI exits",
	[CONF_BIT_REMOTE_FENCE] = "RemoteFence exits",
	[CONF_BIT_SYSTEM_EVENTS] = "system events",
	[CONF_BIT_NPF] = "NestedPageFault",
	[CONF_BIT_REFLECT] = "reflect_fault",
	[CONF_BIT_HOST_PREEMPT] = "host preemption exits",
	[CONF_BIT_RESET] = "reset",
	[CONF_BIT_CRASH] = "shutdown on an undeliverable fault",
	[CONF_BIT_SECOND] = "a second vCPU",
};

/* Why scenario `s` does not apply, or NULL if it does. */
static const char *conf_skip_why(const struct conf *c,
				 const struct conf_scenario *s)
{
	if (!s->exit)
		return "no row for it in the table";
	uint32_t missing = s->needs & ~c->be->caps;
	if (!missing && s->needs_any && !(s->needs_any & c->be->caps))
		missing = s->needs_any;
	if (!missing)
		return 0;
	for (unsigned b = 0; b < CONF_CAP_COUNT; b++)
		if (missing >> b & 1)
			return c->be->lacks[b] ? c->be->lacks[b]
					       : conf_cap_names[b];
	return "?";
}

static void conf_result(struct conf *c, unsigned idx, bool ok, const char *why)
{
	const struct conf_scenario *s = &conf_scenarios[idx];
	c->tap++;
	if (!ok)
		c->failed++;
	conf_print(c, "%s %u - %s: %s: %s%s%s\n", ok ? "ok" : "not ok", c->tap,
		   c->be->name, s->name, s->what, why ? ": " : "",
		   why ? why : "");
}

/* The guest's string at `gpa` (bounded; "?" where it is not RAM). */
static void conf_guest_string(struct conf *c, uint64_t gpa, char *buf,
			      size_t size)
{
	size_t i = 0;
	for (; i + 1 < size; i++) {
		const char *p = vmm_mem_translate(&c->vm->mem, gpa + i, 1);
		if (!p || !*p)
			break;
		buf[i] = *p >= ' ' && *p < 127 ? *p : '.';
	}
	buf[i] = 0;
	if (!i)
		vmm_fmt(buf, size, "?");
}

/* Start the next scenario that applies (SKIP lines for those that do
 * not); its id, or CONF_END. */
static unsigned conf_start_next(struct conf *c)
{
	while (c->next < CONF_S_COUNT) {
		unsigned idx = c->next++;
		const struct conf_scenario *s = &conf_scenarios[idx];
		const char *why = conf_skip_why(c, s);
		if (why) {
			c->tap++;
			c->skipped++;
			conf_print(c, "ok %u - %s: %s: %s # SKIP %s\n", c->tap,
				   c->be->name, s->name, s->what, why);
			continue;
		}
		c->cur = idx;
		c->started = conf_now(c);
		atomic_store(&c->fails, 0);
		c->restarts = 0;
		for (unsigned i = 0; i < 8; i++)
			atomic_store(&c->n[i], 0);
		memset(c->arm, 0, sizeof(c->arm));
		if (s->start)
			s->start(c);
		return s->id;
	}
	return CONF_END;
}

/* End the running scenario: its final checks and its TAP line. */
static void conf_finish_cur(struct conf *c, const char *why)
{
	if (c->cur >= CONF_S_COUNT)
		return;
	const struct conf_scenario *s = &conf_scenarios[c->cur];
	conf_remote_drain(c);
	if (!why && s->done)
		s->done(c);
	conf_result(c, c->cur, !why && atomic_load(&c->fails) == 0, why);
	c->cur = CONF_S_COUNT;
}

static void conf_plan(struct conf *c, bool finished)
{
	c->tap++;
	bool ok = finished && c->next >= CONF_S_COUNT && !c->stray;
	if (!ok)
		c->failed++;
	conf_print(c, "%s %u - %s: the guest ran every scenario and finished\n",
		   ok ? "ok" : "not ok", c->tap, c->be->name);
	conf_print(c, "1..%u\n", c->tap);
	conf_print(c, "# %s: %u scenarios, %u apply, %u skipped, %u failed\n",
		   c->be->name, (unsigned)CONF_S_COUNT, c->apply, c->skipped,
		   c->failed);
}

bool conf_end(struct conf *c)
{
	if (!c->finished) {
		char why[200];
		vmm_fmt(why, sizeof(why), "the VM ended first (%s: %s)",
			vmm_vm_end_name(vmm_vm_end(c->vm)), vmm_vm_why(c->vm));
		conf_finish_cur(c, why);
		while (c->next < CONF_S_COUNT)
			conf_result(c, c->next++, false, "never ran");
		c->finished = true;
		conf_plan(c, false);
	}
	return c->failed == 0;
}

/* The suite is over (the guest finished, or cannot go on). */
static void conf_stop(struct conf *c, bool finished, const char *why)
{
	if (!finished) {
		conf_finish_cur(c, why);
		while (c->next < CONF_S_COUNT)
			conf_result(c, c->next++, false, "never ran");
	}
	c->finished = true;
	conf_plan(c, finished);
	vmm_vm_stop(c->vm, finished ? VMM_VM_POWEROFF : VMM_VM_GUEST_ERROR,
		    c->failed ? 1 : 0, "conformance suite done");
}

/* ---- the exit hook ---------------------------------------------------------
 */

/* The protocol's calls; true if `e` was one. */
static bool conf_protocol(struct conf *c, unsigned id, struct axvcpu_exit *e)
{
	struct axvcpu *v = conf_vcpu(c, id);
	const uint64_t *a = e->hypercall.args;
	uint64_t ret = 0;
	switch (e->hypercall.nr) {
	case CONF_HC_NEXT:
		if (id != 0) {
			conf_fail(c, "NEXT from vCPU %u", id);
		} else if (c->cur < CONF_S_COUNT &&
			   conf_scenarios[c->cur].restartable) {
			/* It started over (reset): the same scenario. */
			c->restarts++;
			ret = conf_scenarios[c->cur].id;
			break;
		} else if (c->cur < CONF_S_COUNT) {
			conf_finish_cur(c, "the guest asked for the next "
					   "scenario before finishing it");
		}
		ret = conf_start_next(c);
		break;
	case CONF_HC_DONE:
		if (c->cur >= CONF_S_COUNT || a[0] != conf_scenarios[c->cur].id)
			conf_fail(c, "DONE(%llu) for another scenario",
				  (unsigned long long)a[0]);
		conf_finish_cur(c, 0);
		break;
	case CONF_HC_CHECK: {
		char name[96];
		if (a[0] == a[1])
			break;
		conf_guest_string(c, a[2], name, sizeof(name));
		conf_fail(c, "vCPU %u: %s: got 0x%llx, want 0x%llx", id, name,
			  (unsigned long long)a[0], (unsigned long long)a[1]);
		break;
	}
	case CONF_HC_PANIC: {
		char name[96], why[160];
		conf_guest_string(c, a[2], name, sizeof(name));
		vmm_fmt(
		    why, sizeof(why),
		    "the guest runtime panicked on vCPU %u: %s (code 0x%llx "
		    "at pc 0x%llx)",
		    id, name, (unsigned long long)a[0],
		    (unsigned long long)a[1]);
		conf_stop(c, false, why);
		return true;
	}
	case CONF_HC_FINISH:
		if (c->cur < CONF_S_COUNT)
			conf_finish_cur(c, "the guest finished inside it");
		conf_stop(c, true, 0);
		return true;
	default:
		return false;
	}
	axvcpu_set_return_value(v, ret);
	return true;
}

static bool conf_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
		      void *arg)
{
	struct conf *c = arg;
	(void)vm;
	if (c->finished)
		return false;
	if (c->cur < CONF_S_COUNT &&
	    conf_now(c) - c->started >
		(uint64_t)CONF_SCENARIO_LIMIT_MS * c->be->ticks_per_ms) {
		conf_stop(c, false, "stuck: still running after 10 s");
		return false;
	}
	if (e->reason == AXVCPU_EXIT_HYPERCALL &&
	    e->hypercall.nr >= CONF_HC_BASE &&
	    e->hypercall.nr <= CONF_HC_LAST && e->hypercall.nr != CONF_HC_ARM &&
	    e->hypercall.nr != CONF_HC_RESET_ME && conf_protocol(c, id, e))
		return true;
	enum conf_take t = CONF_NOT_MINE;
	if (c->cur < CONF_S_COUNT)
		t = conf_scenarios[c->cur].exit(c, id, e);
	if (t != CONF_NOT_MINE)
		return t == CONF_TAKEN;
	/* Host interrupts end runs anywhere: the VM layer's business. */
	if (e->reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT)
		return false;
	char line[128];
	axvcpu_exit_format(e, line, sizeof(line));
	if (c->cur < CONF_S_COUNT) {
		conf_fail(c, "vCPU %u: unexpected exit: %s", id, line);
	} else {
		/* Between scenarios: the next one takes the blame. */
		conf_print(c, "#   vCPU %u: exit outside any scenario: %s\n",
			   id, line);
		c->stray++;
	}
	/* An unanswered protocol-range call must not hang the guest. */
	if (e->reason == AXVCPU_EXIT_HYPERCALL)
		axvcpu_set_return_value(conf_vcpu(c, id), 0);
	return e->reason == AXVCPU_EXIT_HYPERCALL;
}

void conf_install(struct conf *c, struct vmm_vm *vm,
		  const struct conf_backend *be)
{
	memset(c, 0, sizeof(*c));
	c->vm = vm;
	c->be = be;
	c->cur = CONF_S_COUNT;
	conf_active = c;
	c->inner_wait = vm->host.wait;
	vm->host.wait = conf_wait;
	vm->hook = conf_hook;
	vm->hook_arg = c;
	for (unsigned i = 0; i < CONF_S_COUNT; i++) {
		/* A table out of order or with a hole fails the plan. */
		if (conf_scenarios[i].id != i || !conf_scenarios[i].exit)
			c->stray++;
		if (!conf_skip_why(c, &conf_scenarios[i]))
			c->apply++;
	}
	conf_print(c, "# %s: %u scenarios, %u apply\n", be->name,
		   (unsigned)CONF_S_COUNT, c->apply);
}
