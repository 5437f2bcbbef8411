/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The riscv64 conformance guest's entries (VS-mode) and trap vector.
 * Each entry first records the registers it was started with
 * (conf_entry[cpu]: starts, sp, s1, a0, a1) before it touches any: the
 * reset scenario checks them.
 */
	.macro record slot
	la t0, conf_entry + 40 * \slot
	ld t1, 0(t0)
	addi t1, t1, 1
	sd t1, 0(t0)
	sd sp, 8(t0)
	sd s1, 16(t0)
	sd a0, 24(t0)
	sd a1, 32(t0)
	.endm

	.section .text.start, "ax"
	.globl _start
_start:
	record 0
	la sp, conf_stack0_top
	la t0, conf_trap_entry
	csrw stvec, t0
	call conf_main
1:	j 1b

/* A CPU started with SBI HSM hart_start: a0 = hart id, a1 = opaque. */
	.globl conf_rt_secondary
	.balign 4
conf_rt_secondary:
	record 1
	la sp, conf_stack1_top
	la t0, conf_trap_entry
	csrw stvec, t0
	call conf_secondary_main
1:	j 1b

/* Save the caller-saved registers; C says where to resume. */
	.balign 4
	.globl conf_trap_entry
conf_trap_entry:
	addi sp, sp, -128
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
	call conf_rt_trap
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
	addi sp, sp, 128
	sret
