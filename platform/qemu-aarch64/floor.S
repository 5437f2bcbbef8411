/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The benchmark floor: the cheapest possible guest -> EL2 -> guest round
 * trip, without axvcpu. hv_floor_run(pc, n) enters EL1h at `pc` with
 * x0 = n (the vCPU being run provides stage 2 and the EL1 state); each
 * HVC is answered by floor_vectors with a bare eret (ELR_EL2 already
 * points past it), using only x17. Any other exception (the loop's final
 * SMC) ends the run and returns to the caller.
 */
	.section .text, "ax"
	.globl hv_floor_run
	.type hv_floor_run, %function
	.balign 16
hv_floor_run:
	adrp x2, floor_host
	add x2, x2, :lo12:floor_host
	stp x19, x20, [x2, #0]
	stp x21, x22, [x2, #16]
	stp x23, x24, [x2, #32]
	stp x25, x26, [x2, #48]
	stp x27, x28, [x2, #64]
	stp x29, x30, [x2, #80]
	mov x3, sp
	mrs x4, vbar_el2
	stp x3, x4, [x2, #96]
	adrp x3, floor_vectors
	add x3, x3, :lo12:floor_vectors
	msr vbar_el2, x3
	msr elr_el2, x0
	mov x3, #0x3c5			/* EL1h, DAIF masked */
	msr spsr_el2, x3
	mov x0, x1
	isb
	eret

.macro floor_vec
	.balign 128
	mrs x17, esr_el2
	lsr x17, x17, #26
	cmp x17, #0x16			/* HVC64 */
	b.ne floor_out
	eret
.endm

	.balign 2048
floor_vectors:
	.rept 8
	.balign 128
	b floor_out
	.endr
	floor_vec			/* lower EL AArch64: sync */
	.rept 7
	.balign 128
	b floor_out
	.endr

floor_out:
	adrp x2, floor_host
	add x2, x2, :lo12:floor_host
	ldp x3, x4, [x2, #96]
	mov sp, x3
	msr vbar_el2, x4
	ldp x19, x20, [x2, #0]
	ldp x21, x22, [x2, #16]
	ldp x23, x24, [x2, #32]
	ldp x25, x26, [x2, #48]
	ldp x27, x28, [x2, #64]
	ldp x29, x30, [x2, #80]
	isb
	ret
	.size hv_floor_run, . - hv_floor_run

	.section .bss, "aw", %nobits
	.balign 16
floor_host:
	.space 112
