/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance runtime's x86 part both backends share (x86.h): port
 * I/O, MSRs, halt, interrupts, the IDT, the trap dispatch, and the calls
 * x86 under these backends does not have.
 */
#include "tests/conformance/rt/x86/x86.h"

#include <axvcpu/x86.h>

volatile struct conf_entry conf_entry[2];
volatile struct conf_fault conf_fault;
static void (*volatile irq_handler)(uint64_t vector);

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

/* What x86 under these backends does not have (the scenarios are
 * skipped; reaching one is a bug that must show). */
uint64_t conf_time(void)
{
	conf_panic(CONF_RT_NAME ": no guest timer", 0, 0);
}

void conf_timer_set(uint64_t deadline)
{
	conf_panic(CONF_RT_NAME ": no guest timer", deadline, 0);
}

void conf_console_putc(uint8_t c)
{
	conf_panic(CONF_RT_NAME ": no console calls", c, 0);
}

int64_t conf_console_getc(void)
{
	conf_panic(CONF_RT_NAME ": no console calls", 0, 0);
}

struct conf_ret conf_console_write(const void *buf, uint64_t len)
{
	conf_panic(CONF_RT_NAME ": no console calls", (uint64_t)(uintptr_t)buf,
		   len);
}

struct conf_ret conf_cpu_up(uint64_t cpu, uint64_t entry, uint64_t arg)
{
	(void)arg;
	conf_panic(CONF_RT_NAME ": no CpuUp calls", cpu, entry);
}

struct conf_ret conf_cpu_status(uint64_t cpu)
{
	conf_panic(CONF_RT_NAME ": no CpuStatus calls", cpu, 0);
}

void conf_cpu_down(void)
{
	conf_panic(CONF_RT_NAME ": no CpuDown calls", 0, 0);
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
	conf_panic(CONF_RT_NAME ": no SendIPI calls", mask, base);
}

struct conf_ret conf_remote_fence(uint64_t mask, uint64_t base)
{
	conf_panic(CONF_RT_NAME ": no RemoteFence calls", mask, base);
}

struct conf_ret conf_system_reset(void)
{
	conf_panic(CONF_RT_NAME ": no reset calls", 0, 0);
}

struct conf_ret conf_system_down(void)
{
	conf_panic(CONF_RT_NAME ": no power-off calls", 0, 0);
}

/* No IDT: the ud2's #UD cannot be delivered, nor the #GP and #DF that
 * follow: a triple fault, the CPU shuts down. */
void conf_crash(void)
{
	struct conf_x86_idtr none = { 0, 0 };
	__asm__ volatile("lidt %0\n ud2" ::"m"(none) : "memory");
	conf_panic("the triple fault returned", 0, 0);
}

/* ---- the IDT and the traps ----------------------------------------------
 */

static struct conf_x86_gate idt[256] __attribute__((aligned(16)));
extern char conf_rt_stubs[];

struct conf_x86_gate conf_x86_gate(uint64_t h)
{
	return (struct conf_x86_gate){
		.off0 = (uint16_t)h,
		.sel = AXVCPU_X86_SEL_CODE64,
		.type = 0x8e, /* present, DPL 0, interrupt gate */
		.off1 = (uint16_t)(h >> 16),
		.off2 = (uint32_t)(h >> 32),
	};
}

void conf_x86_idt_load(void)
{
	for (unsigned v = 0; v < 256; v++)
		idt[v] =
		    conf_x86_gate((uint64_t)(uintptr_t)conf_rt_stubs + 16 * v);
	struct conf_x86_idtr r = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
	__asm__ volatile("lidt %0" ::"m"(r) : "memory");
}

void conf_rt_trap(struct conf_frame *f);
void conf_rt_trap(struct conf_frame *f)
{
	if (f->vector == CONF_RT_IRQ_VECTOR) {
		if (irq_handler)
			irq_handler(f->vector);
		return;
	}
	if (conf_x86_fault(f))
		return;
	conf_panic("unexpected exception in the guest", f->vector, f->rip);
}
