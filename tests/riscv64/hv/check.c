/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checking side of the riscv64 test guests: each guest announces the
 * exit it is about to cause (proto.h), this compares the exit axvcpu_run
 * returned field by field and prints TAP on the console (the shared core
 * is tests/lib/hv_check.c; here is what is RISC-V's). One expectation per
 * vCPU, so that guests on several harts can be checked at once.
 */
#include "platform/qemu-riscv64/vm.h"
#include "proto.h"
#include "tests/lib/hv_check.h"
#include <axvcpu/riscv64.h>
#include <stdatomic.h>

/* TP_EXPECT flag bits of this checker's own (not compared). */
#define TP_OWN_FLAGS (TP_REFLECT | TP_LET_NPF | TP_CANCEL)

static struct hvc_queue tp_exps[HV_MAX_HARTS];
/* Exits per vCPU and reason for TP_COUNT; then soft IPIs, then all. */
static uint64_t tp_exits[HV_MAX_HARTS][AXVCPU_EXIT_REASON_COUNT + 2];

static bool tp_match(const struct hvc_expect *x, const struct axvcpu_exit *e)
{
	uint64_t flag = x->flags & ~TP_OWN_FLAGS;
	if (e->reason != x->reason)
		return false;
	switch (e->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		return e->mmio_read.addr == x->addr &&
		       e->mmio_read.width == x->width &&
		       e->mmio_read.reg == x->x &&
		       e->mmio_read.sign_ext == (bool)flag &&
		       e->mmio_read.reg_width == 8;
	case AXVCPU_EXIT_HALT:
		return e->halt.deadline == x->x;
	case AXVCPU_EXIT_CPU_UP:
		return e->cpu_up.target_cpu == x->x &&
		       e->cpu_up.entry_point == x->addr &&
		       e->cpu_up.arg == x->width;
	case AXVCPU_EXIT_SEND_IPI:
		return e->send_ipi.target_cpu == x->x &&
		       e->send_ipi.target_cpu_aux == x->addr &&
		       !e->send_ipi.send_to_all &&
		       e->send_ipi.send_to_self == (bool)flag;
	case AXVCPU_EXIT_CONSOLE_WRITE:
		if (x->width) /* DBCN write: gpa and length */
			return e->console_write.gpa == x->addr &&
			       e->console_write.len == x->width;
		return e->console_write.len == 0 &&
		       e->console_write.byte == x->x;
	case AXVCPU_EXIT_REMOTE_FENCE:
		return e->remote_fence.target_cpu == x->x &&
		       e->remote_fence.target_cpu_aux == x->addr &&
		       e->remote_fence.kinds == x->width &&
		       e->remote_fence.send_to_all == (bool)flag;
	default:
		return hvc_match(x, e);
	}
}

/*
 * The rest of a RemoteFence: the range and ASID the guest passed are still
 * in its a2..a4 (the answer went to a0/a1); sfence_vma (a6 = 1) and
 * fence_i (a6 = 0) name every ASID.
 */
static void tp_fence_args(struct axvcpu *vcpu, const struct axvcpu_exit *e)
{
	uint64_t fid = 0, start = 0, size = 0, asid = 0;
	axvcpu_get_gpr(vcpu, 16, &fid);
	axvcpu_get_gpr(vcpu, 12, &start);
	axvcpu_get_gpr(vcpu, 13, &size);
	axvcpu_get_gpr(vcpu, 14, &asid);
	if (fid == 0) {
		start = 0;
		size = UINT64_MAX;
	}
	if (fid != 2)
		asid = UINT64_MAX;
	bool ok = e->remote_fence.start == start &&
		  e->remote_fence.size == size && e->remote_fence.asid == asid;
	hvc_result(ok, "... RemoteFence start/size/asid as the guest gave them",
		   0);
	if (!ok)
		hv_printf("#   want start=%lx size=%lx asid=%lx\n", start, size,
			  asid);
}

/*
 * TP_REFLECT: answer the access with the guest's own access fault (the
 * guest checks scause/sepc/stval). Once each, the calls around it: one
 * after set_entry moved the pc must be refused (the fault would be at an
 * instruction the VM layer resumed past), a read completed first must
 * still leave the load's register alone (the guest checks), the same
 * exit cannot be reflected twice, and the fault survives unbind/bind.
 * With `cancel`, set_entry afterwards to where the exit left the pc must
 * take the fault back (the guest checks it saw none).
 */
static void tp_reflect(struct axvcpu *vcpu, const struct axvcpu_exit *e,
		       bool cancel)
{
	static bool moved, completed, twice, rebound;
	uint64_t pc = 0; /* where the exit left it */
	int err;
	axvcpu_get_gpr(vcpu, AXVCPU_RISCV64_REG_PC, &pc);
	if (!moved && e->reason == AXVCPU_EXIT_NESTED_PAGE_FAULT) {
		moved = true;
		axvcpu_set_entry(vcpu, pc + 4);
		err = axvcpu_reflect_fault(vcpu);
		hvc_result(
		    err == AXVCPU_EBADSTATE,
		    "reflect_fault after set_entry moved the pc: refused",
		    axvcpu_strerror(err));
		axvcpu_set_entry(vcpu, pc);
	}
	if (!completed && e->reason == AXVCPU_EXIT_MMIO_READ) {
		completed = true;
		axvcpu_complete_mmio_read(vcpu, 0xdead);
	}
	int rerr = hvc_reflect(vcpu);
	if (!twice) {
		twice = true;
		err = axvcpu_reflect_fault(vcpu);
		hvc_result(err == AXVCPU_ENOTFOUND,
			   "reflect_fault twice for one exit: ENOTFOUND",
			   axvcpu_strerror(err));
	}
	/* Once: the fault waits for the next entry across unbind/bind (the
	 * VS CSRs go to memory and back; the guest checks it arrives). */
	if (!rebound && !rerr && e->reason == AXVCPU_EXIT_MMIO_WRITE) {
		rebound = true;
		int u = axvcpu_unbind(vcpu), b = axvcpu_bind(vcpu);
		hvc_result(!u && !b, "unbind and bind after reflect_fault",
			   axvcpu_strerror(u ? u : b));
	}
	if (cancel)
		axvcpu_set_entry(vcpu, pc);
}

static void tp_resume_at_s11(struct axvcpu *vcpu)
{
	uint64_t s11 = 0;
	axvcpu_get_gpr(vcpu, 27, &s11);
	axvcpu_set_entry(vcpu, s11);
}

/*
 * TP_RUN_OTHER: run a second vCPU of the VM on this same hart until its
 * first hypercall, then go back to the caller, which checks that none of
 * the intruder's FP or VS state leaked into it.
 */
static void tp_run_other_irq(const struct axvcpu_exit *e)
{
	if (e->external_interrupt.vector == 5)
		hv_timer_arm(hv_time() + HV_SLICE_TICKS);
}

static void tp_run_other(struct hv_vm *hv, unsigned id, uint64_t entry)
{
	static struct axvcpu *other;
	struct axvcpu_riscv64_create_config cc = { .hart_id = 7 };
	struct axvcpu_riscv64_setup_config sc = {
		.mode = axvcpu_stage2_levels(hv->s2) == 4
			    ? AXVCPU_RISCV64_SV48X4
			    : AXVCPU_RISCV64_SV39X4,
		.vmid = 1,
	};
	struct hvc_other o = {
		&axvcpu_backend_riscv64, &cc, sizeof(cc), &sc, sizeof(sc),
		tp_run_other_irq
	};
	hvc_run_other(&other, &o, id, entry, axvcpu_stage2_root(hv->s2),
		      "a second vCPU ran on the same hart up to its hypercall");
}

/* TP_WAKE_IN: the host's wait, with a device line due at tp_wake_at. */
static _Atomic uint64_t tp_wake_at;
static void (*tp_host_wait)(void *ctx, unsigned id, uint64_t deadline);
static struct vmm_vm *tp_vm;

static void tp_wait(void *ctx, unsigned id, uint64_t deadline)
{
	uint64_t at = atomic_load(&tp_wake_at);
	if (at && hv_time() >= at &&
	    atomic_compare_exchange_strong(&tp_wake_at, &at, 0)) {
		vmm_vm_inject(tp_vm, 0, AXVCPU_RISCV64_IRQ_EXTERNAL);
		return;
	}
	tp_host_wait(ctx, id, at && at < deadline ? at : deadline);
}

/* The plan, and QEMU's status: 0 only if every check passed. */
__attribute__((noreturn)) static void tp_done(struct vmm_vm *vm)
{
	/* Other harts may still print: give them a moment. */
	for (uint64_t end = hv_time() + HV_TIMEBASE_HZ / 20; hv_time() < end;)
		;
	hv_poweroff(hvc_plan(vm) ? 1 : 0);
}

/* The VM ended without TP_DONE (the guest stopped its last hart). */
static void tp_end(struct hv_vm *hv, enum vmm_vm_end end)
{
	hvc_end_check(&hv->vm, end);
	tp_done(&hv->vm);
}

/* The protocol's own hypercalls. */
static bool tp_call(struct hv_vm *hv, unsigned id, struct axvcpu_exit *e)
{
	struct vmm_vm *vm = &hv->vm;
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	const uint64_t *a = e->hypercall.args;
	switch (e->hypercall.nr) {
	case TP_EXPECT:
		hvc_set(&tp_exps[id],
			&(struct hvc_expect){ (unsigned)a[0], a[1], a[2], a[3],
					      a[4], a[5] });
		/* A whole slice for the faults to repeat in: the tick due
		 * now may be a moment away. */
		if (a[4] & TP_LET_NPF)
			hv_timer_arm(hv_time() + HV_SLICE_TICKS);
		return true;
	case TP_NOTE:
		return true;
	case TP_RUN_OTHER:
		tp_run_other(hv, id, a[0]);
		return true;
	case TP_COUNT: {
		unsigned r = 0; /* NOTHING: never counted */
		if (a[0] < AXVCPU_EXIT_REASON_COUNT)
			r = (unsigned)a[0];
		else if (a[0] == TP_COUNT_SOFT_IPI)
			r = AXVCPU_EXIT_REASON_COUNT;
		else if (a[0] == TP_COUNT_ALL)
			r = AXVCPU_EXIT_REASON_COUNT + 1;
		axvcpu_set_return_value(vcpu, r ? tp_exits[id][r] : 0);
		return true;
	}
	case TP_UNMAP:
	case TP_MAP:
		hvc_stage2_page(vm, hv->s2, id, e->hypercall.nr == TP_MAP,
				a[0]);
		return true;
	case TP_WAKE_IN:
		atomic_store(&tp_wake_at, hv_time() + a[0]);
		return true;
	case TP_DONE:
		tp_done(vm);
	default:
		return hvc_call(vm, id, e);
	}
}

static bool tp_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
		    void *arg)
{
	struct hv_vm *hv = arg;
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	if (e->reason < AXVCPU_EXIT_REASON_COUNT)
		tp_exits[id][e->reason]++;
	tp_exits[id][AXVCPU_EXIT_REASON_COUNT + 1]++;
	if (e->reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT &&
	    e->external_interrupt.vector == 1)
		tp_exits[id][AXVCPU_EXIT_REASON_COUNT]++;
	if (e->reason == AXVCPU_EXIT_HYPERCALL && tp_call(hv, id, e))
		return true;
	const struct hvc_expect *x = hvc_peek(&tp_exps[id]);
	/* Host timer ticks may land anywhere: only an expected one counts. */
	if (e->reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT &&
	    !(x && x->reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT))
		return false;
	/* A guest faulting until the host timer preempts it: the VM
	 * layer's reflection is what is under test. */
	if (e->reason == AXVCPU_EXIT_NESTED_PAGE_FAULT && x &&
	    (x->flags & TP_LET_NPF))
		return false;
	if (!x) {
		if (e->reason == AXVCPU_EXIT_HALT)
			hv_printf("# vCPU %u halted, deadline %lx\n", id,
				  e->halt.deadline);
		if (e->reason == AXVCPU_EXIT_SYSTEM_DOWN)
			return false;
		/* Console exits, halts, HSM status queries and remote
		 * fences (timed in a loop) of unannounced steps are the VM
		 * layer's to answer. */
		if (e->reason == AXVCPU_EXIT_CONSOLE_WRITE ||
		    e->reason == AXVCPU_EXIT_CPU_UP ||
		    e->reason == AXVCPU_EXIT_HALT ||
		    e->reason == AXVCPU_EXIT_REMOTE_FENCE ||
		    e->reason == AXVCPU_EXIT_CPU_STATUS ||
		    e->reason == AXVCPU_EXIT_SYSTEM_SUSPEND)
			return false;
		hvc_unexpected(e);
		return false;
	}
	struct hvc_expect xe = hvc_pop(&tp_exps[id]);
	bool ok = tp_match(&xe, e);
	hvc_report(vm, id, &xe, e, ok);
	if ((xe.flags & TP_REFLECT) && hvc_is_access(e)) {
		tp_reflect(vcpu, e, (xe.flags & TP_CANCEL) != 0);
		return true;
	}
	switch (e->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		hvc_complete_read(vcpu, e, TP_VALUE, TP_VALUE_POS);
		return true;
	case AXVCPU_EXIT_NESTED_PAGE_FAULT:
		tp_resume_at_s11(vcpu);
		return true;
	case AXVCPU_EXIT_EXTERNAL_INTERRUPT:
		hv_timer_arm(hv_time() + HV_SLICE_TICKS);
		tp_resume_at_s11(vcpu);
		return true;
	case AXVCPU_EXIT_CANCELLED:
		tp_resume_at_s11(vcpu);
		return true;
	case AXVCPU_EXIT_HALT:
		axvcpu_wake(vcpu);
		return true;
	case AXVCPU_EXIT_HYPERCALL:
		axvcpu_set_return_value(vcpu, e->hypercall.args[0] + 1);
		return true;
	case AXVCPU_EXIT_CONSOLE_READ:
		axvcpu_complete_console_read(vcpu, 'q');
		return true;
	case AXVCPU_EXIT_CONSOLE_WRITE:
		/* DBCN: report fewer bytes written than asked. */
		if (e->console_write.len)
			axvcpu_set_return_value(vcpu, e->console_write.len - 1);
		return true;
	case AXVCPU_EXIT_MMIO_WRITE: {
		static bool once;
		if (!once) {
			once = true;
			hvc_result(
			    axvcpu_set_return_value(vcpu, 1) == AXVCPU_EINVAL,
			    "set_return_value after MmioWrite is refused", 0);
		}
		return true;
	}
	case AXVCPU_EXIT_SYSTEM_RESET:
		return true;
	case AXVCPU_EXIT_REMOTE_FENCE:
		if (ok)
			tp_fence_args(vcpu, e);
		return false; /* the VM layer does the fence */
	default:
		return false; /* CPU_UP, SEND_IPI: the VM layer's answer */
	}
}

static uint64_t tp_csr_hedeleg(void)
{
	uint64_t v;
	__asm__ volatile("csrr %0, 0x602" : "=r"(v));
	return v;
}

/* Per-hart enable/disable before any vCPU is bound (the boot hart). */
static void tp_percpu(void)
{
	hvc_result(axvcpu_percpu_is_enabled() && tp_csr_hedeleg() != 0,
		   "per-CPU: enabled, hedeleg set", 0);
	hvc_result(axvcpu_percpu_max_guest_page_table_levels() == 4,
		   "per-CPU: Sv48x4 probed (4 stage-2 levels)", 0);
	int err = axvcpu_percpu_hardware_disable();
	hvc_result(!err && !axvcpu_percpu_is_enabled() && tp_csr_hedeleg() == 0,
		   "per-CPU: disable clears is_enabled and hedeleg",
		   axvcpu_strerror(err));
	err = axvcpu_percpu_hardware_enable();
	hvc_result(!err && axvcpu_percpu_is_enabled() && tp_csr_hedeleg() != 0,
		   "per-CPU: enable again", axvcpu_strerror(err));
}

void hv_testcheck_install(struct hv_vm *hv)
{
	hv->vm.hook = tp_hook;
	hv->vm.hook_arg = hv;
	tp_vm = &hv->vm;
	tp_host_wait = hv->vm.host.wait;
	hv->vm.host.wait = tp_wait;
	/* A guest whose last hart stops itself ends the run as TP_DONE. */
	hv->on_end = tp_end;
	tp_percpu();
}
