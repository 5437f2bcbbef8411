/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The EL1 vector table of the aarch64 test guests and conformance runtime,
 * as an assembler macro (#include this file, then use it):
 *
 *   el1_vectors NAME, HANDLER
 *
 * emits the 16 vectors at NAME (2 KiB aligned, global). Each saves what C
 * may clobber, calls HANDLER(kind, esr, elr, far) with kind the vector's
 * number, and returns (eret) to the address HANDLER gives.
 */
.macro el1_vector_entry kind, common
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
	b \common
.endm

.macro el1_vectors name, handler
	.balign 2048
	.globl \name
\name:
	.irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	el1_vector_entry \k, \name\()_common
	.endr

\name\()_common:
	mrs x1, esr_el1
	mrs x2, elr_el1
	mrs x3, far_el1
	bl \handler
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
.endm
