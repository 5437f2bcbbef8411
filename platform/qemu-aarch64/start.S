/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry at EL2 from QEMU (-kernel hv.elf, no firmware): the boot CPU at
 * _start, the others at hv_secondary_entry through the PSCI CPU_ON of
 * QEMU (x0 = the context id: unused). Each CPU gets its own stack (SP_EL2,
 * EL2h) and its number in TPIDR_EL2 (the HAL's current_cpu_id); all run
 * with DAIF masked: host code never takes an interrupt, it polls them.
 */
#define HV_STACK_SHIFT 14 /* 16 KiB per CPU */
#define HV_MAX_CPUS 8

	.section .text.start, "ax"
	.globl _start
_start:
	msr daifset, #0xf
	adrp x1, __bss_start
	add x1, x1, :lo12:__bss_start
	adrp x2, __bss_end
	add x2, x2, :lo12:__bss_end
1:	cmp x1, x2
	b.hs 2f
	str xzr, [x1], #8
	b 1b
2:	mov x19, #1
	b hv_cpu_entry

	.globl hv_secondary_entry
	.balign 4
hv_secondary_entry:
	msr daifset, #0xf
	mov x19, #0

hv_cpu_entry:
	msr spsel, #1
	mrs x0, mpidr_el1
	and x0, x0, #0xff
	cmp x0, #HV_MAX_CPUS
	b.hs hv_park
	msr tpidr_el2, x0
	adrp x1, hv_stacks
	add x1, x1, :lo12:hv_stacks
	add x2, x0, #1
	lsl x2, x2, #HV_STACK_SHIFT
	add sp, x1, x2
	adrp x1, hv_host_vectors
	add x1, x1, :lo12:hv_host_vectors
	msr vbar_el2, x1
	isb
	mov x1, x19
	bl hv_cpu_main
hv_park:
	wfe
	b hv_park

/*
 * Host exception vectors: the hypervisor itself faulted (it runs with
 * interrupts masked, so any entry here is a bug): report and stop.
 */
.macro host_vec kind
	.balign 128
	mov x0, #\kind
	mrs x1, esr_el2
	mrs x2, elr_el2
	mrs x3, far_el2
	b hv_trap_fatal
.endm
	.balign 2048
hv_host_vectors:
	host_vec 0
	host_vec 1
	host_vec 2
	host_vec 3
	host_vec 4
	host_vec 5
	host_vec 6
	host_vec 7
	host_vec 8
	host_vec 9
	host_vec 10
	host_vec 11
	host_vec 12
	host_vec 13
	host_vec 14
	host_vec 15

	.section .bss.stacks, "aw", %nobits
	.balign 16
hv_stacks:
	.space HV_MAX_CPUS << HV_STACK_SHIFT
