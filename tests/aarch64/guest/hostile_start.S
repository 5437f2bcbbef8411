/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The random hostile guest's entry, EL1 vectors and block switch
 * (hostile.c has the rest). Every CPU enters at _start (boot, CPU_ON,
 * reset) and finds its stack from MPIDR_EL1.Aff0. Random blocks run at
 * EL1t or EL0 with their own registers; exceptions come to EL1h on the
 * CPU's own SP_EL1 stack, which the blocks cannot name (only MSR SPSel
 * could switch to it).
 */
#define HS_SCTLR 0x30d00800 /* RES1 bits: MMU, caches, alignment off */
#define FRAME 272
#define CTX_SAVE 272

	.section .text.start, "ax"
	.globl _start
_start:
	msr daifset, #0xf
	mov x19, x0
	mrs x0, mpidr_el1
	and x0, x0, #3
	adrp x2, hostile_stacks
	add x2, x2, :lo12:hostile_stacks
	add x3, x0, #1
	add x2, x2, x3, lsl #14
	mov sp, x2
	movz x2, #(HS_SCTLR & 0xffff)
	movk x2, #(HS_SCTLR >> 16), lsl #16
	msr sctlr_el1, x2
	adrp x2, hostile_vectors
	add x2, x2, :lo12:hostile_vectors
	msr vbar_el1, x2
	mov x2, #(3 << 20)
	msr cpacr_el1, x2
	msr spsel, #1
	isb
	bl hostile_main
1:	b 1b

/*
 * Whatever the block left in SCTLR_EL1 (big-endian data, alignment
 * checks), the handler needs its own: set it before touching memory,
 * with x0 parked in TPIDR_EL1.
 */
.macro vec kind
	.balign 128
	msr tpidr_el1, x0
	movz x0, #(HS_SCTLR & 0xffff)
	movk x0, #(HS_SCTLR >> 16), lsl #16
	msr sctlr_el1, x0
	isb
	mrs x0, tpidr_el1
	sub sp, sp, #FRAME
	stp x0, x1, [sp, #0]
	mov x0, #\kind
	b hostile_vec_common
.endm

	.text
	.balign 2048
	.globl hostile_vectors
hostile_vectors:
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

hostile_vec_common:
	stp x2, x3, [sp, #16]
	stp x4, x5, [sp, #32]
	stp x6, x7, [sp, #48]
	stp x8, x9, [sp, #64]
	stp x10, x11, [sp, #80]
	stp x12, x13, [sp, #96]
	stp x14, x15, [sp, #112]
	stp x16, x17, [sp, #128]
	stp x18, x19, [sp, #144]
	stp x20, x21, [sp, #160]
	stp x22, x23, [sp, #176]
	stp x24, x25, [sp, #192]
	stp x26, x27, [sp, #208]
	stp x28, x29, [sp, #224]
	mrs x1, elr_el1
	stp x30, x1, [sp, #240]
	mrs x1, spsr_el1
	str x1, [sp, #256]
	mov x1, sp
	bl hostile_trap
	cbnz x0, hostile_block_abort
	ldp x30, x1, [sp, #240]
	msr elr_el1, x1
	ldr x1, [sp, #256]
	msr spsr_el1, x1
	ldp x0, x1, [sp, #0]
	ldp x2, x3, [sp, #16]
	ldp x4, x5, [sp, #32]
	ldp x6, x7, [sp, #48]
	ldp x8, x9, [sp, #64]
	ldp x10, x11, [sp, #80]
	ldp x12, x13, [sp, #96]
	ldp x14, x15, [sp, #112]
	ldp x16, x17, [sp, #128]
	ldp x18, x19, [sp, #144]
	ldp x20, x21, [sp, #160]
	ldp x22, x23, [sp, #176]
	ldp x24, x25, [sp, #192]
	ldp x26, x27, [sp, #208]
	ldp x28, x29, [sp, #224]
	add sp, sp, #FRAME
	eret

/*
 * uint64_t hostile_enter(struct hs_ctx *c): run a block with c's
 * registers, SP_EL0, pc and SPSR; returns what hostile_trap() decided
 * when it ended the block (through hostile_block_abort).
 */
	.globl hostile_enter
hostile_enter:
	stp x19, x20, [x0, #CTX_SAVE + 0]
	stp x21, x22, [x0, #CTX_SAVE + 16]
	stp x23, x24, [x0, #CTX_SAVE + 32]
	stp x25, x26, [x0, #CTX_SAVE + 48]
	stp x27, x28, [x0, #CTX_SAVE + 64]
	stp x29, x30, [x0, #CTX_SAVE + 80]
	mov x1, sp
	str x1, [x0, #CTX_SAVE + 96]
	ldr x1, [x0, #248]
	msr sp_el0, x1
	ldr x1, [x0, #256]
	msr elr_el1, x1
	ldr x1, [x0, #264]
	msr spsr_el1, x1
	ldp x2, x3, [x0, #16]
	ldp x4, x5, [x0, #32]
	ldp x6, x7, [x0, #48]
	ldp x8, x9, [x0, #64]
	ldp x10, x11, [x0, #80]
	ldp x12, x13, [x0, #96]
	ldp x14, x15, [x0, #112]
	ldp x16, x17, [x0, #128]
	ldp x18, x19, [x0, #144]
	ldp x20, x21, [x0, #160]
	ldp x22, x23, [x0, #176]
	ldp x24, x25, [x0, #192]
	ldp x26, x27, [x0, #208]
	ldp x28, x29, [x0, #224]
	ldr x30, [x0, #240]
	ldp x0, x1, [x0, #0]
	isb
	eret

/* Back into hostile_enter's caller, x0 = the decision. The context is
 * found from MPIDR_EL1 (the block cannot change it). */
hostile_block_abort:
	mov x9, x0
	mrs x1, mpidr_el1
	and x1, x1, #3
	adrp x2, hostile_ctx
	add x2, x2, :lo12:hostile_ctx
	ldr x0, [x2, x1, lsl #3]
	ldp x19, x20, [x0, #CTX_SAVE + 0]
	ldp x21, x22, [x0, #CTX_SAVE + 16]
	ldp x23, x24, [x0, #CTX_SAVE + 32]
	ldp x25, x26, [x0, #CTX_SAVE + 48]
	ldp x27, x28, [x0, #CTX_SAVE + 64]
	ldp x29, x30, [x0, #CTX_SAVE + 80]
	ldr x1, [x0, #CTX_SAVE + 96]
	mov sp, x1
	mov x0, x9
	ret
