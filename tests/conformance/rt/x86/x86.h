/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The part of the conformance runtime both x86 backends share (kvm and
 * svm: x86-64 long mode at CPL0): entry and interrupt stubs (crt0.S),
 * port I/O, MSRs, halt and interrupts, the IDT, the trap dispatch and
 * what x86 has no call for (x86.c). Each backend's rt.c keeps its
 * hypercall instruction, its MMIO accesses, its fetch and fault-loop
 * scenarios and the IDT extras they need; its conf_abi.h names it
 * (CONF_RT_NAME, for the messages of the calls x86 does not have).
 */
#ifndef CONF_RT_X86_H
#define CONF_RT_X86_H

#include "tests/conformance/guest/conf.h"

/* What the interrupt stubs push (crt0.S), lowest address first. */
struct conf_frame {
	uint64_t r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* An interrupt gate of the long-mode IDT. */
struct conf_x86_gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
};

/* The operand of lidt. */
struct __attribute__((packed)) conf_x86_idtr {
	uint16_t limit;
	uint64_t base;
};

/* A present DPL-0 interrupt gate to `handler` in the 64-bit code segment. */
struct conf_x86_gate conf_x86_gate(uint64_t handler);

/* Fill the IDT with crt0.S's stubs and load it (setup, reset and
 * set_entry leave no IDT). */
void conf_x86_idt_load(void);

/* Called by crt0.S at every start, and by the backend's jumps back. */
void conf_rt_init(void);

/*
 * The backend's exceptions (its fault loop, its reflected accesses):
 * true if it handled the one in `f`; any other is a panic.
 */
bool conf_x86_fault(struct conf_frame *f);

#endif /* CONF_RT_X86_H */
