/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checkers' shared core: expectation queues, the fields compared
 * alike on every architecture, TAP lines and the plan, and the protocol
 * calls answered alike (hv_check.h).
 */
#include "tests/lib/hv_check.h"
#include "platform/common/console.h"
#include "platform/common/lock.h"
#include "platform/common/vm.h"
#include <axvcpu/hal.h>

/* CPUs with a name buffer of their own (every platform has at most 8). */
#define HVC_MAX_CPUS 8u
/* Longest name printed, NUL included. */
#define HVC_NAME_MAX 80u

static struct hv_lock hvc_lock;
static unsigned hvc_count, hvc_failed;

void hvc_push(struct hvc_queue *q, unsigned depth, const struct hvc_expect *x)
{
	if (q->count >= depth) {
		hvc_result(false, "too many expectations queued", 0);
		return;
	}
	q->e[(q->head + q->count++) % HVC_QUEUE_MAX] = *x;
}

void hvc_set(struct hvc_queue *q, const struct hvc_expect *x)
{
	q->head = 0;
	q->count = 1;
	q->e[0] = *x;
}

const struct hvc_expect *hvc_peek(const struct hvc_queue *q)
{
	return q->count ? &q->e[q->head] : 0;
}

struct hvc_expect hvc_pop(struct hvc_queue *q)
{
	struct hvc_expect x = q->e[q->head];
	q->head = (q->head + 1) % HVC_QUEUE_MAX;
	q->count--;
	return x;
}

void hvc_result(bool ok, const char *name, const char *diag)
{
	hv_lock(&hvc_lock);
	unsigned n = ++hvc_count;
	if (!ok)
		hvc_failed++;
	hv_printf("%s %u - %s\n", ok ? "ok" : "not ok", n, name);
	if (!ok && diag)
		hv_printf("#   %s\n", diag);
	hv_unlock(&hvc_lock);
}

/* Copied out: printing the guest's bytes in place would read on past
 * guest RAM into host memory if they hold no NUL. */
const char *hvc_name(struct vmm_vm *vm, unsigned cpu, uint64_t gpa)
{
	static char names[HVC_MAX_CPUS][HVC_NAME_MAX];
	char *buf = names[cpu % HVC_MAX_CPUS];
	const char *s = vmm_mem_translate(&vm->mem, gpa, HVC_NAME_MAX);
	if (!s)
		return "?";
	unsigned i = 0;
	for (; i + 1 < HVC_NAME_MAX && s[i]; i++)
		buf[i] = s[i];
	buf[i] = 0;
	return buf;
}

bool hvc_match(const struct hvc_expect *x, const struct axvcpu_exit *e)
{
	if (e->reason != x->reason)
		return false;
	switch (e->reason) {
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
	case AXVCPU_EXIT_EXTERNAL_INTERRUPT:
		return e->external_interrupt.vector == x->x;
	case AXVCPU_EXIT_SYSTEM_RESET:
	case AXVCPU_EXIT_SYSTEM_DOWN:
		return e->system.reason == x->x;
	default:
		return true;
	}
}

void hvc_report(struct vmm_vm *vm, unsigned id, const struct hvc_expect *x,
		const struct axvcpu_exit *e, bool ok)
{
	char line[128];
	axvcpu_exit_format(e, line, sizeof(line));
	hvc_result(ok, hvc_name(vm, id, x->name), line);
	if (ok)
		hv_printf("#   %s\n", line);
}

void hvc_unexpected(const struct axvcpu_exit *e)
{
	char line[128];
	axvcpu_exit_format(e, line, sizeof(line));
	hvc_result(false, "unexpected exit", line);
}

bool hvc_call(struct vmm_vm *vm, unsigned id, const struct axvcpu_exit *e)
{
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	const uint64_t *a = e->hypercall.args;
	switch (e->hypercall.nr) {
	case TP_CHECK: {
		bool ok = a[0] == a[1];
		hvc_result(ok, hvc_name(vm, id, a[5]), 0);
		if (!ok)
			hv_printf("#   got %lx, want %lx\n", a[0], a[1]);
		return true;
	}
	case TP_INJECT:
		if (axvcpu_inject_interrupt(vcpu, a[0]))
			hvc_result(false, "inject_interrupt refused", 0);
		return true;
	case TP_KICK:
		if (a[0] >= vm->nvcpu || axvcpu_kick(vm->vcpus[a[0]].vcpu))
			hvc_result(false, "axvcpu_kick refused", 0);
		return true;
	case TP_PRINT:
		hv_printf("# %s: %lu\n", hvc_name(vm, id, a[5]), a[0]);
		return true;
	default:
		return false;
	}
}

void hvc_run_other(struct axvcpu **other, const struct hvc_other *o,
		   unsigned cpu, uint64_t entry, axvcpu_hpa_t root,
		   const char *name)
{
	struct axvcpu_exit e = { 0 };
	int err = 0;
	if (!*other) {
		struct axvcpu_create_params p = {
			.vm_id = 1,
			.vcpu_id = 7,
			.favor_phys_cpu = (int32_t)cpu,
			.phys_cpu_set = 1ull << cpu,
			.arch_config = o->create,
			.arch_config_size = o->create_size,
		};
		err = axvcpu_create(o->backend, &p, other);
		if (!err)
			err = axvcpu_setup(*other, entry, root, o->setup,
					   o->setup_size);
	}
	if (!err)
		err = axvcpu_bind(*other);
	for (unsigned i = 0; !err && i < 1000; i++) {
		err = axvcpu_run(*other, &e);
		if (err || e.reason == AXVCPU_EXIT_HYPERCALL)
			break;
		if (o->irq && e.reason == AXVCPU_EXIT_EXTERNAL_INTERRUPT)
			o->irq(&e);
	}
	if (!err)
		err = axvcpu_unbind(*other);
	hvc_result(!err && e.reason == AXVCPU_EXIT_HYPERCALL, name,
		   axvcpu_strerror(err));
}

bool hvc_is_access(const struct axvcpu_exit *e)
{
	return e->reason == AXVCPU_EXIT_MMIO_READ ||
	       e->reason == AXVCPU_EXIT_MMIO_WRITE ||
	       e->reason == AXVCPU_EXIT_NESTED_PAGE_FAULT;
}

int hvc_reflect(struct axvcpu *vcpu)
{
	int err = axvcpu_reflect_fault(vcpu);
	hvc_result(!err, "... reflect_fault accepted", axvcpu_strerror(err));
	return err;
}

void hvc_complete_read(struct axvcpu *vcpu, const struct axvcpu_exit *e,
		       uint64_t value, uint64_t pos)
{
	axvcpu_complete_mmio_read(
	    vcpu, (e->mmio_read.addr & TP_POS_OFF) ? pos : value);
}

void hvc_stage2_page(struct vmm_vm *vm, struct axvcpu_stage2 *s2, unsigned id,
		     bool map, uint64_t gpa)
{
	const uint8_t *host = vmm_mem_translate(&vm->mem, gpa, 4096);
	int err = AXVCPU_EINVAL;
	if (host && !(gpa & 0xfff) && map)
		err = axvcpu_stage2_map(
		    s2, gpa, axvcpu_hal_get()->virt_to_phys(host), 4096,
		    AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE |
			AXVCPU_STAGE2_EXEC);
	else if (host && !(gpa & 0xfff))
		err = axvcpu_stage2_unmap(s2, gpa, 4096);
	for (unsigned t = 0; !err && !map && t < vm->nvcpu; t++)
		if (t != id)
			axvcpu_request_fence(vm->vcpus[t].vcpu,
					     AXVCPU_FENCE_STAGE2);
	hvc_result(!err,
		   map ? "stage 2: the page mapped back at run time"
		       : "stage 2: a page of guest RAM unmapped at run time",
		   axvcpu_strerror(err));
}

void hvc_end_check(struct vmm_vm *vm, enum vmm_vm_end end)
{
	if (end != VMM_VM_POWEROFF)
		hvc_result(false, "the VM ended cleanly", vmm_vm_why(vm));
}

unsigned hvc_plan(struct vmm_vm *vm)
{
	hv_printf("1..%u\n", hvc_count);
	hv_printf("# %lu exits, %u failed\n", hv_vm_exits(vm), hvc_failed);
	return hvc_failed;
}
