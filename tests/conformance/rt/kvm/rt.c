/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance runtime for kvm (x86-64 long mode at CPL0): the port
 * doorbell for calls (this host's KVM never returns from vmcall), the
 * loads and stores of the MMIO scenarios, the fault loop; the rest is
 * tests/conformance/rt/x86's.
 */
#include "tests/conformance/rt/x86/x86.h"

#include <axvcpu/kvm.h>

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

void conf_reset_me(void)
{
	__asm__ volatile("movabs %0, %%rbx\n"
			 "mov %1, %%eax\n"
			 "outb %%al, %2" ::"i"(CONF_RESET_MARKER),
			 "i"(CONF_HC_RESET_ME), "i"(AXVCPU_KVM_HYPERCALL_PORT)
			 : "rax", "rbx", "memory");
	conf_panic("the reset request returned", 0, 0);
}

/* At every start: setup (and reset) leave the IDT limit 0. */
void conf_rt_init(void)
{
	conf_x86_idt_load();
}

bool conf_x86_fault(struct conf_frame *f)
{
	if (f->vector != 6 || !loop_on) /* #UD of the fault loop */
		return false;
	loop_faults++;
	if (loop_flag) {
		loop_on = false;
		f->rip += 2;
	}
	return true;
}
