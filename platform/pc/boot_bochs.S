/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A disk boot path for the PC hypervisor where no multiboot loader is
 * (bochs: the BIOS boots the first sector of a disk). It hands over
 * exactly what a multiboot v1 loader does, so the hypervisor's 32-bit
 * entry (start.S) is the same: protected mode, flat segments, paging and
 * interrupts off, A20 on, eax = 0x2badb002, ebx = the multiboot
 * information.
 *
 * The disk (built by tools/bochs-disk/bochs_disk.c): sector 0 is this code's
 * first 512 bytes, sectors 1-3 the rest, sector 4 the directory, then
 * the images. The directory lists what to load where (the hypervisor at
 * the address its multiboot header asks, the modules after it, and the
 * multiboot information, prepared by the tool with its strings); here
 * only the memory size is filled in (INT 15h E801). Loads above 1 MiB go
 * through a bounce buffer below it and "unreal" mode (4 GiB segment
 * limits left behind by a trip through protected mode).
 */
#define BOOT 0x7c00
#define DIR (BOOT + 0x800)	/* sector 4 */
#define BOUNCE_SEG 0x2000	/* bounce buffer at 0x20000 */
#define CHUNK 64		/* sectors per BIOS read: 32 KiB */

/* Directory layout (tools/bochs-disk/bochs_disk.c writes it). */
#define DIR_MAGIC 0
#define DIR_ENTRY 4
#define DIR_MBI 8
#define DIR_NLOAD 12
#define DIR_ZERO_START 16
#define DIR_ZERO_END 20
#define DIR_LOADS 24		/* { lba, count, dest } each */

	.code16
	.section .text
	.globl bochs_boot
bochs_boot:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $BOOT, %sp
	ljmp $0, $1f
1:	mov %dl, boot_drive
	/* Sectors 1-4 (the rest of this code and the directory). */
	movl $1, dap_lba
	movw $4, dap_count
	movw $BOOT + 0x200, dap_off
	movw $0, dap_seg
	call read_sectors
	jmp stage2

/* Read dap_count sectors from dap_lba to dap_seg:dap_off (INT 13h AH=42). */
read_sectors:
	mov $dap, %si
	mov boot_drive, %dl
	mov $0x42, %ah
	int $0x13
	jc disk_error
	ret

disk_error:
	mov $msg_disk, %si
	/* fall through */
fatal:
	lodsb
	test %al, %al
	jz 2f
	outb %al, $0xe9
	mov $0x0e, %ah
	mov $7, %bx
	int $0x10
	jmp fatal
2:	hlt
	jmp 2b

msg_disk:	.asciz "boot: disk read error\r\n"

	.align 4
dap:		.byte 16, 0
dap_count:	.word 0
dap_off:	.word 0
dap_seg:	.word 0
dap_lba:	.long 0, 0
boot_drive:	.byte 0

	.org 446
	/* The partition table: none. */
	.org 510
	.byte 0x55, 0xaa

/* ---- sectors 1-3 ------------------------------------------------------ */
stage2:
	cmpl $0x44425841, DIR + DIR_MAGIC	/* "AXBD" */
	mov $msg_dir, %si
	jne fatal
	/* A20 on (the fast gate of port 0x92). */
	inb $0x92, %al
	or $2, %al
	and $0xfe, %al
	outb %al, $0x92
	/* Each load: CHUNK sectors at a time to the bounce buffer, copied on.
	 */
	mov $DIR + DIR_LOADS, %bp
	movzwl DIR + DIR_NLOAD, %ecx
	mov %cx, loads_left
load_next:
	cmpw $0, loads_left
	je loads_done
	mov 0(%bp), %eax
	mov %eax, cur_lba
	mov 4(%bp), %eax
	mov %eax, cur_count
	mov 8(%bp), %eax
	mov %eax, cur_dest
load_chunk:
	mov cur_count, %eax
	test %eax, %eax
	jz load_entry_done
	cmp $CHUNK, %eax
	jbe 3f
	mov $CHUNK, %eax
3:	mov %ax, dap_count
	mov %eax, cur_n
	mov cur_lba, %eax
	mov %eax, dap_lba
	movw $0, dap_off
	movw $BOUNCE_SEG, dap_seg
	call read_sectors
	call unreal
	/* copy cur_n * 512 bytes from 0x20000 to cur_dest */
	mov $BOUNCE_SEG << 4, %esi
	mov cur_dest, %edi
	mov cur_n, %ecx
	shl $9, %ecx
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	cld
	.byte 0x67			/* addr32: esi, edi */
	rep movsb
	mov cur_n, %eax
	add %eax, cur_lba
	sub %eax, cur_count
	shl $9, %eax
	add %eax, cur_dest
	jmp load_chunk
load_entry_done:
	add $12, %bp
	decw loads_left
	jmp load_next
loads_done:
	/* The hypervisor's bss. */
	call unreal
	mov DIR + DIR_ZERO_START, %edi
	mov DIR + DIR_ZERO_END, %ecx
	sub %edi, %ecx
	xor %ax, %ax
	mov %ax, %es
	cld
	.byte 0x67
	rep stosb
	/* Memory above 1 MiB, in KiB, into the multiboot information. */
	xor %cx, %cx
	xor %dx, %dx
	mov $0xe801, %ax
	int $0x15
	jc 5f
	jcxz 4f
	mov %cx, %ax
	mov %dx, %bx
4:	movzwl %ax, %eax
	movzwl %bx, %ebx
	shl $6, %ebx
	add %ebx, %eax
	mov DIR + DIR_MBI, %edi
	xor %cx, %cx
	mov %cx, %es
	mov %eax, %es:8(%edi)
5:	/* The BIOS's 8259 PICs masked (their vectors 8-15 would land on
	 * the hypervisor's exception handlers), protected mode, and the
	 * multiboot entry. */
	cli
	mov $0xff, %al
	outb %al, $0x21
	outb %al, $0xa1
	lgdtl gdtr
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmpl $0x08, $pm32

/* Protected mode and back: DS, ES, FS and GS keep 4 GiB limits. */
unreal:
	cli
	push %ds
	push %es
	lgdtl gdtr
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	jmp 6f
6:	mov $0x10, %bx
	mov %bx, %ds
	mov %bx, %es
	mov %bx, %fs
	mov %bx, %gs
	and $0xfe, %al
	mov %eax, %cr0
	jmp 7f
7:	pop %es
	pop %ds
	xor %bx, %bx
	mov %bx, %fs
	mov %bx, %gs
	ret

	.code32
pm32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	mov %ax, %ss
	mov $BOOT, %esp
	mov DIR + DIR_ENTRY, %ecx
	mov DIR + DIR_MBI, %ebx
	mov $0x2badb002, %eax
	jmp *%ecx

	.code16
	.align 8
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit flat code */
	.quad 0x00cf92000000ffff	/* 0x10: flat data */
gdt_end:
gdtr:
	.word gdt_end - gdt - 1
	.long gdt

msg_dir:	.asciz "boot: no directory in sector 4\r\n"

	.align 4
loads_left:	.word 0
cur_lba:	.long 0
cur_count:	.long 0
cur_dest:	.long 0
cur_n:		.long 0

	.org 0x800
	.section .note.GNU-stack,"",@progbits
