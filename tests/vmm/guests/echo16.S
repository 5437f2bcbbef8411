/* Raw real-mode guest: echoes what it receives on the 16550 (polling
 * LSR.DR, reading RBR) back on the UART in upper case, until '.', then
 * exits with the number of characters echoed. */
	.code16
	.globl _start
_start:
	cli
	xor %cx, %cx
1:	mov $0x3fd, %dx
2:	in %dx, %al
	test $0x01, %al
	jz 2b
	mov $0x3f8, %dx
	in %dx, %al
	cmp $'.', %al
	je 3f
	cmp $'a', %al
	jb 4f
	cmp $'z', %al
	ja 4f
	sub $0x20, %al
4:	out %al, %dx
	inc %cx
	jmp 1b
3:	movzwl %cx, %ebx
	xor %eax, %eax
	out %al, $0xec
	hlt
