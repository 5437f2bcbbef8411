/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host IDT: every vector goes to hv_trap(). Exceptions are fatal (the
 * hypervisor has none by design); the timer and the kick IPI are
 * acknowledged here (the SVM backend takes host interrupts in a one-
 * instruction STI window after an INTR intercept, and asks irq_fetch()
 * which it was).
 */
#include "hv.h"

struct hv_trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rdi, rsi, rbp, rbx, rdx, rcx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

struct idt_gate {
	uint16_t off0;
	uint16_t sel;
	uint8_t ist;
	uint8_t type; /* 0x8e: present, DPL 0, 64-bit interrupt gate */
	uint16_t off1;
	uint32_t off2;
	uint32_t zero;
};

static struct idt_gate idt[256] __attribute__((aligned(16)));
static bool idt_built;
static volatile size_t last_vector[HV_MAX_CPUS];

extern char hv_trap_stubs_base[];

void hv_trap(struct hv_trap_frame *f);

static void idt_build(void)
{
	for (unsigned v = 0; v < 256; v++) {
		uint64_t a = (uint64_t)hv_trap_stubs_base + 16 * v;
		idt[v] = (struct idt_gate){
			.off0 = (uint16_t)a,
			.sel = 0x08,
			.type = 0x8e,
			.off1 = (uint16_t)(a >> 16),
			.off2 = (uint32_t)(a >> 32),
		};
	}
	idt_built = true;
}

void hv_idt_load(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr = { sizeof(idt) - 1, (uint64_t)idt };
	if (!idt_built)
		idt_build();
	__asm__ volatile("lidt %0" ::"m"(idtr));
}

size_t hv_irq_last(void)
{
	return last_vector[hv_cpu() % HV_MAX_CPUS];
}

void hv_trap(struct hv_trap_frame *f)
{
	unsigned cpu = hv_cpu();
	if (f->vector < 32) {
		uint64_t cr2;
		__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
		hv_panic("CPU %u: exception %lu error %lx at rip %lx rsp %lx "
			 "cr2 %lx rax %lx rbx %lx rcx %lx rdx %lx",
			 cpu, (unsigned long)f->vector, (unsigned long)f->error,
			 (unsigned long)f->rip, (unsigned long)f->rsp,
			 (unsigned long)cr2, (unsigned long)f->rax,
			 (unsigned long)f->rbx, (unsigned long)f->rcx,
			 (unsigned long)f->rdx);
	}
	last_vector[cpu % HV_MAX_CPUS] = f->vector;
	if (f->vector == HV_VEC_SPURIOUS)
		return;
	hv_lapic_eoi();
	if (f->vector == HV_VEC_TIMER)
		hv_tick(cpu);
}
