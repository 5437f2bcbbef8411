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
#define R_RCX 8
#define R_RDX 16
#define R_RBX 24
#define R_RBP 40
#define R_RSI 48
#define R_RDI 56
#define R_R8 64
#define R_R9 72
#define R_R10 80
#define R_R11 88
#define R_R12 96
#define R_R13 104
#define R_R14 112
#define R_R15 120

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
	mov R_RCX(%rdi), %rcx
	mov R_RDX(%rdi), %rdx
	mov R_RBX(%rdi), %rbx
	mov R_RBP(%rdi), %rbp
	mov R_RSI(%rdi), %rsi
	mov R_R8(%rdi), %r8
	mov R_R9(%rdi), %r9
	mov R_R10(%rdi), %r10
	mov R_R11(%rdi), %r11
	mov R_R12(%rdi), %r12
	mov R_R13(%rdi), %r13
	mov R_R14(%rdi), %r14
	mov R_R15(%rdi), %r15
	mov R_RDI(%rdi), %rdi
	vmload %rax
	vmrun %rax
	vmsave %rax
	push %rdi		/* the guest's rdi */
	mov 8(%rsp), %rdi	/* regs */
	mov %rcx, R_RCX(%rdi)
	mov %rdx, R_RDX(%rdi)
	mov %rbx, R_RBX(%rdi)
	mov %rbp, R_RBP(%rdi)
	mov %rsi, R_RSI(%rdi)
	mov %r8, R_R8(%rdi)
	mov %r9, R_R9(%rdi)
	mov %r10, R_R10(%rdi)
	mov %r11, R_R11(%rdi)
	mov %r12, R_R12(%rdi)
	mov %r13, R_R13(%rdi)
	mov %r14, R_R14(%rdi)
	mov %r15, R_R15(%rdi)
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

/* void svm_irq_window(void): take one pending host interrupt (the
 * instruction after STI runs before any is recognized). */
	.globl svm_irq_window
svm_irq_window:
	sti
	nop
	cli
	ret

/* void svm_vmsave(uint64_t pa) */
	.globl svm_vmsave
svm_vmsave:
	mov %rdi, %rax
	vmsave %rax
	ret

	.section .note.GNU-stack,"",@progbits
