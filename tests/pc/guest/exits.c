/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The exit suite of the SVM backend, from inside a 64-bit guest: every
 * exit it announces (tests/pc/hv/proto.h) is compared field by field by
 * the checker, and the guest checks what the completion did to its
 * registers and memory.
 */
#include "guest.h"

#define MMIO ((volatile uint8_t *)TP_MMIO)

static uint8_t ram_buf[64] __attribute__((aligned(16)));

static void t_ports(void)
{
	expect(AXVCPU_EXIT_IO_WRITE, TP_PORT, 1, 0x5a, 0, "outb");
	outb(TP_PORT, 0x5a);
	expect(AXVCPU_EXIT_IO_WRITE, TP_PORT, 2, 0xbeef, 0, "outw");
	outw(TP_PORT, 0xbeef);
	expect(AXVCPU_EXIT_IO_WRITE, TP_PORT + 4, 4, 0xdeadbeef, 0, "outl");
	outl(TP_PORT + 4, 0xdeadbeef);

	uint64_t rax = 0x1111111111111111ull;
	expect(AXVCPU_EXIT_IO_READ, TP_PORT, 1, 1, 0, "inb");
	__asm__ volatile("inb %w1, %b0" : "+a"(rax) : "d"(TP_PORT));
	check(rax, 0x11111111111111efull, "inb: al written, the rest kept");
	expect(AXVCPU_EXIT_IO_READ, TP_PORT, 2, 1, 0, "inw");
	__asm__ volatile("inw %w1, %w0" : "+a"(rax) : "d"(TP_PORT));
	check(rax, 0x111111111111cdefull, "inw: ax written");
	expect(AXVCPU_EXIT_IO_READ, TP_PORT, 4, 1, 0, "inl");
	__asm__ volatile("inl %w1, %k0" : "+a"(rax) : "d"(TP_PORT));
	check(rax, TP_IOVALUE, "inl: eax written, upper half cleared");

	/* rep outsb: one exit per element, count = elements left. */
	static const char msg[3] = { 'a', 'b', 'c' };
	for (unsigned i = 0; i < 3; i++)
		expect(AXVCPU_EXIT_IO_WRITE, TP_PORT, 1, (uint64_t)msg[i],
		       TP_COUNT(3 - i), "rep outsb: one element");
	const char *si = msg;
	uint64_t cx = 3;
	__asm__ volatile("rep outsb"
			 : "+S"(si), "+c"(cx)
			 : "d"(TP_PORT)
			 : "memory");
	check(cx, 0, "rep outsb: rcx 0 after");
	check((uint64_t)si, (uint64_t)(msg + 3), "rep outsb: rsi past");

	/* rep insw into RAM. */
	for (unsigned i = 0; i < 2; i++)
		expect(AXVCPU_EXIT_IO_READ, TP_PORT, 2, 2 - i, 0,
		       "rep insw: one element");
	uint16_t *di = (uint16_t *)ram_buf;
	cx = 2;
	__asm__ volatile("rep insw"
			 : "+D"(di), "+c"(cx)
			 : "d"(TP_PORT)
			 : "memory");
	check(((uint16_t *)ram_buf)[0], 0xcdef, "rep insw: first word");
	check(((uint16_t *)ram_buf)[1], 0xcdef, "rep insw: second word");
	check((uint64_t)di, (uint64_t)(ram_buf + 4), "rep insw: rdi past");
}

static void t_mmio_loads(void)
{
	uint64_t v = 0x2222222222222222ull;
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO, 1, 0, TP_REGW(1),
	       "mov (mem),%al: reg 0, width 1");
	__asm__ volatile("movb (%1), %b0" : "+a"(v) : "r"(MMIO) : "memory");
	check(v, 0x22222222222222efull, "mov to al merges");
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO, 2, 0, TP_REGW(2),
	       "mov (mem),%ax: reg 0, width 2");
	__asm__ volatile("movw (%1), %w0" : "+a"(v) : "r"(MMIO) : "memory");
	check(v, 0x222222222222cdefull, "mov to ax merges");
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO, 4, 3, TP_REGW(4),
	       "mov (mem),%ebx: reg 3, width 4");
	uint64_t b = ~0ull;
	__asm__ volatile("movl (%1), %k0" : "+b"(b) : "r"(MMIO) : "memory");
	check(b, 0x89abcdef, "mov to ebx zero-extends");
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO + TP_POS_OFF, 8, 9, TP_REGW(8),
	       "mov (mem),%r9: reg 9, width 8");
	register uint64_t r9 __asm__("r9") = 0;
	__asm__ volatile("movq (%1), %0"
			 : "=r"(r9)
			 : "r"(MMIO + TP_POS_OFF)
			 : "memory");
	check(r9, TP_VALUE_POS, "mov to r9");
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO, 1, 0, TP_REGW(8) | TP_SEXT,
	       "movsbq: sign-extended to 8");
	int64_t s;
	__asm__ volatile("movsbq (%1), %0" : "=a"(s) : "r"(MMIO) : "memory");
	check((uint64_t)s, 0xffffffffffffffefull, "movsbq of 0xef");
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO, 2, 0, TP_REGW(4),
	       "movzwl: zero-extended to 4");
	uint64_t z = ~0ull;
	__asm__ volatile("movzwl (%1), %k0" : "+a"(z) : "r"(MMIO) : "memory");
	check(z, 0xcdef, "movzwl of 0xcdef");
}

static void t_mmio_stores(void)
{
	expect(AXVCPU_EXIT_MMIO_WRITE, TP_MMIO + 8, 1, 0x12, 0, "movb $imm");
	__asm__ volatile("movb $0x12, 8(%0)" ::"r"(MMIO) : "memory");
	expect(AXVCPU_EXIT_MMIO_WRITE, TP_MMIO + 8, 2, 0x3456, 0, "movw %cx");
	__asm__ volatile("movw %w1, 8(%0)" ::"r"(MMIO), "c"(0x3456) : "memory");
	expect(AXVCPU_EXIT_MMIO_WRITE, TP_MMIO + 8, 4, 0x789abcde, 0,
	       "movl %edx");
	__asm__ volatile("movl %k1, 8(%0)" ::"r"(MMIO), "d"(0x789abcdeu)
			 : "memory");
	expect(AXVCPU_EXIT_MMIO_WRITE, TP_MMIO + 8, 8, 0x0102030405060708ull, 0,
	       "movq %r12");
	register uint64_t r12 __asm__("r12") = 0x0102030405060708ull;
	__asm__ volatile("movq %1, 8(%0)" ::"r"(MMIO), "r"(r12) : "memory");
	expect(AXVCPU_EXIT_MMIO_WRITE, TP_MMIO + 8, 1, 0x34, 0, "mov %ah");
	__asm__ volatile("movb %%ah, 8(%0)" ::"b"(MMIO), "a"(0x3412u)
			 : "memory");
}

static void t_mmio_alu(void)
{
	/* orl $0x1000, (mem): read, then the result written back. */
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO, 4, AXVCPU_X86_REG_READ_DATA,
	       TP_REGW(4), "orl $0x1000,(mem): the read");
	expect(AXVCPU_EXIT_MMIO_WRITE, TP_MMIO, 4, 0x89abddef, 0,
	       "orl $0x1000,(mem): the write");
	__asm__ volatile("orl $0x1000, (%0)" ::"r"(MMIO) : "memory", "cc");
	/* add (mem), %rdx with the flags. */
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO, 8, AXVCPU_X86_REG_READ_DATA,
	       TP_REGW(8), "add (mem),%rdx");
	uint64_t d = 1, fl;
	__asm__ volatile("addq (%2), %0; pushfq; popq %1"
			 : "+d"(d), "=r"(fl)
			 : "r"(MMIO)
			 : "memory", "cc");
	check(d, TP_VALUE + 1, "add: rdx");
	check(fl & 0x8c1, 0, "add: no CF/ZF/SF/OF");
	/* cmpb $0xef, (mem): ZF. */
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO, 1, AXVCPU_X86_REG_READ_DATA,
	       TP_REGW(1), "cmpb $0xef,(mem)");
	__asm__ volatile("cmpb $0xef, (%1); pushfq; popq %0"
			 : "=r"(fl)
			 : "r"(MMIO)
			 : "memory", "cc");
	check(fl & 0x40, 0x40, "cmp: ZF set");
	/* xchg %ecx, (mem). */
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO, 4, AXVCPU_X86_REG_READ_DATA,
	       TP_REGW(4), "xchg: the read");
	expect(AXVCPU_EXIT_MMIO_WRITE, TP_MMIO, 4, 0x55aa55aa, 0,
	       "xchg: the write");
	uint64_t c = 0x55aa55aa;
	__asm__ volatile("xchgl %k0, (%1)" : "+c"(c) : "r"(MMIO) : "memory");
	check(c, 0x89abcdef, "xchg: the old value in ecx");
}

static void t_mmio_strings(void)
{
	/* rep stosw to MMIO: two elements. */
	expect(AXVCPU_EXIT_MMIO_WRITE, TP_MMIO + 0x20, 2, 0x6677, 0,
	       "rep stosw: first");
	expect(AXVCPU_EXIT_MMIO_WRITE, TP_MMIO + 0x22, 2, 0x6677, 0,
	       "rep stosw: second");
	volatile uint8_t *di = MMIO + 0x20;
	uint64_t cx = 2;
	__asm__ volatile("rep stosw"
			 : "+D"(di), "+c"(cx)
			 : "a"(0x6677)
			 : "memory");
	check((uint64_t)di, TP_MMIO + 0x24, "rep stosw: rdi past");
	/* movsl MMIO -> RAM. */
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO + 0x30, 4,
	       AXVCPU_X86_REG_READ_DATA, TP_REGW(4), "movsl from MMIO");
	const volatile uint8_t *si = MMIO + 0x30;
	uint8_t *d = ram_buf;
	__asm__ volatile("movsl" : "+S"(si), "+D"(d) : : "memory");
	check(*(uint32_t *)ram_buf, 0x89abcdef, "movsl: the value in RAM");
	/* movsq RAM -> MMIO. */
	*(uint64_t *)ram_buf = 0xa5a5a5a5c3c3c3c3ull;
	expect(AXVCPU_EXIT_MMIO_WRITE, TP_MMIO + 0x40, 8, 0xa5a5a5a5c3c3c3c3ull,
	       0, "movsq to MMIO");
	const uint8_t *s2 = ram_buf;
	volatile uint8_t *d2 = MMIO + 0x40;
	__asm__ volatile("movsq" : "+S"(s2), "+D"(d2) : : "memory");
}

static void t_calls(void)
{
	expect(AXVCPU_EXIT_HYPERCALL, 0x42, 0, 0x7777, 0, "vmmcall");
	check(hcall(0x7777, 0x42, 2, 3, 4, 5, 6), 0x43,
	      "hypercall: rax = the answer");
	uint32_t lo, hi;
	expect(AXVCPU_EXIT_SYSREG_READ, 0x12345, 0, 0, 0,
	       "rdmsr of an "
	       "unknown MSR");
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0x12345));
	check((uint64_t)hi << 32 | lo, TP_VALUE, "rdmsr: edx:eax");
	expect(AXVCPU_EXIT_SYSREG_WRITE, 0x12346, 0, 0x1122334455667788ull, 0,
	       "wrmsr");
	__asm__ volatile("wrmsr" ::"c"(0x12346), "a"(0x55667788u),
			 "d"(0x11223344u));
	/* The VM layer refuses: #GP at the rdmsr. */
	expect(AXVCPU_EXIT_SYSREG_READ, 0x12347, 0, 0, TP_FAULT,
	       "rdmsr answered with a fault");
	uint64_t gp = guest_trap_count;
	__asm__ volatile("lea 1f(%%rip), %%rax\n\t"
			 "mov %%rax, guest_landing(%%rip)\n\t"
			 "rdmsr\n"
			 "1:" ::"c"(0x12347)
			 : "rax", "rdx", "memory");
	check(guest_trap_count - gp, 1, "... #GP taken");
	check(guest_trap_vector, 13, "... vector 13");
	/* EFER is emulated: SVME never shows. */
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080u));
	check(lo & (1u << 12), 0, "EFER.SVME hidden");
	check(lo & (1u << 10), 1u << 10, "EFER.LMA");
	/* An SVM MSR: #GP. */
	gp = guest_trap_count;
	__asm__ volatile("lea 1f(%%rip), %%rax\n\t"
			 "mov %%rax, guest_landing(%%rip)\n\t"
			 "rdmsr\n"
			 "1:" ::"c"(0xc0010117u)
			 : "rax", "rdx", "memory");
	check(guest_trap_count - gp, 1, "VM_HSAVE_PA: #GP");
	/* CPUID: the hypervisor bit and signature, no SVM. */
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	check(c >> 31, 1, "CPUID: hypervisor bit");
	a = 0x40000000;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	check(b, 0x43567841, "CPUID 0x40000000: 'AxVC'");
	a = 0x80000001;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	check(c & 4, 0, "CPUID: no SVM");
	/* VMRUN (of an aligned VMCB address, else #GP comes first): not
	 * for the guest. */
	gp = guest_trap_count;
	__asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
			 "mov %%rcx, guest_landing(%%rip)\n\t"
			 "mov $0x2000, %%eax\n\t"
			 "vmrun\n"
			 "1:" ::
			     : "rax", "rcx", "memory");
	check(guest_trap_vector, 6, "VMRUN: #UD");
}

static void t_faults(void)
{
	/* An instruction the decoder declines: NestedPageFault, resumed by
	 * the checker at r15. */
	expect(AXVCPU_EXIT_NESTED_PAGE_FAULT, TP_MMIO, 0,
	       AXVCPU_ACCESS_READ | AXVCPU_ACCESS_UNDECODED, 0,
	       "movaps from MMIO: NestedPageFault, undecoded");
	__asm__ volatile("lea 1f(%%rip), %%r15\n\t"
			 "movaps (%0), %%xmm0\n"
			 "1:" ::"r"(MMIO)
			 : "r15", "xmm0", "memory");
	/* Reflected: #GP(0) at the access. */
	expect(AXVCPU_EXIT_MMIO_READ, TP_MMIO, 4, 0, TP_REGW(4) | TP_REFLECT,
	       "MMIO read answered with reflect_fault");
	uint64_t gp = guest_trap_count;
	uint64_t rip;
	__asm__ volatile("lea 1f(%%rip), %%rax\n\t"
			 "mov %%rax, guest_landing(%%rip)\n\t"
			 "lea 2f(%%rip), %0\n"
			 "2: movl (%1), %%eax\n"
			 "1:"
			 : "=&r"(rip)
			 : "r"(MMIO)
			 : "rax", "memory");
	check(guest_trap_count - gp, 1, "... the guest took a fault");
	check(guest_trap_vector, 13, "... #GP");
	check(guest_trap_rip, rip, "... at the access");
	/* An instruction fetch from MMIO. */
	expect(AXVCPU_EXIT_NESTED_PAGE_FAULT, TP_MMIO + 0x1000, 0,
	       AXVCPU_ACCESS_EXECUTE, 0, "fetch from MMIO");
	__asm__ volatile("lea 1f(%%rip), %%r15\n\t"
			 "call *%0\n"
			 "1:" ::"r"(MMIO + 0x1000)
			 : "r15", "memory");
}

static void t_events(void)
{
	/* Halt: the checker wakes us. */
	expect(AXVCPU_EXIT_HALT, 0, 0, 0, 0, "hlt with interrupts off");
	__asm__ volatile("cli; hlt");
	/* An interrupt queued, then sti; hlt: it is delivered. */
	uint64_t irqs = guest_irq_count;
	hcall(TP_INJECT, 0x40, 0, 0, 0, 0, 0);
	__asm__ volatile("sti; nop; cli");
	check(guest_irq_count - irqs, 1, "injected vector 0x40 taken");
	check(guest_trap_vector, 0x40, "... as vector 0x40");
	/* Two queued: the higher first. */
	hcall(TP_INJECT, 0x30, 0, 0, 0, 0, 0);
	hcall(TP_INJECT, 0x80, 0, 0, 0, 0, 0);
	__asm__ volatile("sti; nop; cli");
	check(guest_irq_count - irqs, 3, "two more taken");
	check(guest_trap_vector, 0x30, "... 0x80 before 0x30");
	/* An NMI, taken with interrupts off. */
	uint64_t nmis = guest_nmi_count;
	hcall(TP_INJECT, 2, 0, 0, 0, 0, 0);
	__asm__ volatile("nop");
	check(guest_nmi_count - nmis, 1, "NMI taken with IF=0");
	/* A kick: the next run is cancelled. */
	expect(AXVCPU_EXIT_CANCELLED, 0, 0, 0, 0, "kick: Cancelled");
	__asm__ volatile("lea 1f(%%rip), %%r15\n\t"
			 "mov $6, %%eax\n\t"
			 "xor %%edi, %%edi\n\t"
			 "vmmcall\n"
			 "1:" ::
			     : "rax", "rdi", "r15", "memory");
	/* An endless loop: the host timer preempts it. */
	expect(AXVCPU_EXIT_EXTERNAL_INTERRUPT, 0, 0, 0x20, 0,
	       "endless loop: a host timer interrupt");
	__asm__ volatile("lea 2f(%%rip), %%r14\n\t"
			 "lea 1f(%%rip), %%r15\n\t"
			 "2: jmp 2b\n"
			 "1:" ::
			     : "r14", "r15", "memory");
}

/* The second vCPU of TP_RUN_OTHER: clobber the FP registers. */
void fp_intruder(void);
__asm__(".globl fp_intruder\n"
	"fp_intruder:\n"
	"  mov $0xdeaddeaddeaddead, %rax\n"
	"  movq %rax, %xmm0\n"
	"  movq %rax, %xmm7\n"
	"  fldpi\n"
	"  mov $9, %eax\n" /* TP_PRINT: a hypercall ends its run */
	"  vmmcall\n"
	"3: hlt\n"
	"  jmp 3b\n");

static void t_fp(void)
{
	uint64_t x0 = 0x1234567812345678ull, x7 = 0x0f0f0f0f0f0f0f0full;
	uint64_t g0 = 0, g7 = 0;
	__asm__ volatile("movq %0, %%xmm0; movq %1, %%xmm7" ::"r"(x0), "r"(x7)
			 : "xmm0", "xmm7");
	hcall(TP_RUN_OTHER, (uint64_t)fp_intruder, 0, 0, 0, 0, 0);
	__asm__ volatile("movq %%xmm0, %0; movq %%xmm7, %1"
			 : "=r"(g0), "=r"(g7));
	check(g0, x0, "xmm0 kept across another vCPU on this CPU");
	check(g7, x7, "xmm7 kept");
}

void guest_main(void)
{
	guest_puts("exits guest\n");
	t_ports();
	t_mmio_loads();
	t_mmio_stores();
	t_mmio_alu();
	t_mmio_strings();
	t_calls();
	t_faults();
	t_events();
	t_fp();
	/* Last: a triple fault ends the VM. */
	expect(AXVCPU_EXIT_SYSTEM_DOWN, 0, 0, AXVCPU_X86_SYSTEM_TRIPLE_FAULT, 0,
	       "triple fault: SystemDown");
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} none = { 0, 0 };
	__asm__ volatile("lidt %0; int3" ::"m"(none));
}

/* modes.S names these reasons by number. */
_Static_assert(AXVCPU_EXIT_HYPERCALL == 1 && AXVCPU_EXIT_MMIO_READ == 2 &&
		   AXVCPU_EXIT_MMIO_WRITE == 3 && AXVCPU_EXIT_IO_READ == 6 &&
		   AXVCPU_EXIT_IO_WRITE == 7,
	       "exit reason numbers used by modes.S");
