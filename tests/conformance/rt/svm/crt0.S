/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The svm conformance guest's entry (64-bit, CPL0, interrupts off, as the
 * PC hypervisor's LONG64 setup leaves it), its interrupt stubs, and the
 * jumps of the fetch and fault-loop scenarios. The entry first records the
 * registers it was started with (conf_entry[0]: starts, rsp, rbx, rdi,
 * rsi) before it touches any: the reset scenario checks them. Setup and
 * reset leave no IDT: conf_rt_init() loads it at every start.
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
 * conf_rt_jump(gpa, resume): jump to unmapped `gpa`; the host moves the
 * vCPU to conf_rt_fetch_back (axvcpu_set_entry: the mode's state again,
 * no IDT, the GPRs kept), which reloads the IDT and returns to the
 * caller. The caller armed the host with that label.
 */
	.text
	.globl conf_rt_jump, conf_rt_fetch_back
conf_rt_jump:
	jmp *%rdi
conf_rt_fetch_back:
	sub $8, %rsp
	call conf_rt_init
	add $8, %rsp
	ret

/*
 * conf_rt_fault_loop(): every IDT gate at unmapped memory, the stack its
 * own (each delivery pushes a frame), and a jump there: a NestedPageFault
 * the VM layer reflects (#GP), whose delivery faults again, and so on;
 * only the host ends it, moving the vCPU to conf_rt_fault_back, which
 * takes the caller's stack and IDT back.
 */
	.globl conf_rt_fault_loop, conf_rt_fault_back
conf_rt_fault_loop:
	mov %rsp, conf_rt_saved_sp(%rip)
	lidt conf_rt_bad_idtr(%rip)
	mov conf_rt_fault_sp(%rip), %rsp
	jmp *conf_rt_fault_target(%rip)
conf_rt_fault_back:
	mov conf_rt_saved_sp(%rip), %rsp
	sub $8, %rsp
	call conf_rt_init
	add $8, %rsp
	ret

/*
 * One 16-byte stub per vector: a dummy error code where the CPU pushes
 * none, the vector, then the common path, which saves the caller-saved
 * registers and calls conf_rt_trap(frame).
 */
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

	.bss
	.balign 8
conf_rt_saved_sp:
	.quad 0
