/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checking side of the random x86 guest (tests/pc/guest/random.c,
 * protocol in random.h), one vCPU: the VM answers every exit as it
 * always does (the PC hypervisor's policy); this only watches that the
 * host keeps answering — heartbeats counted, TAP printed at the block
 * target, or a clean end when the guest ends the VM itself (ACPI
 * power-off, an exit nobody can answer; with flags=2 its first triple
 * fault). Otherwise a triple fault restarts the vCPU (axvcpu_reset())
 * and the run goes on. A host panic or exception prints "hv: panic" and
 * stops the machine with a failure status; a hang is the TAP runner's
 * timeout.
 *
 * A guest gone quiet (an endless loop with interrupts off, HLT with IF=0,
 * its page tables overwritten) is reset at its next exit, or
 * first woken by an injected interrupt if it sleeps; a guest that
 * overwrote its own code gets its image back.
 */
#include "platform/pc/boot.h"
#include "platform/pc/vm.h"
#include "random.h"
#include <axvcpu/x86.h>

#define RX_F_TF_ENDS 2ull
/* With RX_F_TRACE: every block's bytes too. */
#define RX_F_DUMP 4ull
#define RX_RESCUE_NS 500000000ull
#define RX_CODE 0x100000ull
#define RX_CODE_SIZE 0x2000u

static struct rx_state {
	uint64_t seed, mixed, target, flags;
	uint64_t last, blocks, done, hellos, rescues, pokes;
	uint64_t triple, resets, reloads, bad_calls, errors;
	uint64_t code_sum, guest_sum;
	struct vmm_vm_host host;
} rx;

static unsigned rx_n, rx_failed;

extern const char __hv_text_start[], __hv_text_end[];

static uint64_t rx_fnv(const uint8_t *p, uint64_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (uint64_t i = 0; p && i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

/* The hypervisor's code: a guest must never change it. */
static uint64_t rx_code_sum(void)
{
	return rx_fnv((const uint8_t *)__hv_text_start,
		      (uint64_t)(__hv_text_end - __hv_text_start));
}

static uint64_t rx_guest_sum(struct vmm_vm *vm)
{
	return rx_fnv(vmm_mem_translate(&vm->mem, RX_CODE, RX_CODE_SIZE),
		      RX_CODE_SIZE);
}

static void rx_result(bool ok, const char *what)
{
	rx_n++;
	if (!ok)
		rx_failed++;
	hv_printf("%s %u - %s\n", ok ? "ok" : "not ok", rx_n, what);
}

__attribute__((noreturn)) static void rx_finish(struct hv_vm *hv)
{
	struct vmm_vm *vm = &hv->vm;
	uint64_t exits = 0;
	for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++)
		exits += vm->vcpus[0].stats.count[r];
	hv_printf("# seed %lx: %lu blocks, %lu exits, %lu starts, %lu "
		  "rescues, %lu triple faults, %lu resets, %lu reloads, %lu "
		  "stray protocol calls\n",
		  (unsigned long)rx.seed, (unsigned long)(rx.done + rx.blocks),
		  (unsigned long)exits, (unsigned long)rx.hellos,
		  (unsigned long)rx.rescues, (unsigned long)rx.triple,
		  (unsigned long)rx.resets, (unsigned long)rx.reloads,
		  (unsigned long)rx.bad_calls);
	hv_printf("# exits:");
	for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++)
		if (vm->vcpus[0].stats.count[r])
			hv_printf(" %s=%lu", axvcpu_exit_name(r),
				  (unsigned long)vm->vcpus[0].stats.count[r]);
	hv_printf("\n");
	rx_result(rx_code_sum() == rx.code_sum,
		  "the hypervisor's code is unchanged");
	uint64_t hpa = 0, leaf = 0;
	unsigned perm = 0;
	int err = axvcpu_stage2_lookup(hv->s2, RX_CODE, &hpa, &perm, &leaf);
	const uint8_t *host = vmm_mem_translate(&vm->mem, RX_CODE, 1);
	rx_result(!err && hpa == (uint64_t)host,
		  "stage 2 still maps the guest's RAM where it was");
	rx_result(rx.errors == 0, "every API call of the checker succeeded");
	hv_printf("1..%u\n", rx_n);
	hv_exit(rx_failed ? 1 : 0);
}

static void rx_end(struct hv_vm *hv, enum vmm_vm_end end)
{
	hv_printf("# the VM ended: %s (%s) after %lu blocks\n",
		  vmm_vm_end_name(end), vmm_vm_why(&hv->vm),
		  (unsigned long)(rx.done + rx.blocks));
	rx_result(end == VMM_VM_POWEROFF || end == VMM_VM_GUEST_ERROR,
		  "the guest ended the VM cleanly (power-off or guest error)");
	rx_finish(hv);
}

/* What the guest ran last: its block page and rip (to replay a failure). */
static void rx_dump(struct vmm_vm *vm, struct axvcpu *vcpu)
{
	uint64_t rip = 0;
	axvcpu_get_gpr(vcpu, AXVCPU_X86_REG_RIP, &rip);
	const uint8_t *p = vmm_mem_translate(&vm->mem, 0x800000, 256);
	hv_printf("# rip %lx; the block:", (unsigned long)rip);
	for (unsigned i = 0; p && i < 256; i++)
		hv_printf("%s%02x", i % 32 ? " " : "\n#   ", p[i]);
	hv_printf("\n");
}

static bool rx_call(struct hv_vm *hv, struct axvcpu *vcpu,
		    struct axvcpu_exit *e)
{
	uint64_t nr = e->hypercall.nr;
	const uint64_t *a = e->hypercall.args;
	if (nr != RX_HELLO && nr != RX_BEAT && nr != RX_BLOCK)
		return false;
	if (a[0] != RX_MAGIC) {
		rx.bad_calls++;
		return false;
	}
	rx.last = hv_now_ns();
	int err = axvcpu_set_return_value(vcpu, 0);
	switch (nr) {
	case RX_HELLO: {
		rx.done += rx.blocks;
		rx.blocks = 0;
		uint64_t s = rx.mixed ^ (rx.hellos++ * 0xbf58476d1ce4e5b9ull);
		if (!err)
			err = axvcpu_set_gpr(vcpu, AXVCPU_X86_REG_RSI, s);
		if (!err)
			err =
			    axvcpu_set_gpr(vcpu, AXVCPU_X86_REG_RDX, rx.flags);
		if (rx.hellos > 1 && (rx.flags & RX_F_TRACE))
			hv_printf("# start %lu\n", (unsigned long)rx.hellos);
		break;
	}
	case RX_BEAT:
		rx.blocks = a[1];
		if (rx.done + rx.blocks >= rx.target) {
			hv_printf("# target of %lu blocks reached\n",
				  (unsigned long)rx.target);
			rx_result(true, "heartbeats up to the target: the "
					"host kept answering");
			rx_finish(hv);
		}
		break;
	default:
		hv_printf("# block %lu\n", (unsigned long)a[1]);
		if (rx.flags & RX_F_DUMP)
			rx_dump(&hv->vm, vcpu);
		break;
	}
	if (err)
		rx.errors++;
	return true;
}

/* Start the vCPU over; its image back if it overwrote its own code. */
static void rx_restart(struct vmm_vm *vm, struct axvcpu *vcpu, const char *why)
{
	rx.last = hv_now_ns();
	if (rx.flags & RX_F_TRACE)
		hv_printf("# %s: vCPU restarted\n", why);
	if (axvcpu_reset(vcpu))
		rx.errors++;
	if (rx_guest_sum(vm) != rx.guest_sum) {
		rx.reloads++;
		if (vm->host.reload(vm->host.ctx, vm))
			rx.errors++;
	}
}

static bool rx_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
		    void *arg)
{
	struct hv_vm *hv = arg;
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	/* A guest gone quiet: start it over at its next exit of any kind
	 * (one looping on a page-table walk into nowhere exits only with
	 * nested page faults; the backend keeps host-timer exits to itself
	 * while an interrupt it injected waits for the guest). */
	if (e->reason != AXVCPU_EXIT_HYPERCALL &&
	    hv_now_ns() - rx.last > RX_RESCUE_NS) {
		rx.rescues++;
		rx_restart(vm, vcpu, "quiet");
		/* The host's interrupt is still the VM layer's to end. */
		return e->reason != AXVCPU_EXIT_EXTERNAL_INTERRUPT;
	}
	switch (e->reason) {
	case AXVCPU_EXIT_HYPERCALL:
		return rx_call(hv, vcpu, e);
	case AXVCPU_EXIT_SYSTEM_DOWN:
		if (e->system.reason != AXVCPU_X86_SYSTEM_TRIPLE_FAULT)
			return false;
		rx.triple++;
		if (rx.flags & RX_F_TF_ENDS)
			return false;
		rx_restart(vm, vcpu, "triple fault");
		return true;
	case AXVCPU_EXIT_INTERNAL_ERROR:
	case AXVCPU_EXIT_FAIL_ENTRY:
		rx_dump(vm, vcpu);
		return false;
	case AXVCPU_EXIT_SYSTEM_RESET:
		rx.resets++;
		rx.last = hv_now_ns();
		return false;
	default:
		return false;
	}
}

/* HLT with nothing to wake it: an interrupt, then the timer exit can
 * rescue it. */
static void rx_wait(void *ctx, unsigned id, uint64_t deadline)
{
	rx.host.wait(ctx, id, deadline);
	uint64_t now = hv_now_ns();
	if (now - rx.last > RX_RESCUE_NS && now - rx.pokes > RX_RESCUE_NS) {
		rx.pokes = now;
		vmm_vm_inject(&hv_vm.vm, id, 2); /* an NMI */
	}
}

static uint64_t rx_arg(const char *key, uint64_t def)
{
	char buf[24];
	const char *s = hv_boot_arg(key, buf, sizeof(buf));
	if (!s || !*s)
		return def;
	uint64_t v = 0;
	unsigned base = 10;
	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	for (; *s; s++) {
		unsigned d = *s >= '0' && *s <= '9' ? (unsigned)(*s - '0')
			     : *s >= 'a' && *s <= 'f'
				 ? (unsigned)(*s - 'a' + 10)
				 : 99;
		if (d >= base)
			break;
		v = v * base + d;
	}
	return v;
}

void hv_program_init(struct hv_vm *hv, unsigned ncpus)
{
	(void)ncpus;
	rx.seed = rx_arg("seed", 1);
	rx.target = rx_arg("blocks", 2000);
	rx.flags = rx_arg("flags", 0);
	uint64_t z = rx.seed + 0x9e3779b97f4a7c15ull;
	z = (z ^ z >> 30) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ z >> 27) * 0x94d049bb133111ebull;
	rx.mixed = z ^ z >> 31;
	rx.code_sum = rx_code_sum();
	hv_vm_build(hv, 1);
	rx.host = hv->vm.host;
	hv->vm.host.wait = rx_wait;
	hv->vm.hook = rx_hook;
	hv->vm.hook_arg = hv;
	hv->on_end = rx_end;
	rx.guest_sum = rx_guest_sum(&hv->vm);
	rx.last = hv_now_ns();
	hv_printf("# random x86 guest: seed %lx, target %lu blocks\n",
		  (unsigned long)rx.seed, (unsigned long)rx.target);
}
