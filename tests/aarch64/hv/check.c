/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checking side of the aarch64 test guests: each guest announces the
 * exit it is about to cause (proto.h), this compares the exit axvcpu_run
 * returned field by field and prints TAP on the console (the shared core
 * is tests/lib/hv_check.c; here is what is Arm's). Expectations queue per
 * vCPU, so that guests on several CPUs can be checked at once.
 */
#include "platform/qemu-aarch64/vm.h"
#include "proto.h"
#include "tests/lib/hv_check.h"
#include <axvcpu/aarch64.h>

/* A few expectations per vCPU: a pair's two exits come back to back. */
#define TP_QUEUE 4
static struct hvc_queue tp_exps[HV_MAX_CPUS];
static uint64_t tp_exits[HV_MAX_CPUS][AXVCPU_EXIT_REASON_COUNT];

static bool tp_match(const struct hvc_expect *x, const struct axvcpu_exit *e)
{
	uint64_t flag = x->flags & ~TP_REFLECT;
	if (e->reason != x->reason)
		return false;
	switch (e->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		return e->mmio_read.addr == x->addr &&
		       e->mmio_read.width == x->width &&
		       e->mmio_read.reg == x->x &&
		       e->mmio_read.sign_ext == (bool)(flag & 1) &&
		       e->mmio_read.reg_width == ((flag & 2) ? 4 : 8);
	case AXVCPU_EXIT_HALT:
		return e->halt.deadline == x->x &&
		       e->halt.suspend == (bool)flag;
	case AXVCPU_EXIT_CPU_UP:
		return e->cpu_up.target_cpu == x->x &&
		       e->cpu_up.entry_point == x->addr &&
		       e->cpu_up.arg == x->width;
	case AXVCPU_EXIT_SEND_IPI:
		return e->send_ipi.target_cpu == x->x &&
		       e->send_ipi.target_cpu_aux == x->addr &&
		       e->send_ipi.vector == x->width &&
		       e->send_ipi.send_to_self == (bool)(flag & 1) &&
		       e->send_ipi.send_to_all == (bool)(flag & 2);
	case AXVCPU_EXIT_SYSREG_READ:
		return e->sysreg_read.addr == x->addr &&
		       e->sysreg_read.reg == x->x;
	case AXVCPU_EXIT_SYSREG_WRITE:
		return e->sysreg_write.addr == x->addr &&
		       e->sysreg_write.value == x->x;
	case AXVCPU_EXIT_CPU_DOWN:
		return e->cpu_down.state == x->x;
	case AXVCPU_EXIT_CPU_STATUS:
		return e->cpu_status.target_cpu == x->x;
	case AXVCPU_EXIT_SYSTEM_SUSPEND:
		return e->system_suspend.type == x->x &&
		       e->system_suspend.entry_point == x->addr &&
		       e->system_suspend.arg == x->width;
	default:
		return hvc_match(x, e);
	}
}

static void tp_resume_at_x28(struct axvcpu *vcpu)
{
	uint64_t x28 = 0;
	axvcpu_get_gpr(vcpu, 28, &x28);
	axvcpu_set_entry(vcpu, x28);
}

/*
 * TP_RUN_OTHER: run a second vCPU of the VM on this same CPU until its
 * first hypercall, then go back to the caller, which checks that none of
 * the intruder's FP, EL1 or timer state leaked into it.
 */
static void tp_run_other_irq(const struct axvcpu_exit *e)
{
	uint64_t v = e->external_interrupt.vector;
	if (v >= 1020)
		return;
	if (v == HV_TIMER_PPI)
		hv_timer_arm(hv_time() + hv_slice());
	if (v != AXVCPU_AARCH64_KICK_SGI)
		hv_gic_end((unsigned)v);
}

static void tp_run_other(struct hv_vm *hv, unsigned id, uint64_t entry)
{
	static struct axvcpu *other;
	struct axvcpu_aarch64_setup_config sc = {
		.vmid = 1,
		.levels = axvcpu_stage2_levels(hv->s2),
		.ipa_bits = HV_GUEST_IPA_BITS,
	};
	struct hvc_other o = { &axvcpu_backend_aarch64, 0, 0, &sc, sizeof(sc),
			       tp_run_other_irq };
	hvc_run_other(&other, &o, id, entry, axvcpu_stage2_root(hv->s2),
		      "a second vCPU ran on the same CPU up to its hypercall");
}

/* The plan, and QEMU's status: 0 only if every check passed. */
__attribute__((noreturn)) static void tp_done(struct vmm_vm *vm)
{
	/* Other CPUs may still print: give them a moment. */
	for (uint64_t end = hv_time() + hv_time_hz() / 20; hv_time() < end;)
		;
	hv_poweroff(hvc_plan(vm) ? 1 : 0);
}

/* The VM ended without TP_DONE (the guest stopped its last CPU). */
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
		hvc_push(&tp_exps[id], TP_QUEUE,
			 &(struct hvc_expect){ (unsigned)a[0], a[1], a[2], a[3],
					       a[4], a[5] });
		return true;
	case TP_NOTE:
		return true;
	case TP_RUN_OTHER:
		tp_run_other(hv, id, a[0]);
		return true;
	case TP_COUNT:
		axvcpu_set_return_value(vcpu, a[0] < AXVCPU_EXIT_REASON_COUNT
						  ? tp_exits[id][a[0]]
						  : 0);
		return true;
	case TP_UNMAP:
	case TP_MAP:
		hvc_stage2_page(vm, hv->s2, id, e->hypercall.nr == TP_MAP,
				a[0]);
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
	if (e->reason == AXVCPU_EXIT_HYPERCALL && tp_call(hv, id, e))
		return true;
	const struct hvc_expect *x = hvc_peek(&tp_exps[id]);
	/* Host interrupts may land anywhere: only an expected one counts. */
	if (e->reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT &&
	    !(x && x->reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT))
		return false;
	if (!x) {
		/* Unannounced steps the VM layer answers. */
		if (e->reason == AXVCPU_EXIT_SYSTEM_DOWN ||
		    e->reason == AXVCPU_EXIT_HALT ||
		    e->reason == AXVCPU_EXIT_CPU_UP ||
		    e->reason == AXVCPU_EXIT_CPU_STATUS ||
		    e->reason == AXVCPU_EXIT_SEND_IPI ||
		    e->reason == AXVCPU_EXIT_CPU_DOWN)
			return false;
		hvc_unexpected(e);
		return false;
	}
	struct hvc_expect xe = hvc_pop(&tp_exps[id]);
	bool ok = tp_match(&xe, e);
	hvc_report(vm, id, &xe, e, ok);
	if ((xe.flags & TP_REFLECT) && hvc_is_access(e)) {
		hvc_reflect(vcpu);
		return true;
	}
	switch (e->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		hvc_complete_read(vcpu, e, TP_VALUE, TP_VALUE_POS);
		return true;
	case AXVCPU_EXIT_SYSREG_READ:
		axvcpu_complete_sysreg_read(vcpu, TP_SYSREG_VALUE);
		return true;
	case AXVCPU_EXIT_NESTED_PAGE_FAULT:
	case AXVCPU_EXIT_CANCELLED:
		tp_resume_at_x28(vcpu);
		return true;
	case AXVCPU_EXIT_EXTERNAL_INTERRUPT:
		if (e->external_interrupt.vector == HV_TIMER_PPI) {
			hv_timer_arm(hv_time() + hv_slice());
			hv_gic_end(HV_TIMER_PPI);
		}
		tp_resume_at_x28(vcpu);
		return true;
	case AXVCPU_EXIT_HALT:
		axvcpu_wake(vcpu);
		return true;
	case AXVCPU_EXIT_HYPERCALL:
		axvcpu_set_return_value(vcpu, e->hypercall.args[0] + 1);
		return true;
	case AXVCPU_EXIT_MMIO_WRITE:
	case AXVCPU_EXIT_SYSREG_WRITE:
	case AXVCPU_EXIT_SYSTEM_RESET:
		return true;
	default:
		return false; /* CpuUp, SendIPI...: the VM layer's answer */
	}
}

static uint64_t tp_hcr(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, hcr_el2" : "=r"(v));
	return v;
}

/* Per-CPU enable/disable before any vCPU is bound (the boot CPU). */
static void tp_percpu(void)
{
	hvc_result(axvcpu_percpu_is_enabled() && (tp_hcr() & 1),
		   "per-CPU: enabled, HCR_EL2.VM set", 0);
	int err = axvcpu_percpu_hardware_disable();
	hvc_result(!err && !axvcpu_percpu_is_enabled() && !(tp_hcr() & 1),
		   "per-CPU: disable clears is_enabled and HCR_EL2.VM",
		   axvcpu_strerror(err));
	err = axvcpu_percpu_hardware_enable();
	hvc_result(!err && axvcpu_percpu_is_enabled() && (tp_hcr() & 1),
		   "per-CPU: enable again", axvcpu_strerror(err));
}

void hv_testcheck_install(struct hv_vm *hv)
{
	hv->vm.hook = tp_hook;
	hv->vm.hook_arg = hv;
	hv->on_end = tp_end;
	hv_semihosting = 1;
	tp_percpu();
}
