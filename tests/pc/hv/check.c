/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checking side of the PC test guests: each guest announces the exit
 * it is about to cause (proto.h), this compares the exit axvcpu_run()
 * returned field by field, answers it and prints TAP on the console (the
 * shared core is tests/lib/hv_check.c; here is what is x86's).
 * Expectations queue per vCPU.
 */
#include "platform/pc/arch.h"
#include "platform/pc/vm.h"
#include "proto.h"
#include "tests/lib/hv_check.h"
#include <axvcpu/stage2.h>

/* A queue per vCPU: a guest may announce the exits of one instruction
 * (a read-modify-write, REP) at once. */
static struct hvc_queue tp_q[HV_MAX_CPUS];
static bool tp_quiet[HV_MAX_CPUS];

static bool tp_match(const struct hvc_expect *x, const struct axvcpu_exit *e)
{
	if (e->reason != x->reason)
		return false;
	switch (e->reason) {
	case AXVCPU_EXIT_MMIO_READ: {
		uint64_t rw = (x->flags >> 12) & 0xf;
		return e->mmio_read.addr == x->addr &&
		       e->mmio_read.width == x->width &&
		       e->mmio_read.reg == x->x &&
		       e->mmio_read.sign_ext == (bool)(x->flags & TP_SEXT) &&
		       (!rw || e->mmio_read.reg_width == rw);
	}
	case AXVCPU_EXIT_IO_READ:
		return e->io_read.port == x->addr &&
		       e->io_read.width == x->width &&
		       e->io_read.count == (x->x ? x->x : 1);
	case AXVCPU_EXIT_IO_WRITE: {
		uint64_t count = (x->flags >> 16) & 0xffff;
		return e->io_write.port == x->addr &&
		       e->io_write.width == x->width &&
		       e->io_write.data == x->x &&
		       e->io_write.count == (count ? count : 1);
	}
	case AXVCPU_EXIT_SYSREG_READ:
		return e->sysreg_read.addr == x->addr &&
		       e->sysreg_read.reg == AXVCPU_X86_REG_READ_DATA;
	case AXVCPU_EXIT_SYSREG_WRITE:
		return e->sysreg_write.addr == x->addr &&
		       e->sysreg_write.value == x->x;
	default:
		return hvc_match(x, e);
	}
}

/* Whether the guest is at the loop it named in r14. */
static bool tp_in_loop(struct axvcpu *vcpu)
{
	uint64_t rip = 0, r14 = 1;
	axvcpu_get_gpr(vcpu, AXVCPU_X86_REG_RIP, &rip);
	axvcpu_get_gpr(vcpu, AXVCPU_X86_REG_R14, &r14);
	return rip == r14;
}

/* Where the guest said to go on: r15. */
static void tp_resume(struct axvcpu *vcpu)
{
	uint64_t r15 = 0;
	axvcpu_get_gpr(vcpu, AXVCPU_X86_REG_R15, &r15);
	axvcpu_set_gpr(vcpu, AXVCPU_X86_REG_RIP, r15);
}

/*
 * TP_RUN_OTHER: a second vCPU of the VM on this CPU until its first
 * hypercall; the caller then checks that none of its FP state leaked.
 */
static void tp_run_other(struct hv_vm *hv, unsigned id, uint64_t entry)
{
	static struct axvcpu *other;
	hv_arch_create_config cc = { .apic_id = 7, .ncpus = 1 };
	hv_arch_setup_config sc = {
		.mode = AXVCPU_X86_MODE_LONG64,
		.sys_area_gpa = 0x9000,
		.stack = 0x8f000,
	};
	struct hvc_other o = { &HV_ARCH_BACKEND, &cc, sizeof(cc), &sc,
			       sizeof(sc),       0 };
	hvc_run_other(&other, &o, id, entry, axvcpu_stage2_root(hv->s2),
		      "a second vCPU ran on this CPU up to its hypercall");
}

/* The plan, and the machine's status: 0 only if every check passed. */
__attribute__((noreturn)) static void tp_done(struct vmm_vm *vm)
{
	hv_delay_us(50000); /* other CPUs may still print */
	hv_exit(hvc_plan(vm) ? 1 : 0);
}

/* The VM ended without TP_DONE (a triple fault, a power-off). */
static void tp_end(struct hv_vm *hv, enum vmm_vm_end end)
{
	hvc_end_check(&hv->vm, end);
	tp_done(&hv->vm);
}

static bool tp_call(struct hv_vm *hv, unsigned id, struct axvcpu_exit *e)
{
	struct vmm_vm *vm = &hv->vm;
	const uint64_t *a = e->hypercall.args;
	switch (e->hypercall.nr) {
	case TP_EXPECT:
		hvc_push(&tp_q[id], HVC_QUEUE_MAX,
			 &(struct hvc_expect){ (unsigned)a[0], a[1], a[2], a[3],
					       a[4], a[5] });
		return true;
	case TP_QUIET:
		tp_quiet[id] = a[0] != 0;
		return true;
	case TP_RUN_OTHER:
		tp_run_other(hv, id, a[0]);
		return true;
	case TP_DONE:
		tp_done(vm);
	default:
		return hvc_call(vm, id, e);
	}
}

/* Answer an exit that was announced and matched. */
static bool tp_answer(struct axvcpu *vcpu, const struct hvc_expect *x,
		      struct axvcpu_exit *e)
{
	if ((x->flags & TP_REFLECT) && hvc_is_access(e)) {
		hvc_reflect(vcpu);
		return true;
	}
	switch (e->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		hvc_complete_read(vcpu, e, TP_VALUE, TP_VALUE_POS);
		return true;
	case AXVCPU_EXIT_IO_READ:
		axvcpu_complete_io_read(vcpu, TP_IOVALUE);
		return true;
	case AXVCPU_EXIT_SYSREG_READ:
	case AXVCPU_EXIT_SYSREG_WRITE:
		if (x->flags & TP_FAULT)
			axvcpu_set_return_error(vcpu, AXVCPU_EINVAL);
		else if (e->reason == AXVCPU_EXIT_SYSREG_READ)
			axvcpu_complete_sysreg_read(vcpu, TP_VALUE);
		return true;
	case AXVCPU_EXIT_HYPERCALL:
		axvcpu_set_return_value(vcpu, e->hypercall.args[0] + 1);
		return true;
	case AXVCPU_EXIT_NESTED_PAGE_FAULT:
	case AXVCPU_EXIT_EXTERNAL_INTERRUPT:
	case AXVCPU_EXIT_CANCELLED:
		tp_resume(vcpu);
		return true;
	case AXVCPU_EXIT_HALT:
		axvcpu_wake(vcpu);
		return true;
	case AXVCPU_EXIT_SYSTEM_DOWN:
		return false; /* the VM layer ends the VM: tp_end */
	default:
		return true;
	}
}

static bool tp_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
		    void *arg)
{
	struct hv_vm *hv = arg;
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	if (e->reason == AXVCPU_EXIT_HYPERCALL && tp_call(hv, id, e))
		return true;
	const struct hvc_expect *x = hvc_peek(&tp_q[id]);
	/* Host timer ticks land anywhere: only an announced one counts, and
	 * only in the loop the guest named (rip = r14); one that came before
	 * the guest got there (during the announcement's own exit) is just
	 * a tick. */
	if (e->reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT &&
	    !(x && x->reason == e->reason && tp_in_loop(vcpu)))
		return false;
	/* The guests' own console (port 0xe9): the VM layer prints it. */
	if (e->reason == AXVCPU_EXIT_IO_WRITE && e->io_write.port == 0xe9)
		return false;
	if (!x) {
		if (tp_quiet[id] || e->reason == AXVCPU_EXIT_CANCELLED)
			return false;
		hvc_unexpected(e);
		return false;
	}
	struct hvc_expect xe = hvc_pop(&tp_q[id]);
	bool ok = tp_match(&xe, e);
	hvc_report(vm, id, &xe, e, ok);
	return tp_answer(vcpu, &xe, e);
}

void hv_testcheck_install(struct hv_vm *hv)
{
	hv->vm.hook = tp_hook;
	hv->vm.hook_arg = hv;
	hv->on_end = tp_end;
}
