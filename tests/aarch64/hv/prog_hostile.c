/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checking side of the random hostile guest (tests/aarch64/guest/
 * hostile.c, protocol in hostile.h): one vCPU per CPU, the VM answers
 * every exit as it always does (the plain hypervisor's policy), and this
 * only watches that the host keeps answering: heartbeats counted per
 * vCPU, the run ended with TAP at the block target, or cleanly when the
 * guest itself ends the VM (PSCI SYSTEM_OFF, every CPU off, an exit
 * nobody can answer). A host panic or exception prints and powers off
 * with a failure status (panic.c); a hang is the TAP runner's timeout.
 *
 * A vCPU whose heartbeat stops (a random block that turned the MMU on
 * with garbage tables, masked every interrupt and spun, moved its own
 * stack) is rescued: reset (axvcpu_reset()) at its next host-interrupt
 * exit, or first woken with an injected SGI if it sleeps.
 */
#include "hostile.h"
#include "platform/qemu-aarch64/pool.h"
#include "platform/qemu-aarch64/vm.h"
#include <axvcpu/aarch64.h>

static struct hs_state {
	uint64_t seed, mixed, target, flags;
	uint64_t last[HV_MAX_CPUS];    /* counter at the last sign of life */
	uint64_t blocks[HV_MAX_CPUS];  /* blocks counted since HELLO */
	uint64_t done[HV_MAX_CPUS];    /* blocks of earlier HELLOs */
	uint64_t hellos[HV_MAX_CPUS];  /* starts */
	uint64_t rescues[HV_MAX_CPUS]; /* resets by the checker */
	uint64_t pokes[HV_MAX_CPUS];
	uint64_t resets, bad_calls, code_sum, errors, reloads;
	uint64_t guest_sum;      /* the guest's code in its RAM */
	struct vmm_vm_host host; /* the platform's services */
	struct hv_lock lock;
} hs;

extern const char _start[], hv_guest_image[];

static uint64_t hs_rescue_ticks(void)
{
	return hv_time_hz() / 2;
}

/* FNV-1a over the hypervisor's code: a guest must never change it. */
static uint64_t hs_code_sum(void)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const char *p = _start; p < hv_guest_image; p++)
		h = (h ^ (uint8_t)*p) * 0x100000001b3ull;
	return h;
}

/* The guest's own code (its first 8 KiB): its random stores may reach it
 * (then a rescue reloads the image); the host never should. */
#define HS_GUEST_CODE 0x40200000ul
#define HS_GUEST_CODE_SIZE 0x2000u
static uint64_t hs_guest_sum(struct vmm_vm *vm)
{
	const uint8_t *p =
	    vmm_mem_translate(&vm->mem, HS_GUEST_CODE, HS_GUEST_CODE_SIZE);
	uint64_t h = 0xcbf29ce484222325ull;
	for (unsigned i = 0; p && i < HS_GUEST_CODE_SIZE; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static uint8_t hs_copy[HS_GUEST_CODE_SIZE];
static void hs_diff(struct vmm_vm *vm)
{
	const uint8_t *p =
	    vmm_mem_translate(&vm->mem, HS_GUEST_CODE, HS_GUEST_CODE_SIZE);
	unsigned shown = 0;
	for (unsigned i = 0; p && i < HS_GUEST_CODE_SIZE && shown < 8; i++)
		if (p[i] != hs_copy[i]) {
			hv_printf("#   at %lx: %x, was %x\n", HS_GUEST_CODE + i,
				  p[i], hs_copy[i]);
			shown++;
		}
}

static uint64_t hs_total(void)
{
	uint64_t t = 0;
	for (unsigned i = 0; i < HV_MAX_CPUS; i++)
		t += hs.done[i] + hs.blocks[i];
	return t;
}

static unsigned hs_n;
static unsigned hs_failed;

static void hs_result(bool ok, const char *what)
{
	hs_n++;
	if (!ok)
		hs_failed++;
	hv_printf("%s %u - %s\n", ok ? "ok" : "not ok", hs_n, what);
}

/* The end is printed once: two vCPUs may reach the target at the same
 * time (the other waits for the power-off). */
static void hs_end_once(void)
{
	static int once;
	if (__atomic_exchange_n(&once, 1, __ATOMIC_ACQ_REL))
		for (;;)
			__asm__ volatile("wfe");
}

/* The checks every end shares, the plan, the status. */
__attribute__((noreturn)) static void hs_finish(struct hv_vm *hv)
{
	struct vmm_vm *vm = &hv->vm;
	uint64_t total = hs_total(), exits = 0, rescues = 0, hellos = 0;
	for (unsigned i = 0; i < vm->nvcpu; i++) {
		rescues += hs.rescues[i];
		hellos += hs.hellos[i];
		for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++)
			exits += vm->vcpus[i].stats.count[r];
	}
	hv_printf("# seed %lu: %lu blocks, %lu exits, %lu starts, %lu "
		  "rescues, %lu resets, %lu reloads, %lu stray protocol "
		  "calls\n",
		  hs.seed, total, exits, hellos, rescues, hs.resets, hs.reloads,
		  hs.bad_calls);
	hv_printf("# exits:");
	for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++) {
		uint64_t n = 0;
		for (unsigned i = 0; i < vm->nvcpu; i++)
			n += vm->vcpus[i].stats.count[r];
		if (n)
			hv_printf(" %s=%lu", axvcpu_exit_name(r), n);
	}
	hv_printf("\n");
	hs_result(hs_code_sum() == hs.code_sum,
		  "the hypervisor's code is unchanged");
	uint64_t hpa = 0, leaf = 0;
	unsigned perm = 0;
	int err = axvcpu_stage2_lookup(hv->s2, HV_GUEST_RAM_GPA + 0x200000,
				       &hpa, &perm, &leaf);
	hs_result(!err && hpa == HV_GUEST_RAM_HPA + 0x200000,
		  "stage 2 still maps the guest's RAM where it was");
	hs_result(hs.errors == 0, "every API call of the checker succeeded");
	hv_printf("1..%u\n", hs_n);
	hv_poweroff(hs_failed ? 1 : 0);
}

/* The target reached: the host answered every exit all along. */
static void hs_target(struct hv_vm *hv)
{
	hs_end_once();
	hv_printf("# target of %lu blocks reached\n", hs.target);
	hs_result(true, "heartbeats up to the target: the host kept answering");
	hs_finish(hv);
}

/* The VM ended before the target: fine if the guest ended it. */
static void hs_end(struct hv_vm *hv, enum vmm_vm_end end)
{
	hs_end_once();
	hv_printf("# the VM ended: %s (%s) after %lu blocks\n",
		  vmm_vm_end_name(end), vmm_vm_why(&hv->vm), hs_total());
	hs_result(end == VMM_VM_POWEROFF || end == VMM_VM_GUEST_ERROR,
		  "the guest ended the VM cleanly (power-off or guest error)");
	hs_finish(hv);
}

static bool hs_stale(unsigned id)
{
	return hv_time() - __atomic_load_n(&hs.last[id], __ATOMIC_RELAXED) >
	       hs_rescue_ticks();
}

static bool hs_call(struct hv_vm *hv, unsigned id, struct axvcpu_exit *e)
{
	struct axvcpu *vcpu = hv->vm.vcpus[id].vcpu;
	const uint64_t *a = e->hypercall.args;
	uint64_t nr = e->hypercall.nr;
	if (nr != HS_HELLO && nr != HS_BEAT && nr != HS_BLOCK)
		return false;
	if (a[0] != HS_MAGIC) {
		hs.bad_calls++;
		return false;
	}
	hs.last[id] = hv_time();
	switch (nr) {
	case HS_HELLO: {
		hv_lock(&hs.lock);
		hs.done[id] += hs.blocks[id];
		hs.blocks[id] = 0;
		uint64_t n = hs.hellos[id]++;
		hv_unlock(&hs.lock);
		/* A new stream for every start, the same for the same seed. */
		uint64_t s = hs.mixed ^ (0x9e3779b97f4a7c15ull * (id + 1)) ^
			     (n * 0xbf58476d1ce4e5b9ull);
		if (axvcpu_set_gpr(vcpu, 0, 0) || axvcpu_set_gpr(vcpu, 1, s) ||
		    axvcpu_set_gpr(vcpu, 2, 16) ||
		    axvcpu_set_gpr(vcpu, 3, hs.flags))
			hs.errors++;
		if (n && (hs.flags & HS_F_TRACE))
			hv_printf("# vCPU %u start %lu\n", id, n);
		return true;
	}
	case HS_BEAT: {
		hv_lock(&hs.lock);
		hs.blocks[id] = a[1];
		uint64_t total = hs_total();
		hv_unlock(&hs.lock);
		if (total >= hs.target)
			hs_target(hv);
		if (axvcpu_set_gpr(vcpu, 0, 0))
			hs.errors++;
		return true;
	}
	default: /* HS_BLOCK */
		hv_printf("# vCPU %u block %lu\n", id, a[1]);
		return !axvcpu_set_gpr(vcpu, 0, 0);
	}
}

/* Start a quiet vCPU over; the guest's image back if it overwrote its
 * own code. */
static void hs_rescue(struct vmm_vm *vm, unsigned id, struct axvcpu *vcpu)
{
	hs.rescues[id]++;
	hs.last[id] = hv_time();
	if (hs.flags & HS_F_TRACE)
		hv_printf("# vCPU %u rescued\n", id);
	if (axvcpu_reset(vcpu))
		hs.errors++;
	hv_lock(&hs.lock);
	if (hs_guest_sum(vm) != hs.guest_sum) {
		hs.reloads++;
		hv_printf(
		    "# vCPU %u: the guest's code changed: image reloaded\n",
		    id);
		hs_diff(vm);
		if (vm->host.reload(vm->host.ctx, vm))
			hs.errors++;
	}
	hv_unlock(&hs.lock);
}

static bool hs_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
		    void *arg)
{
	struct hv_vm *hv = arg;
	struct axvcpu *vcpu = vm->vcpus[id].vcpu;
	/*
	 * A vCPU gone quiet: start it over at its next exit of any kind (one
	 * halting again and again right after each wake-up has no host-timer
	 * exits). A host interrupt is still the VM layer's to end.
	 */
	if (e->reason != AXVCPU_EXIT_HYPERCALL && hs_stale(id)) {
		hs_rescue(vm, id, vcpu);
		return e->reason != AXVCPU_EXIT_EXTERNAL_INTERRUPT;
	}
	switch (e->reason) {
	case AXVCPU_EXIT_HYPERCALL:
		return hs_call(hv, id, e);
	case AXVCPU_EXIT_CPU_UP:
		/* A vCPU parked for long starts with a fresh heartbeat. */
		for (unsigned i = 0; i < HV_MAX_CPUS; i++)
			if (i != id)
				hs.last[i] = hv_time();
		return false;
	case AXVCPU_EXIT_SYSTEM_RESET:
		hs.resets++;
		for (unsigned i = 0; i < HV_MAX_CPUS; i++)
			hs.last[i] = hv_time();
		return false;
	default:
		return false;
	}
}

/* A vCPU asleep with nothing to wake it (WFI or PSCI CPU_SUSPEND with
 * its timer off or masked, a VM suspended to RAM) is woken with an SGI so that
 * its next host-interrupt exit can rescue it. */
static void hs_wait(void *ctx, unsigned id, uint64_t deadline)
{
	hs.host.wait(ctx, id, deadline);
	struct vmm_vm *vm = &hv_vm.vm;
	/* Suspended to RAM (PSCI SYSTEM_SUSPEND) with nothing to wake the
	 * VM: the guest sleeps as a machine would; the SGI wakes it. */
	bool asleep =
	    axvcpu_power_state(vm->vcpus[id].vcpu) != AXVCPU_POWER_OFF ||
	    atomic_load(&vm->suspended) == id + 1;
	if (id < HV_MAX_CPUS && hs_stale(id) && asleep &&
	    hv_time() - hs.pokes[id] > hs_rescue_ticks()) {
		hs.pokes[id] = hv_time();
		vmm_vm_inject(&hv_vm.vm, id, 0);
	}
}

void hv_program_init(struct hv_vm *hv, unsigned cpus)
{
	const volatile uint64_t *param = (const uint64_t *)HS_PARAM_HPA;
	hs.seed = param[0] ? param[0] : 1;
	/* splitmix64 of the seed: neighbouring seeds far apart. */
	hs.mixed = hs.seed + 0x9e3779b97f4a7c15ull;
	hs.mixed = (hs.mixed ^ hs.mixed >> 30) * 0xbf58476d1ce4e5b9ull;
	hs.mixed = (hs.mixed ^ hs.mixed >> 27) * 0x94d049bb133111ebull;
	hs.mixed ^= hs.mixed >> 31;
	hs.target = param[1] ? param[1] : 4096;
	hs.flags = param[2];
	hs.code_sum = hs_code_sum();
	hv_semihosting = 1;
	hv_vm_build(hv, cpus);
	hs.host = hv->vm.host;
	hv->vm.host.wait = hs_wait;
	hv->vm.hook = hs_hook;
	hv->vm.hook_arg = hv;
	hv->on_end = hs_end;
	hs.guest_sum = hs_guest_sum(&hv->vm);
	const uint8_t *g =
	    vmm_mem_translate(&hv->vm.mem, HS_GUEST_CODE, HS_GUEST_CODE_SIZE);
	for (unsigned i = 0; g && i < HS_GUEST_CODE_SIZE; i++)
		hs_copy[i] = g[i];
	for (unsigned i = 0; i < HV_MAX_CPUS; i++)
		hs.last[i] = hv_time();
	hv_printf("# hostile guest: seed %lu, target %lu blocks, %u vCPUs\n",
		  hs.seed, hs.target, cpus);
}
