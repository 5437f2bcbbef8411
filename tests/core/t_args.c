/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bad arguments: NULL everywhere, register and vector indices out of range,
 * config sizes that do not match, favor_phys_cpu outside the set, backends
 * missing required ops, access exits with impossible widths, completion
 * calls with nothing (or the wrong kind) pending. Each is refused with
 * AXVCPU_EINVAL (or the documented code) and changes nothing.
 */
#include "helpers.h"

#include <limits.h>

/* Whether v is untouched: state, registers (when readable), no queue. */
static void check_unchanged(struct axvcpu *v, enum axvcpu_state s,
			    const uint64_t *regs, const char *what)
{
	tap_is(axvcpu_state(v), s, "%s: state unchanged", what);
	if (regs)
		tap_ok(regs_same(v, regs), "%s: registers unchanged", what);
	tap_is(axvcpu_irq_first_pending(v), -1, "%s: no interrupt queued",
	       what);
}

static void test_create_args(void)
{
	long frames = axvcpu_hosted_frames_in_use();
	unsigned creates = mock_global_calls(MOCK_OP_CREATE);
	struct axvcpu_create_params p = {
		.vm_id = 1,
		.vcpu_id = 1,
		.favor_phys_cpu = -1,
		.arch_config = &mock_ccfg,
		.arch_config_size = sizeof(mock_ccfg),
	};
	struct axvcpu *v = (struct axvcpu *)&p;

	tap_is(axvcpu_create(0, &p, &v), AXVCPU_EINVAL, "create: NULL backend");
	tap_ok(v == 0, "create error sets *out to NULL");
	tap_is(axvcpu_create(&mock_backend, 0, &v), AXVCPU_EINVAL,
	       "create: NULL params");
	tap_is(axvcpu_create(&mock_backend, &p, 0), AXVCPU_EINVAL,
	       "create: NULL out");

	/* Config pointer/size pairs. */
	struct {
		const void *cfg;
		size_t size;
		const char *what;
	} cfgs[] = {
		{ 0, sizeof(mock_ccfg), "NULL config with a size" },
		{ &mock_ccfg, 0, "config with size 0" },
		{ &mock_ccfg, sizeof(mock_ccfg) - 1, "config size too small" },
		{ &mock_ccfg, sizeof(mock_ccfg) + 8, "config size too big" },
	};
	for (unsigned i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		struct axvcpu_create_params q = p;
		q.arch_config = cfgs[i].cfg;
		q.arch_config_size = cfgs[i].size;
		tap_is(axvcpu_create(&mock_backend, &q, &v), AXVCPU_EINVAL,
		       "create: %s", cfgs[i].what);
	}
	/* A backend that takes no create config refuses one. */
	struct axvcpu_create_params q = p;
	tap_is(axvcpu_create(&mock_backend_minimal, &q, &v), AXVCPU_EINVAL,
	       "create: config given to a backend that takes none");

	/* favor_phys_cpu must be -1 or a CPU of the set. */
	struct {
		int32_t favor;
		uint64_t set;
		int want;
	} favors[] = {
		{ -2, 0, AXVCPU_EINVAL },
		{ INT32_MIN, 0, AXVCPU_EINVAL },
		{ 64, 0, AXVCPU_EINVAL },
		{ 3, 0x3, AXVCPU_EINVAL },
		{ 63, 0x1, AXVCPU_EINVAL },
		{ 0, 0x2, AXVCPU_EINVAL },
		{ -1, 0x2, 0 },
		{ 1, 0x3, 0 },
		{ 63, 1ull << 63, 0 },
		{ 5, 0, 0 }, /* set 0 = any CPU */
	};
	for (unsigned i = 0; i < sizeof(favors) / sizeof(favors[0]); i++) {
		q = p;
		q.favor_phys_cpu = favors[i].favor;
		q.phys_cpu_set = favors[i].set;
		int err = axvcpu_create(&mock_backend, &q, &v);
		tap_is(err, favors[i].want,
		       "create: favor_phys_cpu %d with set 0x%llx",
		       q.favor_phys_cpu, (unsigned long long)q.phys_cpu_set);
		if (!err) {
			tap_is(axvcpu_favor_phys_cpu(v), favors[i].favor,
			       "favor_phys_cpu kept");
			axvcpu_destroy(v);
		}
	}

	/* Backends missing a required op or with sizes out of range. */
	const size_t offs[] = {
		offsetof(struct axvcpu_backend, name),
		offsetof(struct axvcpu_backend, create),
		offsetof(struct axvcpu_backend, setup),
		offsetof(struct axvcpu_backend, set_entry),
		offsetof(struct axvcpu_backend, set_gpr),
		offsetof(struct axvcpu_backend, get_gpr),
		offsetof(struct axvcpu_backend, bind),
		offsetof(struct axvcpu_backend, unbind),
		offsetof(struct axvcpu_backend, run),
	};
	for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		struct axvcpu_backend be = mock_backend;
		memset((char *)&be + offs[i], 0, sizeof(void *));
		tap_is(axvcpu_create(&be, &p, &v), AXVCPU_EINVAL,
		       "create: backend missing required member at offset %zu",
		       offs[i]);
	}
	struct axvcpu_backend big = mock_backend;
	big.arch_size = AXVCPU_ARCH_SIZE_MAX + 1;
	tap_is(axvcpu_create(&big, &p, &v), AXVCPU_EINVAL,
	       "create: arch_size too big");
	big = mock_backend;
	big.vector_count = AXVCPU_MAX_VECTORS + 1;
	tap_is(axvcpu_create(&big, &p, &v), AXVCPU_EINVAL,
	       "create: vector_count too big");
	tap_ok(v == 0, "*out NULL after every refusal");

	tap_is(mock_global_calls(MOCK_OP_CREATE), creates + 4,
	       "refused creates never reached the backend (4 accepted)");
	tap_is(axvcpu_hosted_frames_in_use(), frames,
	       "refused creates took no frame");
}

static void test_null_vcpu(void)
{
	uint64_t r = 0x1234;
	struct axvcpu_exit e;
	tap_is(axvcpu_destroy(0), AXVCPU_EINVAL, "destroy(NULL)");
	tap_is(axvcpu_setup(0, 0, 0, 0, 0), AXVCPU_EINVAL, "setup(NULL)");
	tap_is(axvcpu_bind(0), AXVCPU_EINVAL, "bind(NULL)");
	tap_is(axvcpu_unbind(0), AXVCPU_EINVAL, "unbind(NULL)");
	tap_is(axvcpu_run(0, &e), AXVCPU_EINVAL, "run(NULL)");
	tap_is(axvcpu_set_state(0, AXVCPU_STATE_READY), AXVCPU_EINVAL,
	       "set_state(NULL)");
	tap_is(axvcpu_set_entry(0, 0), AXVCPU_EINVAL, "set_entry(NULL)");
	tap_is(axvcpu_set_gpr(0, 0, 0), AXVCPU_EINVAL, "set_gpr(NULL)");
	tap_is(axvcpu_get_gpr(0, 0, &r), AXVCPU_EINVAL, "get_gpr(NULL)");
	tap_is(r, 0x1234, "get_gpr(NULL) left *val");
	tap_is(axvcpu_set_return_value(0, 0), AXVCPU_EINVAL,
	       "set_return_value(NULL)");
	tap_is(axvcpu_complete_mmio_read(0, 0), AXVCPU_EINVAL,
	       "complete_mmio_read(NULL)");
	tap_is(axvcpu_complete_io_read(0, 0), AXVCPU_EINVAL,
	       "complete_io_read(NULL)");
	tap_is(axvcpu_complete_sysreg_read(0, 0), AXVCPU_EINVAL,
	       "complete_sysreg_read(NULL)");
	tap_is(axvcpu_complete_console_read(0, 0), AXVCPU_EINVAL,
	       "complete_console_read(NULL)");
	tap_is(axvcpu_inject_interrupt(0, 0), AXVCPU_EINVAL,
	       "inject_interrupt(NULL)");
	tap_is(axvcpu_kick(0), AXVCPU_EINVAL, "kick(NULL)");
	tap_is(axvcpu_wake(0), AXVCPU_EINVAL, "wake(NULL)");
	tap_is(axvcpu_percpu_init(0), AXVCPU_EINVAL, "percpu_init(NULL)");
	/* Queries answer documented defaults for NULL. */
	tap_is(axvcpu_id(0), 0, "id(NULL) = 0");
	tap_is(axvcpu_vm_id(0), 0, "vm_id(NULL) = 0");
	tap_is(axvcpu_favor_phys_cpu(0), -1, "favor_phys_cpu(NULL) = -1");
	tap_is(axvcpu_phys_cpu_set(0), 0, "phys_cpu_set(NULL) = 0");
	tap_ok(!axvcpu_is_bsp(0), "is_bsp(NULL) = false");
	tap_ok(axvcpu_backend_of(0) == 0, "backend_of(NULL) = NULL");
	tap_is(axvcpu_state(0), AXVCPU_STATE_CREATED, "state(NULL) = Created");
	tap_is(axvcpu_bound_cpu(0), -1, "bound_cpu(NULL) = -1");
}

static void test_vcpu_args(void)
{
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	struct mock_vcpu *m = mock_of(v);
	uint64_t regs[MOCK_NGPRS];
	regs_read(v, regs);
	unsigned sets = m->calls[MOCK_OP_SET_GPR];
	unsigned gets = m->calls[MOCK_OP_GET_GPR];

	const unsigned bad_regs[] = { MOCK_NGPRS, MOCK_NGPRS + 1, 1000,
				      UINT_MAX };
	for (unsigned i = 0; i < 4; i++) {
		uint64_t r = 0x4242;
		tap_is(axvcpu_set_gpr(v, bad_regs[i], 1), AXVCPU_EINVAL,
		       "set_gpr register %u out of range", bad_regs[i]);
		tap_is(axvcpu_get_gpr(v, bad_regs[i], &r), AXVCPU_EINVAL,
		       "get_gpr register %u out of range", bad_regs[i]);
		tap_is(r, 0x4242, "get_gpr out of range left *val");
	}
	tap_is(axvcpu_get_gpr(v, 0, 0), AXVCPU_EINVAL, "get_gpr NULL val");
	tap_is(m->calls[MOCK_OP_SET_GPR], sets, "no backend set_gpr");
	tap_is(m->calls[MOCK_OP_GET_GPR], gets, "no backend get_gpr");
	check_unchanged(v, AXVCPU_STATE_READY, regs, "register range");
	uint64_t last = 0;
	tap_is(axvcpu_set_gpr(v, MOCK_NGPRS - 1, 9), 0,
	       "set_gpr last register");
	tap_is(axvcpu_get_gpr(v, MOCK_NGPRS - 1, &last), 0,
	       "get_gpr last register");
	tap_is(last, 9, "last register written");
	axvcpu_set_gpr(v, MOCK_NGPRS - 1, regs[MOCK_NGPRS - 1]);

	/* run without an exit record. */
	unsigned runs = m->calls[MOCK_OP_RUN];
	tap_is(axvcpu_run(v, 0), AXVCPU_EINVAL, "run: NULL exit");
	tap_is(m->calls[MOCK_OP_RUN], runs, "run NULL exit: no backend run");
	check_unchanged(v, AXVCPU_STATE_READY, regs, "run NULL exit");

	/* set_state to states it cannot set. */
	const int bad_states[] = { AXVCPU_STATE_CREATED,
				   AXVCPU_STATE_FREE,
				   AXVCPU_STATE_RUNNING,
				   AXVCPU_STATE_COUNT,
				   -1,
				   100 };
	for (unsigned i = 0; i < 6; i++) {
		tap_is(axvcpu_set_state(v, (enum axvcpu_state)bad_states[i]),
		       AXVCPU_EINVAL, "set_state(%d) in Ready", bad_states[i]);
	}
	axvcpu_set_state(v, AXVCPU_STATE_BLOCKED);
	for (unsigned i = 0; i < 6; i++)
		tap_is(axvcpu_set_state(v, (enum axvcpu_state)bad_states[i]),
		       AXVCPU_EINVAL, "set_state(%d) in Blocked",
		       bad_states[i]);
	check_unchanged(v, AXVCPU_STATE_BLOCKED, regs, "set_state args");
	axvcpu_wake(v);

	/* Vectors. */
	const uint64_t bad_vec[] = { MOCK_NVECTORS, MOCK_NVECTORS + 1,
				     AXVCPU_MAX_VECTORS, UINT64_MAX };
	for (unsigned i = 0; i < 4; i++)
		tap_is(axvcpu_inject_interrupt(v, bad_vec[i]), AXVCPU_EINVAL,
		       "inject vector %llu out of range",
		       (unsigned long long)bad_vec[i]);
	tap_is(axvcpu_inject_interrupt(v, MOCK_BAD_VECTOR), AXVCPU_EUNSUPPORTED,
	       "inject a vector the backend refuses");
	check_unchanged(v, AXVCPU_STATE_READY, regs, "bad vectors");
	/* Refused while Blocked: stays Blocked (no wake). */
	axvcpu_set_state(v, AXVCPU_STATE_BLOCKED);
	tap_is(axvcpu_inject_interrupt(v, MOCK_NVECTORS), AXVCPU_EINVAL,
	       "bad vector into Blocked");
	tap_is(axvcpu_inject_interrupt(v, MOCK_BAD_VECTOR), AXVCPU_EUNSUPPORTED,
	       "refused vector into Blocked");
	check_unchanged(v, AXVCPU_STATE_BLOCKED, regs,
			"refused inject does not wake");
	axvcpu_wake(v);
	vcpu_free(v);

	/* setup config size mismatch: stays Created, backend not called. */
	v = vcpu_new(&mock_backend);
	m = mock_of(v);
	struct mock_setup_config scfg = { MOCK_SETUP_MAGIC, 1 };
	tap_is(axvcpu_setup(v, 0, 0, &scfg, sizeof(scfg) - 1), AXVCPU_EINVAL,
	       "setup: config size too small");
	tap_is(axvcpu_setup(v, 0, 0, &scfg, 0), AXVCPU_EINVAL,
	       "setup: config with size 0");
	tap_is(axvcpu_setup(v, 0, 0, 0, sizeof(scfg)), AXVCPU_EINVAL,
	       "setup: NULL config with a size");
	tap_is(m->calls[MOCK_OP_SETUP], 0, "setup refused: backend not called");
	check_unchanged(v, AXVCPU_STATE_CREATED, 0, "setup config size");
	tap_is(axvcpu_destroy(v), 0, "destroy");

	v = vcpu_new(&mock_backend_minimal);
	tap_is(axvcpu_setup(v, 0, 0, &scfg, sizeof(scfg)), AXVCPU_EINVAL,
	       "setup: config to a backend that takes none");
	check_unchanged(v, AXVCPU_STATE_CREATED, 0, "setup config refused");
	tap_is(axvcpu_destroy(v), 0, "destroy");

	/* percpu_init arguments. */
	struct axvcpu_backend be = mock_backend;
	be.percpu_enable = 0;
	tap_is(axvcpu_percpu_init(&be), AXVCPU_EINVAL,
	       "percpu_init: backend without percpu_enable");
	be = mock_backend;
	be.percpu_disable = 0;
	tap_is(axvcpu_percpu_init(&be), AXVCPU_EINVAL,
	       "percpu_init: backend without percpu_disable");
	be = mock_backend;
	be.percpu_size = AXVCPU_FRAME_SIZE + 1;
	tap_is(axvcpu_percpu_init(&be), AXVCPU_EINVAL,
	       "percpu_init: percpu_size too big");
	tap_ok(axvcpu_percpu_is_enabled(), "this CPU still enabled");
}

/* Access exits with impossible widths become internal errors. */
struct width_case {
	enum axvcpu_exit_reason reason;
	unsigned width, reg_width;
	bool ok;
};

static void test_widths(void)
{
	const struct width_case cases[] = {
		{ AXVCPU_EXIT_MMIO_READ, 0, 8, false },
		{ AXVCPU_EXIT_MMIO_READ, 3, 8, false },
		{ AXVCPU_EXIT_MMIO_READ, 5, 8, false },
		{ AXVCPU_EXIT_MMIO_READ, 6, 8, false },
		{ AXVCPU_EXIT_MMIO_READ, 7, 8, false },
		{ AXVCPU_EXIT_MMIO_READ, 16, 8, false },
		{ AXVCPU_EXIT_MMIO_READ, 255, 8, false },
		{ AXVCPU_EXIT_MMIO_READ, 1, 0, false },
		{ AXVCPU_EXIT_MMIO_READ, 1, 3, false },
		{ AXVCPU_EXIT_MMIO_READ, 1, 16, false },
		{ AXVCPU_EXIT_MMIO_READ, 8, 4, false },
		{ AXVCPU_EXIT_MMIO_READ, 2, 1, false },
		{ AXVCPU_EXIT_MMIO_READ, 1, 1, true },
		{ AXVCPU_EXIT_MMIO_READ, 8, 8, true },
		{ AXVCPU_EXIT_MMIO_WRITE, 0, 0, false },
		{ AXVCPU_EXIT_MMIO_WRITE, 3, 0, false },
		{ AXVCPU_EXIT_MMIO_WRITE, 9, 0, false },
		{ AXVCPU_EXIT_MMIO_WRITE, 128, 0, false },
		{ AXVCPU_EXIT_MMIO_WRITE, 1, 0, true },
		{ AXVCPU_EXIT_MMIO_WRITE, 2, 0, true },
		{ AXVCPU_EXIT_MMIO_WRITE, 4, 0, true },
		{ AXVCPU_EXIT_MMIO_WRITE, 8, 0, true },
		{ AXVCPU_EXIT_IO_READ, 0, 0, false },
		{ AXVCPU_EXIT_IO_READ, 3, 0, false },
		{ AXVCPU_EXIT_IO_READ, 8, 0, false },
		{ AXVCPU_EXIT_IO_READ, 1, 0, true },
		{ AXVCPU_EXIT_IO_READ, 4, 0, true },
		{ AXVCPU_EXIT_IO_WRITE, 0, 0, false },
		{ AXVCPU_EXIT_IO_WRITE, 8, 0, false },
		{ AXVCPU_EXIT_IO_WRITE, 200, 0, false },
		{ AXVCPU_EXIT_IO_WRITE, 2, 0, true },
	};
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	uint64_t regs[MOCK_NGPRS];
	regs_read(v, regs);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct width_case *c = &cases[i];
		struct axvcpu_exit e, got;
		memset(&e, 0, sizeof(e));
		e.reason = c->reason;
		switch (c->reason) {
		case AXVCPU_EXIT_MMIO_READ:
			e.mmio_read.addr = 0x1000;
			e.mmio_read.width = (uint8_t)c->width;
			e.mmio_read.reg_width = (uint8_t)c->reg_width;
			e.mmio_read.reg = 9;
			break;
		case AXVCPU_EXIT_MMIO_WRITE:
			e.mmio_write.width = (uint8_t)c->width;
			break;
		case AXVCPU_EXIT_IO_READ:
			e.io_read.width = (uint8_t)c->width;
			break;
		default:
			e.io_write.width = (uint8_t)c->width;
			break;
		}
		mock_script_exit(v, &e);
		int err = axvcpu_run(v, &got);
		const char *name = axvcpu_exit_name(c->reason);
		tap_is(err, 0, "%s width %u reg_width %u: run returns 0", name,
		       c->width, c->reg_width);
		tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "then Ready");
		if (c->ok) {
			tap_is(got.reason, c->reason,
			       "%s width %u reg_width %u passes", name,
			       c->width, c->reg_width);
			/* Retire a valid read so the next case starts clean. */
			if (c->reason == AXVCPU_EXIT_MMIO_READ)
				axvcpu_complete_mmio_read(v, regs[9]);
			if (c->reason == AXVCPU_EXIT_IO_READ)
				axvcpu_complete_io_read(v, 0);
			continue;
		}
		tap_is(got.reason, AXVCPU_EXIT_INTERNAL_ERROR,
		       "%s width %u reg_width %u -> InternalError", name,
		       c->width, c->reg_width);
		tap_is(got.internal_error.code, AXVCPU_INTERNAL_BAD_WIDTH,
		       "code BAD_WIDTH");
		tap_is(got.internal_error.data[0], c->reason,
		       "data[0] is the reason");
		tap_is(got.internal_error.data[1], c->width,
		       "data[1] is the width");
		/* Nothing is left pending by a rejected read. */
		tap_is(axvcpu_complete_mmio_read(v, 1), AXVCPU_EINVAL,
		       "no MMIO read pending after a bad-width exit");
		tap_is(axvcpu_complete_io_read(v, 1), AXVCPU_EINVAL,
		       "no IO read pending after a bad-width exit");
		tap_ok(regs_same(v, regs), "registers unchanged");
	}
	/* And the next run writes no register either. */
	struct axvcpu_exit got;
	unsigned completes = mock_of(v)->calls[MOCK_OP_COMPLETE_READ];
	tap_is(axvcpu_run(v, &got), 0, "run after the bad widths");
	tap_is(mock_of(v)->calls[MOCK_OP_COMPLETE_READ], completes,
	       "no read delivered at the next run");
	tap_ok(regs_same(v, regs), "registers still unchanged");
	vcpu_free(v);
}

/* Completion calls with nothing / the wrong kind pending / twice. */
static void test_completion_misuse(void)
{
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	struct mock_vcpu *m = mock_of(v);
	uint64_t regs[MOCK_NGPRS];
	regs_read(v, regs);
	unsigned completes = m->calls[MOCK_OP_COMPLETE_READ];

	tap_is(axvcpu_complete_mmio_read(v, 1), AXVCPU_EINVAL,
	       "mmio: nothing pending (never ran)");
	struct axvcpu_exit e;
	mock_script_reason(v, AXVCPU_EXIT_MMIO_WRITE);
	mock_of(v)->script[mock_of(v)->script_head].exit.mmio_write.width = 4;
	axvcpu_run(v, &e);
	tap_is(e.reason, AXVCPU_EXIT_MMIO_WRITE, "ran to an MMIO write");
	tap_is(axvcpu_complete_mmio_read(v, 1), AXVCPU_EINVAL,
	       "mmio: nothing pending (last exit a write)");
	tap_is(axvcpu_complete_io_read(v, 1), AXVCPU_EINVAL, "io: nothing");
	tap_is(axvcpu_complete_sysreg_read(v, 1), AXVCPU_EINVAL,
	       "sysreg: nothing");
	tap_is(axvcpu_complete_console_read(v, 1), AXVCPU_EINVAL,
	       "console: nothing");
	tap_is(m->calls[MOCK_OP_COMPLETE_READ], completes,
	       "no backend completion");
	tap_ok(regs_same(v, regs), "no register changed");

	/* Each kind pending: the three other completions are refused. */
	const enum axvcpu_exit_reason kinds[] = { AXVCPU_EXIT_MMIO_READ,
						  AXVCPU_EXIT_IO_READ,
						  AXVCPU_EXIT_SYSREG_READ,
						  AXVCPU_EXIT_CONSOLE_READ };
	for (int k = 0; k < 4; k++) {
		memset(&e, 0, sizeof(e));
		e.reason = kinds[k];
		if (kinds[k] == AXVCPU_EXIT_MMIO_READ) {
			/* Full width, so completing with the old value
			 * restores the register exactly. */
			e.mmio_read.width = 8;
			e.mmio_read.reg_width = 8;
			e.mmio_read.reg = 11;
		} else if (kinds[k] == AXVCPU_EXIT_IO_READ) {
			memset(&e.io_read, 0, sizeof(e.io_read));
			e.io_read.width = 2;
		} else if (kinds[k] == AXVCPU_EXIT_SYSREG_READ) {
			memset(&e.sysreg_read, 0, sizeof(e.sysreg_read));
			e.sysreg_read.reg = 11;
		} else {
			memset(&e.console_read, 0, sizeof(e.console_read));
		}
		mock_script_exit(v, &e);
		struct axvcpu_exit got;
		axvcpu_run(v, &got);
		tap_is(got.reason, kinds[k], "ran to %s",
		       axvcpu_exit_name(kinds[k]));
		unsigned before = m->calls[MOCK_OP_COMPLETE_READ];
		int (*const fns[4])(struct axvcpu *, uint64_t) = {
			axvcpu_complete_mmio_read, axvcpu_complete_io_read,
			axvcpu_complete_sysreg_read, 0
		};
		for (int j = 0; j < 4; j++) {
			if (j == k)
				continue;
			int err = j == 3 ? axvcpu_complete_console_read(v, 1)
					 : fns[j](v, 1);
			tap_is(err, AXVCPU_EINVAL,
			       "%s pending: completion kind %d refused",
			       axvcpu_exit_name(kinds[k]), j);
		}
		tap_is(m->calls[MOCK_OP_COMPLETE_READ], before,
		       "wrong-kind completions reached no backend op");
		tap_ok(regs_same(v, regs), "wrong-kind completions: registers");
		int err = k == 3 ? axvcpu_complete_console_read(v, 'x')
				 : fns[k](v, regs[11]);
		tap_is(err, 0, "%s: the right completion still works",
		       axvcpu_exit_name(kinds[k]));
		err = k == 3 ? axvcpu_complete_console_read(v, 'x')
			     : fns[k](v, 5);
		tap_is(err, AXVCPU_EINVAL, "%s: completed twice -> EINVAL",
		       axvcpu_exit_name(kinds[k]));
		tap_is(m->calls[MOCK_OP_COMPLETE_READ], before + 1,
		       "second completion reached no backend op");
		tap_ok(regs_same(v, regs), "second completion: registers");
		check_unchanged(v, AXVCPU_STATE_READY, 0, "completion misuse");
	}
	vcpu_free(v);
}

int main(void)
{
	hosted_start(&mock_backend);
	long frames = axvcpu_hosted_frames_in_use();
	test_create_args();
	test_null_vcpu();
	test_vcpu_args();
	test_widths();
	test_completion_misuse();
	tap_is(axvcpu_hosted_frames_in_use(), frames, "no frame leaked");
	return tap_done(0);
}
