/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The world switch. VM entry loads the guest's rsp, rip and rflags from
 * the VMCS and VM exit the host's rsp and rip (HOST_RSP is written here
 * before each entry, HOST_RIP points at vmx_switch_exit); the other
 * fifteen GPRs are moved here, between struct x86_regs and the
 * registers. A VM exit leaves RFLAGS = 2: host interrupts stay off.
 */
#include "src/arch/x86_64/x86_regs_asm.h"
#define VMCS_HOST_RSP 0x6c14

	.text

/* int vmx_switch_run(struct x86_regs *regs, int launched) */
	.globl vmx_switch_run
vmx_switch_run:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdi		/* regs, found again at the exit */
	mov $VMCS_HOST_RSP, %eax
	vmwrite %rsp, %rax
	/* Flags for the choice below; the MOVs keep them. */
	test %esi, %esi
	mov R_RAX(%rdi), %rax
	X86_REGS_LOAD %rdi
	mov R_RDI(%rdi), %rdi
	jnz 1f
	vmlaunch
	jmp 2f
1:	vmresume
2:	/* The entry failed: CF VMfailInvalid, ZF VMfailValid. */
	mov $1, %eax
	jc 3f
	mov $2, %eax
3:	add $8, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

	.globl vmx_switch_exit
vmx_switch_exit:
	push %rdi		/* the guest's rdi */
	mov 8(%rsp), %rdi	/* regs */
	mov %rax, R_RAX(%rdi)
	X86_REGS_SAVE %rdi
	pop %rax
	mov %rax, R_RDI(%rdi)
	xor %eax, %eax
	jmp 3b

/*
 * void vmx_host_irq(uint64_t handler): an interrupt frame (ss, rsp,
 * rflags, cs, rip) as the CPU pushes it, and the handler; its IRETQ comes
 * back here with interrupts as they were (off).
 */
	.globl vmx_host_irq
vmx_host_irq:
	mov %rsp, %rax
	and $-16, %rsp
	mov %ss, %ecx
	push %rcx
	push %rax
	pushfq
	mov %cs, %ecx
	push %rcx
	call *%rdi
	ret

	.section .note.GNU-stack,"",@progbits
