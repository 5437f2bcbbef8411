/* SPDX-License-Identifier: Apache-2.0 */
/* The PC test guests' runtime: console, IDT, traps, the end. */
#include "guest.h"

volatile uint64_t guest_trap_vector, guest_trap_error, guest_trap_rip,
    guest_trap_count, guest_irq_count, guest_nmi_count;
volatile uint64_t guest_landing;

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rdi, rsi, rbp, rbx, rdx, rcx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

struct idt_gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
};

static struct idt_gate idt[256] __attribute__((aligned(16)));
extern char guest_stubs[];

void *memset(void *d, int c, unsigned long n);
void *memset(void *d, int c, unsigned long n)
{
	unsigned char *p = d;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

void guest_puts(const char *s)
{
	while (*s)
		outb(0xe9, (uint8_t)*s++);
}

void guest_idt_init(void)
{
	for (unsigned v = 0; v < 256; v++) {
		uint64_t a = (uint64_t)guest_stubs + 16 * v;
		idt[v] = (struct idt_gate){ .off0 = (uint16_t)a,
					    .sel = AXVCPU_X86_SEL_CODE64,
					    .type = 0x8e,
					    .off1 = (uint16_t)(a >> 16),
					    .off2 = (uint32_t)(a >> 32) };
	}
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" ::"m"(idtr));
}

unsigned guest_cpu(void)
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return b >> 24;
}

void guest_trap(struct trap_frame *f);
void guest_trap(struct trap_frame *f)
{
	if (f->vector >= 32) {
		guest_irq_count++;
		guest_trap_vector = f->vector;
		return;
	}
	if (f->vector == 2) {
		guest_nmi_count++;
		return;
	}
	guest_trap_vector = f->vector;
	guest_trap_error = f->error;
	guest_trap_rip = f->rip;
	guest_trap_count++;
	if (!guest_landing) {
		check(f->vector, ~0ull, "unexpected exception in the guest");
		guest_done();
	}
	f->rip = guest_landing;
	guest_landing = 0;
}

void guest_done(void)
{
	for (;;)
		hcall(TP_DONE, 0, 0, 0, 0, 0, 0);
}

void guest_entry(void);
void guest_entry(void)
{
	guest_idt_init();
	guest_main();
	guest_done();
}
