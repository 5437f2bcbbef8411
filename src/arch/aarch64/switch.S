/* SPDX-License-Identifier: Apache-2.0 */
/*
 * World switch between the EL2 host and an EL1/EL0 guest.
 *
 * a64_switch_run(ctx) saves the host's callee-saved registers and sp in
 * ctx, points VBAR_EL2 at a64_vectors and SP_EL2 at ctx, loads every guest
 * register and erets. The next exception taken to EL2 from the guest lands
 * in a lower-EL vector, which saves the guest's registers through sp
 * (= ctx), records the syndrome and the vector's kind, puts the host's
 * VBAR_EL2, sp and registers back and returns from a64_switch_run as from
 * an ordinary call. The current-EL vectors are only reachable if the host
 * itself faults between the two VBAR_EL2 writes: a hypervisor bug, which
 * stops the CPU (a wfe loop) rather than run on in a broken state.
 */
#include "a64_ctx.h"

#define HOST(n) (A64_CTX_HOST + 8 * (n))

	.section .text.axvcpu_a64_switch, "ax"
	.globl a64_switch_run
	.type a64_switch_run, %function
	.balign 16
a64_switch_run:
	stp x19, x20, [x0, #HOST(0)]
	stp x21, x22, [x0, #HOST(2)]
	stp x23, x24, [x0, #HOST(4)]
	stp x25, x26, [x0, #HOST(6)]
	stp x27, x28, [x0, #HOST(8)]
	stp x29, x30, [x0, #HOST(10)]
	mov x1, sp
	str x1, [x0, #HOST(12)]
	mrs x1, vbar_el2
	str x1, [x0, #A64_CTX_HOST_VBAR]
	adr x1, a64_vectors
	msr vbar_el2, x1
	ldp x1, x2, [x0, #A64_CTX_SP_EL0]
	msr sp_el0, x1
	msr sp_el1, x2
	ldp x1, x2, [x0, #A64_CTX_PC]
	msr elr_el2, x1
	msr spsr_el2, x2
	mov sp, x0
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
	ldr x30, [sp, #240]
	ldp x0, x1, [sp, #0]
	eret
	.size a64_switch_run, . - a64_switch_run

/* Save x0..x30 through sp (= ctx), then the common exit with `kind`. */
.macro guest_exit kind
	stp x0, x1, [sp, #0]
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
	str x30, [sp, #240]
	mov x0, #\kind
	b a64_exit_common
.endm

.macro host_fault
	b a64_host_fault
.endm

	.balign 2048
	.globl a64_vectors
a64_vectors:
	/* Current EL with SP_EL0 */
	.balign 128
	host_fault
	.balign 128
	host_fault
	.balign 128
	host_fault
	.balign 128
	host_fault
	/* Current EL with SP_ELx */
	.balign 128
	host_fault
	.balign 128
	host_fault
	.balign 128
	host_fault
	.balign 128
	host_fault
	/* Lower EL, AArch64 */
	.balign 128
	guest_exit A64_EXC_SYNC
	.balign 128
	guest_exit A64_EXC_IRQ
	.balign 128
	guest_exit A64_EXC_FIQ
	.balign 128
	guest_exit A64_EXC_SERROR
	/* Lower EL, AArch32 (the guest's EL0 may be AArch32) */
	.balign 128
	guest_exit A64_EXC_SYNC
	.balign 128
	guest_exit A64_EXC_IRQ
	.balign 128
	guest_exit A64_EXC_FIQ
	.balign 128
	guest_exit A64_EXC_SERROR

	.balign 128
a64_exit_common:
	str x0, [sp, #A64_CTX_KIND]
	mrs x1, sp_el0
	mrs x2, sp_el1
	stp x1, x2, [sp, #A64_CTX_SP_EL0]
	mrs x1, elr_el2
	mrs x2, spsr_el2
	stp x1, x2, [sp, #A64_CTX_PC]
	mrs x1, esr_el2
	mrs x2, far_el2
	stp x1, x2, [sp, #A64_CTX_ESR]
	mrs x1, hpfar_el2
	str x1, [sp, #A64_CTX_HPFAR]
	mov x0, sp
	ldr x1, [x0, #A64_CTX_HOST_VBAR]
	msr vbar_el2, x1
	ldr x1, [x0, #HOST(12)]
	mov sp, x1
	ldp x19, x20, [x0, #HOST(0)]
	ldp x21, x22, [x0, #HOST(2)]
	ldp x23, x24, [x0, #HOST(4)]
	ldp x25, x26, [x0, #HOST(6)]
	ldp x27, x28, [x0, #HOST(8)]
	ldp x29, x30, [x0, #HOST(10)]
	isb
	ret

a64_host_fault:
	wfe
	b a64_host_fault
