/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest entry (EL1h, x0 = the DTB) and EL1 vectors. CPU 0 starts at
 * _start; CPUs started with PSCI CPU_ON at guest_secondary_start with
 * x0 = the context id, their stack top.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	adrp x1, __stack_top
	add sp, x1, :lo12:__stack_top
	bl guest_setup
	bl guest_main
	bl guest_shutdown
1:	b 1b

	.globl guest_secondary_start
guest_secondary_start:
	mov sp, x0
	mov x19, x0
	bl guest_setup
	mrs x0, mpidr_el1
	mov x1, x19
	bl guest_secondary_main
1:	b 1b

/* VBAR_EL1, FP/SIMD on (CPACR_EL1.FPEN). */
guest_setup:
	adrp x1, guest_vectors
	add x1, x1, :lo12:guest_vectors
	msr vbar_el1, x1
	mov x1, #(3 << 20)
	msr cpacr_el1, x1
	isb
	ret

/* Save what C may clobber, let C say where to return. */
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
	b guest_vec_common
.endm

	.balign 2048
	.globl guest_vectors
guest_vectors:
	vec 0
	vec 1
	vec 2
	vec 3
	vec 4
	vec 5
	vec 6
	vec 7
	vec 8
	vec 9
	vec 10
	vec 11
	vec 12
	vec 13
	vec 14
	vec 15

guest_vec_common:
	mrs x1, esr_el1
	mrs x2, elr_el1
	mrs x3, far_el1
	bl guest_trap
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
