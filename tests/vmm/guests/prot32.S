/* ELF32 guest (prot32 at 1 MiB): prints on the debug port 0x402 and on
 * the UART, reads the debug port's 0xe9 answer, then exits with status
 * 7 if that answer was right (else 8). */
	.code32
	.globl _start
_start:
	mov $msg, %esi
1:	lodsb
	test %al, %al
	jz 2f
	mov $0x3f8, %dx
	out %al, %dx
	mov $0x402, %dx
	out %al, %dx
	jmp 1b
2:	mov $0x402, %dx
	in %dx, %al
	mov $7, %ebx
	cmp $0xe9, %al
	je 3f
	mov $8, %ebx
3:	xor %eax, %eax
	out %al, $0xec
	hlt
	.data
msg:	.asciz "prot32!"
