/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest entry (EL1h, x0 = the DTB) and EL1 vectors. CPU 0 starts at
 * _start; CPUs started with PSCI CPU_ON at guest_secondary_start with
 * x0 = the context id, their stack top.
 */
#include "tests/lib/aarch64_vectors.S"

	.section .text.start, "ax"
	.globl _start
_start:
	adrp x1, __stack_top
	add sp, x1, :lo12:__stack_top
	bl guest_setup
	bl guest_main
	bl guest_shutdown
1:	b 1b

	.globl guest_secondary_start
guest_secondary_start:
	mov sp, x0
	mov x19, x0
	bl guest_setup
	mrs x0, mpidr_el1
	mov x1, x19
	bl guest_secondary_main
1:	b 1b

/* VBAR_EL1, FP/SIMD on (CPACR_EL1.FPEN). */
guest_setup:
	adrp x1, guest_vectors
	add x1, x1, :lo12:guest_vectors
	msr vbar_el1, x1
	mov x1, #(3 << 20)
	msr cpacr_el1, x1
	isb
	ret

/* Save what C may clobber, let C say where to return. */
	el1_vectors guest_vectors, guest_trap
