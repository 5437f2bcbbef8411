/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A hostile guest: what it does must neither stop nor corrupt the host.
 * Every I/O port written and read, unmapped MMIO read and written (open
 * bus) and touched with instructions the decoder declines (the VM layer
 * reflects #GP), every MSR of the architectural ranges read and written
 * back, a CPUID sweep, garbage hypercalls, endless loops with interrupts
 * off, and a triple fault at the end. The VM layer answers everything
 * (TP_QUIET); the guest checks what it can see.
 */
#include "guest.h"

#define BAD_MMIO 0x50000000ull

static void t_ports(void)
{
	/* Every port written with 0 (reset and power ports do nothing with
	 * it), then read; the console and debug ports are left alone. */
	for (uint32_t p = 0; p < 0x10000; p++) {
		if ((p >= 0x3f8 && p < 0x400) || p == 0xe9 || p == 0x402)
			continue;
		outb((uint16_t)p, 0);
	}
	uint64_t ones = 0;
	for (uint32_t p = 0; p < 0x10000; p++) {
		if (p >= 0x3f8 && p < 0x400)
			continue;
		ones += inb((uint16_t)p) == 0xff;
	}
	hcall(TP_PRINT, ones, 0, 0, 0, 0, (uint64_t) "ports reading 0xff");
	check(ones > 0xf000, 1, "every port read and written: still running");
	uint32_t v;
	__asm__ volatile("inl %w1, %0" : "=a"(v) : "d"(0x1234));
	check(v, 0xffffffff, "a dword from nowhere: all-ones");
}

static void t_mmio(void)
{
	volatile uint64_t *m = (volatile uint64_t *)BAD_MMIO;
	check(m[0], ~0ull, "unmapped MMIO reads all-ones (open bus)");
	m[1] = 0x1234;
	check(*(volatile uint8_t *)(BAD_MMIO + 3), 0xff, "writes vanish");
	uint64_t gp = guest_trap_count;
	for (unsigned i = 0; i < 8; i++)
		__asm__ volatile("lea 1f(%%rip), %%rax\n\t"
				 "mov %%rax, guest_landing(%%rip)\n\t"
				 "movaps (%0), %%xmm1\n"
				 "1:" ::"r"(BAD_MMIO + 16 * i)
				 : "rax", "xmm1", "memory");
	check(guest_trap_count - gp, 8,
	      "undecodable MMIO accesses: #GP each (reflected)");
	/* A string move from nowhere into RAM, and a locked RMW. */
	static uint8_t buf[16];
	const volatile uint8_t *si = (const volatile uint8_t *)BAD_MMIO;
	uint8_t *di = buf;
	uint64_t cx = 16;
	__asm__ volatile("rep movsb" : "+S"(si), "+D"(di), "+c"(cx)::"memory");
	check(buf[15], 0xff, "rep movsb from unmapped MMIO: all-ones");
	__asm__ volatile("lock incl (%0)" ::"r"(BAD_MMIO) : "memory", "cc");
	check(1, 1, "lock inc on unmapped MMIO: survived");
}

static void t_msrs(void)
{
	static const uint32_t ranges[3] = { 0x0, 0xc0000000u, 0xc0010000u };
	uint64_t faults = 0, read = 0;
	for (unsigned r = 0; r < 3; r++)
		for (uint32_t i = 0; i < 0x2000; i++) {
			uint32_t msr = ranges[r] + i;
			uint32_t lo = 0, hi = 0;
			uint64_t before = guest_trap_count;
			__asm__ volatile("lea 1f(%%rip), %%rbx\n\t"
					 "mov %%rbx, guest_landing(%%rip)\n\t"
					 "rdmsr\n"
					 "1:"
					 : "+a"(lo), "+d"(hi)
					 : "c"(msr)
					 : "rbx", "memory");
			if (guest_trap_count != before) {
				faults++;
				continue;
			}
			read++;
			/* Writing back what was read: each MSR's write path,
			 * without breaking the guest (TSC moves a little). */
			__asm__ volatile("lea 1f(%%rip), %%rbx\n\t"
					 "mov %%rbx, guest_landing(%%rip)\n\t"
					 "wrmsr\n"
					 "1:" ::"a"(lo),
					 "d"(hi), "c"(msr)
					 : "rbx", "memory");
			guest_landing = 0;
		}
	hcall(TP_PRINT, read, 0, 0, 0, 0, (uint64_t) "MSRs read");
	hcall(TP_PRINT, faults, 0, 0, 0, 0, (uint64_t) "MSR reads that #GP");
	check(read + faults, 3 * 0x2000ull, "every MSR of 3 ranges: answered");
	check(faults > 0 && read > 0, 1, "some read, some fault");
}

static void t_cpuid(void)
{
	static const uint32_t bases[3] = { 0, 0x40000000u, 0x80000000u };
	uint32_t a, b, c, d, bad = 0;
	for (unsigned k = 0; k < 3; k++)
		for (uint32_t l = bases[k]; l < bases[k] + 0x40; l++)
			for (uint32_t s = 0; s < 4; s++) {
				a = l;
				c = s;
				__asm__ volatile("cpuid"
						 : "+a"(a), "=b"(b), "+c"(c),
						   "=d"(d));
				/* Past the maximum: all zero. */
				if (k == 0 && l > 0xd && (a | b | c | d))
					bad++;
			}
	a = 0x12345678;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	check(bad, 0, "CPUID sweep: leaves past the maximum are zero");
	check(a | b | c | d, 0, "CPUID of a nonsense leaf: zero");
	a = 0;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	check(a, 0xd, "CPUID 0: maximum basic leaf 0xd");
}

static void t_hypercalls(void)
{
	uint64_t bad = 0;
	for (uint64_t n = 0x100; n < 0x200; n++)
		bad += hcall(n * 0x9e3779b97f4a7c15ull, n, ~n, 0, 0, 0, 0) !=
		       ~0ull;
	check(bad, 0, "256 garbage hypercalls: each answered -1");
}

static void t_loops(void)
{
	/* Interrupts off, no exit of its own: only the host timer ends it. */
	for (unsigned i = 0; i < 3; i++) {
		expect(AXVCPU_EXIT_EXTERNAL_INTERRUPT, 0, 0, 0x20, 0,
		       "an endless loop with interrupts off: preempted");
		__asm__ volatile("lea 2f(%%rip), %%r14\n\t"
				 "lea 1f(%%rip), %%r15\n\t"
				 "cli\n"
				 "2: jmp 2b\n"
				 "1:" ::
				     : "r14", "r15", "memory");
	}
}

/*
 * The same loop with an interrupt injected that the guest cannot take
 * (IF=0): the host's timer must still end it as an ExternalInterrupt.
 * The backend once took every host interrupt for the kick that came
 * with an injection while one was pending, so a guest spinning with
 * interrupts off never let the VM layer see its host's timer (its device
 * time and console input stood still).
 */
static void t_loop_pending(void)
{
	__asm__ volatile("cli");
	hcall(TP_INJECT, 0x40, 0, 0, 0, 0, 0);
	for (unsigned i = 0; i < 2; i++) {
		expect(AXVCPU_EXIT_EXTERNAL_INTERRUPT, 0, 0, 0x20, 0,
		       "an endless loop, interrupts off, one pending: "
		       "preempted");
		__asm__ volatile("lea 2f(%%rip), %%r14\n\t"
				 "lea 1f(%%rip), %%r15\n\t"
				 "cli\n"
				 "2: jmp 2b\n"
				 "1:" ::
				     : "r14", "r15", "memory");
	}
	uint64_t irqs = guest_irq_count;
	__asm__ volatile("sti; nop; nop; cli" ::: "memory");
	check(guest_irq_count - irqs, 1,
	      "the pending interrupt is taken at STI");
}

void guest_main(void)
{
	hcall(TP_QUIET, 1, 0, 0, 0, 0, 0);
	t_ports();
	t_mmio();
	t_msrs();
	t_cpuid();
	t_hypercalls();
	t_loops();
	t_loop_pending();
	expect(AXVCPU_EXIT_SYSTEM_DOWN, 0, 0, AXVCPU_X86_SYSTEM_TRIPLE_FAULT, 0,
	       "a triple fault: SystemDown, the host goes on");
	/* A #PF whose handler is not present: no IDT at all. */
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} none = { 0, 0 };
	__asm__ volatile("lidt %0; movq $0, (%1)" ::"m"(none),
			 "r"(0x900000000ull)
			 : "memory");
}
