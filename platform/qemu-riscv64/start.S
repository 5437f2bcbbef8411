/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry from OpenSBI in HS-mode: a0 = hart id, a1 = host DTB (boot hart)
 * or the opaque value of SBI hart_start (secondary harts). Each hart gets
 * its own stack; tp holds the hart id (the HAL's current_cpu_id).
 */
#define HV_STACK_SHIFT 14 /* 16 KiB per hart */
#define HV_MAX_HARTS 8

	.section .text.start, "ax"
	.globl _start
_start:
	/* Only the boot hart enters here; clear .bss before any C. */
	la t0, __bss_start
	la t1, __bss_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:	li t2, 1
	j hv_hart_entry

	.globl hv_secondary_entry
	.balign 4
hv_secondary_entry:
	li t2, 0

hv_hart_entry:
	csrw sie, zero
	li t0, HV_MAX_HARTS
	bgeu a0, t0, hv_park
	mv tp, a0
	la sp, hv_stacks
	addi t0, a0, 1
	slli t0, t0, HV_STACK_SHIFT
	add sp, sp, t0
	la t0, hv_trap_host
	csrw stvec, t0
	mv a2, t2
	call hv_hart_main
hv_park:
	wfi
	j hv_park

	.section .bss.stacks, "aw", @nobits
	.balign 16
hv_stacks:
	.space HV_MAX_HARTS << HV_STACK_SHIFT
