/* SPDX-License-Identifier: Apache-2.0 */
/*
 * FP state instructions for the C code, which is built without SSE
 * (System V: rdi, rsi; 64-bit masks are split into edx:eax).
 */
	.text

/* void x86_fpu_xsave(void *area, uint64_t mask) */
	.globl x86_fpu_xsave
x86_fpu_xsave:
	mov %rsi, %rax
	mov %rsi, %rdx
	shr $32, %rdx
	xsave64 (%rdi)
	ret

/* void x86_fpu_xrstor(const void *area, uint64_t mask) */
	.globl x86_fpu_xrstor
x86_fpu_xrstor:
	mov %rsi, %rax
	mov %rsi, %rdx
	shr $32, %rdx
	xrstor64 (%rdi)
	ret

/* void x86_fpu_fxsave(void *area) */
	.globl x86_fpu_fxsave
x86_fpu_fxsave:
	fxsave64 (%rdi)
	ret

/* void x86_fpu_fxrstor(const void *area) */
	.globl x86_fpu_fxrstor
x86_fpu_fxrstor:
	fxrstor64 (%rdi)
	ret

/* void x86_fpu_xsetbv(uint32_t index, uint64_t value) */
	.globl x86_fpu_xsetbv
x86_fpu_xsetbv:
	mov %edi, %ecx
	mov %rsi, %rax
	mov %rsi, %rdx
	shr $32, %rdx
	xsetbv
	ret

/* uint64_t x86_fpu_xgetbv(uint32_t index) */
	.globl x86_fpu_xgetbv
x86_fpu_xgetbv:
	mov %edi, %ecx
	xgetbv
	shl $32, %rdx
	or %rdx, %rax
	ret

	.section .note.GNU-stack,"",@progbits
