/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry of the PC test guests: the library's LONG64 mode at 0x100000 with
 * the stack the platform set; the IDT's stubs, 16 bytes apart, and the
 * common path to guest_trap().
 */
	.section .text.entry, "ax"
	.globl _start
_start:
	and $-16, %rsp
	call guest_entry
1:	hlt
	jmp 1b

	.text
	.globl guest_stubs
	.align 16
guest_stubs:
	.set vec, 0
	.rept 256
	.align 16
	.if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17)
	.else
	push $0
	.endif
	push $vec
	jmp trap_common
	.set vec, vec + 1
	.endr

trap_common:
	push %rax
	push %rcx
	push %rdx
	push %rbx
	push %rbp
	push %rsi
	push %rdi
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, %rdi
	mov %rsp, %rbx
	and $-16, %rsp
	call guest_trap
	mov %rbx, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rdi
	pop %rsi
	pop %rbp
	pop %rbx
	pop %rdx
	pop %rcx
	pop %rax
	add $16, %rsp
	iretq

	.section .note.GNU-stack,"",@progbits
