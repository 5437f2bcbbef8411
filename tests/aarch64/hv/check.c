/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checking side of the aarch64 test guests: each guest announces the
 * exit it is about to cause (proto.h), this compares the exit axvcpu_run
 * returned field by field and prints TAP on the console. One expectation
 * per vCPU, so that guests on several CPUs can be checked at once.
 */
#include "platform/qemu-aarch64/vm.h"
#include "proto.h"
#include <axvcpu/aarch64.h>

struct tp_expect {
	bool valid;
	unsigned reason;
	uint64_t addr, width, x, flag, name;
	bool reflect;
};

/* A few expectations per vCPU: a pair's two exits come back to back. */
#define TP_QUEUE 4
struct tp_queue {
	struct tp_expect x[TP_QUEUE];
	unsigned head, count;
};
static struct tp_queue tp_exps[HV_MAX_CPUS];
static unsigned tp_count, tp_failed;
static uint64_t tp_exits[HV_MAX_CPUS][AXVCPU_EXIT_REASON_COUNT];

/* A guest string, bounded and copied out, or "?" if the pointer is bad. */
static const char *tp_name(struct vmm_vm *vm, uint64_t gpa)
{
	static char names[HV_MAX_CPUS][64];
	char *buf = names[hv_cpu() % HV_MAX_CPUS];
	const char *s = vmm_mem_translate(&vm->mem, gpa, sizeof(names[0]));
	if (!s)
		return "?";
	unsigned i = 0;
	for (; i + 1 < sizeof(names[0]) && s[i]; i++)
		buf[i] = s[i];
	buf[i] = 0;
	return buf;
}

static void tp_result(bool ok, const char *name, const char *diag)
{
	static struct hv_lock lock;
	hv_lock(&lock);
	unsigned n = ++tp_count;
	if (!ok)
		tp_failed++;
	hv_printf("%s %u - %s\n", ok ? "ok" : "not ok", n, name);
	hv_unlock(&lock);
	if (!ok && diag)
		hv_printf("#   %s\n", diag);
}

static bool tp_match(const struct tp_expect *x, const struct axvcpu_exit *e)
{
	if (e->reason != x->reason)
		return false;
	switch (e->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		return e->mmio_read.addr == x->addr &&
		       e->mmio_read.width == x->width &&
		       e->mmio_read.reg == x->x &&
		       e->mmio_read.sign_ext == (bool)(x->flag & 1) &&
		       e->mmio_read.reg_width == ((x->flag & 2) ? 4 : 8);
	case AXVCPU_EXIT_MMIO_WRITE:
		return e->mmio_write.addr == x->addr &&
		       e->mmio_write.width == x->width &&
		       e->mmio_write.data == x->x;
	case AXVCPU_EXIT_NESTED_PAGE_FAULT:
		return e->nested_page_fault.addr == x->addr &&
		       e->nested_page_fault.access_flags == x->x;
	case AXVCPU_EXIT_HYPERCALL:
		return e->hypercall.nr == x->x &&
		       e->hypercall.args[0] == x->addr;
	case AXVCPU_EXIT_HALT:
		return e->halt.deadline == x->x &&
		       e->halt.suspend == (bool)x->flag;
	case AXVCPU_EXIT_EXTERNAL_INTERRUPT:
		return e->external_interrupt.vector == x->x;
	case AXVCPU_EXIT_CPU_UP:
		return e->cpu_up.target_cpu == x->x &&
		       e->cpu_up.entry_point == x->addr &&
		       e->cpu_up.arg == x->width;
	case AXVCPU_EXIT_SEND_IPI:
		return e->send_ipi.target_cpu == x->x &&
		       e->send_ipi.target_cpu_aux == x->addr &&
		       e->send_ipi.vector == x->width &&
		       e->send_ipi.send_to_self == (bool)(x->flag & 1) &&
		       e->send_ipi.send_to_all == (bool)(x->flag & 2);
	case AXVCPU_EXIT_SYSREG_READ:
		return e->sysreg_read.addr == x->addr &&
		       e->sysreg_read.reg == x->x;
	case AXVCPU_EXIT_SYSREG_WRITE:
		return e->sysreg_write.addr == x->addr &&
		       e->sysreg_write.value == x->x;
	case AXVCPU_EXIT_SYSTEM_RESET:
	case AXVCPU_EXIT_SYSTEM_DOWN:
		return e->system.reason == x->x;
	case AXVCPU_EXIT_CPU_DOWN:
		return e->cpu_down.state == x->x;
	case AXVCPU_EXIT_CPU_STATUS:
		return e->cpu_status.target_cpu == x->x;
	case AXVCPU_EXIT_SYSTEM_SUSPEND:
		return e->system_suspend.type == x->x &&
		       e->system_suspend.entry_point == x->addr &&
		       e->system_suspend.arg == x->width;
	default:
		return true;
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
static void tp_run_other(struct hv_vm *hv, unsigned id, uint64_t entry)
{
	static struct axvcpu *other;
	struct axvcpu_exit e = { 0 };
	int err = 0;
	if (!other) {
		struct axvcpu_create_params p = {
			.vm_id = 1,
			.vcpu_id = 7,
			.favor_phys_cpu = (int32_t)id,
			.phys_cpu_set = 1ull << id,
		};
		struct axvcpu_aarch64_setup_config sc = {
			.vmid = 1,
			.levels = axvcpu_stage2_levels(hv->s2),
			.ipa_bits = HV_GUEST_IPA_BITS,
		};
		err = axvcpu_create(&axvcpu_backend_aarch64, &p, &other);
		if (!err)
			err = axvcpu_setup(other, entry,
					   axvcpu_stage2_root(hv->s2), &sc,
					   sizeof(sc));
	}
	if (!err)
		err = axvcpu_bind(other);
	for (unsigned i = 0; !err && i < 1000; i++) {
		err = axvcpu_run(other, &e);
		if (err || e.reason == AXVCPU_EXIT_HYPERCALL)
			break;
		if (e.reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT &&
		    e.external_interrupt.vector < 1020) {
			if (e.external_interrupt.vector == HV_TIMER_PPI)
				hv_timer_arm(hv_time() + hv_slice());
			if (e.external_interrupt.vector !=
			    AXVCPU_AARCH64_KICK_SGI)
				hv_gic_end(
				    (unsigned)e.external_interrupt.vector);
		}
	}
	if (!err)
		err = axvcpu_unbind(other);
	tp_result(!err && e.reason == AXVCPU_EXIT_HYPERCALL,
		  "a second vCPU ran on the same CPU up to its hypercall",
		  axvcpu_strerror(err));
}

/*
 * TP_UNMAP / TP_MAP: take one page of guest RAM out of stage 2 while the
 * vCPU is live (the 2 MiB block holding it is split, break before make)
 * and put it back, as a VM layer that moves memory would. The library
 * fences this CPU; the other vCPUs are asked to.
 */
static void tp_stage2_page(struct hv_vm *hv, unsigned id, bool map,
			   uint64_t gpa)
{
	struct vmm_vm *vm = &hv->vm;
	const uint8_t *host = vmm_mem_translate(&vm->mem, gpa, 4096);
	int err = AXVCPU_EINVAL;
	if (host && !(gpa & 0xfff) && map)
		err =
		    axvcpu_stage2_map(hv->s2, gpa, (uint64_t)host, 4096,
				      AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE |
					  AXVCPU_STAGE2_EXEC);
	else if (host && !(gpa & 0xfff))
		err = axvcpu_stage2_unmap(hv->s2, gpa, 4096);
	for (unsigned t = 0; !err && !map && t < vm->nvcpu; t++)
		if (t != id)
			axvcpu_request_fence(vm->vcpus[t].vcpu,
					     AXVCPU_FENCE_STAGE2);
	tp_result(!err,
		  map ? "stage 2: the page mapped back at run time"
		      : "stage 2: a page of guest RAM unmapped at run time",
		  axvcpu_strerror(err));
}

/* The plan, and QEMU's status: 0 only if every check passed. */
__attribute__((noreturn)) static void tp_done(struct vmm_vm *vm)
{
	/* Other CPUs may still print: give them a moment. */
	for (uint64_t end = hv_time() + hv_time_hz() / 20; hv_time() < end;)
		;
	uint64_t exits = 0;
	for (unsigned i = 0; i < vm->nvcpu; i++)
		for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++)
			exits += vm->vcpus[i].stats.count[r];
	hv_printf("1..%u\n", tp_count);
	hv_printf("# %lu exits, %u failed\n", exits, tp_failed);
	hv_poweroff(tp_failed ? 1 : 0);
}

/* The VM ended without TP_DONE (the guest stopped its last CPU). */
static void tp_end(struct hv_vm *hv, enum vmm_vm_end end)
{
	if (end != VMM_VM_POWEROFF)
		tp_result(false, "the VM ended cleanly", vmm_vm_why(&hv->vm));
	tp_done(&hv->vm);
}

/* The protocol's own hypercalls. */
static bool tp_call(struct hv_vm *hv, unsigned id, struct axvcpu_exit *e)
{
	struct vmm_vm *vm = &hv->vm;
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	const uint64_t *a = e->hypercall.args;
	switch (e->hypercall.nr) {
	case TP_EXPECT: {
		struct tp_queue *q = &tp_exps[id];
		if (q->count == TP_QUEUE) {
			tp_result(false, "too many expectations at once", 0);
			return true;
		}
		q->x[(q->head + q->count++) % TP_QUEUE] = (struct tp_expect){
			.valid = true,
			.reason = (unsigned)a[0],
			.addr = a[1],
			.width = a[2],
			.x = a[3],
			.flag = a[4] & ~TP_REFLECT,
			.name = a[5],
			.reflect = (a[4] & TP_REFLECT) != 0,
		};
		return true;
	}
	case TP_CHECK: {
		bool ok = a[0] == a[1];
		tp_result(ok, tp_name(vm, a[5]), 0);
		if (!ok)
			hv_printf("#   got %lx, want %lx\n", a[0], a[1]);
		return true;
	}
	case TP_INJECT:
		if (axvcpu_inject_interrupt(vcpu, a[0]))
			tp_result(false, "inject_interrupt refused", 0);
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
	case TP_PRINT:
		hv_printf("# %s: %lu\n", tp_name(vm, a[5]), a[0]);
		return true;
	case TP_UNMAP:
	case TP_MAP:
		tp_stage2_page(hv, id, e->hypercall.nr == TP_MAP, a[0]);
		return true;
	case TP_KICK:
		if (a[0] >= vm->nvcpu || axvcpu_kick(vm->vcpus[a[0]].vcpu))
			tp_result(false, "axvcpu_kick refused", 0);
		return true;
	case TP_DONE:
		tp_done(vm);
	default:
		return false;
	}
}

static bool tp_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
		    void *arg)
{
	struct hv_vm *hv = arg;
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	struct tp_queue *q = &tp_exps[id];
	struct tp_expect none = { 0 };
	struct tp_expect *x = q->count ? &q->x[q->head] : &none;
	if (e->reason < AXVCPU_EXIT_REASON_COUNT)
		tp_exits[id][e->reason]++;
	if (e->reason == AXVCPU_EXIT_HYPERCALL && tp_call(hv, id, e))
		return true;
	/* Host interrupts may land anywhere: only an expected one counts. */
	if (e->reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT &&
	    !(x->valid && x->reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT))
		return false;
	if (!x->valid) {
		/* Unannounced steps the VM layer answers. */
		if (e->reason == AXVCPU_EXIT_SYSTEM_DOWN ||
		    e->reason == AXVCPU_EXIT_HALT ||
		    e->reason == AXVCPU_EXIT_CPU_UP ||
		    e->reason == AXVCPU_EXIT_CPU_STATUS ||
		    e->reason == AXVCPU_EXIT_SEND_IPI ||
		    e->reason == AXVCPU_EXIT_CPU_DOWN)
			return false;
		char line[128];
		axvcpu_exit_format(e, line, sizeof(line));
		tp_result(false, "unexpected exit", line);
		return false;
	}
	q->head = (q->head + 1) % TP_QUEUE;
	q->count--;
	bool ok = tp_match(x, e);
	char line[128];
	axvcpu_exit_format(e, line, sizeof(line));
	tp_result(ok, tp_name(vm, x->name), line);
	if (ok)
		hv_printf("#   %s\n", line);
	if (x->reflect && (e->reason == AXVCPU_EXIT_MMIO_READ ||
			   e->reason == AXVCPU_EXIT_MMIO_WRITE ||
			   e->reason == AXVCPU_EXIT_NESTED_PAGE_FAULT)) {
		int err = axvcpu_reflect_fault(vcpu);
		tp_result(!err, "... reflect_fault accepted",
			  axvcpu_strerror(err));
		return true;
	}
	switch (e->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		axvcpu_complete_mmio_read(vcpu, (e->mmio_read.addr & TP_POS_OFF)
						    ? TP_VALUE_POS
						    : TP_VALUE);
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
	tp_result(axvcpu_percpu_is_enabled() && (tp_hcr() & 1),
		  "per-CPU: enabled, HCR_EL2.VM set", 0);
	int err = axvcpu_percpu_hardware_disable();
	tp_result(!err && !axvcpu_percpu_is_enabled() && !(tp_hcr() & 1),
		  "per-CPU: disable clears is_enabled and HCR_EL2.VM",
		  axvcpu_strerror(err));
	err = axvcpu_percpu_hardware_enable();
	tp_result(!err && axvcpu_percpu_is_enabled() && (tp_hcr() & 1),
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
