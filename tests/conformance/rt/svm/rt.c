/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance runtime for svm (x86-64 long mode at CPL0 on the PC
 * hypervisor): VMMCALL for calls, the loads and stores of the MMIO
 * scenarios (one fixed destination register each, conf_abi.h), port I/O,
 * MSRs, the IDT, and the jumps into unmapped memory (crt0.S).
 *
 * A read the host answers with axvcpu_reflect_fault() raises #GP(0) at
 * the load (svm.h): x86 has no bus error with an address, so each access
 * records its address, kind and resume point first, and the #GP handler
 * reports that access's fault and resumes after it.
 */
#include "tests/conformance/guest/conf.h"

#include <axvcpu/x86.h>

volatile struct conf_entry conf_entry[2];
volatile struct conf_fault conf_fault;
static void (*volatile irq_handler)(uint64_t vector);

/* The access in flight: where the #GP handler resumes (0: none). */
static volatile uint64_t access_resume, access_addr, access_kind;

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
	__asm__ volatile("vmmcall"
			 : "+r"(rax)
			 : "r"(rdi), "r"(rsi), "r"(rdx), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "memory");
	/* axvcpu_set_return_error() writes -1 (svm.h). */
	return (struct conf_ret){ rax == ~0ull, rax };
}

/*
 * One load or store of `gpa`: the access recorded, the instruction, the
 * resume label after it (where a reflected fault continues).
 */
#define RT_ACCESS(insn, ...)                                                   \
	__asm__ volatile("lea 1f(%%rip), %%rax\n"                              \
			 "mov %%rax, %[resume]\n" insn "\n"                    \
			 "1:\n"                                                \
			 "movq $0, %[resume]" __VA_ARGS__);

static void access_begin(uint64_t gpa, uint64_t kind)
{
	access_addr = gpa;
	access_kind = kind;
}

#define RT_LOAD(name, insn, reg)                                               \
	uint64_t name(uint64_t gpa)                                            \
	{                                                                      \
		register uint64_t v __asm__(reg) = 0;                          \
		access_begin(gpa, CONF_FAULT_LOAD);                            \
		RT_ACCESS(insn " (%[p]), %[v]",                                \
			  : [v] "+r"(v), [resume] "=m"(access_resume)          \
			  : [p] "r"(gpa)                                       \
			  : "rax", "memory")                                   \
		return v;                                                      \
	}
RT_LOAD(conf_mmio_read8, "movzbq", "rcx")
RT_LOAD(conf_mmio_read16, "movzwq", "rdx")
RT_LOAD(conf_mmio_read64, "movq", "r8")
RT_LOAD(conf_mmio_read8s, "movsbq", "r9")
RT_LOAD(conf_mmio_read16s, "movswq", "r10")
RT_LOAD(conf_mmio_read32s, "movslq", "r11")

/* A 32-bit load (into ebx) zero-extends the 64-bit register. */
uint64_t conf_mmio_read32(uint64_t gpa)
{
	register uint64_t v __asm__("rbx") = ~0ull;
	access_begin(gpa, CONF_FAULT_LOAD);
	RT_ACCESS("movl (%[p]), %k[v]",
		  : [v] "+r"(v), [resume] "=m"(access_resume)
		  : [p] "r"(gpa)
		  : "rax", "memory")
	return v;
}

#define RT_STORE(name, insn, sz)                                               \
	void name(uint64_t gpa, uint64_t v)                                    \
	{                                                                      \
		access_begin(gpa, CONF_FAULT_STORE);                           \
		RT_ACCESS(insn " %" sz "[v], (%[p])",                          \
			  : [resume] "=m"(access_resume)                       \
			  : [v] "r"(v), [p] "r"(gpa)                           \
			  : "rax", "memory")                                   \
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

/* What the PC under this backend does not have (the scenarios are
 * skipped; reaching one is a bug that must show). */
uint64_t conf_time(void)
{
	conf_panic("svm: no guest timer", 0, 0);
}

void conf_timer_set(uint64_t deadline)
{
	conf_panic("svm: no guest timer", deadline, 0);
}

void conf_console_putc(uint8_t c)
{
	conf_panic("svm: no console calls", c, 0);
}

int64_t conf_console_getc(void)
{
	conf_panic("svm: no console calls", 0, 0);
}

struct conf_ret conf_console_write(const void *buf, uint64_t len)
{
	conf_panic("svm: no console calls", (uint64_t)(uintptr_t)buf, len);
}

struct conf_ret conf_cpu_up(uint64_t cpu, uint64_t entry, uint64_t arg)
{
	(void)arg;
	conf_panic("svm: no CpuUp calls", cpu, entry);
}

struct conf_ret conf_cpu_status(uint64_t cpu)
{
	conf_panic("svm: no CpuStatus calls", cpu, 0);
}

void conf_cpu_down(void)
{
	conf_panic("svm: no CpuDown calls", 0, 0);
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
	conf_panic("svm: no SendIPI calls", mask, base);
}

struct conf_ret conf_remote_fence(uint64_t mask, uint64_t base)
{
	conf_panic("svm: no RemoteFence calls", mask, base);
}

struct conf_ret conf_system_reset(void)
{
	conf_panic("svm: no reset calls", 0, 0);
}

struct conf_ret conf_system_down(void)
{
	conf_panic("svm: no power-off calls", 0, 0);
}

/* crt0.S */
void conf_rt_jump(uint64_t gpa);
void conf_rt_fault_loop(void);
extern char conf_rt_fetch_back[], conf_rt_fault_back[];

void conf_fetch(uint64_t gpa)
{
	conf_arm(0, 0, (uint64_t)(uintptr_t)conf_rt_fetch_back);
	conf_rt_jump(gpa);
}

uint64_t conf_fault_loop(void)
{
	conf_arm(0, 0, (uint64_t)(uintptr_t)conf_rt_fault_back);
	conf_rt_fault_loop();
	return 0;
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
			 "vmmcall" ::"i"(CONF_RESET_MARKER),
			 "i"(CONF_HC_RESET_ME)
			 : "rax", "rbx", "memory");
	conf_panic("the reset request returned", 0, 0);
}

/* ---- the IDTs ------------------------------------------------------------
 */

struct idt_gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
};

struct __attribute__((packed)) idtr {
	uint16_t limit;
	uint64_t base;
};

static struct idt_gate idt[256] __attribute__((aligned(16)));
/* The fault loop's: every exception gate at unmapped memory. */
static struct idt_gate bad_idt[32] __attribute__((aligned(16)));
struct idtr conf_rt_bad_idtr;
/* The fault loop's stack and target (crt0.S). */
static uint8_t fault_stack[CONF_SVM_FAULT_STACK] __attribute__((aligned(16)));
uint64_t conf_rt_fault_sp;
const uint64_t conf_rt_fault_target = CONF_SVM_FAULT_TARGET;
extern char conf_rt_stubs[];

static struct idt_gate gate(uint64_t h)
{
	return (struct idt_gate){
		.off0 = (uint16_t)h,
		.sel = AXVCPU_X86_SEL_CODE64,
		.type = 0x8e, /* present, DPL 0, interrupt gate */
		.off1 = (uint16_t)(h >> 16),
		.off2 = (uint32_t)(h >> 32),
	};
}

/* At every start, and after each set_entry: they leave no IDT. */
void conf_rt_init(void);
void conf_rt_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		idt[v] = gate((uint64_t)(uintptr_t)conf_rt_stubs + 16 * v);
	for (unsigned v = 0; v < 32; v++)
		bad_idt[v] = gate(CONF_SVM_FAULT_TARGET);
	conf_rt_bad_idtr =
	    (struct idtr){ sizeof(bad_idt) - 1, (uint64_t)(uintptr_t)bad_idt };
	conf_rt_fault_sp =
	    (uint64_t)(uintptr_t)(fault_stack + sizeof(fault_stack));
	struct idtr r = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
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
	if (f->vector == 13 && access_resume) { /* a reflected access */
		conf_fault.kind = access_kind;
		conf_fault.addr = access_addr;
		conf_fault.count++;
		f->rip = access_resume;
		access_resume = 0;
		return;
	}
	conf_panic("unexpected exception in the guest", f->vector, f->rip);
}
