/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The floor of a round trip, for make bench: a hand-written VMRUN ->
 * #VMEXIT loop with nothing of the library in it. The guest of `vmcb`
 * sits on "vmmcall; jmp back" and VMMCALL is intercepted: each pass moves
 * its rip past the VMMCALL (3 bytes) and runs it again. No GPR is saved:
 * the guest touches none, and the host's interrupts stay off (no STI), so
 * nothing preempts the loop.
 */
#define VMCB_RIP 0x578

	.text
/* void hv_floor_run(uint64_t vmcb_pa, void *vmcb, uint64_t n) */
	.globl hv_floor_run
hv_floor_run:
	mov %rdi, %rax
1:	vmrun %rax
	addq $3, VMCB_RIP(%rsi)
	dec %rdx
	jnz 1b
	ret

	.section .note.GNU-stack,"",@progbits
