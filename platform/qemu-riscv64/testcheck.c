/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checking side of the test guests: each guest announces the exit it
 * is about to cause (testproto.h), this compares the exit axvcpu_run
 * returned field by field and prints TAP on the console. One expectation
 * per vCPU, so that guests on several harts can be checked at once.
 */
#include "testproto.h"
#include "vm.h"
#include <axvcpu/riscv64.h>

struct tp_expect {
	bool valid;
	unsigned reason;
	uint64_t addr, width, x, flag, name;
};

static struct tp_expect tp_exps[HV_MAX_HARTS];
static unsigned tp_count, tp_failed;

/* A guest string, bounded, or "?" if the pointer is bad. */
static const char *tp_name(struct hv_vm *vm, uint64_t gpa)
{
	const char *s = vmm_mem_translate(&vm->mem, gpa, 64);
	return s ? s : "?";
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
		       e->mmio_read.sign_ext == (bool)x->flag &&
		       e->mmio_read.reg_width == 8;
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
		return e->halt.deadline == x->x;
	case AXVCPU_EXIT_EXTERNAL_INTERRUPT:
		return e->external_interrupt.vector == x->x;
	case AXVCPU_EXIT_CPU_UP:
		return e->cpu_up.target_cpu == x->x &&
		       e->cpu_up.entry_point == x->addr &&
		       e->cpu_up.arg == x->width;
	case AXVCPU_EXIT_SEND_IPI:
		return e->send_ipi.target_cpu == x->x &&
		       e->send_ipi.target_cpu_aux == x->addr &&
		       !e->send_ipi.send_to_all &&
		       e->send_ipi.send_to_self == (bool)x->flag;
	case AXVCPU_EXIT_CONSOLE_WRITE:
		if (x->width) /* DBCN write: gpa and length */
			return e->console_write.gpa == x->addr &&
			       e->console_write.len == x->width;
		return e->console_write.len == 0 &&
		       e->console_write.byte == x->x;
	case AXVCPU_EXIT_CANCELLED:
		return true;
	case AXVCPU_EXIT_SYSTEM_RESET:
	case AXVCPU_EXIT_SYSTEM_DOWN:
		return e->system.reason == x->x;
	default:
		return true;
	}
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
static void tp_run_other(struct hv_vm *vm, unsigned id, uint64_t entry)
{
	static struct axvcpu *other;
	struct axvcpu_exit e;
	int err = 0;
	if (!other) {
		struct axvcpu_riscv64_create_config cc = { .hart_id = 7 };
		struct axvcpu_create_params p = {
			.vm_id = 1,
			.vcpu_id = 7,
			.favor_phys_cpu = (int32_t)id,
			.phys_cpu_set = 1ull << id,
			.arch_config = &cc,
			.arch_config_size = sizeof(cc),
		};
		struct axvcpu_riscv64_setup_config sc = {
			.mode = vm->s2.levels == 4 ? AXVCPU_RISCV64_SV48X4
						   : AXVCPU_RISCV64_SV39X4,
			.vmid = 1,
		};
		err = axvcpu_create(&axvcpu_backend_riscv64, &p, &other);
		if (!err)
			err = axvcpu_setup(other, entry, vm->s2.root, &sc,
					   sizeof(sc));
	}
	if (!err)
		err = axvcpu_bind(other);
	for (unsigned i = 0; !err && i < 1000; i++) {
		err = axvcpu_run(other, &e);
		if (err || e.reason == AXVCPU_EXIT_HYPERCALL)
			break;
		if (e.reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT &&
		    e.external_interrupt.vector == 5)
			hv_timer_arm(hv_time() + HV_SLICE_TICKS);
	}
	if (!err)
		err = axvcpu_unbind(other);
	tp_result(!err && e.reason == AXVCPU_EXIT_HYPERCALL,
		  "a second vCPU ran on the same hart up to its hypercall",
		  axvcpu_strerror(err));
}

/* The protocol's own hypercalls. */
static bool tp_call(struct hv_vm *vm, unsigned id, struct axvcpu_exit *e)
{
	struct axvcpu *vcpu = vm->vcpu[id];
	const uint64_t *a = e->hypercall.args;
	switch (e->hypercall.nr) {
	case TP_EXPECT:
		tp_exps[id] =
		    (struct tp_expect){ true, (unsigned)a[0], a[1], a[2],
					a[3], a[4],           a[5] };
		return true;
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
		tp_run_other(vm, id, a[0]);
		return true;
	case TP_KICK:
		if (a[0] >= vm->nvcpu || axvcpu_kick(vm->vcpu[a[0]]))
			tp_result(false, "axvcpu_kick refused", 0);
		return true;
	case TP_DONE:
		/* Other harts may still print: give them a moment. */
		for (uint64_t end = hv_time() + HV_TIMEBASE_HZ / 20;
		     hv_time() < end;)
			;
		hv_printf("1..%u\n", tp_count);
		hv_printf("# %u exits, %u failed\n", (unsigned)vm->exits,
			  tp_failed);
		hv_poweroff(tp_failed ? 1 : 0);
	default:
		return false;
	}
}

static bool tp_hook(struct hv_vm *vm, unsigned id, struct axvcpu_exit *e)
{
	struct axvcpu *vcpu = vm->vcpu[id];
	struct tp_expect *x = &tp_exps[id];
	if (e->reason == AXVCPU_EXIT_HYPERCALL && tp_call(vm, id, e))
		return true;
	/* Host timer ticks may land anywhere: only an expected one counts. */
	if (e->reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT &&
	    !(x->valid && x->reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT))
		return false;
	if (!x->valid) {
		if (e->reason == AXVCPU_EXIT_HALT)
			hv_printf("# vCPU %u halted, deadline %lx\n", id,
				  e->halt.deadline);
		if (e->reason == AXVCPU_EXIT_SYSTEM_DOWN)
			return false;
		char line[128];
		axvcpu_exit_format(e, line, sizeof(line));
		/* Console exits, halts and HSM status queries of
		 * unannounced steps are the VM layer's to answer. */
		if (e->reason == AXVCPU_EXIT_CONSOLE_WRITE ||
		    e->reason == AXVCPU_EXIT_CPU_UP ||
		    e->reason == AXVCPU_EXIT_HALT ||
		    (e->reason == AXVCPU_EXIT_HYPERCALL &&
		     e->hypercall.nr == AXVCPU_RISCV64_HC_HART_STATUS))
			return false;
		tp_result(false, "unexpected exit", line);
		return false;
	}
	x->valid = false;
	bool ok = tp_match(x, e);
	char line[128];
	axvcpu_exit_format(e, line, sizeof(line));
	tp_result(ok, tp_name(vm, x->name), line);
	if (ok)
		hv_printf("#   %s\n", line);
	switch (e->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		axvcpu_complete_mmio_read(vcpu, (e->mmio_read.addr & TP_POS_OFF)
						    ? TP_VALUE_POS
						    : TP_VALUE);
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
			tp_result(
			    axvcpu_set_return_value(vcpu, 1) == AXVCPU_EINVAL,
			    "set_return_value after MmioWrite is refused", 0);
		}
		return true;
	}
	case AXVCPU_EXIT_SYSTEM_RESET:
		return true;
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
	tp_result(axvcpu_percpu_is_enabled() && tp_csr_hedeleg() != 0,
		  "per-CPU: enabled, hedeleg set", 0);
	tp_result(axvcpu_percpu_max_guest_page_table_levels() == 4,
		  "per-CPU: Sv48x4 probed (4 stage-2 levels)", 0);
	int err = axvcpu_percpu_hardware_disable();
	tp_result(!err && !axvcpu_percpu_is_enabled() && tp_csr_hedeleg() == 0,
		  "per-CPU: disable clears is_enabled and hedeleg",
		  axvcpu_strerror(err));
	err = axvcpu_percpu_hardware_enable();
	tp_result(!err && axvcpu_percpu_is_enabled() && tp_csr_hedeleg() != 0,
		  "per-CPU: enable again", axvcpu_strerror(err));
}

void hv_testcheck_install(struct hv_vm *vm)
{
	vm->hook = tp_hook;
	tp_percpu();
}
