/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The riscv64 conformance guest's entries (VS-mode) and trap vector.
 * Each entry first records the registers it was started with
 * (conf_entry[cpu]: starts, sp, s1, a0, a1) before it touches any: the
 * reset scenario checks them.
 */
#include "tests/lib/riscv64_trap.S"

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
	trap_entry conf_trap_entry, conf_rt_trap, 128
