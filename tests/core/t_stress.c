/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Threaded stress: several threads (each its own CPU with the hosted HAL)
 * race bind/unbind/run/set_state/set_gpr/get_gpr/set_entry/inject/kick/
 * wake/complete on one vCPU, then on many. Every call must return 0 or an
 * error allowed for it, every state seen must be valid, and at the end the
 * counts must agree with the mock's: each success reached the backend
 * exactly once, no two ops overlapped on a vCPU, every injected vector was
 * delivered or is still pending, and no vCPU was left Blocked with an
 * interrupt pending. Both with the mock as it is and with a copy whose
 * register file the core writes itself (backend.h's gpr_file_count and
 * RUN_FILLS_EXIT: the completion's fast path, as on riscv64). Built twice:
 * ASan+UBSan, and ThreadSanitizer, where any report fails the program.
 */
#include "helpers.h"

#include <time.h>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define STRESS_TSAN 1 /* (mock_backend.c makes TSan reports fatal) */
#endif
#endif

#define NTHREADS 4
#define NVCPUS 8
/* Per thread and phase: at least MIN_ITERS calls (so a loaded machine
 * still races), then until PHASE_MS or MAX_ITERS, whichever comes first. */
#define MIN_ITERS 20000
#define MAX_ITERS 2000000
#define PHASE_MS 300

enum op {
	OP_BIND,
	OP_UNBIND,
	OP_RUN,
	OP_SET_READY,
	OP_SET_BLOCKED,
	OP_SET_GPR,
	OP_GET_GPR,
	OP_SET_ENTRY,
	OP_INJECT,
	OP_KICK,
	OP_WAKE,
	OP_COMPLETE,
	OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	"bind",
	"unbind",
	"run",
	"set_state(Ready)",
	"set_state(Blocked)",
	"set_gpr",
	"get_gpr",
	"set_entry",
	"inject",
	"kick",
	"wake",
	"complete_mmio_read",
};

#define E(x) (1u << -(x))
/* Allowed results per op (bit 0 = success). */
static const unsigned allowed[OP_COUNT] = {
	[OP_BIND] = 1 | E(AXVCPU_EBADSTATE) | E(AXVCPU_EBUSY),
	[OP_UNBIND] =
	    1 | E(AXVCPU_EBADSTATE) | E(AXVCPU_EBUSY) | E(AXVCPU_EWRONGCPU),
	[OP_RUN] =
	    1 | E(AXVCPU_EBADSTATE) | E(AXVCPU_EBUSY) | E(AXVCPU_EWRONGCPU),
	[OP_SET_READY] = 1 | E(AXVCPU_EBADSTATE) | E(AXVCPU_EBUSY),
	[OP_SET_BLOCKED] = 1 | E(AXVCPU_EBADSTATE) | E(AXVCPU_EBUSY),
	[OP_SET_GPR] = 1 | E(AXVCPU_EBADSTATE) | E(AXVCPU_EBUSY),
	[OP_GET_GPR] = 1 | E(AXVCPU_EBADSTATE) | E(AXVCPU_EBUSY),
	[OP_SET_ENTRY] = 1 | E(AXVCPU_EBADSTATE) | E(AXVCPU_EBUSY),
	[OP_INJECT] = 1,
	[OP_KICK] = 1,
	[OP_WAKE] = 1 | E(AXVCPU_EBADSTATE),
	[OP_COMPLETE] =
	    1 | E(AXVCPU_EINVAL) | E(AXVCPU_EBADSTATE) | E(AXVCPU_EBUSY),
};

/* The exits the mock produces here. */
static struct axvcpu_exit cycle[6];

/* Per thread, per vCPU: successes of each op, plus run details. */
struct tally {
	unsigned ok[OP_COUNT];
	unsigned calls[OP_COUNT];
	unsigned cancelled;
	unsigned bad_exit;
	uint64_t injected[MOCK_NVECTORS / 64];
};

struct worker {
	pthread_t thread;
	unsigned idx;
	unsigned cpu;
	unsigned nvcpus;
	struct axvcpu **vcpus;
	pthread_barrier_t *barrier;
	struct tally tally[NVCPUS];
	unsigned bad;       /* results outside the allowed set */
	unsigned bad_state; /* invalid states observed */
	unsigned stuck;     /* Blocked with an interrupt pending at the end */
	unsigned final_unbind_err;
	unsigned iters;
	char first_bad[160];
};

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool exit_expected(const struct axvcpu_exit *e)
{
	switch (e->reason) {
	case AXVCPU_EXIT_CANCELLED:
	case AXVCPU_EXIT_NOTHING:
	case AXVCPU_EXIT_HALT:
	case AXVCPU_EXIT_HYPERCALL:
		return true;
	case AXVCPU_EXIT_EXTERNAL_INTERRUPT:
		return e->external_interrupt.vector < MOCK_NVECTORS;
	case AXVCPU_EXIT_MMIO_READ:
		return memcmp(e, &cycle[2], sizeof(*e)) == 0;
	case AXVCPU_EXIT_SYSREG_READ:
		return memcmp(e, &cycle[4], sizeof(*e)) == 0;
	case AXVCPU_EXIT_IO_READ:
		return memcmp(e, &cycle[5], sizeof(*e)) == 0;
	default:
		return false;
	}
}

static void one_op(struct worker *w, uint64_t *rng)
{
	uint64_t r = xorshift(rng);
	unsigned vi = w->nvcpus > 1 ? (unsigned)(r % w->nvcpus) : 0;
	struct axvcpu *v = w->vcpus[vi];
	struct tally *t = &w->tally[vi];
	enum op op = (enum op)((r >> 8) % OP_COUNT);
	struct axvcpu_exit e;
	uint64_t val = 0;
	int err = 0;

	switch (op) {
	case OP_BIND:
		err = axvcpu_bind(v);
		break;
	case OP_UNBIND:
		err = axvcpu_unbind(v);
		break;
	case OP_RUN:
		err = axvcpu_run(v, &e);
		if (!err) {
			if (e.reason == AXVCPU_EXIT_CANCELLED)
				t->cancelled++;
			if (!exit_expected(&e))
				t->bad_exit++;
		}
		break;
	case OP_SET_READY:
		err = axvcpu_set_state(v, AXVCPU_STATE_READY);
		break;
	case OP_SET_BLOCKED:
		err = axvcpu_set_state(v, AXVCPU_STATE_BLOCKED);
		break;
	case OP_SET_GPR:
		err = axvcpu_set_gpr(v, (unsigned)(r >> 20) % MOCK_NGPRS, r);
		break;
	case OP_GET_GPR:
		err = axvcpu_get_gpr(v, (unsigned)(r >> 20) % MOCK_NGPRS, &val);
		break;
	case OP_SET_ENTRY:
		err = axvcpu_set_entry(v, r & ~0xfffull);
		break;
	case OP_INJECT: {
		uint64_t vec = (r >> 24) % MOCK_NVECTORS;
		if (vec == MOCK_BAD_VECTOR)
			vec++;
		err = axvcpu_inject_interrupt(v, vec);
		if (!err)
			t->injected[vec / 64] |= (uint64_t)1 << (vec % 64);
		break;
	}
	case OP_KICK:
		err = axvcpu_kick(v);
		break;
	case OP_WAKE:
		err = axvcpu_wake(v);
		break;
	default:
		err = axvcpu_complete_mmio_read(v, r);
		break;
	}
	t->calls[op]++;
	if (!err)
		t->ok[op]++;
	enum axvcpu_state s = axvcpu_state(v);
	int bound = axvcpu_bound_cpu(v);
	if ((unsigned)s >= AXVCPU_STATE_COUNT || s == AXVCPU_STATE_CREATED ||
	    bound < -1 || bound > NTHREADS)
		w->bad_state++;
	if (err > 0 || err < -8 || !(allowed[op] & (1u << -err))) {
		if (!w->bad++)
			snprintf(w->first_bad, sizeof(w->first_bad),
				 "%s on vCPU %u returned %s (state now %s)",
				 op_names[op], vi, axvcpu_error_name(err),
				 axvcpu_state_name(s));
	}
}

/* The backend of the current round: the mock, or `file` (main()). */
static const struct axvcpu_backend *be_now = &mock_backend;
static struct axvcpu_backend file;

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	percpu_up(w->cpu, be_now);
	uint64_t rng = 0x9e3779b97f4a7c15ull * (w->idx + 1);
	pthread_barrier_wait(w->barrier);
	long deadline = now_ms() + PHASE_MS;
	for (w->iters = 0; w->iters < MAX_ITERS; w->iters++) {
		if ((w->iters & 63) == 0 && w->iters >= MIN_ITERS &&
		    now_ms() > deadline)
			break;
		one_op(w, &rng);
	}
	/* Quiesce: nobody acts any more; check and unbind our vCPUs. */
	pthread_barrier_wait(w->barrier);
	for (unsigned i = 0; i < w->nvcpus; i++) {
		struct axvcpu *v = w->vcpus[i];
		if (axvcpu_bound_cpu(v) != (int)w->cpu)
			continue;
		if (axvcpu_state(v) == AXVCPU_STATE_BLOCKED &&
		    axvcpu_irq_first_pending(v) >= 0)
			w->stuck++;
		if (axvcpu_unbind(v) != 0)
			w->final_unbind_err++;
		else
			w->tally[i].ok[OP_UNBIND]++;
	}
	pthread_barrier_wait(w->barrier);
	if (axvcpu_percpu_hardware_disable() != 0 || axvcpu_percpu_fini() != 0)
		w->final_unbind_err++;
	return 0;
}

static void phase(const char *name, unsigned nvcpus)
{
	struct axvcpu *vcpus[NVCPUS];
	/* Backend calls made while building the vCPUs (setup, set_gpr). */
	unsigned base[NVCPUS][MOCK_OP_COUNT];
	for (unsigned i = 0; i < nvcpus; i++) {
		vcpus[i] = vcpu_in(be_now, AXVCPU_STATE_FREE);
		struct mock_vcpu *m = mock_of(vcpus[i]);
		for (unsigned o = 0; o < MOCK_OP_COUNT; o++)
			base[i][o] = m->calls[o];
		mock_set_cycle(vcpus[i], cycle, 6);
		m->deliver_irqs = true;
		/* Half of them block in run for a moment, so that kicks and
		 * injects meet a vCPU that is really inside run. */
		if (i % 2 == 0)
			mock_set_blocking(vcpus[i], true, 20);
	}
	pthread_barrier_t barrier;
	pthread_barrier_init(&barrier, 0, NTHREADS);
	static struct worker ws[NTHREADS];
	memset(ws, 0, sizeof(ws));
	long t0 = now_ms();
	for (unsigned i = 0; i < NTHREADS; i++) {
		ws[i].idx = i;
		ws[i].cpu = RUNNER_CPU + i;
		ws[i].nvcpus = nvcpus;
		ws[i].vcpus = vcpus;
		ws[i].barrier = &barrier;
		must(pthread_create(&ws[i].thread, 0, worker_main, &ws[i]) == 0,
		     "thread");
	}
	for (unsigned i = 0; i < NTHREADS; i++)
		pthread_join(ws[i].thread, 0);
	pthread_barrier_destroy(&barrier);

	unsigned bad = 0, bad_state = 0, stuck = 0, fin = 0, iters = 0;
	for (unsigned i = 0; i < NTHREADS; i++) {
		bad += ws[i].bad;
		bad_state += ws[i].bad_state;
		stuck += ws[i].stuck;
		fin += ws[i].final_unbind_err;
		iters += ws[i].iters;
		if (ws[i].bad)
			tap_diag("thread %u: %s", i, ws[i].first_bad);
	}
	tap_diag("%s: %u calls in %ld ms", name, iters, now_ms() - t0);
	tap_is(bad, 0, "%s: every call returned 0 or an allowed error", name);
	tap_is(bad_state, 0, "%s: every state and bound CPU seen was valid",
	       name);
	tap_is(stuck, 0, "%s: no vCPU Blocked with an interrupt pending", name);
	tap_is(fin, 0, "%s: final unbinds and per-CPU teardown succeeded",
	       name);

	unsigned mism = 0, overl = 0, wrong = 0, lost = 0, bad_exit = 0;
	unsigned runs_ok = 0, binds_ok = 0, injects_ok = 0, sets_ok = 0;
	for (unsigned i = 0; i < nvcpus; i++) {
		struct axvcpu *v = vcpus[i];
		struct mock_vcpu *m = mock_of(v);
		unsigned calls[MOCK_OP_COUNT];
		for (unsigned o = 0; o < MOCK_OP_COUNT; o++)
			calls[o] = m->calls[o] - base[i][o];
		struct tally sum;
		memset(&sum, 0, sizeof(sum));
		for (unsigned k = 0; k < NTHREADS; k++) {
			const struct tally *t = &ws[k].tally[i];
			for (int o = 0; o < OP_COUNT; o++) {
				sum.ok[o] += t->ok[o];
				sum.calls[o] += t->calls[o];
			}
			sum.cancelled += t->cancelled;
			sum.bad_exit += t->bad_exit;
			for (unsigned w = 0; w < MOCK_NVECTORS / 64; w++)
				sum.injected[w] |= t->injected[w];
		}
		runs_ok += sum.ok[OP_RUN];
		binds_ok += sum.ok[OP_BIND];
		injects_ok += sum.ok[OP_INJECT];
		sets_ok += sum.ok[OP_SET_GPR];
		bad_exit += sum.bad_exit;
		/* Each success reached the backend exactly once. */
		bool ok =
		    axvcpu_state(v) == AXVCPU_STATE_FREE &&
		    axvcpu_bound_cpu(v) == -1 &&
		    sum.ok[OP_BIND] == calls[MOCK_OP_BIND] &&
		    sum.ok[OP_UNBIND] == calls[MOCK_OP_UNBIND] &&
		    sum.ok[OP_BIND] == sum.ok[OP_UNBIND] &&
		    sum.ok[OP_SET_GPR] == calls[MOCK_OP_SET_GPR] &&
		    sum.ok[OP_GET_GPR] == calls[MOCK_OP_GET_GPR] &&
		    sum.ok[OP_SET_ENTRY] == calls[MOCK_OP_SET_ENTRY] &&
		    /* (The register file takes MMIO completions
		     * without the op.) */
		    (be_now == &file ||
		     sum.ok[OP_COMPLETE] <= calls[MOCK_OP_COMPLETE_READ]) &&
		    calls[MOCK_OP_KICK] <=
			sum.ok[OP_KICK] + sum.ok[OP_INJECT] &&
		    /* Runs the core cancelled never entered the mock. */
		    sum.ok[OP_RUN] - sum.cancelled ==
			calls[MOCK_OP_RUN] - m->run_cancelled;
		if (!ok) {
			mism++;
			tap_diag("vCPU %u: state %s bound %d bind %u/%u unbind "
				 "%u/%u run %u-%u/%u-%u set_gpr %u/%u "
				 "get_gpr %u/%u",
				 i, axvcpu_state_name(axvcpu_state(v)),
				 axvcpu_bound_cpu(v), sum.ok[OP_BIND],
				 calls[MOCK_OP_BIND], sum.ok[OP_UNBIND],
				 calls[MOCK_OP_UNBIND], sum.ok[OP_RUN],
				 sum.cancelled, calls[MOCK_OP_RUN],
				 m->run_cancelled, sum.ok[OP_SET_GPR],
				 calls[MOCK_OP_SET_GPR], sum.ok[OP_GET_GPR],
				 calls[MOCK_OP_GET_GPR]);
		}
		overl += m->overlaps;
		wrong += m->current_wrong + m->percpu_wrong + m->bad_reg;
		/* Every injected vector was delivered or is still pending. */
		for (unsigned vec = 0; vec < MOCK_NVECTORS; vec++) {
			uint64_t bit = (uint64_t)1 << (vec % 64);
			if ((sum.injected[vec / 64] & bit) &&
			    !(m->delivered_mask[vec / 64] & bit) &&
			    !axvcpu_irq_is_pending(v, vec))
				lost++;
		}
	}
	tap_is(mism, 0, "%s: per-vCPU counts agree with the backend's", name);
	tap_is(overl, 0, "%s: no two backend ops overlapped on a vCPU", name);
	tap_is(wrong, 0,
	       "%s: ops saw themselves current, Running, on their CPU", name);
	tap_is(lost, 0, "%s: no injected vector lost", name);
	tap_is(bad_exit, 0, "%s: every exit was one the backend produced",
	       name);
	/* The race was real: the interesting calls succeeded many times. */
	tap_ok(runs_ok > 50 && binds_ok > 10 && injects_ok > 50 && sets_ok > 50,
	       "%s: calls succeeded (run %u, bind %u, inject %u, set_gpr %u)",
	       name, runs_ok, binds_ok, injects_ok, sets_ok);
	for (unsigned i = 0; i < nvcpus; i++)
		must(axvcpu_destroy(vcpus[i]) == 0, "destroy");
}

int main(void)
{
	must(axvcpu_hal_register(axvcpu_hosted_hal()) == 0, "HAL");
	axvcpu_hosted_cpu_set(MAIN_CPU);
	memset(cycle, 0, sizeof(cycle));
	cycle[0].reason = AXVCPU_EXIT_NOTHING;
	cycle[1].reason = AXVCPU_EXIT_HALT;
	cycle[1].halt.deadline = UINT64_MAX;
	cycle[2].reason = AXVCPU_EXIT_MMIO_READ;
	cycle[2].mmio_read.addr = 0x10000000;
	cycle[2].mmio_read.width = 2;
	cycle[2].mmio_read.reg_width = 8;
	cycle[2].mmio_read.sign_ext = true;
	cycle[2].mmio_read.reg = 3;
	cycle[3].reason = AXVCPU_EXIT_HYPERCALL;
	cycle[3].hypercall.nr = 1;
	cycle[4].reason = AXVCPU_EXIT_SYSREG_READ;
	cycle[4].sysreg_read.reg = 4;
	cycle[5].reason = AXVCPU_EXIT_IO_READ;
	cycle[5].io_read.port = 0x3f8;
	cycle[5].io_read.width = 1;

	long frames = axvcpu_hosted_frames_in_use();
#ifdef STRESS_TSAN
	tap_diag("built with ThreadSanitizer");
#endif
	phase("one vCPU", 1);
	phase("many vCPUs", NVCPUS);
	/* The same with the core's fast completion into a register file. */
	file = mock_backend;
	file.name = "mock-file";
	file.flags = AXVCPU_BACKEND_RUN_FILLS_EXIT;
	file.gpr_file_count = MOCK_NGPRS;
	file.gpr_file_offset = offsetof(struct mock_vcpu, regs);
	be_now = &file;
	phase("one vCPU, register file", 1);
	phase("many vCPUs, register file", NVCPUS);
	tap_is(axvcpu_hosted_frames_in_use(), frames, "no frame leaked");
	return tap_done(0);
}
