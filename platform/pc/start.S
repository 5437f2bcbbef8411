/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Boot: the multiboot v1 header (a.out kludge: the image is flat), the
 * 32-bit entry that builds page tables (the first 4 GiB identity-mapped
 * with 2 MiB pages, 3.5-4 GiB uncached for the APICs; the first GiB again
 * at -2 GiB for the -mcmodel=kernel code), enters long mode and jumps to
 * hv_main(magic, mbi) on the boot stack. Also the application processors'
 * real-mode trampoline (copied below 1 MiB and started by INIT-SIPI) and
 * the interrupt stubs.
 */
#define KB 0xffffffff80000000
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00010003	/* aligned modules, memory info, a.out kludge */
#define STACK_SIZE 0x10000	/* must match HV_STACK_SIZE in hv.h */
#define MAX_CPUS 8

	.section .multiboot, "a"
	.align 4
mb_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	.long mb_header
	.long __hv_load_start
	.long __hv_load_end
	.long __hv_end_phys
	.long hv_start32

/* ---- page tables and GDT (used where loaded) ------------------------- */
	.section .boot.bss, "aw", @nobits
	.align 4096
	.globl hv_pml4
hv_pml4:	.skip 4096
pdpt_lo:	.skip 4096
pdpt_hi:	.skip 4096
pd_lo:		.skip 4 * 4096

	.section .boot.data, "aw"
	.align 16
	.globl hv_gdt
hv_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00cf9a000000ffff	/* 0x18: 32-bit code */
hv_gdt_end:
	.globl hv_gdtr
hv_gdtr:
	.word hv_gdt_end - hv_gdt - 1
	.quad hv_gdt

/* ---- 32-bit entry ------------------------------------------------------ */
	.section .boot.text, "ax"
	.code32
	.globl hv_start32
hv_start32:
	cli
	mov %eax, %edi		/* multiboot magic */
	mov %ebx, %esi		/* multiboot information */
	/* PML4[0] -> pdpt_lo, PML4[511] -> pdpt_hi */
	movl $pdpt_lo + 3, hv_pml4
	movl $pdpt_hi + 3, hv_pml4 + 511 * 8
	/* pdpt_lo[0..3] -> pd_lo pages; pdpt_hi[510] -> pd_lo (first GiB) */
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $12, %eax
	add $pd_lo + 3, %eax
	mov %eax, pdpt_lo(, %ecx, 8)
	inc %ecx
	cmp $4, %ecx
	jne 1b
	movl $pd_lo + 3, pdpt_hi + 510 * 8
	/* pd_lo[i] = i * 2 MiB | PS | RW | P, PCD|PWT from 3.5 GiB on */
	xor %ecx, %ecx
2:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax
	cmp $1792, %ecx
	jb 3f
	or $0x18, %eax
3:	mov %eax, pd_lo(, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jne 2b
	lgdt hv_gdtr
	mov $hv_pml4, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $0x20, %eax		/* PAE */
	mov %eax, %cr4
	mov $0xc0000080, %ecx
	rdmsr
	or $0x900, %eax		/* LME, NXE */
	wrmsr
	mov %cr0, %eax
	or $0x80000001, %eax	/* PG, PE */
	mov %eax, %cr0
	ljmp $0x08, $long64

	.code64
long64:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	movabs $hv_boot_stack_top, %rsp
	movabs $hv_main, %rax
	call *%rax
4:	cli
	hlt
	jmp 4b

/* ---- application processors -------------------------------------------- */
/*
 * Copied to HV_TRAMPOLINE (0x6000) and entered in real mode at CS = 0x600,
 * IP = 0 by the SIPI: to protected mode with the boot GDT, to long mode
 * with the boot page tables, then hv_ap_main() on the stack C left in
 * hv_tramp_stack. The words at the end are filled in by C.
 */
#define TRAMP 0x6000
#define T(x) (TRAMP + (x - hv_tramp_start))
	.globl hv_tramp_start, hv_tramp_end
	.globl hv_tramp_gdtr, hv_tramp_cr3, hv_tramp_stack, hv_tramp_entry
	.code16
hv_tramp_start:
	cli
	xor %ax, %ax
	mov %ax, %ds
	lgdtl T(hv_tramp_gdtr)
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmpl $0x18, $T(tramp32)
	.code32
tramp32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov T(hv_tramp_cr3), %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $0x20, %eax
	mov %eax, %cr4
	mov $0xc0000080, %ecx
	rdmsr
	or $0x900, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80000001, %eax
	mov %eax, %cr0
	ljmp $0x08, $T(tramp64)
	.code64
tramp64:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov T(hv_tramp_stack), %rsp
	mov T(hv_tramp_entry), %rax
	call *%rax
5:	cli
	hlt
	jmp 5b
	.align 8
hv_tramp_gdtr:	.word 0
		.long 0
	.align 8
hv_tramp_cr3:	.quad 0
hv_tramp_stack:	.quad 0
hv_tramp_entry:	.quad 0
hv_tramp_end:

/* ---- stacks -------------------------------------------------------------- */
	.section .bss
	.align 16
	.globl hv_stacks, hv_boot_stack_top
hv_stacks:
	.skip STACK_SIZE * MAX_CPUS
hv_boot_stack_top = hv_stacks + STACK_SIZE

	.section .note.GNU-stack,"",@progbits
