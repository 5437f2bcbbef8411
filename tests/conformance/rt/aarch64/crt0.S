/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The aarch64 conformance guest's entries (EL1h) and EL1 vectors. Each
 * entry first records the registers it was started with (conf_entry[cpu]:
 * starts, sp, x19, then the first and second argument) before it touches
 * any: the reset scenario checks them. The boot CPU's arguments are x0
 * and x1; a CPU started with PSCI CPU_ON gets only the context id (x0),
 * so its first argument is its id (MPIDR Aff0) and its second x0.
 */
#include "tests/lib/aarch64_vectors.S"

	.macro record slot, arg0, arg1
	adrp x9, conf_entry + 40 * \slot
	add x9, x9, :lo12:conf_entry + 40 * \slot
	ldr x10, [x9]
	add x10, x10, #1
	str x10, [x9]
	mov x10, sp
	str x10, [x9, #8]
	str x19, [x9, #16]
	str \arg0, [x9, #24]
	str \arg1, [x9, #32]
	.endm

	.macro vectors_on
	adrp x9, conf_vectors
	add x9, x9, :lo12:conf_vectors
	msr vbar_el1, x9
	isb
	.endm

	.section .text.start, "ax"
	.globl _start
_start:
	record 0, x0, x1
	adrp x9, conf_stack0_top
	add sp, x9, :lo12:conf_stack0_top
	vectors_on
	bl conf_main
1:	b 1b

	.globl conf_rt_secondary
	.balign 4
conf_rt_secondary:
	mrs x11, mpidr_el1
	and x11, x11, #0xff
	record 1, x11, x0
	adrp x9, conf_stack1_top
	add sp, x9, :lo12:conf_stack1_top
	vectors_on
	mov x1, x0
	mov x0, x11
	bl conf_secondary_main
1:	b 1b

/* Save what C may clobber; C says where to return. */
	el1_vectors conf_vectors, conf_rt_trap
