/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest entry (VS-mode, a0 = hart id, a1 = DTB) and trap vector.
 * Hart 0 starts at _start; harts started through SBI HSM at
 * guest_secondary_start with a1 = their stack top.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	la sp, __stack_top
	la t0, guest_trap_entry
	csrw stvec, t0
	call guest_main
	call guest_shutdown
1:	j 1b

	.globl guest_secondary_start
guest_secondary_start:
	mv sp, a1
	la t0, guest_trap_entry
	csrw stvec, t0
	call guest_secondary_main
1:	j 1b

/* Save the caller-saved registers, let C decide where to resume. */
	.balign 4
	.globl guest_trap_entry
guest_trap_entry:
	addi sp, sp, -144
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
	call guest_trap
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
	addi sp, sp, 144
	sret
