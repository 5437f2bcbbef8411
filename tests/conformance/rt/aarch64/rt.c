/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance runtime for aarch64 (EL1 on the EL2 backend): vendor
 * hypercalls and PSCI over HVC, the loads and stores of the MMIO
 * scenarios with fixed destination registers (conf_abi.h), the GIC's
 * virtual CPU interface and the virtual timer, the EL1 vectors.
 */
#include "tests/conformance/guest/conf.h"

#include <axvcpu/aarch64.h>

#define PSCI_CPU_OFF 0x84000002ull
#define PSCI_CPU_ON 0xc4000003ull
#define PSCI_AFFINITY_INFO 0xc4000004ull
#define PSCI_SYSTEM_OFF 0x84000008ull
#define PSCI_SYSTEM_RESET 0x84000009ull
/* The vendor call whose number is in x7 (any 64-bit number). */
#define HVC_NR_X7                                                              \
	((uint64_t)AXVCPU_AARCH64_HVC_VENDOR_BASE | AXVCPU_AARCH64_HVC_NR_X7)

volatile struct conf_entry conf_entry[2];
volatile struct conf_fault conf_fault;
static void (*volatile irq_handler)(uint64_t vector);

struct smc_res {
	uint64_t x0, x1;
};

static struct smc_res hvc7(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
			   uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = a5;
	register uint64_t x6 __asm__("x6") = a6;
	register uint64_t x7 __asm__("x7") = a7;
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : "r"(x4), "r"(x5), "r"(x6), "r"(x7)
			 : "memory");
	return (struct smc_res){ x0, x1 };
}

/* PSCI: x0 is the answer, negative on failure. */
static struct conf_ret psci(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	uint64_t r = hvc7(fid, a1, a2, a3, 0, 0, 0, 0).x0;
	return (struct conf_ret){ (int64_t)r < 0, r };
}

/* Vendor calls: x0 = 0 and the value in x1, or x0 a negative error. */
struct conf_ret conf_hypercall(uint64_t nr, uint64_t a0, uint64_t a1,
			       uint64_t a2, uint64_t a3, uint64_t a4,
			       uint64_t a5)
{
	struct smc_res r = hvc7(HVC_NR_X7, a0, a1, a2, a3, a4, a5, nr);
	return (struct conf_ret){ r.x0 != 0, r.x1 };
}

/* One load into register `rd`; the address in x9 (never a destination). */
#define RT_LOAD(name, insn, rd)                                                \
	uint64_t name(uint64_t gpa)                                            \
	{                                                                      \
		register uint64_t r_ __asm__("x" #rd);                         \
		register uint64_t a_ __asm__("x9") = gpa;                      \
		__asm__ volatile(insn ", [%1]"                                 \
				 : "=r"(r_)                                    \
				 : "r"(a_)                                     \
				 : "memory");                                  \
		return r_;                                                     \
	}
RT_LOAD(conf_mmio_read8, "ldrb w5", 5)
RT_LOAD(conf_mmio_read16, "ldrh w6", 6)
RT_LOAD(conf_mmio_read32, "ldr w7", 7)
RT_LOAD(conf_mmio_read64, "ldr x10", 10)
RT_LOAD(conf_mmio_read8s, "ldrsb x11", 11)
RT_LOAD(conf_mmio_read16s, "ldrsh x12", 12)
RT_LOAD(conf_mmio_read32s, "ldrsw x13", 13)

#define RT_STORE(name, insn)                                                   \
	void name(uint64_t gpa, uint64_t v)                                    \
	{                                                                      \
		__asm__ volatile(insn ", [%1]" ::"r"(v), "r"(gpa) : "memory"); \
	}
RT_STORE(conf_mmio_write8, "strb %w0")
RT_STORE(conf_mmio_write16, "strh %w0")
RT_STORE(conf_mmio_write32, "str %w0")
RT_STORE(conf_mmio_write64, "str %0")

uint64_t conf_pio_in(unsigned width, uint16_t port)
{
	conf_panic("aarch64 has no ports", width, port);
}

void conf_pio_out(unsigned width, uint16_t port, uint64_t v)
{
	(void)v;
	conf_panic("aarch64 has no ports", width, port);
}

/* PMCR_EL0 traps (MDCR_EL2.TPM): read into x10, READ64's register. */
uint64_t conf_sysreg_read(void)
{
	register uint64_t r_ __asm__("x10");
	__asm__ volatile("mrs x10, pmcr_el0" : "=r"(r_)::"memory");
	return r_;
}

void conf_sysreg_write(uint64_t v)
{
	__asm__ volatile("msr pmcr_el0, %0" ::"r"(v) : "memory");
}

void conf_halt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

void conf_irq_on(void (*handler)(uint64_t vector))
{
	irq_handler = handler;
	__asm__ volatile("msr icc_pmr_el1, %0\n msr icc_igrpen1_el1, %1\n"
			 "isb\n msr daifclr, #2\n isb" ::"r"(0xffull),
			 "r"(1ull)
			 : "memory");
}

void conf_irq_off(void)
{
	__asm__ volatile("msr daifset, #2\n isb" ::: "memory");
}

/* WFI wakes for a pending interrupt whatever PSTATE.I says: halt masked,
 * take the interrupt after. */
void conf_halt_irq(void)
{
	__asm__ volatile("msr daifset, #2\n wfi\n msr daifclr, #2\n isb" ::
			     : "memory");
}

uint64_t conf_time(void)
{
	uint64_t t;
	__asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(t));
	return t;
}

void conf_timer_set(uint64_t deadline)
{
	if (deadline == UINT64_MAX) {
		__asm__ volatile("msr cntv_ctl_el0, xzr\n isb" ::: "memory");
		return;
	}
	__asm__ volatile(
	    "msr cntv_cval_el0, %0\n msr cntv_ctl_el0, %1\n isb" ::"r"(
		deadline),
	    "r"(1ull)
	    : "memory");
}

void conf_console_putc(uint8_t c)
{
	conf_panic("aarch64 has no hypervisor console (a PL011)", c, 0);
}

int64_t conf_console_getc(void)
{
	conf_panic("aarch64 has no hypervisor console (a PL011)", 0, 0);
}

struct conf_ret conf_console_write(const void *buf, uint64_t len)
{
	conf_panic("aarch64 has no hypervisor console (a PL011)",
		   (uint64_t)(uintptr_t)buf, len);
}

/* PSCI's target is an MPIDR: CPU N is Aff0 = N here. */
struct conf_ret conf_cpu_up(uint64_t cpu, uint64_t entry, uint64_t arg)
{
	return psci(PSCI_CPU_ON, cpu, entry, arg);
}

struct conf_ret conf_cpu_status(uint64_t cpu)
{
	return psci(PSCI_AFFINITY_INFO, cpu, 0, 0);
}

void conf_cpu_down(void)
{
	psci(PSCI_CPU_OFF, 0, 0, 0);
	conf_panic("CPU_OFF returned", 0, 0);
}

extern char conf_rt_secondary[], _start[];

uint64_t conf_secondary_entry(void)
{
	return (uint64_t)(uintptr_t)conf_rt_secondary;
}

uint64_t conf_boot_entry(void)
{
	return (uint64_t)(uintptr_t)_start;
}

/* ICC_SGI1R_EL1: SGI CONF_RT_IRQ_VECTOR to the CPUs of `mask` (bit N:
 * CPU base + N, Aff0 < 16 with base a multiple of 16). */
struct conf_ret conf_send_ipi(uint64_t mask, uint64_t base)
{
	uint64_t v = (uint64_t)CONF_RT_IRQ_VECTOR << 24 | (mask & 0xffff) |
		     (base / 16) << 16;
	__asm__ volatile("msr icc_sgi1r_el1, %0\n isb" ::"r"(v) : "memory");
	return (struct conf_ret){ false, 0 };
}

struct conf_ret conf_remote_fence(uint64_t mask, uint64_t base)
{
	conf_panic("aarch64 has no remote fence call (TLBI broadcasts)", mask,
		   base);
}

struct conf_ret conf_system_reset(void)
{
	return psci(PSCI_SYSTEM_RESET, 0, 0, 0);
}

struct conf_ret conf_system_down(void)
{
	return psci(PSCI_SYSTEM_OFF, 0, 0, 0);
}

/* The host moves the pc to the label after the branch (ARM's resume pc). */
__attribute__((noinline)) void conf_fetch(uint64_t gpa)
{
	uint64_t resume;
	__asm__ volatile("adr %0, conf_rt_fetch_back" : "=r"(resume));
	conf_arm(0, 0, resume);
	__asm__ volatile("br %0\n"
			 "conf_rt_fetch_back:" ::"r"(gpa)
			 : "memory");
}

/*
 * The vectors in unmapped memory, then a branch there: every fault is a
 * NestedPageFault the VM layer reflects into the guest, whose vector
 * faults again. Only the host can end it (it moves the pc to the label).
 */
__attribute__((noinline)) uint64_t conf_fault_loop(void)
{
	uint64_t resume, vbar, bad = CONF_RT_MMIO_BASE + 0x1000;
	__asm__ volatile("adr %0, conf_rt_fault_back" : "=r"(resume));
	conf_arm(0, 0, resume);
	__asm__ volatile("mrs %0, vbar_el1\n"
			 "msr vbar_el1, %1\n"
			 "isb\n"
			 "br %1\n"
			 "conf_rt_fault_back:\n"
			 "msr vbar_el1, %0\n"
			 "isb"
			 : "=&r"(vbar)
			 : "r"(bad)
			 : "memory");
	return 0;
}

void conf_crash(void)
{
	conf_panic("aarch64: a fault never shuts the CPU down", 0, 0);
}

void conf_reset_me(void)
{
	__asm__ volatile("ldr x19, =%0\n"
			 "ldr x7, =%1\n"
			 "ldr x0, =%2\n"
			 "hvc #0" ::"i"(CONF_RESET_MARKER),
			 "i"(CONF_HC_RESET_ME), "i"(HVC_NR_X7)
			 : "x0", "x1", "x7", "x19", "memory");
	conf_panic("the reset request returned", 0, 0);
}

/* The C side of the vectors (kind: the vector's index): where to return. */
uint64_t conf_rt_trap(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far);
uint64_t conf_rt_trap(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
	if ((kind & 3) == 1) { /* IRQ */
		uint64_t intid;
		__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(intid));
		intid &= 0xffffff;
		if (intid >= 1020)
			return elr;
		/* Quiet the timer so that the handler runs once. */
		if (intid == AXVCPU_AARCH64_VTIMER_PPI)
			conf_timer_set(UINT64_MAX);
		__asm__ volatile("msr icc_eoir1_el1, %0\n isb" ::"r"(intid));
		if (irq_handler)
			irq_handler(intid);
		return elr;
	}
	uint64_t ec = esr >> 26;
	if ((kind & 3) == 0 && (ec == 0x24 || ec == 0x25)) {
		conf_fault.kind =
		    (esr >> 6 & 1) ? CONF_FAULT_STORE : CONF_FAULT_LOAD;
		conf_fault.addr = far;
		conf_fault.count++;
		return elr + 4; /* step over the access */
	}
	if ((kind & 3) == 0 && (ec == 0x20 || ec == 0x21)) {
		conf_fault.kind = CONF_FAULT_FETCH;
		conf_fault.addr = far;
		conf_fault.count++;
	}
	conf_panic("unexpected exception in the guest", esr, elr);
}
