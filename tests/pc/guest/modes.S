/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MMIO and port exits in the modes a 64-bit guest never is in: started by
 * the hypervisor in REAL16 at 0000:7C00, this guest does its accesses in
 * real mode (through a segment, with 16-bit addressing forms), then in
 * 32-bit protected mode (flat, and through a segment with a base), then
 * with 32-bit paging (a 4 MiB page mapping a virtual address to the
 * device). Each exit is announced to the checker (proto.h); hypercalls
 * from 16/32-bit code take nr in eax and ebx ecx edx esi edi ebp.
 */
#include "tests/pc/hv/proto.h"

/* enum axvcpu_exit_reason values (axvcpu/exit.h), for the assembler. */
#define R_IO_READ 6
#define R_IO_WRITE 7
#define R_MMIO_READ 2
#define R_MMIO_WRITE 3
#define R_HYPERCALL 1

	/* nr, then the six arguments in ebx ecx edx esi edi ebp */
	.macro HCALL nr, a0=0, a1=0, a2=0, a3=0, a4=0, a5=0
	mov $\nr, %eax
	mov $\a0, %ebx
	mov $\a1, %ecx
	mov $\a2, %edx
	mov $\a3, %esi
	mov $\a4, %edi
	mov $\a5, %ebp
	vmmcall
	.endm

	.macro EXPECT reason, addr, width, x, flags, name
	HCALL TP_EXPECT, \reason, \addr, \width, \x, \flags, \name
	.endm

	/* TP_CHECK of ebx (already loaded) against `want`. */
	.macro CHECK_EBX want, name
	mov $TP_CHECK, %eax
	mov $\want, %ecx
	xor %edx, %edx
	xor %esi, %esi
	xor %edi, %edi
	mov $\name, %ebp
	vmmcall
	.endm

	.text
	.code16
	.globl _start
_start:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %ss
	mov $0x7000, %sp

	/* ---- real mode ---- */
	EXPECT R_IO_WRITE, TP_PORT, 1, 0x33, 0, n_out16
	mov $0x33, %al
	mov $TP_PORT, %dx
	out %al, %dx

	EXPECT R_IO_READ, TP_PORT, 2, 1, 0, n_in16
	mov $TP_PORT, %dx
	in %dx, %ax
	movzwl %ax, %ebx
	CHECK_EBX 0xcdef, n_in16v

	mov $0xa000, %ax
	mov %ax, %es
	EXPECT R_MMIO_WRITE, 0xa0010, 2, 0x1234, 0, n_rm_store
	movw $0x1234, %es:0x10

	EXPECT R_MMIO_READ, 0xa0020, 2, 3, TP_REGW(2), n_rm_load
	mov %es:0x20, %bx
	movzwl %bx, %ebx
	CHECK_EBX 0xcdef, n_rm_loadv

	EXPECT R_MMIO_WRITE, 0xa0034, 1, 0x77, 0, n_rm_bxsi
	mov $0x10, %bx
	mov $0x20, %si
	movb $0x77, %es:4(%bx, %si)

	EXPECT R_MMIO_WRITE, 0xa0040, 1, 0x5a, 0, n_rm_stos
	EXPECT R_MMIO_WRITE, 0xa0041, 1, 0x5a, 0, n_rm_stos
	mov $0x40, %di
	mov $2, %cx
	mov $0x5a, %al
	cld
	rep stosb
	movzwl %di, %ebx
	CHECK_EBX 0x42, n_rm_stosdi

	EXPECT R_HYPERCALL, 5, 0, 0x4242, 0, n_rm_call
	HCALL 0x4242, 5
	mov %eax, %ebx
	CHECK_EBX 6, n_rm_callv

	/* ---- 32-bit protected mode ---- */
	lgdtl gdt_desc
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmpl $0x08, $pm32

	.code32
pm32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $0x7000, %esp

	EXPECT R_MMIO_READ, TP_MMIO, 4, 1, TP_REGW(4), n_pm_load
	mov $TP_MMIO, %edi
	mov (%edi), %ecx
	mov %ecx, %ebx
	CHECK_EBX 0x89abcdef, n_pm_loadv

	/* FS has base 0x3fff0000: fs:0x10010 is TP_MMIO + 0x10. */
	mov $0x18, %ax
	mov %ax, %fs
	EXPECT R_MMIO_WRITE, TP_MMIO + 0x10, 4, 0xaabbccdd, 0, n_pm_seg
	movl $0xaabbccdd, %fs:0x10010

	EXPECT R_MMIO_READ, TP_MMIO, 2, 0, TP_REGW(4) | TP_SEXT, n_pm_movsx
	mov $TP_MMIO, %edi
	movswl (%edi), %eax
	mov %eax, %ebx
	CHECK_EBX 0xffffcdef, n_pm_movsxv

	/* ---- 32-bit paging: 4 MiB pages (CR4.PSE) ---- */
	mov $0x20000, %edi
	mov $1024, %ecx
	xor %eax, %eax
	rep stosl
	movl $0x00000083, 0x20000	/* 0-4 MiB identity */
	movl $(TP_MMIO | 0x83), 0x20000 + 2 * 4	/* 8 MiB -> the device */
	mov %cr4, %eax
	or $0x10, %eax
	mov %eax, %cr4
	mov $0x20000, %eax
	mov %eax, %cr3
	mov %cr0, %eax
	or $0x80000000, %eax
	mov %eax, %cr0

	EXPECT R_MMIO_READ, TP_MMIO + 8, 4, 3, TP_REGW(4), n_pg_load
	mov 0x00800008, %ebx
	CHECK_EBX 0x89abcdef, n_pg_loadv

	EXPECT R_MMIO_WRITE, TP_MMIO + 0x10c, 2, 0x4321, 0, n_pg_store
	mov $0x00800100, %esi
	movw $0x4321, 0xc(%esi)

	HCALL TP_DONE
1:	hlt
	jmp 1b

	.align 8
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit flat code */
	.quad 0x00cf92000000ffff	/* 0x10: flat data */
	.quad 0x3fcf92ff0000ffff	/* 0x18: data, base 0x3fff0000 */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long gdt

n_out16:	.asciz "real mode: out %al,%dx"
n_in16:		.asciz "real mode: in %dx,%ax"
n_in16v:	.asciz "real mode: ax completed"
n_rm_store:	.asciz "real mode: movw to es:0x10 (a000:0010)"
n_rm_load:	.asciz "real mode: mov es:0x20,%bx: reg 3, width 2"
n_rm_loadv:	.asciz "real mode: bx completed"
n_rm_bxsi:	.asciz "real mode: movb to es:4(%bx,%si)"
n_rm_stos:	.asciz "real mode: rep stosb, one element"
n_rm_stosdi:	.asciz "real mode: di past the string"
n_rm_call:	.asciz "real mode: vmmcall, args from ebx"
n_rm_callv:	.asciz "real mode: eax = the answer"
n_pm_load:	.asciz "prot32: mov (%edi),%ecx"
n_pm_loadv:	.asciz "prot32: ecx completed"
n_pm_seg:	.asciz "prot32: movl to fs:0x10010, fs base 0x3fff0000"
n_pm_movsx:	.asciz "prot32: movswl: sign-extended to 4"
n_pm_movsxv:	.asciz "prot32: eax completed"
n_pg_load:	.asciz "paged32: mov 0x00800008,%ebx (a 4 MiB page)"
n_pg_loadv:	.asciz "paged32: ebx completed"
n_pg_store:	.asciz "paged32: movw to 0xc(%esi)"

	.section .note.GNU-stack,"",@progbits
