/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The svm conformance guest's jumps of the fetch and fault-loop scenarios
 * (its entry and interrupt stubs are tests/conformance/rt/x86/crt0.S).
 */
	.code64
	.text
/*
 * conf_rt_jump(gpa, resume): jump to unmapped `gpa`; the host moves the
 * vCPU to conf_rt_fetch_back (axvcpu_set_entry: the mode's state again,
 * no IDT, the GPRs kept), which reloads the IDT and returns to the
 * caller. The caller armed the host with that label.
 */
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

	.bss
	.balign 8
conf_rt_saved_sp:
	.quad 0
