/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance runtime for kvm (x86-64 long mode at CPL0): the port
 * doorbell for calls (this host's KVM never returns from vmcall), the
 * loads and stores of the MMIO scenarios, port I/O, MSRs, the IDT.
 */
#include "tests/conformance/guest/conf.h"

#include <axvcpu/kvm.h>

volatile struct conf_entry conf_entry[2];
volatile struct conf_fault conf_fault;
static void (*volatile irq_handler)(uint64_t vector);

/* What the interrupt stubs push (crt0.S), lowest address first. */
struct conf_frame {
	uint64_t r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

struct conf_ret conf_hypercall(uint64_t nr, uint64_t a0, uint64_t a1,
			       uint64_t a2, uint64_t a3, uint64_t a4,
			       uint64_t a5)
{
	register uint64_t rax __asm__("rax") = nr;
	register uint64_t rdi __asm__("rdi") = a0;
	register uint64_t rsi __asm__("rsi") = a1;
	register uint64_t rdx __asm__("rdx") = a2;
	register uint64_t r10 __asm__("r10") = a3;
	register uint64_t r8 __asm__("r8") = a4;
	register uint64_t r9 __asm__("r9") = a5;
	__asm__ volatile("outb %%al, %[port]"
			 : "+r"(rax)
			 : "r"(rdi), "r"(rsi), "r"(rdx), "r"(r10), "r"(r8),
			   "r"(r9), [port] "i"(AXVCPU_KVM_HYPERCALL_PORT)
			 : "memory");
	/* The doorbell's one failure value (axvcpu_set_return_error). */
	return (struct conf_ret){ rax == ~0ull, rax };
}

#define RT_LOAD(name, insn)                                                    \
	uint64_t name(uint64_t gpa)                                            \
	{                                                                      \
		uint64_t v;                                                    \
		__asm__ volatile(insn " (%1), %0"                              \
				 : "=r"(v)                                     \
				 : "r"(gpa)                                    \
				 : "memory");                                  \
		return v;                                                      \
	}
RT_LOAD(conf_mmio_read8, "movzbq")
RT_LOAD(conf_mmio_read16, "movzwq")
RT_LOAD(conf_mmio_read64, "movq")
RT_LOAD(conf_mmio_read8s, "movsbq")
RT_LOAD(conf_mmio_read16s, "movswq")
RT_LOAD(conf_mmio_read32s, "movslq")

/* A 32-bit load zero-extends the 64-bit register. */
uint64_t conf_mmio_read32(uint64_t gpa)
{
	uint64_t v;
	__asm__ volatile("movl (%1), %k0" : "=r"(v) : "r"(gpa) : "memory");
	return v;
}

/* rax is clobbered: kvm's set_return_value writes it after any exit
 * (the wrong_api scenario does so after a store). */
#define RT_STORE(name, insn, reg)                                              \
	void name(uint64_t gpa, uint64_t v)                                    \
	{                                                                      \
		__asm__ volatile(insn " %" reg "0, (%1)" ::"r"(v), "r"(gpa)    \
				 : "rax", "memory");                           \
	}
RT_STORE(conf_mmio_write8, "movb", "b")
RT_STORE(conf_mmio_write16, "movw", "w")
RT_STORE(conf_mmio_write32, "movl", "k")
RT_STORE(conf_mmio_write64, "movq", "q")

uint64_t conf_pio_in(unsigned width, uint16_t port)
{
	uint64_t v = CONF_PIO_PRESET;
	if (width == 1)
		__asm__ volatile("inb %w1, %b0" : "+a"(v) : "d"(port));
	else if (width == 2)
		__asm__ volatile("inw %w1, %w0" : "+a"(v) : "d"(port));
	else
		__asm__ volatile("inl %w1, %k0" : "+a"(v) : "d"(port));
	return v;
}

void conf_pio_out(unsigned width, uint16_t port, uint64_t v)
{
	if (width == 1)
		__asm__ volatile("outb %b0, %w1" ::"a"(v), "d"(port));
	else if (width == 2)
		__asm__ volatile("outw %w0, %w1" ::"a"(v), "d"(port));
	else
		__asm__ volatile("outl %k0, %w1" ::"a"(v), "d"(port));
}

uint64_t conf_sysreg_read(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(CONF_RT_SYSREG));
	return (uint64_t)hi << 32 | lo;
}

void conf_sysreg_write(uint64_t v)
{
	__asm__ volatile("wrmsr" ::"a"((uint32_t)v), "d"((uint32_t)(v >> 32)),
			 "c"(CONF_RT_SYSREG));
}

void conf_halt(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

void conf_irq_on(void (*handler)(uint64_t vector))
{
	irq_handler = handler;
	__asm__ volatile("sti" ::: "memory");
}

void conf_irq_off(void)
{
	__asm__ volatile("cli" ::: "memory");
}

/* sti's one-instruction shadow: no interrupt between it and the hlt. */
void conf_halt_irq(void)
{
	__asm__ volatile("sti\n hlt" ::: "memory");
}

/* What x86 under this backend does not have (the scenarios are skipped;
 * reaching one is a bug that must show). */
uint64_t conf_time(void)
{
	conf_panic("kvm: no guest timer", 0, 0);
}

void conf_timer_set(uint64_t deadline)
{
	conf_panic("kvm: no guest timer", deadline, 0);
}

void conf_console_putc(uint8_t c)
{
	conf_panic("kvm: no console calls", c, 0);
}

int64_t conf_console_getc(void)
{
	conf_panic("kvm: no console calls", 0, 0);
}

struct conf_ret conf_console_write(const void *buf, uint64_t len)
{
	conf_panic("kvm: no console calls", (uint64_t)(uintptr_t)buf, len);
}

struct conf_ret conf_cpu_up(uint64_t cpu, uint64_t entry, uint64_t arg)
{
	(void)arg;
	conf_panic("kvm: no CpuUp calls", cpu, entry);
}

struct conf_ret conf_cpu_status(uint64_t cpu)
{
	conf_panic("kvm: no CpuStatus calls", cpu, 0);
}

void conf_cpu_down(void)
{
	conf_panic("kvm: no CpuDown calls", 0, 0);
}

uint64_t conf_secondary_entry(void)
{
	return 0;
}

extern char _start[];

uint64_t conf_boot_entry(void)
{
	return (uint64_t)(uintptr_t)_start;
}

struct conf_ret conf_send_ipi(uint64_t mask, uint64_t base)
{
	conf_panic("kvm: no SendIPI calls", mask, base);
}

struct conf_ret conf_remote_fence(uint64_t mask, uint64_t base)
{
	conf_panic("kvm: no RemoteFence calls", mask, base);
}

struct conf_ret conf_system_reset(void)
{
	conf_panic("kvm: no reset calls", 0, 0);
}

struct conf_ret conf_system_down(void)
{
	conf_panic("kvm: no power-off calls", 0, 0);
}

void conf_fetch(uint64_t gpa)
{
	conf_panic("kvm: no NestedPageFault", gpa, 0);
}

static volatile uint64_t loop_flag, loop_faults;
static volatile bool loop_on;

/*
 * ud2 whose #UD handler returns to it: the guest faults forever without
 * leaving the CPU (nothing exits), until the host kicks the run and sets
 * the flag; then the handler steps over it.
 */
uint64_t conf_fault_loop(void)
{
	loop_flag = 0;
	loop_faults = 0;
	loop_on = true;
	conf_arm((uint64_t)(uintptr_t)&loop_flag,
		 (uint64_t)(uintptr_t)&loop_faults, 0);
	__asm__ volatile("ud2" ::: "memory");
	loop_on = false;
	return loop_faults;
}

/* No IDT: the ud2's #UD cannot be delivered, nor the #GP and #DF that
 * follow: a triple fault, the CPU shuts down. */
void conf_crash(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} none = { 0, 0 };
	__asm__ volatile("lidt %0\n ud2" ::"m"(none) : "memory");
	conf_panic("the triple fault returned", 0, 0);
}

void conf_reset_me(void)
{
	__asm__ volatile("movabs %0, %%rbx\n"
			 "mov %1, %%eax\n"
			 "outb %%al, %2" ::"i"(CONF_RESET_MARKER),
			 "i"(CONF_HC_RESET_ME), "i"(AXVCPU_KVM_HYPERCALL_PORT)
			 : "rax", "rbx", "memory");
	conf_panic("the reset request returned", 0, 0);
}

/* ---- the IDT -------------------------------------------------------------
 */

struct idt_gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
};

static struct idt_gate idt[256] __attribute__((aligned(16)));
extern char conf_rt_stubs[];

/* At every start: setup (and reset) leave the IDT limit 0. */
void conf_rt_init(void);
void conf_rt_init(void)
{
	for (unsigned v = 0; v < 256; v++) {
		uint64_t h = (uint64_t)(uintptr_t)conf_rt_stubs + 16 * v;
		idt[v] = (struct idt_gate){
			.off0 = (uint16_t)h,
			.sel = AXVCPU_KVM_SEL_CODE64,
			.type = 0x8e, /* present, DPL 0, interrupt gate */
			.off1 = (uint16_t)(h >> 16),
			.off2 = (uint32_t)(h >> 32),
		};
	}
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
	__asm__ volatile("lidt %0" ::"m"(idtr) : "memory");
}

void conf_rt_trap(struct conf_frame *f);
void conf_rt_trap(struct conf_frame *f)
{
	if (f->vector == CONF_RT_IRQ_VECTOR) {
		if (irq_handler)
			irq_handler(f->vector);
		return;
	}
	if (f->vector == 6 && loop_on) { /* #UD of the fault loop */
		loop_faults++;
		if (loop_flag) {
			loop_on = false;
			f->rip += 2;
		}
		return;
	}
	conf_panic("unexpected exception in the guest", f->vector, f->rip);
}
