/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Two-hart guest: hart 0 starts hart 1 with SBI HSM (CpuUp exit, the VM
 * layer's vcpu_on on the second physical hart), hart 1 checks its boot
 * registers, sends an IPI back across harts and stops itself (CpuDown).
 */
#include "guest.h"
#include <axvcpu/exit.h>

#define SBI_HSM 0x48534dul
#define SBI_IPI 0x735049ul
#define HART1_ARG 0x5eed5eedul

static volatile uint64_t hart1_seen, kick_wanted;
extern char __stack1_top[];

/* Second start of hart 1: a0 = hart id, a1 = stack top. */
void hart1_restart_main(unsigned long hart);
__asm__(".pushsection .text, \"ax\"\n"
	".balign 4\n"
	"hart1_restart:\n"
	"mv sp, a1\n"
	"call hart1_restart_main\n"
	"1: j 1b\n"
	".popsection");
extern char hart1_restart[];

void hart1_restart_main(unsigned long hart)
{
	check("restarted hart 1 starts with a0 = its hart id", hart, 1);
	expect(AXVCPU_EXIT_CPU_DOWN, 0, 0, 0, 0,
	       "restarted hart 1's hart_stop is a CpuDown");
	sbi_call(SBI_HSM, 1, 0, 0, 0, 0, 0, 0);
	for (;;)
		;
}

/*
 * Remote fences (SBI RFENCE). Both harts share a Sv39 table: VA
 * FENCE_VA maps one 4 KiB page, first fence_page[0], then fence_page[1].
 * Hart 1 caches the first mapping and keeps reading through it; hart 0
 * changes the PTE. Without a fence hart 1 keeps the stale translation
 * (QEMU's TLB does); after hart 0's remote sfence.vma naming hart 1
 * returns, hart 1 must see the new page. fence_state steps the two
 * harts: 1 tables ready, 2 hart 1 cached, 3 PTE changed, 4 hart 1 read
 * again, 5 fence done, 6 hart 1 read after it and left paging off, 7
 * hart 0 done timing fences to hart 1.
 */
#define SBI_RFENCE 0x52464e43ul
#define SBI_SUSP 0x53555350ul
#define FENCE_VA 0xc0000000ul
#define FENCE_OLD 0x01d0a9e01d0a9e01ull
#define FENCE_NEW 0x0e90a9e0e90a9e0eull
#define FENCE_TIMED 32
/* The QEMU platform's HV_FENCE_WAIT_TICKS (100 ms of 10 MHz time). */
#define HV_FENCE_WAIT_GUEST_TICKS 1000000u
static uint64_t fpt_root[512] __attribute__((aligned(4096)));
static uint64_t fpt_l1[512] __attribute__((aligned(4096)));
static uint64_t fpt_l0[512] __attribute__((aligned(4096)));
static volatile uint64_t fence_page[2][512] __attribute__((aligned(4096)));
static volatile uint64_t fence_state, fence_seen[3];
/* Exits hart 1 had between caching the mapping and reading it again. */
static volatile uint64_t fence_window_exits;

static uint64_t fence_pte(const volatile void *pa, uint64_t flags)
{
	return ((uint64_t)pa >> 12) << 10 | flags;
}

static void fence_step(uint64_t to)
{
	__atomic_store_n(&fence_state, to, __ATOMIC_RELEASE);
}

/*
 * Wait (bounded) until the other hart moved fence_state to `to`. Hart 1
 * (`paged`) reads through FENCE_VA meanwhile, which keeps the translation
 * hot in its TLB; hart 0 runs with paging off and must not.
 */
static void fence_wait(uint64_t to, uint64_t end, bool paged)
{
	while (__atomic_load_n(&fence_state, __ATOMIC_ACQUIRE) != to &&
	       rdtime() < end)
		if (paged)
			(void)*(volatile uint64_t *)FENCE_VA;
}

static uint64_t exit_count(uint64_t reason)
{
	return (uint64_t)hc(TP_COUNT, reason, 0, 0, 0, 0, 0).value;
}

static void fence_test_hart1(void)
{
	uint64_t end = rdtime() + 50000000;
	uint64_t cancelled = exit_count(AXVCPU_EXIT_CANCELLED);
	uint64_t ipis = exit_count(TP_COUNT_SOFT_IPI);
	while (__atomic_load_n(&fence_state, __ATOMIC_ACQUIRE) != 1 &&
	       rdtime() < end)
		;
	uint64_t satp = 8ull << 60 | (uint64_t)fpt_root >> 12;
	__asm__ volatile("csrw satp, %0\n sfence.vma" ::"r"(satp) : "memory");
	uint64_t exits = exit_count(TP_COUNT_ALL);
	fence_seen[0] = *(volatile uint64_t *)FENCE_VA;
	fence_step(2);
	fence_wait(3, end, true);
	fence_seen[1] = *(volatile uint64_t *)FENCE_VA;
	/* Minus this call: any exit may have dropped the TLB entry (QEMU
	 * 7.2 does when the hart leaves the guest). */
	fence_window_exits = exit_count(TP_COUNT_ALL) - exits - 1;
	fence_step(4);
	fence_wait(5, end, true);
	fence_seen[2] = *(volatile uint64_t *)FENCE_VA;
	__asm__ volatile("csrw satp, zero\n sfence.vma" ::: "memory");
	fence_step(6);
	fence_wait(7, end, false); /* spin while hart 0 times fences */
	check("hart 1's run was not cancelled by the fence requests",
	      exit_count(AXVCPU_EXIT_CANCELLED) - cancelled, 0);
	check("... nor ended by their IPIs (taken inside axvcpu_run)",
	      exit_count(TP_COUNT_SOFT_IPI) - ipis, 0);
}

static void fence_test_hart0(void)
{
	struct sbiret r;
	uint64_t end = rdtime() + 50000000;
	fence_page[0][0] = FENCE_OLD;
	fence_page[1][0] = FENCE_NEW;
	/* VA 2..3 GiB: identity gigapage (code, data, stacks); VA 3 GiB:
	 * the test page. Leaves are V R W A D: no A/D updates by hardware. */
	fpt_root[2] = fence_pte((void *)0x80000000ul, 0xcf);
	fpt_root[3] = fence_pte(fpt_l1, 1);
	fpt_l1[0] = fence_pte(fpt_l0, 1);
	fpt_l0[0] = fence_pte(fence_page[0], 0xc7);
	fence_step(1);

	/* Masks naming only the caller (or nobody) stay in the backend. */
	uint64_t n = exit_count(AXVCPU_EXIT_REMOTE_FENCE);
	r = sbi_call(SBI_RFENCE, 1, 1, 0, 0, ~0ul, 0, 0);
	check("remote sfence.vma naming only hart 0 succeeds",
	      (uint64_t)r.error, 0);
	r = sbi_call(SBI_RFENCE, 0, 1, 0, 0, 0, 0, 0);
	check("remote fence.i naming only hart 0 succeeds", (uint64_t)r.error,
	      0);
	r = sbi_call(SBI_RFENCE, 2, 0, 0, 0, ~0ul, 1, 0);
	check("remote sfence.vma_asid naming no hart succeeds",
	      (uint64_t)r.error, 0);
	check("... and none of them was a RemoteFence exit",
	      exit_count(AXVCPU_EXIT_REMOTE_FENCE) - n, 0);

	/* Short window, no exits of our own: change the PTE at once. */
	fence_wait(2, end, false);
	fpt_l0[0] = fence_pte(fence_page[1], 0xc7);
	__asm__ volatile("fence rw, rw" ::: "memory");
	fence_step(3);
	fence_wait(4, end, false);
	check("hart 1 reads the first page through FENCE_VA", fence_seen[0],
	      FENCE_OLD);
	/* Shows the test can see a missing fence; not architectural, and
	 * only meaningful if hart 1 did not leave the guest meanwhile. */
	if (fence_window_exits == 0)
		check("no fence: hart 1 keeps the old mapping", fence_seen[1],
		      FENCE_OLD);
	else
		check("no fence: hart 1 keeps the old mapping # SKIP it exited",
		      0, 0);

	expect(AXVCPU_EXIT_REMOTE_FENCE, 2, AXVCPU_FENCE_TLB, 0, 0,
	       "remote sfence.vma naming hart 1 is a RemoteFence exit");
	r = sbi_call(SBI_RFENCE, 1, 2, 0, FENCE_VA, 4096, 0, 0);
	check("... and succeeds", (uint64_t)r.error, 0);
	fence_step(5);
	fence_wait(6, end, false);
	check("after it returns hart 1 sees the new page", fence_seen[2],
	      FENCE_NEW);

	/* Round trips while hart 1 spins in the guest, without the
	 * checking program's printing (unannounced exits). */
	uint64_t best = ~0ull, total = 0;
	unsigned i = 0;
	for (r.error = 0; i < FENCE_TIMED && !r.error; i++) {
		uint64_t t = rdtime();
		r = sbi_call(SBI_RFENCE, 1, 2, 0, 0, ~0ul, 0, 0);
		t = rdtime() - t;
		total += t;
		best = t < best ? t : best;
	}
	check("timed remote fences to spinning hart 1 succeed",
	      (uint64_t)r.error, 0);
	hc(TP_PRINT, best, 0, 0, 0, 0,
	   "remote fence round trip, best, 100 ns ticks");
	hc(TP_PRINT, total / i, 0, 0, 0, 0,
	   "remote fence round trip, mean, 100 ns ticks");
	fence_step(7);
	/* For scale: a fence naming only this hart never leaves the
	 * backend (trap, hfence.vvma, sret). */
	best = ~0ull;
	for (i = 0; i < FENCE_TIMED; i++) {
		uint64_t t = rdtime();
		sbi_call(SBI_RFENCE, 1, 1, 0, 0, ~0ul, 0, 0);
		t = rdtime() - t;
		best = t < best ? t : best;
	}
	hc(TP_PRINT, best, 0, 0, 0, 0,
	   "local-only fence round trip, best, 100 ns ticks");

	expect(AXVCPU_EXIT_REMOTE_FENCE, 3, AXVCPU_FENCE_TLB, 0, 0,
	       "sfence.vma_asid naming harts 0 and 1");
	r = sbi_call(SBI_RFENCE, 2, 3, 0, 0x1000, 0x2000, 5, 0);
	check("... succeeds", (uint64_t)r.error, 0);
	expect(AXVCPU_EXIT_REMOTE_FENCE, 1, AXVCPU_FENCE_ICACHE, 1, 0,
	       "remote fence.i with hart_mask_base 1 naming hart 1");
	r = sbi_call(SBI_RFENCE, 0, 1, 1, 0, 0, 0, 0);
	check("... succeeds", (uint64_t)r.error, 0);
	expect(AXVCPU_EXIT_REMOTE_FENCE, 0, AXVCPU_FENCE_TLB, ~0ull, 1,
	       "remote sfence.vma with hart_mask_base -1 names all harts");
	r = sbi_call(SBI_RFENCE, 1, 0, ~0ul, 0, ~0ul, 0, 0);
	check("... succeeds", (uint64_t)r.error, 0);

	/* Hostile masks: hart ids past 2^64 must not wrap to hart 0. */
	expect(AXVCPU_EXIT_REMOTE_FENCE, ~0ull, AXVCPU_FENCE_TLB, ~0ull - 3, 0,
	       "hart_mask_base 2^64-4 with a full mask");
	r = sbi_call(SBI_RFENCE, 1, ~0ul, ~0ul - 3, 0, ~0ul, 0, 0);
	check("... names no existing hart: INVALID_PARAM", (uint64_t)r.error,
	      (uint64_t)-3);
	expect(AXVCPU_EXIT_REMOTE_FENCE, 1, AXVCPU_FENCE_TLB, 1ull << 40, 0,
	       "hart_mask_base 2^40");
	r = sbi_call(SBI_RFENCE, 1, 1, 1ul << 40, 0, ~0ul, 0, 0);
	check("... INVALID_PARAM", (uint64_t)r.error, (uint64_t)-3);
	expect(AXVCPU_EXIT_REMOTE_FENCE, 1ull << 5 | 1ull << 63,
	       AXVCPU_FENCE_ICACHE, 0, 0, "remote fence.i to harts 5 and 63");
	r = sbi_call(SBI_RFENCE, 0, 1ul << 5 | 1ul << 63, 0, 0, 0, 0, 0);
	check("... INVALID_PARAM", (uint64_t)r.error, (uint64_t)-3);
	r = sbi_call(SBI_RFENCE, 7, 2, 0, 0, 0, 0, 0);
	check("RFENCE function 7: NOT_SUPPORTED", (uint64_t)r.error,
	      (uint64_t)-2);
}

static void susp_test_hart0(void);
static void susp_test_hart1(void);

/*
 * IPI and RFENCE naming a hart the VM does not have: SBI's
 * INVALID_PARAM, and nothing sent to the harts that do exist (the VM
 * layer used to deliver to those and answer SUCCESS).
 */
static void missing_hart_test(void)
{
	struct sbiret r;
	uint64_t sip;
	__asm__ volatile("csrs sie, %0" ::"r"(2ul)); /* SSIP on, SIE off */
	expect(AXVCPU_EXIT_SEND_IPI, 5, 0, 0, 1,
	       "send_ipi to harts 0 and 2 (no hart 2)");
	r = sbi_call(SBI_IPI, 0, 5, 0, 0, 0, 0, 0);
	check("... INVALID_PARAM", (uint64_t)r.error, (uint64_t)-3);
	__asm__ volatile("csrr %0, sip" : "=r"(sip));
	check("... and hart 0 got no IPI", sip & 2, 0);
	expect(AXVCPU_EXIT_SEND_IPI, 1, 0, 5, 0, "send_ipi to hart 5");
	r = sbi_call(SBI_IPI, 0, 1, 5, 0, 0, 0, 0);
	check("... INVALID_PARAM", (uint64_t)r.error, (uint64_t)-3);
	expect(AXVCPU_EXIT_REMOTE_FENCE, 0x11, AXVCPU_FENCE_TLB, 1, 0,
	       "remote sfence.vma to harts 1 and 5 (no hart 5)");
	r = sbi_call(SBI_RFENCE, 1, 0x11, 1, 0, ~0ul, 0, 0);
	check("... INVALID_PARAM", (uint64_t)r.error, (uint64_t)-3);
	__asm__ volatile("csrc sie, %0" ::"r"(2ul));
}

void guest_main(void)
{
	struct sbiret r;
	missing_hart_test();
	__asm__ volatile("csrs sstatus, %0" ::"r"(1ul << 13));
	__asm__ volatile("fmv.d.x f5, %0" ::"r"(0xa0a0a0a0a0a0a0a0ull));
	r = sbi_call(SBI_HSM, 2, 1, 0, 0, 0, 0, 0);
	check("hart 1 is STOPPED before hart_start", (uint64_t)r.value, 1);
	r = sbi_call(SBI_HSM, 2, 5, 0, 0, 0, 0, 0);
	check("status of a missing hart: INVALID_PARAM", (uint64_t)r.error,
	      (uint64_t)-3);

	extern char guest_secondary_start[];
	/* Hostile: an odd entry for a real, stopped hart. The VM layer's
	 * set_entry refuses it, and the platform used to panic on that. */
	r = sbi_call(SBI_HSM, 0, 1, (uint64_t)guest_secondary_start + 1,
		     (uint64_t)__stack1_top, 0, 0, 0);
	check("hart_start(1) at an odd address: INVALID_ADDRESS",
	      (uint64_t)r.error, (uint64_t)-5);
	/* An entry outside guest RAM: the hart died on its first fetch and
	 * the NestedPageFault stopped the whole hypervisor. */
	r = sbi_call(SBI_HSM, 0, 1, TP_MMIO, (uint64_t)__stack1_top, 0, 0, 0);
	check("hart_start(1) at an unmapped address: INVALID_ADDRESS",
	      (uint64_t)r.error, (uint64_t)-5);
	r = sbi_call(SBI_HSM, 2, 1, 0, 0, 0, 0, 0);
	check("... and hart 1 stays STOPPED", (uint64_t)r.value, 1);

	expect(AXVCPU_EXIT_CPU_UP, (uint64_t)guest_secondary_start,
	       (uint64_t)__stack1_top, 1, 0, "hart_start(1) is a CpuUp exit");
	/* Software interrupts on: hart 1 will send one across. */
	__asm__ volatile("csrs sie, %0" ::"r"(2ul));
	__asm__ volatile("csrs sstatus, %0" ::"r"(2ul));
	r = sbi_call(SBI_HSM, 0, 1, (uint64_t)guest_secondary_start,
		     (uint64_t)__stack1_top, 0, 0, 0);
	check("hart_start(1) succeeds", (uint64_t)r.error, 0);

	/* Halt (WFI, no timer) until hart 1's IPI wakes this vCPU. */
	uint64_t end = rdtime() + 50000000; /* 5 s */
	while (!trap_count && rdtime() < end)
		__asm__ volatile("wfi");
	__asm__ volatile("csrc sstatus, %0" ::"r"(2ul));
	check("hart 1 ran and wrote guest memory", hart1_seen, 0x5a);
	check("IPI from hart 1 woke hart 0 from WFI", trap_cause,
	      (1ull << 63) | 1);
	uint64_t f5;
	__asm__ volatile("fmv.x.d %0, f5" : "=r"(f5));
	check("hart 0's FP registers untouched by hart 1", f5,
	      0xa0a0a0a0a0a0a0a0ull);
	/* Hart 1 kicks this vCPU out of an endless loop. */
	uint64_t kick_ipis = exit_count(TP_COUNT_SOFT_IPI);
	expect(AXVCPU_EXIT_CANCELLED, 0, 0, 0, 0,
	       "axvcpu_kick from hart 1 cancels hart 0's run");
	kick_wanted = 1;
	__asm__ volatile("la s11, 1f\n 2: j 2b\n 1:" ::: "s11");
	check("... from that very run (its IPI is no exit of its own)",
	      exit_count(TP_COUNT_SOFT_IPI) - kick_ipis, 0);
	fence_test_hart0();
	susp_test_hart0();
	end = rdtime() + 50000000;
	do {
		r = sbi_call(SBI_HSM, 2, 1, 0, 0, 0, 0, 0);
	} while (r.value != 1 && rdtime() < end);
	check("hart 1 is STOPPED after hart_stop", (uint64_t)r.value, 1);

	/* Start it again: a0 must be its hart id once more, not what its
	 * hart_stop ecall left in a0. It checks and stops itself. */
	r = sbi_call(SBI_HSM, 0, 1, (uint64_t)hart1_restart,
		     (uint64_t)__stack1_top, 0, 0, 0);
	check("hart_start(1) again after hart_stop", (uint64_t)r.error, 0);
	end = rdtime() + 50000000;
	do {
		r = sbi_call(SBI_HSM, 2, 1, 0, 0, 0, 0, 0);
	} while (r.value != 1 && rdtime() < end);
	check("restarted hart 1 stopped again", (uint64_t)r.value, 1);

	/* A stopped hart runs no guest code: nobody waits for its fence. */
	expect(AXVCPU_EXIT_REMOTE_FENCE, 2, AXVCPU_FENCE_TLB, 0, 0,
	       "remote sfence.vma naming stopped hart 1");
	uint64_t t = rdtime();
	r = sbi_call(SBI_RFENCE, 1, 2, 0, 0, ~0ul, 0, 0);
	t = rdtime() - t;
	check("... succeeds", (uint64_t)r.error, 0);
	check("... without waiting out the VM layer's bound",
	      t < HV_FENCE_WAIT_GUEST_TICKS, 1);

	/* Hostile: stop the last running hart. Nothing can start it again;
	 * the hypervisor used to wait forever, now it ends the run. */
	expect(AXVCPU_EXIT_CPU_DOWN, 0, 0, 0, 0,
	       "hart_stop of the last hart ends the run");
	sbi_call(SBI_HSM, 1, 0, 0, 0, 0, 0, 0);
	check("hart_stop of the last hart does not return", 0, 1);
}

/*
 * HSM suspend as another hart sees it (hart_get_status): hart 1 suspends
 * itself (retentive, retentive with garbage above the 32-bit type,
 * non-retentive), hart 0 must read SUSPENDED (4) meanwhile, wakes it with
 * an IPI and must then read RESUME_PENDING (6) or STARTED (0). susp_state
 * steps the two harts: 1, 3, 5 hart 1 about to suspend, 2, 4, 6 woken.
 */
static volatile uint64_t susp_state, susp_ack;
#define SBI_HSM_SUSPENDED 4

static void susp_wait(uint64_t to)
{
	uint64_t end = rdtime() + 50000000;
	while (__atomic_load_n(&susp_state, __ATOMIC_ACQUIRE) < to &&
	       rdtime() < end)
		;
}

/* Hart 0's side of one suspend: see it, wake it, see it resume. */
static void susp_watch(uint64_t step, const char *name)
{
	struct sbiret r;
	susp_wait(step);
	if (step == 1) {
		/* Hart 1 runs or suspends: no suspend to RAM now. */
		r = sbi_call(SBI_SUSP, 0, 0, (uint64_t)susp_watch, 0, 0, 0, 0);
		check("SUSP while hart 1 is not stopped: DENIED",
		      (uint64_t)r.error, (uint64_t)-4);
	}
	uint64_t end = rdtime() + 50000000;
	do {
		r = sbi_call(SBI_HSM, 2, 1, 0, 0, 0, 0, 0);
	} while (r.value != SBI_HSM_SUSPENDED && rdtime() < end);
	check(name, (uint64_t)r.value, SBI_HSM_SUSPENDED);
	expect(AXVCPU_EXIT_SEND_IPI, 2, 0, 0, 0,
	       "IPI to wake suspended hart 1");
	sbi_call(SBI_IPI, 0, 2, 0, 0, 0, 0, 0);
	/* SUSPENDED until its loop sees the wake-up, RESUME_PENDING until
	 * it enters, then STARTED: nothing else on the way. */
	uint64_t odd = 0;
	end = rdtime() + 50000000;
	do {
		r = sbi_call(SBI_HSM, 2, 1, 0, 0, 0, 0, 0);
		odd += r.value != 4 && r.value != 6 && r.value != 0;
	} while (r.value != 0 && rdtime() < end);
	check("... then RESUME_PENDING and STARTED, nothing else",
	      odd == 0 && r.value == 0, 1);
	susp_wait(step + 1);
	/* Hart 1 goes on only now: its next step would change its state. */
	__atomic_store_n(&susp_ack, step + 1, __ATOMIC_RELEASE);
}

static void susp_test_hart0(void)
{
	susp_watch(1, "hart 1 in retentive hart_suspend reads SUSPENDED");
	susp_watch(3, "hart 1 in retentive suspend, type 0xffffffff00000000: "
		      "SUSPENDED");
	susp_watch(5, "hart 1 in non-retentive hart_suspend reads SUSPENDED");
	struct sbiret r = sbi_call(SBI_HSM, 2, 1, 0, 0, 0, 0, 0);
	check("hart 1 STARTED after its non-retentive resume",
	      (uint64_t)r.value, 0);
	__atomic_store_n(&susp_ack, 7, __ATOMIC_RELEASE);
}

static void susp_step(uint64_t to)
{
	__atomic_store_n(&susp_state, to, __ATOMIC_RELEASE);
}

/* Hart 1: wait (bounded) until hart 0 has seen step `step` through. */
static void susp_acked(uint64_t step)
{
	uint64_t end = rdtime() + 50000000;
	while (__atomic_load_n(&susp_ack, __ATOMIC_ACQUIRE) < step &&
	       rdtime() < end)
		;
}

void hart1_resume_main(unsigned long hart, unsigned long opaque);
__asm__(".pushsection .text, \"ax\"\n"
	".balign 4\n"
	"hart1_resume:\n"
	"mv sp, a1\n"
	"call hart1_resume_main\n"
	"1: j 1b\n"
	".popsection");
extern char hart1_resume[];

static void susp_test_hart1(void)
{
	struct sbiret r;
	/* Woken by hart 0's IPI: SSIP enabled, interrupts masked. */
	__asm__ volatile("csrw sie, %0" ::"r"(2ul));
	__asm__ volatile("csrc sstatus, %0" ::"r"(2ul));
	susp_step(1);
	r = sbi_call(SBI_HSM, 3, 0, 0, 0, 0, 0, 0);
	check("retentive hart_suspend returns SUCCESS", (uint64_t)r.error, 0);
	__asm__ volatile("csrc sip, %0" ::"r"(2ul));
	susp_step(2);
	susp_acked(2);
	susp_step(3);
	r = sbi_call(SBI_HSM, 3, ~0ul << 32, 0, 0, 0, 0, 0);
	check("... with the upper half of the type set too", (uint64_t)r.error,
	      0);
	__asm__ volatile("csrc sip, %0" ::"r"(2ul));
	susp_step(4);
	susp_acked(4);
	susp_step(5);
	sbi_call(SBI_HSM, 3, 0x80000000ul, (uint64_t)hart1_resume,
		 (uint64_t)__stack1_top, 0, 0, 0);
	check("non-retentive hart_suspend does not return", 0, 1);
}

/* Where hart 1's non-retentive suspend resumes. */
void hart1_resume_main(unsigned long hart, unsigned long opaque)
{
	struct sbiret r;
	uint64_t sstatus;
	__asm__ volatile("csrr %0, sstatus" : "=r"(sstatus));
	__asm__ volatile("csrc sip, %0" ::"r"(2ul));
	susp_step(6);
	check("non-retentive resume: a0 = hart id", hart, 1);
	check("non-retentive resume: a1 = opaque", opaque,
	      (uint64_t)__stack1_top);
	check("non-retentive resume: sstatus.SIE 0", sstatus & 2, 0);
	static const uint32_t bad[] = { 1,          0x10000000, 0x7fffffff,
					0x80000001, 0x90000000, 0xffffffff };
	uint64_t fails = 0;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = sbi_call(SBI_HSM, 3, bad[i], (uint64_t)hart1_resume, 0, 0,
			     0, 0);
		fails += r.error != -3;
	}
	check("reserved and platform suspend types: INVALID_PARAM", fails, 0);
	susp_acked(7);
	expect(AXVCPU_EXIT_CPU_DOWN, 0, 0, 0, 0, "hart_stop is a CpuDown");
	sbi_call(SBI_HSM, 1, 0, 0, 0, 0, 0, 0);
	check("hart_stop does not return", 0, 1);
	for (;;)
		;
}

void guest_secondary_main(unsigned long hart, unsigned long arg)
{
	check("hart 1 starts with a0 = its hart id", hart, 1);
	check("hart 1 starts with a1 = the opaque argument", arg,
	      (uint64_t)__stack1_top);
	__asm__ volatile("csrs sstatus, %0" ::"r"(1ul << 13));
	uint64_t f5;
	__asm__ volatile("fmv.x.d %0, f5" : "=r"(f5));
	check("hart 1's FP registers start at zero", f5, 0);
	__asm__ volatile("fmv.d.x f5, %0" ::"r"(0x5555555555555555ull));
	hart1_seen = 0x5a;
	expect(AXVCPU_EXIT_SEND_IPI, 1, 0, 0, 0, "hart 1 sends an IPI");
	sbi_call(SBI_IPI, 0, 1, 0, 0, 0, 0, 0);
	/* Wait for hart 0 to spin, then have the host kick it. */
	uint64_t end = rdtime() + 50000000;
	while (!kick_wanted && rdtime() < end)
		;
	for (uint64_t t = rdtime() + 20000; rdtime() < t;)
		;
	hc(TP_KICK, 0, 0, 0, 0, 0, 0);
	fence_test_hart1();
	susp_test_hart1();
	for (;;)
		;
}
