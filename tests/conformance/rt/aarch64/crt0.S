/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The aarch64 conformance guest's entries (EL1h) and EL1 vectors. Each
 * entry first records the registers it was started with (conf_entry[cpu]:
 * starts, sp, x19, then the first and second argument) before it touches
 * any: the reset scenario checks them. The boot CPU's arguments are x0
 * and x1; a CPU started with PSCI CPU_ON gets only the context id (x0),
 * so its first argument is its id (MPIDR Aff0) and its second x0.
 */
	.macro record slot, arg0, arg1
	adrp x9, conf_entry + 40 * \slot
	add x9, x9, :lo12:conf_entry + 40 * \slot
	ldr x10, [x9]
	add x10, x10, #1
	str x10, [x9]
	mov x10, sp
	str x10, [x9, #8]
	str x19, [x9, #16]
	str \arg0, [x9, #24]
	str \arg1, [x9, #32]
	.endm

	.macro vectors_on
	adrp x9, conf_vectors
	add x9, x9, :lo12:conf_vectors
	msr vbar_el1, x9
	isb
	.endm

	.section .text.start, "ax"
	.globl _start
_start:
	record 0, x0, x1
	adrp x9, conf_stack0_top
	add sp, x9, :lo12:conf_stack0_top
	vectors_on
	bl conf_main
1:	b 1b

	.globl conf_rt_secondary
	.balign 4
conf_rt_secondary:
	mrs x11, mpidr_el1
	and x11, x11, #0xff
	record 1, x11, x0
	adrp x9, conf_stack1_top
	add sp, x9, :lo12:conf_stack1_top
	vectors_on
	mov x1, x0
	mov x0, x11
	bl conf_secondary_main
1:	b 1b

/* Save what C may clobber; C says where to return. */
.macro vec kind
	.balign 128
	sub sp, sp, #176
	stp x0, x1, [sp, #0]
	stp x2, x3, [sp, #16]
	stp x4, x5, [sp, #32]
	stp x6, x7, [sp, #48]
	stp x8, x9, [sp, #64]
	stp x10, x11, [sp, #80]
	stp x12, x13, [sp, #96]
	stp x14, x15, [sp, #112]
	stp x16, x17, [sp, #128]
	stp x18, x29, [sp, #144]
	str x30, [sp, #160]
	mov x0, #\kind
	b conf_vec_common
.endm

	.balign 2048
	.globl conf_vectors
conf_vectors:
	.irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vec \k
	.endr

conf_vec_common:
	mrs x1, esr_el1
	mrs x2, elr_el1
	mrs x3, far_el1
	bl conf_rt_trap
	msr elr_el1, x0
	ldp x0, x1, [sp, #0]
	ldp x2, x3, [sp, #16]
	ldp x4, x5, [sp, #32]
	ldp x6, x7, [sp, #48]
	ldp x8, x9, [sp, #64]
	ldp x10, x11, [sp, #80]
	ldp x12, x13, [sp, #96]
	ldp x14, x15, [sp, #112]
	ldp x16, x17, [sp, #128]
	ldp x18, x29, [sp, #144]
	ldr x30, [sp, #160]
	add sp, sp, #176
	eret
