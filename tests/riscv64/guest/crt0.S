/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest entry (VS-mode, a0 = hart id, a1 = DTB) and trap vector.
 * Hart 0 starts at _start; harts started through SBI HSM at
 * guest_secondary_start with a1 = their stack top.
 */
#include "tests/lib/riscv64_trap.S"

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
	trap_entry guest_trap_entry, guest_trap, 144
