/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The benchmark floor: the cheapest possible guest -> HS -> guest round
 * trip, without axvcpu. hv_floor_run(pc, n) enters VS-mode at `pc` with
 * a0 = n (the vCPU being bound provides hgatp and the VS CSRs); each VS
 * ecall is answered by hv_floor_trap with sepc += 4 and sret, using only
 * t6 (parked in sscratch). Any other trap (the loop's final fault) ends
 * the run and returns to the caller.
 */
	.section .text, "ax"
	.globl hv_floor_run
	.balign 4
hv_floor_run:
	la t0, floor_host
	sd ra, 0(t0)
	sd sp, 8(t0)
	sd gp, 16(t0)
	sd tp, 24(t0)
	sd s0, 32(t0)
	sd s1, 40(t0)
	csrr t1, stvec
	sd t1, 48(t0)
	csrr t1, 0x600
	sd t1, 56(t0)
	csrr t1, sstatus
	sd t1, 64(t0)
	li t1, (1 << 7) | (1 << 8)	/* hstatus.SPV | SPVP */
	csrs 0x600, t1
	li t1, 1 << 8			/* sstatus.SPP: VS-mode */
	csrs sstatus, t1
	li t1, 1 << 5			/* SPIE off: no stray SIE after sret */
	csrc sstatus, t1
	la t1, hv_floor_trap
	csrw stvec, t1
	csrw sepc, a0
	mv a0, a1
	sret

	.balign 4
hv_floor_trap:
	csrrw t6, sscratch, t6
	csrr t6, scause
	addi t6, t6, -10
	bnez t6, floor_out
	csrr t6, sepc
	addi t6, t6, 4
	csrw sepc, t6
	csrrw t6, sscratch, t6
	sret

floor_out:
	csrrw t6, sscratch, t6
	la t0, floor_host
	ld ra, 0(t0)
	ld sp, 8(t0)
	ld gp, 16(t0)
	ld tp, 24(t0)
	ld s0, 32(t0)
	ld s1, 40(t0)
	ld t1, 48(t0)
	csrw stvec, t1
	ld t1, 56(t0)
	csrw 0x600, t1
	ld t1, 64(t0)
	csrw sstatus, t1
	ret

	.section .bss, "aw", @nobits
	.balign 8
floor_host:
	.space 72
