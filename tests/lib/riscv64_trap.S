/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VS-mode trap entry of the riscv64 test guests and conformance
 * runtime, as an assembler macro (#include this file, then use it):
 *
 *   trap_entry NAME, HANDLER, FRAME
 *
 * emits NAME (4-byte aligned, global): it saves the caller-saved
 * registers in a FRAME-byte frame (at least 128, a multiple of 16), calls
 * HANDLER(scause, sepc, stval) and returns (sret) to the sepc HANDLER
 * gives.
 */
.macro trap_entry name, handler, frame
	.balign 4
	.globl \name
\name:
	addi sp, sp, -\frame
	sd ra, 0(sp)
	sd t0, 8(sp)
	sd t1, 16(sp)
	sd t2, 24(sp)
	sd a0, 32(sp)
	sd a1, 40(sp)
	sd a2, 48(sp)
	sd a3, 56(sp)
	sd a4, 64(sp)
	sd a5, 72(sp)
	sd a6, 80(sp)
	sd a7, 88(sp)
	sd t3, 96(sp)
	sd t4, 104(sp)
	sd t5, 112(sp)
	sd t6, 120(sp)
	csrr a0, scause
	csrr a1, sepc
	csrr a2, stval
	call \handler
	csrw sepc, a0
	ld ra, 0(sp)
	ld t0, 8(sp)
	ld t1, 16(sp)
	ld t2, 24(sp)
	ld a0, 32(sp)
	ld a1, 40(sp)
	ld a2, 48(sp)
	ld a3, 56(sp)
	ld a4, 64(sp)
	ld a5, 72(sp)
	ld a6, 80(sp)
	ld a7, 88(sp)
	ld t3, 96(sp)
	ld t4, 104(sp)
	ld t5, 112(sp)
	ld t6, 120(sp)
	addi sp, sp, \frame
	sret
.endm
