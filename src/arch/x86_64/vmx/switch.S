/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The world switch. VM entry loads the guest's rsp, rip and rflags from
 * the VMCS and VM exit the host's rsp and rip (HOST_RSP is written here
 * before each entry, HOST_RIP points at vmx_switch_exit); the other
 * fifteen GPRs are moved here, between struct x86_regs and the
 * registers. A VM exit leaves RFLAGS = 2: host interrupts stay off.
 */
#define R_RAX 0
#define R_RCX 8
#define R_RDX 16
#define R_RBX 24
#define R_RBP 40
#define R_RSI 48
#define R_RDI 56
#define R_R8 64
#define R_R9 72
#define R_R10 80
#define R_R11 88
#define R_R12 96
#define R_R13 104
#define R_R14 112
#define R_R15 120
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
	mov R_RCX(%rdi), %rcx
	mov R_RDX(%rdi), %rdx
	mov R_RBX(%rdi), %rbx
	mov R_RBP(%rdi), %rbp
	mov R_RSI(%rdi), %rsi
	mov R_R8(%rdi), %r8
	mov R_R9(%rdi), %r9
	mov R_R10(%rdi), %r10
	mov R_R11(%rdi), %r11
	mov R_R12(%rdi), %r12
	mov R_R13(%rdi), %r13
	mov R_R14(%rdi), %r14
	mov R_R15(%rdi), %r15
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
	mov %rcx, R_RCX(%rdi)
	mov %rdx, R_RDX(%rdi)
	mov %rbx, R_RBX(%rdi)
	mov %rbp, R_RBP(%rdi)
	mov %rsi, R_RSI(%rdi)
	mov %r8, R_R8(%rdi)
	mov %r9, R_R9(%rdi)
	mov %r10, R_R10(%rdi)
	mov %r11, R_R11(%rdi)
	mov %r12, R_R12(%rdi)
	mov %r13, R_R13(%rdi)
	mov %r14, R_R14(%rdi)
	mov %r15, R_R15(%rdi)
	pop %rax
	mov %rax, R_RDI(%rdi)
	xor %eax, %eax
	jmp 3b

/* void vmx_irq_window(void): take one pending host interrupt (the
 * instruction after STI runs before any is recognized). */
	.globl vmx_irq_window
vmx_irq_window:
	sti
	nop
	cli
	ret

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
