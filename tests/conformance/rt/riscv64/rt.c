/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance runtime for riscv64 (VS-mode on the H extension): SBI
 * calls, the loads and stores of the MMIO scenarios with fixed
 * destination registers (conf_abi.h), interrupts and traps.
 */
#include "tests/conformance/guest/conf.h"

#include <axvcpu/riscv64.h>

#define SBI_LEGACY_PUTCHAR 0x01ul
#define SBI_LEGACY_GETCHAR 0x02ul
#define SBI_TIME 0x54494d45ul
#define SBI_IPI 0x735049ul
#define SBI_RFENCE 0x52464e43ul
#define SBI_HSM 0x48534dul
#define SBI_SRST 0x53525354ul
#define SBI_DBCN 0x4442434eul
#define SSTATUS_SIE (1ul << 1)
#define SIE_STIE (1ul << 5)

volatile struct conf_entry conf_entry[2];
volatile struct conf_fault conf_fault;
static void (*volatile irq_handler)(uint64_t vector);

struct sbiret {
	uint64_t error, value;
};

static struct sbiret sbi(uint64_t eid, uint64_t fid, uint64_t a0, uint64_t a1,
			 uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	register uint64_t r0 __asm__("a0") = a0;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r2 __asm__("a2") = a2;
	register uint64_t r3 __asm__("a3") = a3;
	register uint64_t r4 __asm__("a4") = a4;
	register uint64_t r5 __asm__("a5") = a5;
	register uint64_t r6 __asm__("a6") = fid;
	register uint64_t r7 __asm__("a7") = eid;
	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ r0, r1 };
}

static struct conf_ret ret_of(struct sbiret r)
{
	return (struct conf_ret){ r.error != 0, r.value };
}

struct conf_ret conf_hypercall(uint64_t nr, uint64_t a0, uint64_t a1,
			       uint64_t a2, uint64_t a3, uint64_t a4,
			       uint64_t a5)
{
	return ret_of(
	    sbi(AXVCPU_RISCV64_SBI_EXT_HYPERCALL, nr, a0, a1, a2, a3, a4, a5));
}

/* One load into register `rd`; the address in a4 (never a destination). */
#define RT_LOAD(name, insn, rd)                                                \
	uint64_t name(uint64_t gpa)                                            \
	{                                                                      \
		register uint64_t r_ __asm__(rd);                              \
		register uint64_t a_ __asm__("a4") = gpa;                      \
		__asm__ volatile(insn " %0, 0(%1)"                             \
				 : "=r"(r_)                                    \
				 : "r"(a_)                                     \
				 : "memory");                                  \
		return r_;                                                     \
	}
RT_LOAD(conf_mmio_read8, "lbu", "t0")
RT_LOAD(conf_mmio_read16, "lhu", "t1")
RT_LOAD(conf_mmio_read32, "lwu", "t2")
RT_LOAD(conf_mmio_read64, "ld", "t3")
RT_LOAD(conf_mmio_read8s, "lb", "t4")
RT_LOAD(conf_mmio_read16s, "lh", "t5")
RT_LOAD(conf_mmio_read32s, "lw", "t6")

#define RT_STORE(name, insn)                                                   \
	void name(uint64_t gpa, uint64_t v)                                    \
	{                                                                      \
		__asm__ volatile(insn " %0, 0(%1)" ::"r"(v), "r"(gpa)          \
				 : "memory");                                  \
	}
RT_STORE(conf_mmio_write8, "sb")
RT_STORE(conf_mmio_write16, "sh")
RT_STORE(conf_mmio_write32, "sw")
RT_STORE(conf_mmio_write64, "sd")

uint64_t conf_pio_in(unsigned width, uint16_t port)
{
	conf_panic("riscv64 has no ports", width, port);
}

void conf_pio_out(unsigned width, uint16_t port, uint64_t v)
{
	(void)v;
	conf_panic("riscv64 has no ports", width, port);
}

uint64_t conf_sysreg_read(void)
{
	conf_panic("riscv64 CSR accesses do not exit", 0, 0);
}

void conf_sysreg_write(uint64_t v)
{
	conf_panic("riscv64 CSR accesses do not exit", v, 0);
}

void conf_halt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

void conf_irq_on(void (*handler)(uint64_t vector))
{
	irq_handler = handler;
	__asm__ volatile("csrs sie, %0" ::"r"(1ul << CONF_RT_IRQ_VECTOR));
	__asm__ volatile("csrs sstatus, %0" ::"r"(SSTATUS_SIE));
}

void conf_irq_off(void)
{
	__asm__ volatile("csrc sstatus, %0" ::"r"(SSTATUS_SIE));
	__asm__ volatile("csrc sie, %0" ::"r"(1ul << CONF_RT_IRQ_VECTOR));
}

/* WFI wakes for an interrupt enabled in sie whatever sstatus.SIE says:
 * halt with SIE off, take the interrupt after. */
void conf_halt_irq(void)
{
	__asm__ volatile(
	    "csrc sstatus, %0\n wfi\n csrs sstatus, %0" ::"r"(SSTATUS_SIE)
	    : "memory");
}

uint64_t conf_time(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

void conf_timer_set(uint64_t deadline)
{
	sbi(SBI_TIME, 0, deadline, 0, 0, 0, 0, 0);
	if (deadline == UINT64_MAX)
		__asm__ volatile("csrc sie, %0" ::"r"(SIE_STIE));
	else
		__asm__ volatile("csrs sie, %0" ::"r"(SIE_STIE));
}

void conf_console_putc(uint8_t c)
{
	sbi(SBI_LEGACY_PUTCHAR, 0, c, 0, 0, 0, 0, 0);
}

int64_t conf_console_getc(void)
{
	return (int64_t)sbi(SBI_LEGACY_GETCHAR, 0, 0, 0, 0, 0, 0, 0).error;
}

struct conf_ret conf_console_write(const void *buf, uint64_t len)
{
	return ret_of(
	    sbi(SBI_DBCN, 0, len, (uint64_t)(uintptr_t)buf, 0, 0, 0, 0));
}

struct conf_ret conf_cpu_up(uint64_t cpu, uint64_t entry, uint64_t arg)
{
	return ret_of(sbi(SBI_HSM, 0, cpu, entry, arg, 0, 0, 0));
}

struct conf_ret conf_cpu_status(uint64_t cpu)
{
	return ret_of(sbi(SBI_HSM, 2, cpu, 0, 0, 0, 0, 0));
}

void conf_cpu_down(void)
{
	sbi(SBI_HSM, 1, 0, 0, 0, 0, 0, 0);
	conf_panic("hart_stop returned", 0, 0);
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

struct conf_ret conf_send_ipi(uint64_t mask, uint64_t base)
{
	return ret_of(sbi(SBI_IPI, 0, mask, base, 0, 0, 0, 0));
}

struct conf_ret conf_remote_fence(uint64_t mask, uint64_t base)
{
	/* remote_sfence_vma of every address. */
	return ret_of(sbi(SBI_RFENCE, 1, mask, base, 0, UINT64_MAX, 0, 0));
}

struct conf_ret conf_system_reset(void)
{
	return ret_of(sbi(SBI_SRST, 0, 1 /* cold reboot */, 0, 0, 0, 0, 0));
}

struct conf_ret conf_system_down(void)
{
	return ret_of(sbi(SBI_SRST, 0, 0 /* shutdown */, 0, 0, 0, 0, 0));
}

/* The host moves the pc to the label after the jump (ARM's resume pc). */
__attribute__((noinline)) void conf_fetch(uint64_t gpa)
{
	uint64_t resume;
	__asm__ volatile("lla %0, conf_rt_fetch_back" : "=r"(resume));
	conf_arm(0, 0, resume);
	__asm__ volatile("jr %0\n"
			 ".balign 4\n"
			 "conf_rt_fetch_back:" ::"r"(gpa)
			 : "memory");
}

/*
 * The trap vector in unmapped memory, then a jump there: every fault is a
 * NestedPageFault the VM layer reflects into the guest, whose vector
 * faults again. Only the host can end it (it moves the pc to the label).
 */
__attribute__((noinline)) uint64_t conf_fault_loop(void)
{
	uint64_t resume, tvec, bad = CONF_RT_MMIO_BASE + 0x900;
	__asm__ volatile("lla %0, conf_rt_fault_back" : "=r"(resume));
	conf_arm(0, 0, resume);
	__asm__ volatile("csrr %0, stvec\n"
			 "csrw stvec, %1\n"
			 "jr %1\n"
			 ".balign 4\n"
			 "conf_rt_fault_back:\n"
			 "csrw stvec, %0"
			 : "=&r"(tvec)
			 : "r"(bad)
			 : "memory");
	return 0;
}

void conf_crash(void)
{
	conf_panic("riscv64: a fault never shuts the hart down", 0, 0);
}

void conf_reset_me(void)
{
	__asm__ volatile("li s1, %0\n"
			 "li a6, %1\n"
			 "li a7, %2\n"
			 "ecall" ::"i"(CONF_RESET_MARKER),
			 "i"(CONF_HC_RESET_ME),
			 "i"(AXVCPU_RISCV64_SBI_EXT_HYPERCALL)
			 : "s1", "a0", "a1", "a6", "a7", "memory");
	conf_panic("the reset request returned", 0, 0);
}

/* The C side of the trap vector: where to resume. */
uint64_t conf_rt_trap(uint64_t cause, uint64_t epc, uint64_t tval);
uint64_t conf_rt_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
	if ((int64_t)cause < 0) {
		uint64_t code = cause & 63;
		/* Quiet the source so that the handler runs once. */
		if (code == 1)
			__asm__ volatile("csrc sip, %0" ::"r"(2ul));
		else if (code == 5)
			conf_timer_set(UINT64_MAX);
		else if (code == 9)
			__asm__ volatile("csrc sie, %0" ::"r"(1ul << 9));
		if (irq_handler)
			irq_handler(code);
		return epc;
	}
	if (cause == 1 || cause == 5 || cause == 7) {
		conf_fault.kind = cause == 1   ? CONF_FAULT_FETCH
				  : cause == 5 ? CONF_FAULT_LOAD
					       : CONF_FAULT_STORE;
		conf_fault.addr = tval;
		conf_fault.count++;
		if (cause != 1) {
			/* Step over the access (2 or 4 bytes). */
			uint16_t lo = *(volatile uint16_t *)(uintptr_t)epc;
			return epc + ((lo & 3) == 3 ? 4 : 2);
		}
	}
	conf_panic("unexpected trap in the guest", cause, epc);
}
