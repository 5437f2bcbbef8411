/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every call in every state, table-driven: a fresh vCPU is brought to each
 * state (Running is held by a runner thread on another CPU), the call is
 * made with valid arguments, and both the result and the state afterwards
 * are checked. Every wrong state gives AXVCPU_EBADSTATE and leaves the
 * state, the registers and the backend untouched. The table runs twice:
 * on the mock, and on a copy whose register file the core writes itself
 * (backend.h's gpr_file_count and RUN_FILLS_EXIT: the run's and the
 * completion's fast paths, as on riscv64).
 */
#include "helpers.h"

enum call {
	C_DESTROY,
	C_SETUP,
	C_BIND,
	C_UNBIND,
	C_RUN,
	C_SET_READY,
	C_SET_BLOCKED,
	C_SET_ENTRY,
	C_SET_GPR,
	C_GET_GPR,
	C_SET_RETVAL,
	C_COMPLETE_MMIO,
	C_COMPLETE_IO,
	C_COMPLETE_SYSREG,
	C_COMPLETE_CONSOLE,
	C_INJECT,
	C_KICK,
	C_WAKE,
	C_POWER_OFF,
	C_POWER_ON,
	C_RESET,
	C_SET_RETERR,
	C_COUNT
};

static const char *const call_names[C_COUNT] = {
	"destroy",
	"setup",
	"bind",
	"unbind",
	"run",
	"set_state(Ready)",
	"set_state(Blocked)",
	"set_entry",
	"set_gpr",
	"get_gpr",
	"set_return_value",
	"complete_mmio_read",
	"complete_io_read",
	"complete_sysreg_read",
	"complete_console_read",
	"inject_interrupt",
	"kick",
	"wake",
	"power_off",
	"power_on",
	"reset",
	"set_return_error",
};

/* Backend ops a call may reach when it is accepted. */
static const enum mock_op call_op[C_COUNT] = {
	MOCK_OP_DESTROY,
	MOCK_OP_SETUP,
	MOCK_OP_BIND,
	MOCK_OP_UNBIND,
	MOCK_OP_RUN,
	MOCK_OP_COUNT,
	MOCK_OP_COUNT,
	MOCK_OP_SET_ENTRY,
	MOCK_OP_SET_GPR,
	MOCK_OP_GET_GPR,
	MOCK_OP_SET_RETURN_VALUE,
	MOCK_OP_COMPLETE_READ,
	MOCK_OP_COMPLETE_READ,
	MOCK_OP_COMPLETE_READ,
	MOCK_OP_COMPLETE_READ,
	MOCK_OP_COUNT,
	MOCK_OP_KICK,
	MOCK_OP_COUNT,
	MOCK_OP_POWER_OFF,
	MOCK_OP_POWER_ON,
	MOCK_OP_RESET,
	MOCK_OP_SET_RETURN_ERROR,
};

#define CR AXVCPU_STATE_CREATED
#define FR AXVCPU_STATE_FREE
#define RE AXVCPU_STATE_READY
#define RU AXVCPU_STATE_RUNNING
#define BL AXVCPU_STATE_BLOCKED
#define BAD AXVCPU_EBADSTATE
#define INV AXVCPU_EINVAL
/* State after: the same as before. */
#define SAME -1
/* State after: not checked (the vCPU is gone, or a kick races). */
#define ANY -2

struct expect {
	int ret;
	int state;
};

/* [call][state]: result and state afterwards, from the headers' docs. */
static const struct expect table[C_COUNT][AXVCPU_STATE_COUNT] = {
	[C_DESTROY] = { { 0, ANY },
			{ 0, ANY },
			{ BAD, SAME },
			{ BAD, SAME },
			{ BAD, SAME } },
	[C_SETUP] = { { 0, FR },
		      { BAD, SAME },
		      { BAD, SAME },
		      { BAD, SAME },
		      { BAD, SAME } },
	[C_BIND] = { { BAD, SAME },
		     { 0, RE },
		     { BAD, SAME },
		     { BAD, SAME },
		     { BAD, SAME } },
	[C_UNBIND] = { { BAD, SAME },
		       { BAD, SAME },
		       { 0, FR },
		       { BAD, SAME },
		       { 0, FR } },
	[C_RUN] = { { BAD, SAME },
		    { BAD, SAME },
		    { 0, RE },
		    { BAD, SAME },
		    { BAD, SAME } },
	[C_SET_READY] = { { BAD, SAME },
			  { BAD, SAME },
			  { 0, RE },
			  { BAD, SAME },
			  { 0, RE } },
	[C_SET_BLOCKED] = { { BAD, SAME },
			    { BAD, SAME },
			    { 0, BL },
			    { BAD, SAME },
			    { 0, BL } },
	[C_SET_ENTRY] = { { BAD, SAME },
			  { 0, SAME },
			  { 0, SAME },
			  { BAD, SAME },
			  { 0, SAME } },
	[C_SET_GPR] = { { BAD, SAME },
			{ 0, SAME },
			{ 0, SAME },
			{ BAD, SAME },
			{ 0, SAME } },
	[C_GET_GPR] = { { BAD, SAME },
			{ 0, SAME },
			{ 0, SAME },
			{ BAD, SAME },
			{ 0, SAME } },
	[C_SET_RETVAL] = { { BAD, SAME },
			   { 0, SAME },
			   { 0, SAME },
			   { BAD, SAME },
			   { 0, SAME } },
	/* Nothing can be pending on these fresh vCPUs: EINVAL, except while
	 * Running (EBADSTATE, documented). */
	[C_COMPLETE_MMIO] = { { INV, SAME },
			      { INV, SAME },
			      { INV, SAME },
			      { BAD, SAME },
			      { INV, SAME } },
	[C_COMPLETE_IO] = { { INV, SAME },
			    { INV, SAME },
			    { INV, SAME },
			    { BAD, SAME },
			    { INV, SAME } },
	[C_COMPLETE_SYSREG] = { { INV, SAME },
				{ INV, SAME },
				{ INV, SAME },
				{ BAD, SAME },
				{ INV, SAME } },
	[C_COMPLETE_CONSOLE] = { { INV, SAME },
				 { INV, SAME },
				 { INV, SAME },
				 { BAD, SAME },
				 { INV, SAME } },
	/* inject wakes a Blocked vCPU; into a Running one it kicks it. */
	[C_INJECT] = { { BAD, SAME },
		       { 0, SAME },
		       { 0, SAME },
		       { 0, ANY },
		       { 0, RE } },
	[C_KICK] = { { BAD, SAME },
		     { 0, SAME },
		     { 0, SAME },
		     { 0, ANY },
		     { 0, SAME } },
	/* Waking a Running vCPU is a no-op (see the report: the header says
	 * EBADSTATE "otherwise", the code and the threading note say 0). */
	[C_WAKE] = { { BAD, SAME },
		     { BAD, SAME },
		     { 0, SAME },
		     { 0, SAME },
		     { 0, RE } },
	/* Parking holds a bound vCPU Blocked; a Free one stays Free. */
	[C_POWER_OFF] = { { BAD, SAME },
			  { 0, FR },
			  { 0, BL },
			  { BAD, SAME },
			  { 0, BL } },
	/* These vCPUs are on: starting one is "already on" everywhere. */
	[C_POWER_ON] = { { BAD, SAME },
			 { BAD, SAME },
			 { BAD, SAME },
			 { BAD, SAME },
			 { BAD, SAME } },
	[C_RESET] = { { BAD, SAME },
		      { 0, FR },
		      { 0, RE },
		      { BAD, SAME },
		      { 0, RE } },
	[C_SET_RETERR] = { { BAD, SAME },
			   { 0, SAME },
			   { 0, SAME },
			   { BAD, SAME },
			   { 0, SAME } },
};

static int do_call(enum call c, struct axvcpu *v)
{
	struct axvcpu_exit e;
	uint64_t r = 0;
	switch (c) {
	case C_DESTROY:
		return axvcpu_destroy(v);
	case C_SETUP:
		return axvcpu_setup(v, 0x1000, 0x2000, 0, 0);
	case C_BIND:
		return axvcpu_bind(v);
	case C_UNBIND:
		return axvcpu_unbind(v);
	case C_RUN:
		return axvcpu_run(v, &e);
	case C_SET_READY:
		return axvcpu_set_state(v, AXVCPU_STATE_READY);
	case C_SET_BLOCKED:
		return axvcpu_set_state(v, AXVCPU_STATE_BLOCKED);
	case C_SET_ENTRY:
		return axvcpu_set_entry(v, 0x3000);
	case C_SET_GPR:
		return axvcpu_set_gpr(v, 3, 0x77);
	case C_GET_GPR:
		return axvcpu_get_gpr(v, 3, &r);
	case C_SET_RETVAL:
		return axvcpu_set_return_value(v, 5);
	case C_COMPLETE_MMIO:
		return axvcpu_complete_mmio_read(v, 1);
	case C_COMPLETE_IO:
		return axvcpu_complete_io_read(v, 1);
	case C_COMPLETE_SYSREG:
		return axvcpu_complete_sysreg_read(v, 1);
	case C_COMPLETE_CONSOLE:
		return axvcpu_complete_console_read(v, 1);
	case C_INJECT:
		return axvcpu_inject_interrupt(v, 7);
	case C_KICK:
		return axvcpu_kick(v);
	case C_WAKE:
		return axvcpu_wake(v);
	case C_POWER_OFF:
		return axvcpu_power_off(v);
	case C_POWER_ON:
		return axvcpu_power_on(v, 0x5000, 9);
	case C_RESET:
		return axvcpu_reset(v);
	case C_SET_RETERR:
		return axvcpu_set_return_error(v, AXVCPU_ENOTFOUND);
	default:
		return 99;
	}
}

static unsigned op_calls(struct axvcpu *v, enum mock_op op)
{
	return op == MOCK_OP_COUNT ? 0 : mock_of(v)->calls[op];
}

/* The backend of the current round: the mock, or `file` (main()). */
static const struct axvcpu_backend *be_now = &mock_backend;
static struct axvcpu_backend file;
#define FILE_CPU 3u

static void check_cell(enum call c, enum axvcpu_state s)
{
	const struct expect *x = &table[c][s];
	struct runner run;
	struct axvcpu *v;
	if (s == AXVCPU_STATE_RUNNING) {
		v = vcpu_in(be_now, AXVCPU_STATE_FREE);
		runner_start(&run, v, be_now);
	} else {
		v = vcpu_in(be_now, s);
	}
	tap_is(axvcpu_state(v), s, "%s: built in %s", call_names[c],
	       axvcpu_state_name(s));
	/* Registers are readable in every state but Created and Running. */
	bool regs_ok = s != AXVCPU_STATE_CREATED && s != AXVCPU_STATE_RUNNING;
	uint64_t regs[MOCK_NGPRS];
	if (regs_ok)
		regs_read(v, regs);
	unsigned before = op_calls(v, call_op[c]);
	long frames = axvcpu_hosted_frames_in_use();

	int ret = do_call(c, v);
	tap_is(ret, x->ret, "%s in %s -> %s", call_names[c],
	       axvcpu_state_name(s), axvcpu_error_name(x->ret));

	if (c == C_DESTROY && ret == 0) {
		tap_is(axvcpu_hosted_frames_in_use(), frames - 1,
		       "destroy in %s freed the frame", axvcpu_state_name(s));
		return;
	}
	if (x->state != ANY) {
		enum axvcpu_state want =
		    x->state == SAME ? s : (enum axvcpu_state)x->state;
		tap_is(axvcpu_state(v), want, "%s in %s: state then %s",
		       call_names[c], axvcpu_state_name(s),
		       axvcpu_state_name(want));
	}
	if (x->ret == AXVCPU_EBADSTATE || x->ret == AXVCPU_EINVAL) {
		/* A refused call reaches no backend op and changes nothing. */
		tap_is(op_calls(v, call_op[c]), before,
		       "%s in %s: no backend op", call_names[c],
		       axvcpu_state_name(s));
		if (regs_ok)
			tap_ok(regs_same(v, regs),
			       "%s in %s: registers unchanged", call_names[c],
			       axvcpu_state_name(s));
		tap_ok(!axvcpu_irq_is_pending(v, 7) && !axvcpu_kick_pending(v),
		       "%s in %s: nothing queued", call_names[c],
		       axvcpu_state_name(s));
	}

	if (s == AXVCPU_STATE_RUNNING) {
		if (x->state != ANY)
			tap_ok(mock_in_run(v), "%s in Running: run undisturbed",
			       call_names[c]);
		runner_stop(&run);
		tap_is(run.run_err, 0, "runner's run returned 0");
		tap_is(run.unbind_err, 0, "runner unbound");
	}
	axvcpu_kick_take(v);
	vcpu_free(v);
}

int main(void)
{
	hosted_start(&mock_backend);
	long frames = axvcpu_hosted_frames_in_use();
	for (int c = 0; c < C_COUNT; c++)
		for (int s = 0; s < AXVCPU_STATE_COUNT; s++)
			check_cell((enum call)c, (enum axvcpu_state)s);
	/* Again with the register file, from a CPU set up for it. */
	file = mock_backend;
	file.name = "mock-file";
	file.flags = AXVCPU_BACKEND_RUN_FILLS_EXIT;
	file.gpr_file_count = MOCK_NGPRS;
	file.gpr_file_offset = offsetof(struct mock_vcpu, regs);
	percpu_up(FILE_CPU, &file);
	be_now = &file;
	for (int c = 0; c < C_COUNT; c++)
		for (int s = 0; s < AXVCPU_STATE_COUNT; s++)
			check_cell((enum call)c, (enum axvcpu_state)s);
	percpu_down();
	axvcpu_hosted_cpu_set(MAIN_CPU);
	tap_is(axvcpu_hosted_frames_in_use(), frames, "no frame leaked");
	return tap_done(0);
}
