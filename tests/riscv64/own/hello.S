/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A guest of its own, as a user would write one for `make demo GUEST=`:
 * it relies only on the documented contract (docs/riscv64.md, "Your own
 * guest"): a0 = hart id, a1 = the DTB, the SBI console and shutdown. It
 * prints MESSAGE (a -D string), its hart id and whether a1 points at a
 * device tree, then powers off through SBI SRST. Position-independent
 * (pc-relative addressing only), so it also runs as a raw image.
 */
#ifndef MESSAGE
#define MESSAGE "own guest"
#endif
	.section .text.entry, "ax"
	.globl _start
_start:
	mv s0, a0
	mv s1, a1
	la sp, stack_top
	la a0, msg
	call puts
	addi a0, s0, '0'
	call putc
	/* FDT magic 0xd00dfeed, big-endian: bytes d0 0d fe ed. */
	lbu t0, 0(s1)
	li t1, 0xd0
	bne t0, t1, 1f
	lbu t0, 3(s1)
	li t1, 0xed
	bne t0, t1, 1f
	la a0, dtb_ok
	j 2f
1:	la a0, dtb_bad
2:	call puts
	/* SBI SRST system_reset(shutdown, no reason) */
	li a7, 0x53525354
	li a6, 0
	li a0, 0
	li a1, 0
	ecall
3:	wfi
	j 3b

/* SBI DBCN write_byte(a0) */
putc:
	li a7, 0x4442434e
	li a6, 2
	ecall
	ret

puts:
	addi sp, sp, -16
	sd ra, 0(sp)
	sd s2, 8(sp)
	mv s2, a0
4:	lbu a0, 0(s2)
	beqz a0, 5f
	call putc
	addi s2, s2, 1
	j 4b
5:	ld ra, 0(sp)
	ld s2, 8(sp)
	addi sp, sp, 16
	ret

	.section .rodata
msg:	.ascii MESSAGE
	.asciz ", hart "
dtb_ok:	.asciz ", a1 holds a device tree\n"
dtb_bad: .asciz ", a1 holds no device tree\n"

	.section .bss
	.balign 16
	.space 4096
stack_top:
