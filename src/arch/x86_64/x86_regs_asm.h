/* SPDX-License-Identifier: Apache-2.0 */
/*
 * For the world switches (svm/switch.S, vmx/switch.S): where struct
 * x86_regs keeps each GPR (gpr[n] at 8 * n, AXVCPU_X86_REG_* order), and
 * the moves of the thirteen GPRs neither VMRUN nor VM entry loads:
 * rcx, rdx, rbx, rbp, rsi, r8-r15. rax (VMCB on SVM), rsp (VMCB / VMCS)
 * and rdi (the pointer itself) are each switch's own. Assembly only.
 */
#ifndef AXVCPU_X86_REGS_ASM_H
#define AXVCPU_X86_REGS_ASM_H

#define R_RAX 0
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

/* Assembler macros, not C: */
/* clang-format off */

/* The guest's rcx..r15 (not rax, rsp, rdi) from the x86_regs at \regs. */
.macro X86_REGS_LOAD regs
	mov R_RCX(\regs), %rcx
	mov R_RDX(\regs), %rdx
	mov R_RBX(\regs), %rbx
	mov R_RBP(\regs), %rbp
	mov R_RSI(\regs), %rsi
	mov R_R8(\regs), %r8
	mov R_R9(\regs), %r9
	mov R_R10(\regs), %r10
	mov R_R11(\regs), %r11
	mov R_R12(\regs), %r12
	mov R_R13(\regs), %r13
	mov R_R14(\regs), %r14
	mov R_R15(\regs), %r15
.endm

/* The same registers into the x86_regs at \regs. */
.macro X86_REGS_SAVE regs
	mov %rcx, R_RCX(\regs)
	mov %rdx, R_RDX(\regs)
	mov %rbx, R_RBX(\regs)
	mov %rbp, R_RBP(\regs)
	mov %rsi, R_RSI(\regs)
	mov %r8, R_R8(\regs)
	mov %r9, R_R9(\regs)
	mov %r10, R_R10(\regs)
	mov %r11, R_R11(\regs)
	mov %r12, R_R12(\regs)
	mov %r13, R_R13(\regs)
	mov %r14, R_R14(\regs)
	mov %r15, R_R15(\regs)
.endm

/* clang-format on */

#endif /* AXVCPU_X86_REGS_ASM_H */
