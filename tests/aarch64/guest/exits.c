/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The exit suite guest: every exit kind the aarch64 backend produces,
 * loads and stores of every width with and without a syndrome (writeback,
 * pairs), PSCI and SMCCC, system-register traps, interrupts, the timer,
 * FP/SIMD and EL1 isolation, and hostile behaviour. Each step announces
 * the exit it must cause (expect) and the checking program in the
 * hypervisor compares it field by field; values that come back into guest
 * registers are checked here (check).
 */
#include "guest.h"
#include <axvcpu/aarch64.h>
#include <axvcpu/exit.h>

#define M(off) (TP_MMIO + (off))
#define W32 2 /* expect(): the destination is a W register */
/* The guest C code is integer-only (-mgeneral-regs-only), so FP/SIMD
 * registers change only where the tests say; their asm enables them. */
#define FP_ASM ".arch_extension fp\n .arch_extension simd\n"

#define SX 1 /* expect(): sign-extended */

#define PSCI_VERSION 0x84000000ul
#define PSCI_CPU_SUSPEND 0xc4000001ul
#define PSCI_CPU_ON 0xc4000003ul
#define PSCI_AFFINITY_INFO 0xc4000004ul
#define PSCI_MIGRATE_INFO_TYPE 0x84000006ul
#define PSCI_SYSTEM_RESET 0x84000009ul
#define PSCI_FEATURES 0x8400000aul

static uint64_t sext(uint64_t v, unsigned bytes)
{
	unsigned sh = 64 - 8 * bytes;
	return (uint64_t)((int64_t)(v << sh) >> sh);
}

static uint64_t zext(uint64_t v, unsigned bytes)
{
	return bytes == 8 ? v : v & ((1ull << (8 * bytes)) - 1);
}

/* One load `insn` (data register x<n>, base x9 = addr). */
#define LOAD(insn, n, addr, width, flags, want, name)                          \
	do {                                                                   \
		register uint64_t a_ __asm__("x9") = (addr);                   \
		register uint64_t r_ __asm__("x" #n) = 0x5a5a5a5a5a5a5a5aull;  \
		expect(AXVCPU_EXIT_MMIO_READ, addr, width, n, flags, name);    \
		__asm__ volatile(insn : "+r"(r_), "+r"(a_) : : "memory");      \
		check(name ": value", r_, want);                               \
	} while (0)

#define STORE(insn, n, val, addr, width, name)                                 \
	do {                                                                   \
		register uint64_t a_ __asm__("x9") = (addr);                   \
		register uint64_t s_ __asm__("x" #n) = (val);                  \
		expect(AXVCPU_EXIT_MMIO_WRITE, addr, width, zext(val, width),  \
		       0, name);                                               \
		__asm__ volatile(insn : "+r"(a_) : "r"(s_) : "memory");        \
	} while (0)

static void test_loads(void)
{
	const uint64_t v = TP_VALUE;
	LOAD("ldrb w5, [x9]", 5, M(0), 1, W32, zext(v, 1), "ldrb w5");
	LOAD("ldrh w6, [x9]", 6, M(8), 2, W32, zext(v, 2), "ldrh w6");
	LOAD("ldr w7, [x9]", 7, M(16), 4, W32, zext(v, 4), "ldr w7");
	LOAD("ldr x10, [x9]", 10, M(24), 8, 0, v, "ldr x10");
	LOAD("ldrsb x11, [x9]", 11, M(32), 1, SX, sext(v, 1), "ldrsb x11");
	LOAD("ldrsb w12, [x9]", 12, M(40), 1, SX | W32, zext(sext(v, 1), 4),
	     "ldrsb w12 (upper half zero)");
	LOAD("ldrsh x13, [x9]", 13, M(48), 2, SX, sext(v, 2), "ldrsh x13");
	LOAD("ldrsw x14, [x9]", 14, M(56), 4, SX, sext(v, 4), "ldrsw x14");
	{
		register uint64_t a_ __asm__("x9") = M(64);
		register uint64_t r_ __asm__("x19") = 0;
		expect(AXVCPU_EXIT_MMIO_READ, M(72), 8, 19, 0,
		       "ldr x19, [x9, #8]");
		__asm__ volatile("ldr x19, [x9, #8]"
				 : "=r"(r_)
				 : "r"(a_)
				 : "memory");
		check("ldr x19, [x9, #8]: value", r_, v);
	}
	LOAD("ldrb w20, [x9]", 20, M(TP_POS_OFF), 1, W32, zext(TP_VALUE_POS, 1),
	     "ldrb w20 positive");
	LOAD("ldrsw x21, [x9]", 21, M(TP_POS_OFF + 4), 4, SX,
	     sext(TP_VALUE_POS, 4), "ldrsw x21 positive");
	LOAD("ldar x22, [x9]", 22, M(80), 8, 0, v, "ldar x22 (acquire)");
	/* A load into XZR: the read happens, the value goes nowhere. */
	{
		register uint64_t a_ __asm__("x9") = M(88);
		expect(AXVCPU_EXIT_MMIO_READ, M(88), 4, 31, W32, "ldr wzr");
		__asm__ volatile("ldr wzr, [x9]" ::"r"(a_) : "memory");
	}
}

static void test_stores(void)
{
	const uint64_t v = 0x11223344556677a5ull;
	STORE("strb w5, [x9]", 5, v, M(0), 1, "strb w5");
	STORE("strh w6, [x9]", 6, v, M(8), 2, "strh w6");
	STORE("str w7, [x9]", 7, v, M(16), 4, "str w7");
	STORE("str x10, [x9]", 10, v, M(24), 8, "str x10");
	STORE("stlr x11, [x9]", 11, v, M(32), 8, "stlr x11 (release)");
	{
		register uint64_t a_ __asm__("x9") = M(40);
		expect(AXVCPU_EXIT_MMIO_WRITE, M(40), 8, 0, 0, "str xzr");
		__asm__ volatile("str xzr, [x9]" ::"r"(a_) : "memory");
	}
}

/*
 * Without a syndrome (ISV = 0): writeback forms and pairs, decoded from
 * the instruction; the backend updates the base register and splits a
 * pair into two exits.
 */
static void test_decoded(void)
{
	const uint64_t v = TP_VALUE;
	{
		register uint64_t a_ __asm__("x9") = M(0x800);
		register uint64_t r_ __asm__("x5") = 0;
		expect(AXVCPU_EXIT_MMIO_READ, M(0x808), 8, 5, 0,
		       "ldr x5, [x9, #8]! (pre-index)");
		__asm__ volatile("ldr x5, [x9, #8]!"
				 : "+r"(r_), "+r"(a_)
				 :
				 : "memory");
		check("pre-index: value", r_, v);
		check("pre-index: base written back", a_, M(0x808));
	}
	{
		register uint64_t a_ __asm__("x9") = M(0x810);
		register uint64_t r_ __asm__("x6") = ~0ull;
		expect(AXVCPU_EXIT_MMIO_READ, M(0x810), 4, 6, W32,
		       "ldr w6, [x9], #16 (post-index)");
		__asm__ volatile("ldr w6, [x9], #16"
				 : "+r"(r_), "+r"(a_)
				 :
				 : "memory");
		check("post-index: value, upper half zero", r_, zext(v, 4));
		check("post-index: base written back", a_, M(0x820));
	}
	{
		register uint64_t a_ __asm__("x9") = M(0x840);
		register uint64_t s_ __asm__("x7") = 0xabcdull;
		expect(AXVCPU_EXIT_MMIO_WRITE, M(0x838), 2, 0xabcd, 0,
		       "strh w7, [x9, #-8]!");
		__asm__ volatile("strh w7, [x9, #-8]!"
				 : "+r"(a_)
				 : "r"(s_)
				 : "memory");
		check("strh pre-index: base written back", a_, M(0x838));
	}
	{
		register uint64_t a_ __asm__("x9") = M(0x880);
		register uint64_t r5 __asm__("x5") = 0, r6 __asm__("x6") = 0;
		expect(AXVCPU_EXIT_MMIO_READ, M(0x880), 8, 5, 0,
		       "ldp x5, x6: first register");
		expect(AXVCPU_EXIT_MMIO_READ, M(0x888), 8, 6, 0,
		       "ldp x5, x6: second register");
		__asm__ volatile("ldp x5, x6, [x9]"
				 : "+r"(r5), "+r"(r6), "+r"(a_)
				 :
				 : "memory");
		check("ldp: x5", r5, v);
		check("ldp: x6", r6, v);
	}
	{
		register uint64_t a_ __asm__("x9") = M(0x8a0);
		register uint64_t s5 __asm__("x5") = 0x1111111122222222ull;
		register uint64_t s6 __asm__("x6") = 0x3333333344444444ull;
		expect(AXVCPU_EXIT_MMIO_WRITE, M(0x8a8), 4, 0x22222222, 0,
		       "stp w5, w6, [x9, #8]!: first");
		expect(AXVCPU_EXIT_MMIO_WRITE, M(0x8ac), 4, 0x44444444, 0,
		       "stp w5, w6, [x9, #8]!: second");
		__asm__ volatile("stp w5, w6, [x9, #8]!"
				 : "+r"(a_)
				 : "r"(s5), "r"(s6)
				 : "memory");
		check("stp pre-index: base written back", a_, M(0x8a8));
	}
	{
		register uint64_t a_ __asm__("x9") = M(0x8c0);
		register uint64_t r5 __asm__("x5") = 0, r6 __asm__("x6") = 0;
		expect(AXVCPU_EXIT_MMIO_READ, M(0x8c0), 4, 5, SX,
		       "ldpsw x5, x6, [x9], #8: first");
		expect(AXVCPU_EXIT_MMIO_READ, M(0x8c4), 4, 6, SX,
		       "ldpsw x5, x6, [x9], #8: second");
		__asm__ volatile("ldpsw x5, x6, [x9], #8"
				 : "+r"(r5), "+r"(r6), "+r"(a_)
				 :
				 : "memory");
		check("ldpsw: x5 sign-extended", r5, sext(v, 4));
		check("ldpsw: x6 sign-extended", r6, sext(v, 4));
		check("ldpsw post-index: base written back", a_, M(0x8c8));
	}
	/* A pair across a page boundary: two different stage-2 pages. */
	{
		register uint64_t a_ __asm__("x9") = M(0xff8);
		register uint64_t r5 __asm__("x5") = 7, r6 __asm__("x6") = 8;
		expect(AXVCPU_EXIT_NESTED_PAGE_FAULT, M(0xff8), 0,
		       AXVCPU_ACCESS_READ, 0, "ldp across a page: declined");
		__asm__ volatile("adr x28, 1f\n ldp x5, x6, [x9]\n 1:"
				 : "+r"(r5), "+r"(r6), "+r"(a_)
				 :
				 : "x28", "memory");
		check("ldp across a page: registers untouched", r5 + r6, 15);
	}
}

/* The guest's side of an abort the checker reflected. */
static void abort_checks(const char *what, uint64_t n0, uint64_t kind,
			 uint64_t ec, uint64_t elr, uint64_t far)
{
	check(what, trap_count, n0 + 1);
	check("... taken at the guest's vector", trap_kind, kind);
	check("... ESR EC", trap_esr >> 26, ec);
	check("... ESR FSC: synchronous external abort", trap_esr & 0x3f, 0x10);
	check("... ELR is the faulting instruction", trap_elr, elr);
	check("... FAR is the address", trap_far, far);
}

static void test_faults(void)
{
	/* Not emulated: honest NestedPageFaults, pc left on the insn. */
	{
		register uint64_t a_ __asm__("x9") = M(0x400);
		expect(AXVCPU_EXIT_NESTED_PAGE_FAULT, M(0x400), 0,
		       AXVCPU_ACCESS_ATOMIC | AXVCPU_ACCESS_READ, 0,
		       "ldxr: an atomic NPF");
		__asm__ volatile("adr x28, 1f\n ldxr x5, [x9]\n 1:" ::"r"(a_)
				 : "x5", "x28", "memory");
	}
	{
		register uint64_t a_ __asm__("x9") = M(0x410);
		expect(AXVCPU_EXIT_NESTED_PAGE_FAULT, M(0x410), 0,
		       AXVCPU_ACCESS_ATOMIC | AXVCPU_ACCESS_READ |
			   AXVCPU_ACCESS_WRITE,
		       0, "ldadd: an atomic NPF");
		__asm__ volatile(".arch_extension lse\n adr x28, 1f\n"
				 " ldadd x5, x6, [x9]\n 1:" ::"r"(a_)
				 : "x5", "x6", "x28", "memory");
	}
	{
		register uint64_t a_ __asm__("x9") = M(0x420);
		expect(AXVCPU_EXIT_NESTED_PAGE_FAULT, M(0x420), 0,
		       AXVCPU_ACCESS_FP | AXVCPU_ACCESS_READ, 0,
		       "ldr q0: an FP NPF");
		__asm__ volatile(FP_ASM
				 "adr x28, 1f\n ldr q0, [x9]\n 1:" ::"r"(a_)
				 : "x28", "memory");
	}
	{
		register uint64_t a_ __asm__("x9") = M(0x440);
		expect(AXVCPU_EXIT_NESTED_PAGE_FAULT, M(0x440), 0,
		       AXVCPU_ACCESS_EXECUTE, 0, "fetch from unmapped memory");
		__asm__ volatile("adr x28, 1f\n blr x9\n 1:" ::"r"(a_)
				 : "x28", "x30", "memory");
	}
	/* Reflected: the guest's own synchronous external abort. */
	{
		register uint64_t a_ __asm__("x9") = M(0x480);
		register uint64_t r_ __asm__("x5") = 0x5a5a;
		uint64_t pc, n0 = trap_count;
		expect(AXVCPU_EXIT_MMIO_READ, M(0x480), 8, 5, TP_REFLECT,
		       "ldr x5 reflected");
		__asm__ volatile("adr %2, 1f\n 1: ldr x5, [x9]"
				 : "+r"(r_), "+r"(a_), "=&r"(pc)
				 :
				 : "memory");
		abort_checks("ldr x5 reflected: one abort", n0, 4, 0x25, pc,
			     M(0x480));
		check("... x5 untouched", r_, 0x5a5a);
		check("... WnR clear", trap_esr >> 6 & 1, 0);
	}
	{
		register uint64_t a_ __asm__("x9") = M(0x490);
		register uint64_t s_ __asm__("x5") = 1;
		uint64_t pc, n0 = trap_count;
		expect(AXVCPU_EXIT_MMIO_WRITE, M(0x490), 8, 1, TP_REFLECT,
		       "str x5 reflected");
		__asm__ volatile("adr %1, 1f\n 1: str x5, [x9]"
				 : "+r"(a_), "=&r"(pc)
				 : "r"(s_)
				 : "memory");
		abort_checks("str x5 reflected: one abort", n0, 4, 0x25, pc,
			     M(0x490));
		check("... WnR set", trap_esr >> 6 & 1, 1);
	}
	{
		register uint64_t a_ __asm__("x9") = M(0x4a0);
		register uint64_t r_ __asm__("x5") = 0x77;
		uint64_t pc, n0 = trap_count;
		expect(AXVCPU_EXIT_MMIO_READ, M(0x4a8), 8, 5, TP_REFLECT,
		       "ldr x5, [x9, #8]! reflected");
		__asm__ volatile("adr %2, 1f\n 1: ldr x5, [x9, #8]!"
				 : "+r"(r_), "+r"(a_), "=&r"(pc)
				 :
				 : "memory");
		abort_checks("writeback reflected: one abort", n0, 4, 0x25, pc,
			     M(0x4a8));
		check("... base not written back", a_, M(0x4a0));
		check("... x5 untouched", r_, 0x77);
	}
	{
		register uint64_t a_ __asm__("x9") = M(0x4c0);
		register uint64_t r5 __asm__("x5") = 1, r6 __asm__("x6") = 2;
		uint64_t pc, n0 = trap_count;
		expect(AXVCPU_EXIT_MMIO_READ, M(0x4c0), 8, 5, 0,
		       "ldp x5, x6, [x9], #16, second half reflected: first");
		expect(AXVCPU_EXIT_MMIO_READ, M(0x4c8), 8, 6, TP_REFLECT,
		       "ldp x5, x6, [x9], #16, second half reflected: second");
		__asm__ volatile("adr %3, 1f\n 1: ldp x5, x6, [x9], #16"
				 : "+r"(r5), "+r"(r6), "+r"(a_), "=&r"(pc)
				 :
				 : "memory");
		abort_checks("pair reflected: one abort", n0, 4, 0x25, pc,
			     M(0x4c0));
		check("... x5 back as it was", r5, 1);
		check("... x6 untouched", r6, 2);
		check("... base not written back", a_, M(0x4c0));
	}
	{
		uint64_t n0 = trap_count;
		trap_resume = 0;
		expect(AXVCPU_EXIT_NESTED_PAGE_FAULT, M(0x500), 0,
		       AXVCPU_ACCESS_EXECUTE, TP_REFLECT, "fetch reflected");
		__asm__ volatile(
		    "adr x1, 1f\n str x1, [%1]\n blr %0\n 1:" ::"r"(M(0x500)),
		    "r"(&trap_resume)
		    : "x1", "x30", "memory");
		abort_checks("fetch reflected: one abort", n0, 4, 0x21,
			     M(0x500), M(0x500));
	}
	/* The guest's flash is read-only: a write is an MMIO exit. */
	{
		uint32_t before = *(volatile uint32_t *)0x1000;
		register uint64_t a_ __asm__("x9") = 0x1000;
		expect(AXVCPU_EXIT_MMIO_WRITE, 0x1000, 4, 0, 0,
		       "str wzr to the read-only flash");
		__asm__ volatile("str wzr, [x9]" ::"r"(a_) : "memory");
		check("... the flash is unchanged",
		      *(volatile uint32_t *)0x1000, before);
	}
	LOAD("ldr x5, [x9]", 5, 0x70000000ull, 8, 0, TP_VALUE,
	     "past guest RAM is not RAM (0x70000000)");
}

static void test_psci(void)
{
	check("PSCI_VERSION 1.1", hvc(PSCI_VERSION, 0, 0, 0, 0, 0, 0), 0x10001);
	check("PSCI_VERSION through SMC", smc(PSCI_VERSION, 0, 0, 0), 0x10001);
	check("SMCCC_VERSION 1.1", hvc(0x80000000, 0, 0, 0, 0, 0, 0), 0x10001);
	check("SMCCC_ARCH_FEATURES: NOT_SUPPORTED",
	      hvc(0x80000001, 0x80008000, 0, 0, 0, 0, 0), (uint64_t)-1);
	check("PSCI_FEATURES(CPU_ON)",
	      hvc(PSCI_FEATURES, PSCI_CPU_ON, 0, 0, 0, 0, 0), 0);
	check("PSCI_FEATURES(unknown): NOT_SUPPORTED",
	      hvc(PSCI_FEATURES, 0x8400ffff, 0, 0, 0, 0, 0), (uint64_t)-1);
	check("MIGRATE_INFO_TYPE: 2",
	      hvc(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0, 0, 0, 0), 2);
	check("unknown function: NOT_SUPPORTED",
	      hvc(0x84000099, 0, 0, 0, 0, 0, 0), (uint64_t)-1);
	check("AFFINITY_INFO of itself: ON",
	      hvc(PSCI_AFFINITY_INFO, 0, 0, 0, 0, 0, 0), 0);
	check("AFFINITY_INFO at level 1: INVALID_PARAMETERS",
	      hvc(PSCI_AFFINITY_INFO, 0, 1, 0, 0, 0, 0), (uint64_t)-2);
	expect(AXVCPU_EXIT_CPU_STATUS, 0, 0, 1, 0,
	       "AFFINITY_INFO of CPU 1 is a CpuStatus exit");
	check("... of a CPU the VM lacks: INVALID_PARAMETERS",
	      hvc(PSCI_AFFINITY_INFO, 1, 0, 0, 0, 0, 0), (uint64_t)-2);
	check("CPU_ON at an unaligned entry: INVALID_ADDRESS",
	      hvc(PSCI_CPU_ON, 1, 0x40200001, 0, 0, 0, 0), (uint64_t)-9);
	check("CPU_ON of Aff2 1: INVALID_PARAMETERS",
	      hvc(PSCI_CPU_ON, 0x10000, 0x40200000, 0, 0, 0, 0), (uint64_t)-2);
	expect(AXVCPU_EXIT_CPU_UP, 0x40201000, 0xabc, 5, 0,
	       "CPU_ON of CPU 5 is a CpuUp exit");
	check("... of a CPU the VM lacks: INVALID_PARAMETERS",
	      hvc(PSCI_CPU_ON, 5, 0x40201000, 0xabc, 0, 0, 0), (uint64_t)-2);
	expect(AXVCPU_EXIT_HYPERCALL, 0x1111, 0, 0x77, 0, "vendor hypercall");
	check("... its return value", hc(0x77, 0x1111, 2, 3, 4, 5, 0), 0x1112);
	{
		register uint64_t x7 __asm__("x7") = 0x434f4e0012345678ull;
		register uint64_t x0 __asm__("x0") = TP_FID(0xffff);
		register uint64_t x1 __asm__("x1") = 0x2222;
		expect(AXVCPU_EXIT_HYPERCALL, 0x2222, 0, 0x434f4e0012345678ull,
		       0, "vendor hypercall 0xffff: a 64-bit nr from x7");
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1)
				 : "r"(x7)
				 : "x2", "x3", "memory");
		check("... its return value", x1, 0x2223);
		check("... and success", x0, 0);
	}
	expect(AXVCPU_EXIT_HALT, 0, 0, UINT64_MAX, 1,
	       "CPU_SUSPEND (standby): Halt, suspended");
	check("... returns SUCCESS", hvc(PSCI_CPU_SUSPEND, 0, 0, 0, 0, 0, 0),
	      0);
	{
		/* The timer armed: a wake-up event, so the suspend ends at
		 * its deadline (the VM layer wakes the vCPU then). */
		uint64_t cval = counter() + SYSREG_R(cntfrq_el0) / 100;
		SYSREG_W(cntv_cval_el0, cval);
		SYSREG_W(cntv_ctl_el0, 1);
		expect(AXVCPU_EXIT_HALT, 0, 0, cval, 1,
		       "CPU_SUSPEND with the timer armed: Halt, suspended, "
		       "at its deadline");
		check("... returns SUCCESS",
		      hvc(PSCI_CPU_SUSPEND, 0, 0, 0, 0, 0, 0), 0);
		/* Unannounced, the VM layer answers: it sleeps until then
		 * (without the deadline it slept for good). */
		cval = counter() + SYSREG_R(cntfrq_el0) / 100;
		SYSREG_W(cntv_cval_el0, cval);
		hvc(PSCI_CPU_SUSPEND, 0, 0, 0, 0, 0, 0);
		check("... and the VM layer wakes it at the deadline",
		      counter() >= cval, 1);
		SYSREG_W(cntv_ctl_el0, 0);
	}
	check("SYSTEM_SUSPEND at an unaligned entry: INVALID_ADDRESS",
	      hvc(0xc400000e, 0x40200002, 0, 0, 0, 0, 0), (uint64_t)-9);
	expect(AXVCPU_EXIT_SYSTEM_SUSPEND, TP_MMIO, 0x77, 0, 0,
	       "SYSTEM_SUSPEND is a SystemSuspend exit");
	check("... resuming outside guest memory: INVALID_ADDRESS",
	      hvc(0xc400000e, TP_MMIO, 0x77, 0, 0, 0, 0), (uint64_t)-9);
	check("PSCI_FEATURES(SYSTEM_SUSPEND)",
	      hvc(PSCI_FEATURES, 0xc400000e, 0, 0, 0, 0, 0), 0);
	expect(AXVCPU_EXIT_SYSTEM_RESET, 0, 0, 0, 0,
	       "SYSTEM_RESET is a SystemReset exit");
	check("... refused: INTERNAL_FAILURE",
	      hvc(PSCI_SYSTEM_RESET, 0, 0, 0, 0, 0, 0), (uint64_t)-6);
}

static void test_sysregs(void)
{
	uint64_t n0;
	{
		register uint64_t r_ __asm__("x7") = 0;
		expect(AXVCPU_EXIT_SYSREG_READ,
		       AXVCPU_AARCH64_SYSREG(3, 3, 9, 12, 0), 0, 7, 0,
		       "mrs x7, pmcr_el0: SysRegRead");
		__asm__ volatile("mrs x7, pmcr_el0" : "=r"(r_));
		check("... completed", r_, TP_SYSREG_VALUE);
	}
	{
		register uint64_t s_ __asm__("x8") = 0x41;
		expect(AXVCPU_EXIT_SYSREG_WRITE,
		       AXVCPU_AARCH64_SYSREG(3, 3, 9, 12, 0), 0, 0x41, 0,
		       "msr pmcr_el0, x8: SysRegWrite");
		__asm__ volatile("msr pmcr_el0, x8" ::"r"(s_));
	}
	{
		register uint64_t r_ __asm__("x12") = 0;
		expect(AXVCPU_EXIT_SYSREG_READ,
		       AXVCPU_AARCH64_SYSREG(3, 3, 14, 2, 1), 0, 12, 0,
		       "mrs x12, cntp_ctl_el0 (physical timer): SysRegRead");
		__asm__ volatile("mrs x12, cntp_ctl_el0" : "=r"(r_));
		check("... completed", r_, TP_SYSREG_VALUE);
	}
	expect(AXVCPU_EXIT_SYSREG_READ, AXVCPU_AARCH64_SYSREG(2, 0, 0, 2, 2), 0,
	       31, 0, "mrs xzr, mdscr_el1 (debug): SysRegRead");
	__asm__ volatile("mrs xzr, mdscr_el1");
	expect(AXVCPU_EXIT_SYSREG_READ, AXVCPU_AARCH64_SYSREG(3, 0, 1, 0, 1), 0,
	       31, 0, "mrs xzr, actlr_el1: SysRegRead");
	__asm__ volatile("mrs xzr, actlr_el1");
	/* ID registers: answered by the backend, hidden features masked. */
	uint64_t pfr0 = SYSREG_R(id_aa64pfr0_el1);
	check("ID_AA64PFR0_EL1: no SVE", pfr0 >> 32 & 0xf, 0);
	check("ID_AA64PFR0_EL1: GIC system registers", pfr0 >> 24 & 0xf, 1);
	check("ID_AA64PFR1_EL1: no SME, no MTE",
	      SYSREG_R(id_aa64pfr1_el1) & 0x0f000f00, 0);
	check("ID_AA64ZFR0_EL1: 0", SYSREG_R(S3_0_C0_C4_4), 0);
	check("ID_AA64DFR0_EL1: no PMU", SYSREG_R(id_aa64dfr0_el1) >> 8 & 0xf,
	      0);
	check("MIDR_EL1 as the host's", SYSREG_R(midr_el1) != 0, 1);
	n0 = trap_count;
	__asm__ volatile("msr S3_0_C0_C4_0, xzr");
	check("writing an ID register: undefined instruction", trap_count,
	      n0 + 1);
	check("... EC 0", trap_esr >> 26, 0);
	/* SVE is hidden: with CPACR_EL1.ZEN open, its trap to EL2 comes
	 * back as an undefined instruction, not as SVE. */
	SYSREG_W(cpacr_el1, 3u << 20 | 3u << 16);
	n0 = trap_count;
	__asm__ volatile(".inst 0x04bf5020" ::: "x0"); /* rdvl x0, #1 */
	check("SVE instruction: undefined instruction", trap_count, n0 + 1);
	check("... EC 0", trap_esr >> 26, 0);
	n0 = trap_count;
	__asm__ volatile("mrs x0, S3_0_C1_C2_0" ::: "x0"); /* ZCR_EL1 */
	check("ZCR_EL1: undefined instruction", trap_count, n0 + 1);
	SYSREG_W(cpacr_el1, 3u << 20);
	n0 = trap_count;
	__asm__ volatile("mrs x0, S3_0_C12_C11_5" ::: "x0"); /* SGI1R */
	check("reading ICC_SGI1R_EL1: undefined instruction", trap_count,
	      n0 + 1);
}

static void irq_on(void)
{
	SYSREG_W(icc_pmr_el1, 0xff);
	SYSREG_W(icc_igrpen1_el1, 1);
	__asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
}

static void irq_off(void)
{
	__asm__ volatile("msr daifset, #2\n isb" ::: "memory");
}

/* Wait (bounded, ~1 s) for irq_count to reach `n`. */
static bool wait_irqs(uint64_t n)
{
	uint64_t end = counter() + SYSREG_R(cntfrq_el0);
	while (irq_count < n && counter() < end)
		;
	return irq_count >= n;
}

static void test_irqs(void)
{
	uint64_t n0 = irq_count;
	irq_on();
	hc(TP_INJECT, 40, 0, 0, 0, 0, 0);
	wait_irqs(n0 + 1);
	check("injected SPI 40 taken", irq_last, 40);
	check("... once", irq_count, n0 + 1);
	/* More than the list registers hold, injected while masked. */
	irq_off();
	n0 = irq_count;
	static const unsigned ids[] = { 33, 34, 35, 36, 37, 38, 39, 100 };
	irq_seen[0] = irq_seen[1] = 0;
	for (unsigned i = 0; i < 8; i++)
		hc(TP_INJECT, ids[i], 0, 0, 0, 0, 0);
	irq_on();
	check("8 injected at once: every one taken", wait_irqs(n0 + 8), 1);
	check("... INTIDs 33..39", irq_seen[0], 0x7full << 33);
	check("... and 100", irq_seen[1], 1ull << (100 - 64));
	/* The virtual timer, through the hardware-mapped list register. */
	n0 = irq_count;
	SYSREG_W(cntv_tval_el0, SYSREG_R(cntfrq_el0) / 1000);
	SYSREG_W(cntv_ctl_el0, 1);
	wait_irqs(n0 + 1);
	check("virtual timer interrupt (PPI 27)", irq_last, 27);
	/* Again: the guest's EOI deactivated the physical interrupt. */
	n0 = irq_count;
	SYSREG_W(cntv_tval_el0, SYSREG_R(cntfrq_el0) / 1000);
	SYSREG_W(cntv_ctl_el0, 1);
	wait_irqs(n0 + 1);
	check("virtual timer interrupt again", irq_last, 27);
	/* An SGI to itself through ICC_SGI1R_EL1: SendIPI, then injected. */
	n0 = irq_count;
	expect(AXVCPU_EXIT_SEND_IPI, 1, 3, 0, 1, "SGI 3 to itself: SendIPI");
	SYSREG_W(icc_sgi1r_el1, 3ull << 24 | 1);
	wait_irqs(n0 + 1);
	check("... SGI 3 taken", irq_last, 3);
	n0 = irq_count;
	expect(AXVCPU_EXIT_SEND_IPI, 0, 5, 0, 2,
	       "SGI 5 to all but itself (IRM): SendIPI");
	SYSREG_W(icc_sgi1r_el1, 5ull << 24 | 1ull << 40);
	uint64_t end = counter() + SYSREG_R(cntfrq_el0) / 50;
	while (counter() < end)
		;
	check("... not taken by the sender", irq_count, n0);
	uint64_t ipis = hc(TP_COUNT, AXVCPU_EXIT_SEND_IPI, 0, 0, 0, 0, 0);
	SYSREG_W(icc_sgi1r_el1, 5ull << 24 | 1ull << 44 | 1); /* RS = 1 */
	check("SGI with a range selector naming no vCPU: no exit",
	      hc(TP_COUNT, AXVCPU_EXIT_SEND_IPI, 0, 0, 0, 0, 0), ipis);
	irq_off();
}

static void test_halt(void)
{
	expect(AXVCPU_EXIT_HALT, 0, 0, UINT64_MAX, 0,
	       "wfi with nothing pending: Halt, no deadline");
	__asm__ volatile("wfi");
	/* The timer armed (and its interrupt masked): the deadline. */
	uint64_t cval = counter() + SYSREG_R(cntfrq_el0);
	SYSREG_W(cntv_cval_el0, cval);
	SYSREG_W(cntv_ctl_el0, 1);
	expect(AXVCPU_EXIT_HALT, 0, 0, cval, 0,
	       "wfi with the timer armed: Halt at its deadline");
	__asm__ volatile("wfi");
	SYSREG_W(cntv_ctl_el0, 0);
	/* A fired timer: the WFI just goes on (no exit). */
	uint64_t halts = hc(TP_COUNT, AXVCPU_EXIT_HALT, 0, 0, 0, 0, 0);
	SYSREG_W(cntv_cval_el0, 0);
	SYSREG_W(cntv_ctl_el0, 1);
	__asm__ volatile("wfi");
	SYSREG_W(cntv_ctl_el0, 0);
	check("wfi with the timer already fired: no Halt",
	      hc(TP_COUNT, AXVCPU_EXIT_HALT, 0, 0, 0, 0, 0), halts);
	/* Its delivery, never taken, went with the disabled timer: the
	 * line is a level. */
	uint64_t n0 = irq_count;
	SYSREG_W(icc_pmr_el1, 0xff);
	SYSREG_W(icc_igrpen1_el1, 1);
	__asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
	uint64_t end = counter() + SYSREG_R(cntfrq_el0) / 50;
	while (counter() < end)
		;
	__asm__ volatile("msr daifset, #2\n isb" ::: "memory");
	check("... and a timer quieted before it was taken raises nothing",
	      irq_count, n0);
}

static void test_hostile(void)
{
	/* The guest's vectors in unmapped memory: its own exception (udf
	 * at EL1, taken to EL1) ends in one NestedPageFault on the vector. */
	uint64_t vbar = SYSREG_R(vbar_el1);
	expect(AXVCPU_EXIT_NESTED_PAGE_FAULT, M(0x200), 0,
	       AXVCPU_ACCESS_EXECUTE, 0,
	       "exception to an unmapped VBAR_EL1: NPF on the vector");
	__asm__ volatile("adr x28, 1f\n msr vbar_el1, %0\n isb\n udf #0\n"
			 "1: msr vbar_el1, %1\n isb" ::"r"(M(0)),
			 "r"(vbar)
			 : "x28", "memory");
	/* An endless loop: only the host timer gets the CPU back. */
	expect(AXVCPU_EXIT_EXTERNAL_INTERRUPT, 0, 0, 26, 0,
	       "endless loop preempted by the host timer");
	__asm__ volatile("adr x28, 1f\n 2: b 2b\n 1:" ::: "x28");
}

/* EL0: its MMIO exits come back to EL0; its aborts go to EL1. */
static void test_el0(void)
{
	register uint64_t a_ __asm__("x9") = M(0x600);
	register uint64_t r_ __asm__("x13") = 0;
	uint64_t n0 = trap_count;
	expect(AXVCPU_EXIT_MMIO_READ, M(0x600), 4, 13, W32, "ldr w13 from EL0");
	__asm__ volatile("adr x1, 2f\n str x1, [%2]\n adr x1, 1f\n"
			 " msr elr_el1, x1\n msr spsr_el1, xzr\n eret\n"
			 "1: ldr w13, [x9]\n svc #0\n 2:"
			 : "+r"(r_)
			 : "r"(a_), "r"(&trap_resume)
			 : "x1", "memory");
	check("EL0 load value", r_, zext(TP_VALUE, 4));
	check("... then its svc reached the guest kernel", trap_count, n0 + 1);
	check("... EC 0x15 (SVC)", trap_esr >> 26, 0x15);
	check("... from EL0 (lower EL vector)", trap_kind, 8);
	uint64_t pc;
	n0 = trap_count;
	expect(AXVCPU_EXIT_MMIO_READ, M(0x600), 4, 13, W32 | TP_REFLECT,
	       "ldr w13 from EL0, reflected");
	__asm__ volatile("adr x1, 2f\n str x1, [%3]\n adr %1, 1f\n"
			 " msr elr_el1, %1\n msr spsr_el1, xzr\n eret\n"
			 "1: ldr w13, [x9]\n svc #0\n 2:"
			 : "+r"(r_), "=&r"(pc)
			 : "r"(a_), "r"(&trap_resume)
			 : "x1", "memory");
	abort_checks("EL0 load reflected: one abort", n0, 8, 0x24, pc,
		     M(0x600));
}

static uint64_t vreg(unsigned i)
{
	uint64_t v;
	switch (i) {
	case 0:
		__asm__ volatile(FP_ASM "fmov %0, d0" : "=r"(v));
		break;
	case 7:
		__asm__ volatile(FP_ASM "fmov %0, d7" : "=r"(v));
		break;
	default:
		__asm__ volatile(FP_ASM "fmov %0, d31" : "=r"(v));
		break;
	}
	return v;
}

static void test_fp(void)
{
	check("v0 starts at zero", vreg(0), 0);
	check("v31 starts at zero", vreg(31), 0);
	__asm__ volatile(
	    FP_ASM "fmov d0, %0\n fmov d7, %1\n fmov d31, %2" ::"r"(
		0x1111222233334444ull),
	    "r"(0x5555666677778888ull), "r"(0x9999aaaabbbbccccull));
	expect(AXVCPU_EXIT_EXTERNAL_INTERRUPT, 0, 0, 26, 0,
	       "preempted with live FP state");
	__asm__ volatile("adr x28, 1f\n 2: b 2b\n 1:" ::: "x28");
	check("v0 kept across exits", vreg(0), 0x1111222233334444ull);
	check("v7 kept across exits", vreg(7), 0x5555666677778888ull);
	check("v31 kept across exits", vreg(31), 0x9999aaaabbbbccccull);
}

/*
 * Runs as a second vCPU on the same CPU, without a stack: dirties every
 * FP register, FPCR and EL1 registers, arms its timer, then hypercalls
 * and spins.
 */
__asm__(".pushsection .text, \"ax\"\n" FP_ASM ".balign 4\n"
	"intruder:\n"
	"mov x0, #(3 << 20)\n"
	"msr cpacr_el1, x0\n"
	"isb\n"
	"mov x0, #-1\n"
	".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
	"23,24,25,26,27,28,29,30,31\n"
	"fmov d\\n, x0\n"
	".endr\n"
	"mov x1, #0x3000000\n"
	"msr fpcr, x1\n"
	"msr tpidr_el1, x0\n"
	"msr tpidr_el0, x0\n"
	"msr contextidr_el1, x0\n"
	"msr vbar_el1, xzr\n"
	"msr cntv_cval_el0, xzr\n"
	"mov x1, #1\n"
	"msr cntv_ctl_el0, x1\n"
	"mov x0, #0xc6000000\n"
	"movk x0, #5\n" /* TP_NOTE */
	"hvc #0\n"
	"1: b 1b\n"
	".popsection");
extern char intruder[];

static void test_isolation(void)
{
	uint64_t vbar = SYSREG_R(vbar_el1);
	SYSREG_W(tpidr_el1, 0x7e7e7e7eull);
	SYSREG_W(contextidr_el1, 0x42);
	__asm__ volatile(FP_ASM "msr fpcr, xzr");
	uint64_t irqs = irq_count;
	hc(TP_RUN_OTHER, (uint64_t)intruder, 0, 0, 0, 0, 0);
	check("v0 survives another vCPU on the CPU", vreg(0),
	      0x1111222233334444ull);
	check("v7 survives another vCPU on the CPU", vreg(7),
	      0x5555666677778888ull);
	uint64_t fpcr;
	__asm__ volatile(FP_ASM "mrs %0, fpcr" : "=r"(fpcr));
	check("FPCR survives another vCPU on the CPU", fpcr, 0);
	check("TPIDR_EL1 survives another vCPU on the CPU", SYSREG_R(tpidr_el1),
	      0x7e7e7e7eull);
	check("CONTEXTIDR_EL1 survives another vCPU on the CPU",
	      SYSREG_R(contextidr_el1), 0x42);
	check("VBAR_EL1 survives another vCPU on the CPU", SYSREG_R(vbar_el1),
	      vbar);
	check("its timer is not this vCPU's", SYSREG_R(cntv_ctl_el0) & 1, 0);
	irq_on();
	uint64_t end = counter() + SYSREG_R(cntfrq_el0) / 50;
	while (counter() < end)
		;
	irq_off();
	check("... and raises no interrupt here", irq_count, irqs);
}

/*
 * Stage 2 changed at run time: a page of the guest's own RAM unmapped (the
 * library splits the 2 MiB block and flushes) turns its loads and stores
 * into MMIO exits and its fetches into NestedPageFaults; mapped back, the
 * data is there again.
 */
static volatile uint64_t s2_data[512] __attribute__((aligned(4096)));
__asm__(".pushsection .text.s2page, \"ax\"\n"
	".balign 4096\n"
	"s2_code:\n"
	"mov x0, #0x5a\n"
	"ret\n"
	".balign 4096\n"
	".popsection");
extern char s2_code[];

static void test_stage2_unmap(void)
{
	uint64_t data = (uint64_t)s2_data, code = (uint64_t)s2_code;
	s2_data[1] = 0x600d600d;
	hc(TP_UNMAP, data, 0, 0, 0, 0, 0);
	hc(TP_UNMAP, code, 0, 0, 0, 0, 0);
	LOAD("ldr x5, [x9]", 5, data + 8, 8, 0, TP_VALUE,
	     "unmapped RAM: a load is an MmioRead");
	STORE("str x6, [x9]", 6, 0x1234, data + 16, 8,
	      "unmapped RAM: a store is an MmioWrite");
	expect(AXVCPU_EXIT_NESTED_PAGE_FAULT, code, 0, AXVCPU_ACCESS_EXECUTE, 0,
	       "unmapped RAM: a fetch is a NestedPageFault");
	__asm__ volatile("adr x28, 1f\n blr %0\n 1:" ::"r"(code)
			 : "x0", "x28", "x30", "memory");
	hc(TP_MAP, data, 0, 0, 0, 0, 0);
	hc(TP_MAP, code, 0, 0, 0, 0, 0);
	check("mapped back: the data is there", s2_data[1], 0x600d600d);
	check("... the MMIO store did not reach RAM", s2_data[2], 0);
	uint64_t r;
	__asm__ volatile("blr %1\n mov %0, x0"
			 : "=r"(r)
			 : "r"(code)
			 : "x0", "x30", "memory");
	check("mapped back: the code runs", r, 0x5a);
}

void guest_main(void)
{
	test_fp();
	test_isolation();
	test_loads();
	test_stores();
	test_decoded();
	test_faults();
	test_psci();
	test_sysregs();
	test_irqs();
	test_halt();
	test_hostile();
	test_el0();
	test_stage2_unmap();
}

void guest_secondary_main(uint64_t mpidr, uint64_t arg)
{
	(void)mpidr;
	(void)arg;
}
