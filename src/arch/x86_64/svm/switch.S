/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The world switch. VMRUN saves and restores only the host's rax, rsp,
 * rip, rflags, segments and control registers (in the VM_HSAVE_PA page),
 * and loads only the guest's rax, rsp, rip and rflags from the VMCB: the
 * other fourteen GPRs are moved here, between struct x86_regs and the
 * registers. VMLOAD/VMSAVE move FS/GS/TR/LDTR (hidden parts too) and the
 * SYSCALL/SYSENTER/KernelGSBase MSRs of the guest, and give the host its
 * own back. The guest runs with the host's RFLAGS.IF set, so that a host
 * interrupt makes a #VMEXIT; CLGI holds it off until VMRUN, and after
 * the exit interrupts stay off (CLI before STGI).
 */
#include "src/arch/x86_64/x86_regs_asm.h"

	.text

/* void svm_switch_run(struct x86_regs *regs, uint64_t vmcb_pa,
 *                     uint64_t host_vmcb_pa) */
	.globl svm_switch_run
svm_switch_run:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdx		/* host VMCB */
	push %rdi		/* regs */
	mov %rsi, %rax		/* guest VMCB (rax survives VMRUN) */
	clgi
	sti
	X86_REGS_LOAD %rdi
	mov R_RDI(%rdi), %rdi
	vmload %rax
	vmrun %rax
	vmsave %rax
	push %rdi		/* the guest's rdi */
	mov 8(%rsp), %rdi	/* regs */
	X86_REGS_SAVE %rdi
	pop %rcx
	mov %rcx, R_RDI(%rdi)
	cli
	mov 8(%rsp), %rax	/* host VMCB */
	vmload %rax
	stgi
	add $16, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

/* void svm_vmsave(uint64_t pa) */
	.globl svm_vmsave
svm_vmsave:
	mov %rdi, %rax
	vmsave %rax
	ret

	.section .note.GNU-stack,"",@progbits
