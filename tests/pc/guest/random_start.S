/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The random x86 guest's entry, IDT stubs and block switch (random.c has
 * the rest). Every exception or interrupt ends the block: the stubs run
 * on IST1 (a stack of the guest's own TSS, whatever RSP the block left),
 * tell random_trap() the vector and the RIP, and go back into
 * random_enter()'s caller with the vector in RAX.
 */
	.section .text.entry, "ax"
	.globl _start
_start:
	cli
	and $-16, %rsp
	call random_main
1:	hlt
	jmp 1b

	.text
	.globl random_stubs
	.align 16
random_stubs:
	.set vec, 0
	.rept 256
	.align 16
	.if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	push $0
	.endif
	push $vec
	jmp random_common
	.set vec, vec + 1
	.endr

random_common:
	mov (%rsp), %rdi
	mov 16(%rsp), %rsi
	and $-16, %rsp
	cld
	call random_trap
	/* back into random_enter's caller */
	mov random_saved_rsp(%rip), %rsp
	mov $0x10, %ecx
	mov %ecx, %ds
	mov %ecx, %es
	mov %ecx, %ss
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret

/* uint64_t random_enter(const uint64_t regs[17]): rax..r15 (rsp too),
 * then rip; interrupts on for the block. */
	.globl random_enter
random_enter:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, random_saved_rsp(%rip)
	mov 128(%rdi), %rax
	mov %rax, random_target(%rip)
	mov 0(%rdi), %rax
	mov 8(%rdi), %rcx
	mov 16(%rdi), %rdx
	mov 24(%rdi), %rbx
	mov 32(%rdi), %rsp
	mov 40(%rdi), %rbp
	mov 48(%rdi), %rsi
	mov 64(%rdi), %r8
	mov 72(%rdi), %r9
	mov 80(%rdi), %r10
	mov 88(%rdi), %r11
	mov 96(%rdi), %r12
	mov 104(%rdi), %r13
	mov 112(%rdi), %r14
	mov 120(%rdi), %r15
	mov 56(%rdi), %rdi
	sti
	jmp *random_target(%rip)

	.data
	.align 8
	.globl random_saved_rsp
random_saved_rsp:
	.quad 0
random_target:
	.quad 0

	.section .note.GNU-stack,"",@progbits
