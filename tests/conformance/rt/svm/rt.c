/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance runtime for svm (x86-64 long mode at CPL0 on the PC
 * hypervisor): VMMCALL for calls, the loads and stores of the MMIO
 * scenarios (one fixed destination register each, conf_abi.h), the jumps
 * into unmapped memory (jump.S) and their IDT; the rest is
 * tests/conformance/rt/x86's.
 *
 * A read the host answers with axvcpu_reflect_fault() raises #GP(0) at
 * the load (svm.h): x86 has no bus error with an address, so each access
 * records its address, kind and resume point first, and the #GP handler
 * reports that access's fault and resumes after it.
 */
#include "tests/conformance/rt/x86/x86.h"

/* The access in flight: where the #GP handler resumes (0: none). */
static volatile uint64_t access_resume, access_addr, access_kind;

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

/* jump.S */
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

void conf_reset_me(void)
{
	__asm__ volatile("movabs %0, %%rbx\n"
			 "mov %1, %%eax\n"
			 "vmmcall" ::"i"(CONF_RESET_MARKER),
			 "i"(CONF_HC_RESET_ME)
			 : "rax", "rbx", "memory");
	conf_panic("the reset request returned", 0, 0);
}

/* ---- the fault loop's IDT -----------------------------------------------
 */

/* Every exception gate at unmapped memory. */
static struct conf_x86_gate bad_idt[32] __attribute__((aligned(16)));
struct conf_x86_idtr conf_rt_bad_idtr;
/* The fault loop's stack and target (jump.S). */
static uint8_t fault_stack[CONF_SVM_FAULT_STACK] __attribute__((aligned(16)));
uint64_t conf_rt_fault_sp;
const uint64_t conf_rt_fault_target = CONF_SVM_FAULT_TARGET;

/* At every start, and after each set_entry: they leave no IDT. */
void conf_rt_init(void)
{
	for (unsigned v = 0; v < 32; v++)
		bad_idt[v] = conf_x86_gate(CONF_SVM_FAULT_TARGET);
	conf_rt_bad_idtr =
	    (struct conf_x86_idtr){ sizeof(bad_idt) - 1,
				    (uint64_t)(uintptr_t)bad_idt };
	conf_rt_fault_sp =
	    (uint64_t)(uintptr_t)(fault_stack + sizeof(fault_stack));
	conf_x86_idt_load();
}

bool conf_x86_fault(struct conf_frame *f)
{
	if (f->vector != 13 || !access_resume) /* a reflected access */
		return false;
	conf_fault.kind = access_kind;
	conf_fault.addr = access_addr;
	conf_fault.count++;
	f->rip = access_resume;
	access_resume = 0;
	return true;
}
