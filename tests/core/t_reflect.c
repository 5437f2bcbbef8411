/* SPDX-License-Identifier: Apache-2.0 */
/*
 * axvcpu_reflect_fault: answers only the last memory-access exit, once,
 * drops a pending MMIO read, refuses in the wrong state or without the
 * backend op, and a backend refusal changes nothing.
 */
#include "helpers.h"

static void test_reflect(void)
{
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_CREATED);
	tap_is(axvcpu_reflect_fault(v), AXVCPU_EBADSTATE, "Created: refused");
	vcpu_free(v);
	tap_is(axvcpu_reflect_fault(0), AXVCPU_EINVAL, "NULL: EINVAL");

	v = vcpu_in(&mock_backend, AXVCPU_STATE_READY);
	struct mock_vcpu *m = mock_of(v);
	struct axvcpu_exit e;
	tap_is(axvcpu_reflect_fault(v), AXVCPU_ENOTFOUND,
	       "never ran: nothing to reflect");
	mock_script_reason(v, AXVCPU_EXIT_HYPERCALL);
	axvcpu_run(v, &e);
	tap_is(axvcpu_reflect_fault(v), AXVCPU_ENOTFOUND,
	       "after a Hypercall: nothing to reflect");

	mock_script_mmio_read(v, 7, 4, 8, true);
	tap_is(axvcpu_run(v, &e), 0, "run to an MmioRead");
	mock_fail_next(MOCK_OP_REFLECT_FAULT, AXVCPU_EHW);
	tap_is(axvcpu_reflect_fault(v), AXVCPU_EHW,
	       "backend refusal passed on");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "state unchanged by it");
	tap_is(axvcpu_reflect_fault(v), 0, "then reflected");
	tap_is(m->last_reflected.reason, AXVCPU_EXIT_MMIO_READ,
	       "the backend got the MmioRead");
	tap_is(m->last_reflected.mmio_read.reg, 7, "with its register");
	tap_is(axvcpu_complete_mmio_read(v, 1), AXVCPU_EINVAL,
	       "the read is no longer pending");
	tap_is(axvcpu_reflect_fault(v), AXVCPU_ENOTFOUND, "reflected once");

	struct axvcpu_exit npf = { .reason = AXVCPU_EXIT_NESTED_PAGE_FAULT };
	npf.nested_page_fault.addr = 0x4000;
	npf.nested_page_fault.access_flags = AXVCPU_ACCESS_ATOMIC;
	mock_script_exit(v, &npf);
	axvcpu_run(v, &e);
	tap_is(axvcpu_reflect_fault(v), 0, "NestedPageFault reflected");
	tap_is(m->last_reflected.nested_page_fault.addr, 0x4000,
	       "with its address");
	vcpu_free(v);

	/* The same mock without the op, on a CPU of its own. */
	static struct axvcpu_backend no_op;
	no_op = mock_backend;
	no_op.reflect_fault = 0;
	percpu_up(1, &no_op);
	v = vcpu_in(&no_op, AXVCPU_STATE_READY);
	struct axvcpu_exit w = { .reason = AXVCPU_EXIT_MMIO_WRITE };
	w.mmio_write.width = 4;
	mock_script_exit(v, &w);
	axvcpu_run(v, &e);
	tap_is(axvcpu_reflect_fault(v), AXVCPU_EUNSUPPORTED,
	       "backend without the op: EUNSUPPORTED");
	vcpu_free(v);
	percpu_down();
}

int main(void)
{
	hosted_start(&mock_backend);
	long frames = axvcpu_hosted_frames_in_use();
	test_reflect();
	tap_is(axvcpu_hosted_frames_in_use(), frames, "no frame leaked");
	return tap_done(0);
}
