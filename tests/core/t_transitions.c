/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every legal transition and the state after it, exits passed through run
 * unchanged, backend errors leaving their documented state, calls made
 * while another call owns the vCPU (EBUSY), and the read-only queries.
 */
#include "helpers.h"

#define STATE_IS(v, s, ...) tap_is(axvcpu_state(v), s, __VA_ARGS__)

static void test_lifecycle(void)
{
	long frames = axvcpu_hosted_frames_in_use();
	struct axvcpu_create_params p = {
		.vm_id = 3,
		.vcpu_id = 0,
		.favor_phys_cpu = 0,
		.phys_cpu_set = 1u << MAIN_CPU,
		.arch_config = &mock_ccfg,
		.arch_config_size = sizeof(mock_ccfg),
	};
	struct axvcpu *v = 0;
	tap_is(axvcpu_create(&mock_backend, &p, &v), 0, "create");
	tap_ok(v != 0, "create gives a vCPU");
	STATE_IS(v, AXVCPU_STATE_CREATED, "new vCPU is Created");
	tap_is(axvcpu_hosted_frames_in_use(), frames + 1,
	       "create takes one HAL frame");
	struct mock_vcpu *m = mock_of(v);
	tap_is(m->calls[MOCK_OP_CREATE], 1, "backend create called once");
	tap_ok(m->create_magic == MOCK_CREATE_MAGIC,
	       "backend got the create config");
	tap_is(axvcpu_bound_cpu(v), -1, "Created: not bound");

	/* Queries reflect the create parameters. */
	tap_is(axvcpu_vm_id(v), 3, "vm_id");
	tap_is(axvcpu_id(v), 0, "vcpu_id");
	tap_ok(axvcpu_is_bsp(v), "vCPU 0 is the BSP");
	tap_is(axvcpu_favor_phys_cpu(v), 0, "favor_phys_cpu");
	tap_is(axvcpu_phys_cpu_set(v), 1u << MAIN_CPU, "phys_cpu_set");
	tap_ok(axvcpu_backend_of(v) == &mock_backend, "backend_of");
	tap_ok(((uintptr_t)axvcpu_arch(v) & 15) == 0, "arch area 16-aligned");
	tap_ok(axvcpu_arch_const(v) == axvcpu_arch(v), "arch_const same area");

	struct mock_setup_config scfg = { MOCK_SETUP_MAGIC, 0x1111 };
	tap_is(axvcpu_setup(v, 0x80200000, 0x8000f000, &scfg, sizeof(scfg)), 0,
	       "setup with config");
	STATE_IS(v, AXVCPU_STATE_FREE, "setup: Created -> Free");
	tap_ok(m->entry == 0x80200000 && m->ept_root == 0x8000f000,
	       "backend setup got entry and ept_root");
	tap_ok(m->setup_magic == MOCK_SETUP_MAGIC, "backend got setup config");
	uint64_t r = 0;
	tap_is(axvcpu_get_gpr(v, 5, &r), 0, "get_gpr in Free");
	tap_is(r, 0x1111, "setup config filled the registers");

	tap_is(axvcpu_set_entry(v, 0x80400000), 0, "set_entry in Free");
	tap_is(m->entry, 0x80400000, "set_entry reached the backend");
	STATE_IS(v, AXVCPU_STATE_FREE, "set_entry keeps Free");

	tap_is(axvcpu_bind(v), 0, "bind");
	STATE_IS(v, AXVCPU_STATE_READY, "bind: Free -> Ready");
	tap_is(axvcpu_bound_cpu(v), MAIN_CPU, "bound to this CPU");
	tap_is(m->calls[MOCK_OP_BIND], 1, "backend bind called once");

	struct axvcpu_exit e;
	mock_script_reason(v, AXVCPU_EXIT_NOTHING);
	tap_is(axvcpu_run(v, &e), 0, "run");
	tap_is(e.reason, AXVCPU_EXIT_NOTHING, "run returns the scripted exit");
	STATE_IS(v, AXVCPU_STATE_READY, "run: Ready -> Running -> Ready");
	tap_is(m->calls[MOCK_OP_RUN], 1, "backend run called once");

	mock_script_reason(v, AXVCPU_EXIT_HALT);
	tap_is(axvcpu_run(v, &e), 0, "run to Halt");
	tap_is(e.reason, AXVCPU_EXIT_HALT, "Halt exit");
	STATE_IS(v, AXVCPU_STATE_BLOCKED, "Halt: Running -> Blocked");

	tap_is(axvcpu_wake(v), 0, "wake");
	STATE_IS(v, AXVCPU_STATE_READY, "wake: Blocked -> Ready");
	tap_is(axvcpu_wake(v), 0, "wake a Ready vCPU");
	STATE_IS(v, AXVCPU_STATE_READY, "wake on Ready is a no-op");

	mock_script_reason(v, AXVCPU_EXIT_HALT);
	tap_is(axvcpu_run(v, &e), 0, "run to Halt again");
	STATE_IS(v, AXVCPU_STATE_BLOCKED, "Blocked again");
	tap_is(axvcpu_inject_interrupt(v, 5), 0, "inject into Blocked");
	STATE_IS(v, AXVCPU_STATE_READY, "inject: Blocked -> Ready");
	tap_ok(axvcpu_irq_is_pending(v, 5), "vector 5 pending");
	axvcpu_irq_clear(v, 5);

	tap_is(axvcpu_set_state(v, AXVCPU_STATE_BLOCKED), 0,
	       "set_state(Blocked)");
	STATE_IS(v, AXVCPU_STATE_BLOCKED, "set_state: Ready -> Blocked");
	tap_is(axvcpu_set_state(v, AXVCPU_STATE_BLOCKED), 0,
	       "set_state(Blocked) again");
	STATE_IS(v, AXVCPU_STATE_BLOCKED, "same state again is a no-op");
	tap_is(axvcpu_set_state(v, AXVCPU_STATE_READY), 0, "set_state(Ready)");
	STATE_IS(v, AXVCPU_STATE_READY, "set_state: Blocked -> Ready");
	tap_is(axvcpu_set_state(v, AXVCPU_STATE_READY), 0,
	       "set_state(Ready) again");
	STATE_IS(v, AXVCPU_STATE_READY, "Ready stays Ready");

	/* Short calls in Ready and Blocked keep the state. */
	tap_is(axvcpu_set_gpr(v, 1, 42), 0, "set_gpr in Ready");
	tap_is(axvcpu_set_return_value(v, 9), 0, "set_return_value in Ready");
	tap_is(m->ret_value, 9, "return value reached the backend");
	STATE_IS(v, AXVCPU_STATE_READY, "short calls keep Ready");
	tap_is(axvcpu_set_state(v, AXVCPU_STATE_BLOCKED), 0, "block");
	tap_is(axvcpu_set_gpr(v, 1, 43), 0, "set_gpr in Blocked");
	tap_is(axvcpu_set_entry(v, 0x1000), 0, "set_entry in Blocked");
	tap_is(axvcpu_get_gpr(v, 1, &r), 0, "get_gpr in Blocked");
	tap_is(r, 43, "register written in Blocked");
	STATE_IS(v, AXVCPU_STATE_BLOCKED, "short calls keep Blocked");

	tap_is(axvcpu_unbind(v), 0, "unbind from Blocked");
	STATE_IS(v, AXVCPU_STATE_FREE, "unbind: Blocked -> Free");
	tap_is(axvcpu_bound_cpu(v), -1, "not bound after unbind");
	tap_is(axvcpu_bind(v), 0, "bind again");
	tap_is(axvcpu_unbind(v), 0, "unbind from Ready");
	STATE_IS(v, AXVCPU_STATE_FREE, "unbind: Ready -> Free");
	tap_is(m->calls[MOCK_OP_UNBIND], 2, "backend unbind called twice");

	tap_is(axvcpu_destroy(v), 0, "destroy Free");
	tap_is(mock_global_calls(MOCK_OP_DESTROY) >= 1, 1,
	       "backend destroy called");
	tap_is(axvcpu_hosted_frames_in_use(), frames,
	       "destroy gives the frame back");

	/* Destroy straight from Created. */
	v = vcpu_new(&mock_backend);
	unsigned before = mock_global_calls(MOCK_OP_DESTROY);
	tap_is(axvcpu_destroy(v), 0, "destroy Created");
	tap_is(mock_global_calls(MOCK_OP_DESTROY), before + 1,
	       "backend destroy called for Created");
	tap_is(axvcpu_hosted_frames_in_use(), frames, "no frame left");

	/* Setup without a config (defaults). */
	v = vcpu_new(&mock_backend);
	tap_is(axvcpu_setup(v, 0, 0, 0, 0), 0, "setup without config");
	tap_is(mock_of(v)->setup_magic, 0, "backend got no config");
	tap_is(axvcpu_destroy(v), 0, "destroy");

	/* A non-BSP vCPU. */
	v = vcpu_new(&mock_backend);
	tap_ok(!axvcpu_is_bsp(v), "vCPU 1 is not the BSP");
	tap_is(axvcpu_favor_phys_cpu(v), -1, "no favoured CPU");
	tap_is(axvcpu_destroy(v), 0, "destroy");
}

/* Every reason passes through run unchanged; only Halt blocks. */
static void test_exit_passthrough(void)
{
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	for (int r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++) {
		struct axvcpu_exit want, got;
		memset(&want, 0, sizeof(want));
		want.reason = (enum axvcpu_exit_reason)r;
		/* Fill the payload with a pattern; access exits need a valid
		 * width, so set those fields afterwards. */
		memset(&want.hypercall, 0x11 + r, sizeof(want.hypercall));
		switch (want.reason) {
		case AXVCPU_EXIT_HALT:
			want.halt.suspend = true; /* a bool: 0 or 1 only */
			break;
		case AXVCPU_EXIT_MMIO_READ:
			want.mmio_read.width = 4;
			want.mmio_read.reg_width = 8;
			want.mmio_read.sign_ext = true;
			want.mmio_read.reg = 3;
			break;
		case AXVCPU_EXIT_MMIO_WRITE:
			want.mmio_write.width = 2;
			break;
		case AXVCPU_EXIT_IO_READ:
			want.io_read.width = 1;
			break;
		case AXVCPU_EXIT_IO_WRITE:
			want.io_write.width = 4;
			break;
		case AXVCPU_EXIT_SYSREG_READ:
			want.sysreg_read.reg =
			    5; /* must name a real register */
			break;
		case AXVCPU_EXIT_SEND_IPI:
			want.send_ipi.send_to_all = true;
			want.send_ipi.send_to_self = false;
			break;
		default:
			break;
		}
		mock_script_exit(v, &want);
		memset(&got, 0xee, sizeof(got));
		int err = axvcpu_run(v, &got);
		tap_is(err, 0, "run -> %s", axvcpu_exit_name(want.reason));
		tap_ok(memcmp(&got, &want, sizeof(got)) == 0,
		       "%s exit passed through unchanged",
		       axvcpu_exit_name(want.reason));
		enum axvcpu_state s = r == AXVCPU_EXIT_HALT
					  ? AXVCPU_STATE_BLOCKED
					  : AXVCPU_STATE_READY;
		STATE_IS(v, s, "after a %s exit: %s",
			 axvcpu_exit_name(want.reason), axvcpu_state_name(s));
		if (s == AXVCPU_STATE_BLOCKED)
			axvcpu_wake(v);
		/* Leave no read pending for the next iteration. */
		if (r == AXVCPU_EXIT_MMIO_READ)
			axvcpu_complete_mmio_read(v, 0);
		if (r == AXVCPU_EXIT_IO_READ)
			axvcpu_complete_io_read(v, 0);
		if (r == AXVCPU_EXIT_SYSREG_READ)
			axvcpu_complete_sysreg_read(v, 0);
		if (r == AXVCPU_EXIT_CONSOLE_READ)
			axvcpu_complete_console_read(v, 0);
	}
	vcpu_free(v);
}

/* A backend error leaves the state each call documents. */
static void test_backend_errors(void)
{
	long frames = axvcpu_hosted_frames_in_use();
	struct axvcpu_create_params p = { .favor_phys_cpu = -1 };
	struct axvcpu *v = (struct axvcpu *)1;

	/* create: error returned, *out NULL, frame given back. */
	mock_fail_next(MOCK_OP_CREATE, AXVCPU_EHW);
	tap_is(axvcpu_create(&mock_backend, &p, &v), AXVCPU_EHW,
	       "create: backend error returned");
	tap_ok(v == 0, "create error: *out is NULL");
	tap_is(axvcpu_hosted_frames_in_use(), frames,
	       "create error: frame given back");

	/* setup: stays Created, setup works afterwards. */
	v = vcpu_new(&mock_backend);
	mock_fail_next(MOCK_OP_SETUP, AXVCPU_EHW);
	tap_is(axvcpu_setup(v, 1, 2, 0, 0), AXVCPU_EHW, "setup: error");
	STATE_IS(v, AXVCPU_STATE_CREATED, "setup error: still Created");
	tap_is(axvcpu_setup(v, 1, 2, 0, 0), 0, "setup works after");
	STATE_IS(v, AXVCPU_STATE_FREE, "then Free");

	/* bind: stays Free, not counted as bound, current restored. */
	mock_fail_next(MOCK_OP_BIND, AXVCPU_EHW);
	tap_is(axvcpu_bind(v), AXVCPU_EHW, "bind: error");
	STATE_IS(v, AXVCPU_STATE_FREE, "bind error: still Free");
	tap_is(axvcpu_bound_cpu(v), -1, "bind error: not bound");
	tap_ok(axvcpu_current() == 0, "bind error: current restored");
	/* The CPU holds no bound vCPU, so it can be disabled. */
	tap_is(axvcpu_percpu_hardware_disable(), 0,
	       "bind error: CPU not counted as holding a vCPU");
	tap_is(axvcpu_percpu_hardware_enable(), 0, "re-enable");
	tap_is(axvcpu_bind(v), 0, "bind works after");

	/* run: back to Ready, *exit is NOTHING. */
	struct axvcpu_exit e;
	memset(&e, 0xee, sizeof(e));
	mock_fail_next(MOCK_OP_RUN, AXVCPU_EHW);
	tap_is(axvcpu_run(v, &e), AXVCPU_EHW, "run: error");
	STATE_IS(v, AXVCPU_STATE_READY, "run error: Ready");
	tap_is(e.reason, AXVCPU_EXIT_NOTHING, "run error: exit is Nothing");
	tap_is(e.hypercall.nr, 0, "run error: exit payload cleared");
	tap_ok(axvcpu_current() == 0, "run error: current restored");
	/* Also through the script: an error after a Halt script entry. */
	mock_script_error(v, AXVCPU_EUNSUPPORTED);
	tap_is(axvcpu_run(v, &e), AXVCPU_EUNSUPPORTED, "scripted run error");
	STATE_IS(v, AXVCPU_STATE_READY, "scripted run error: Ready");

	/* run error while a read is pending: the read is still retired. */
	mock_script_mmio_read(v, 4, 4, 8, false);
	tap_is(axvcpu_run(v, &e), 0, "run to an MMIO read");
	mock_fail_next(MOCK_OP_COMPLETE_READ, AXVCPU_EHW);
	tap_is(axvcpu_run(v, &e), AXVCPU_EHW,
	       "run: error delivering the uncompleted read");
	STATE_IS(v, AXVCPU_STATE_READY, "read delivery error: Ready");
	tap_is(e.reason, AXVCPU_EXIT_NOTHING, "read delivery error: Nothing");
	tap_is(axvcpu_complete_mmio_read(v, 1), AXVCPU_EINVAL,
	       "read delivery error: the read is not pending any more");

	/* set_entry / set_gpr / get_gpr / set_return_value: state kept,
	 * nothing changed. */
	struct mock_vcpu *m = mock_of(v);
	axvcpu_gpa_t entry = m->entry;
	mock_fail_next(MOCK_OP_SET_ENTRY, AXVCPU_EHW);
	tap_is(axvcpu_set_entry(v, 0xdead), AXVCPU_EHW, "set_entry: error");
	tap_is(m->entry, entry, "set_entry error: entry unchanged");
	STATE_IS(v, AXVCPU_STATE_READY, "set_entry error: Ready");

	uint64_t r = 0;
	axvcpu_set_gpr(v, 6, 66);
	mock_fail_next(MOCK_OP_SET_GPR, AXVCPU_EHW);
	tap_is(axvcpu_set_gpr(v, 6, 67), AXVCPU_EHW, "set_gpr: error");
	axvcpu_get_gpr(v, 6, &r);
	tap_is(r, 66, "set_gpr error: register unchanged");
	STATE_IS(v, AXVCPU_STATE_READY, "set_gpr error: Ready");

	/* set_gpr failing on a pending read's register leaves it pending. */
	mock_script_mmio_read(v, 6, 8, 8, false);
	axvcpu_run(v, &e);
	mock_fail_next(MOCK_OP_SET_GPR, AXVCPU_EHW);
	tap_is(axvcpu_set_gpr(v, 6, 68), AXVCPU_EHW,
	       "set_gpr on the read's register: error");
	tap_is(axvcpu_complete_mmio_read(v, 69), 0,
	       "failed set_gpr did not complete the read");
	axvcpu_get_gpr(v, 6, &r);
	tap_is(r, 69, "completed after the failed set_gpr");

	r = 0x5555;
	mock_fail_next(MOCK_OP_GET_GPR, AXVCPU_EHW);
	tap_is(axvcpu_get_gpr(v, 6, &r), AXVCPU_EHW, "get_gpr: error");
	tap_is(r, 0x5555, "get_gpr error: *val untouched");

	m->ret_value = 1;
	mock_fail_next(MOCK_OP_SET_RETURN_VALUE, AXVCPU_EHW);
	tap_is(axvcpu_set_return_value(v, 2), AXVCPU_EHW,
	       "set_return_value: error");
	tap_is(m->ret_value, 1, "set_return_value error: unchanged");

	/* complete_read: error, read still pending, completes later. */
	mock_script_mmio_read(v, 7, 2, 8, false);
	axvcpu_run(v, &e);
	axvcpu_set_gpr(v, 8, 0); /* another register: not a completion */
	mock_fail_next(MOCK_OP_COMPLETE_READ, AXVCPU_EHW);
	tap_is(axvcpu_complete_mmio_read(v, 0x1234), AXVCPU_EHW,
	       "complete_mmio_read: backend error");
	STATE_IS(v, AXVCPU_STATE_READY, "complete error: Ready");
	tap_is(axvcpu_complete_mmio_read(v, 0x4321), 0,
	       "the read is still pending after the error");
	axvcpu_get_gpr(v, 7, &r);
	tap_is(r, 0x4321, "completed value");

	/* unbind: state unchanged, still bound, from Ready and Blocked. */
	mock_fail_next(MOCK_OP_UNBIND, AXVCPU_EHW);
	tap_is(axvcpu_unbind(v), AXVCPU_EHW, "unbind from Ready: error");
	STATE_IS(v, AXVCPU_STATE_READY, "unbind error: Ready");
	tap_is(axvcpu_bound_cpu(v), MAIN_CPU, "unbind error: still bound");
	tap_is(axvcpu_percpu_hardware_disable(), AXVCPU_EBADSTATE,
	       "unbind error: CPU still holds the vCPU");
	axvcpu_set_state(v, AXVCPU_STATE_BLOCKED);
	mock_fail_next(MOCK_OP_UNBIND, AXVCPU_EHW);
	tap_is(axvcpu_unbind(v), AXVCPU_EHW, "unbind from Blocked: error");
	STATE_IS(v, AXVCPU_STATE_BLOCKED, "unbind error: Blocked");
	tap_is(axvcpu_unbind(v), 0, "unbind works after");
	tap_is(axvcpu_destroy(v), 0, "destroy");

	/* Per-CPU: enable and disable errors. */
	tap_is(axvcpu_percpu_hardware_disable(), 0, "disable");
	mock_fail_next(MOCK_OP_PERCPU_ENABLE, AXVCPU_EHW);
	tap_is(axvcpu_percpu_hardware_enable(), AXVCPU_EHW, "enable: error");
	tap_ok(!axvcpu_percpu_is_enabled(), "enable error: not enabled");
	tap_is(axvcpu_percpu_hardware_enable(), 0, "enable works after");
	mock_fail_next(MOCK_OP_PERCPU_DISABLE, AXVCPU_EHW);
	tap_is(axvcpu_percpu_hardware_disable(), AXVCPU_EHW, "disable: error");
	tap_ok(axvcpu_percpu_is_enabled(), "disable error: still enabled");
	v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	tap_is(axvcpu_bound_cpu(v), MAIN_CPU,
	       "bind works after a failed disable");
	vcpu_free(v);

	/* percpu_init error: frame back, CPU not initialised. */
	tap_is(axvcpu_percpu_hardware_disable(), 0, "disable");
	tap_is(axvcpu_percpu_fini(), 0, "fini");
	long f2 = axvcpu_hosted_frames_in_use();
	mock_fail_next(MOCK_OP_PERCPU_INIT, AXVCPU_EUNSUPPORTED);
	tap_is(axvcpu_percpu_init(&mock_backend), AXVCPU_EUNSUPPORTED,
	       "percpu_init: backend error");
	tap_is(axvcpu_hosted_frames_in_use(), f2,
	       "percpu_init error: frame given back");
	tap_is(axvcpu_percpu_hardware_enable(), AXVCPU_EBADSTATE,
	       "percpu_init error: not initialised");
	tap_is(axvcpu_percpu_init(&mock_backend), 0, "percpu_init after");
	tap_is(axvcpu_percpu_hardware_enable(), 0, "enable");
	tap_is(axvcpu_hosted_frames_in_use(), frames,
	       "no frames leaked by backend errors");
}

/* Calls made while another call owns the vCPU. */
static struct axvcpu *nest_v;
static int nest_op = -1;
static int nest_res[16];
static enum axvcpu_state nest_state;

static void nest_hook(enum mock_op op, struct axvcpu *vcpu)
{
	if (vcpu != nest_v || (int)op != nest_op)
		return;
	nest_op = -1; /* once */
	uint64_t r;
	struct axvcpu_exit e;
	int i = 0;
	nest_res[i++] = axvcpu_set_gpr(vcpu, 1, 1);
	nest_res[i++] = axvcpu_get_gpr(vcpu, 1, &r);
	nest_res[i++] = axvcpu_set_entry(vcpu, 1);
	nest_res[i++] = axvcpu_set_return_value(vcpu, 1);
	nest_res[i++] = axvcpu_run(vcpu, &e);
	nest_res[i++] = axvcpu_unbind(vcpu);
	nest_res[i++] = axvcpu_set_state(vcpu, AXVCPU_STATE_BLOCKED);
	nest_res[i++] = axvcpu_set_state(vcpu, AXVCPU_STATE_READY);
	nest_res[i++] = axvcpu_complete_mmio_read(vcpu, 1);
	nest_res[i++] = axvcpu_setup(vcpu, 0, 0, 0, 0);
	nest_res[i++] = axvcpu_destroy(vcpu);
	nest_res[i++] = axvcpu_bind(vcpu);
	nest_res[i++] = axvcpu_kick(vcpu);
	nest_res[i++] = axvcpu_wake(vcpu);
	nest_state = axvcpu_state(vcpu);
}

static void test_busy(void)
{
	static const char *const names[] = {
		"set_gpr",
		"get_gpr",
		"set_entry",
		"set_return_value",
		"run",
		"unbind",
		"set_state(Blocked)",
		"set_state(Ready)",
		"complete_mmio_read",
		"setup",
		"destroy",
		"bind",
		"kick",
		"wake",
	};
	const int B = AXVCPU_EBUSY, S = AXVCPU_EBADSTATE;
	/* Inside set_entry on a Ready vCPU. */
	const int want_ready[] = { B, B, B, B, B, B, B, B, B, S, S, S, 0, 0 };
	/* Inside setup on a Created vCPU. */
	const int want_created[] = { S, S, S, S, S, S, S, S, AXVCPU_EINVAL,
				     B, B, S, S, S };

	mock_set_hook(nest_hook);
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	uint64_t regs[MOCK_NGPRS];
	regs_read(v, regs);
	nest_v = v;
	nest_op = MOCK_OP_SET_ENTRY;
	tap_is(axvcpu_set_entry(v, 0x2000), 0, "set_entry with nested calls");
	for (int i = 0; i < 14; i++)
		tap_is(nest_res[i], want_ready[i],
		       "nested %s while set_entry owns a Ready vCPU: %s",
		       names[i], axvcpu_error_name(want_ready[i]));
	tap_is(nest_state, AXVCPU_STATE_READY, "state seen inside: Ready");
	STATE_IS(v, AXVCPU_STATE_READY, "Ready after the owning call");
	tap_is(mock_of(v)->overlaps, 0, "no backend op overlapped");
	tap_ok(regs_same(v, regs), "nested calls changed no register");
	axvcpu_kick_take(v); /* the nested kick stays pending: drop it */

	/* Blocked, owned by set_gpr: wake moves it to Ready under the owner
	 * and the owner's release keeps the new state. */
	axvcpu_set_state(v, AXVCPU_STATE_BLOCKED);
	nest_op = MOCK_OP_SET_GPR;
	tap_is(axvcpu_set_gpr(v, 2, 2), 0, "set_gpr on Blocked with nesting");
	tap_is(nest_res[13], 0, "nested wake on an owned Blocked vCPU: 0");
	tap_is(nest_state, AXVCPU_STATE_READY,
	       "wake inside the owner made it Ready");
	STATE_IS(v, AXVCPU_STATE_READY, "Ready after the owner released");
	tap_is(nest_res[4], AXVCPU_EBADSTATE, "run is refused in Blocked");
	tap_is(nest_res[0], AXVCPU_EBUSY, "set_gpr is refused while owned");
	axvcpu_kick_take(v);
	vcpu_free(v);

	v = vcpu_new(&mock_backend);
	nest_v = v;
	nest_op = MOCK_OP_SETUP;
	tap_is(axvcpu_setup(v, 0, 0, 0, 0), 0, "setup with nested calls");
	for (int i = 0; i < 14; i++)
		tap_is(nest_res[i], want_created[i],
		       "nested %s while setup owns a Created vCPU: %s",
		       names[i], axvcpu_error_name(want_created[i]));
	STATE_IS(v, AXVCPU_STATE_FREE, "Free after setup");
	tap_is(mock_of(v)->calls[MOCK_OP_SETUP], 1, "backend setup ran once");
	mock_set_hook(0);
	axvcpu_kick_take(v);
	vcpu_free(v);
}

int main(void)
{
	hosted_start(&mock_backend);
	long frames = axvcpu_hosted_frames_in_use();
	test_lifecycle();
	test_exit_passthrough();
	test_backend_errors();
	test_busy();
	tap_is(axvcpu_hosted_frames_in_use(), frames, "no frame leaked");
	return tap_done(0);
}
