/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host trap vector (traps while the hypervisor itself runs, not the
 * guest). Host code runs with interrupts off, so any trap here is a
 * hypervisor bug: report it and stop QEMU with a failure status.
 */
	.section .text, "ax"
	.globl hv_trap_host
	.balign 4
hv_trap_host:
	csrr a0, scause
	csrr a1, sepc
	csrr a2, stval
	call hv_trap_fatal
1:	j 1b
