/* Raw real-mode guest (loaded at 0x7c00): polls the UART's LSR, prints
 * a line on the 16550 at 0x3f8, reads CMOS register 0x34 (RAM above
 * 16 MiB in 64 KiB units, low byte) and exits with it as status through
 * the hypercall doorbell (eax = 0: exit, ebx = status). */
	.code16
	.globl _start
_start:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov $msg, %si
1:	lodsb
	test %al, %al
	jz 3f
	mov %al, %bl
	mov $0x3fd, %dx
2:	in %dx, %al
	test $0x20, %al
	jz 2b
	mov $0x3f8, %dx
	mov %bl, %al
	out %al, %dx
	jmp 1b
3:	mov $0x34, %al
	out %al, $0x70
	in $0x71, %al
	movzbl %al, %ebx
	xor %eax, %eax
	out %al, $0xec
	hlt
msg:	.asciz "real16: hello from the guest\n"
