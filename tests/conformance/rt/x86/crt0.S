/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The x86 conformance guests' entry (64-bit, CPL0, interrupts off, as the
 * backends' LONG64 setup leaves it) and their interrupt stubs (kvm and
 * svm). The entry first records the registers it was started with
 * (conf_entry[0]: starts, rsp, rbx, rdi, rsi) before it touches any: the
 * reset scenario checks them. Setup and reset leave no IDT:
 * conf_rt_init() loads it at every start.
 */
	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	incq conf_entry(%rip)
	mov %rsp, conf_entry+8(%rip)
	mov %rbx, conf_entry+16(%rip)
	mov %rdi, conf_entry+24(%rip)
	mov %rsi, conf_entry+32(%rip)
	lea conf_stack0_top(%rip), %rsp
	call conf_rt_init
	call conf_main
1:	hlt
	jmp 1b

/*
 * One 16-byte stub per vector: a dummy error code where the CPU pushes
 * none, the vector, then the common path, which saves the caller-saved
 * registers and calls conf_rt_trap(frame).
 */
	.text
	.balign 16
	.globl conf_rt_stubs
conf_rt_stubs:
	.set vec, 0
	.rept 256
	.balign 16
	.if vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30
	.else
	pushq $0
	.endif
	pushq $vec
	jmp conf_rt_trap_common
	.set vec, vec + 1
	.endr

conf_rt_trap_common:
	push %rax
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %r8
	push %r9
	push %r10
	push %r11
	mov %rsp, %rdi
	cld
	call conf_rt_trap
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rax
	add $16, %rsp
	iretq
