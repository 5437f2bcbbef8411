/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The floor of a VMX round trip, for make bench-vmx: a hand-written
 * VMLAUNCH/VMRESUME -> VM exit loop with nothing of the library in it.
 * The guest of the current VMCS sits on "vmcall; jmp back"; each exit
 * moves its rip past the VMCALL (3 bytes) and enters again. No GPR is
 * saved (the guest touches none); host interrupts stay off.
 */
#define VMCS_GUEST_RIP 0x681e
#define VMCS_HOST_RSP 0x6c14
#define VMCS_HOST_RIP 0x6c16

	.text
/* int hv_vmx_floor_run(uint64_t n): 0, or 1 if an entry failed. */
	.globl hv_vmx_floor_run
hv_vmx_floor_run:
	push %rbx
	push %rbp
	mov %rdi, %rbx
	mov $VMCS_HOST_RSP, %eax
	vmwrite %rsp, %rax
	mov $VMCS_HOST_RIP, %eax
	lea 2f(%rip), %rdx
	vmwrite %rdx, %rax
	vmlaunch
	jmp 9f
1:	vmresume
	jmp 9f
2:	mov $VMCS_GUEST_RIP, %ebp
	vmread %rbp, %rax
	add $3, %rax
	vmwrite %rax, %rbp
	dec %rbx
	jnz 1b
	xor %eax, %eax
	pop %rbp
	pop %rbx
	ret
9:	mov $1, %eax
	pop %rbp
	pop %rbx
	ret

	.section .note.GNU-stack,"",@progbits
