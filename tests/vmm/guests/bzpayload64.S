/* Protected-mode part of a 64-bit bzImage built by the test: the 32-bit
 * entry (offset 0) must not be used, the 64-bit entry at offset 0x200 is
 * entered in long mode with rsi = boot_params. It prints "64:" and the
 * command line, then exits with status 0 if XLF_KERNEL_64 (0x236) is set
 * in its zero page, else 9. */
	.code32
	.globl _start
_start:
	ud2			/* the 32-bit entry: not expected here */
	.org 0x200
	.code64
startup_64:
	mov %rsi, %rbp
	mov $0x3f8, %dx
	mov $'6', %al
	out %al, %dx
	mov $'4', %al
	out %al, %dx
	mov $':', %al
	out %al, %dx
	mov 0x228(%rbp), %esi	/* cmd_line_ptr */
1:	lodsb
	test %al, %al
	jz 2f
	out %al, %dx
	jmp 1b
2:	mov $'\n', %al
	out %al, %dx
	mov $9, %edi
	testb $1, 0x236(%rbp)
	jz 3f
	xor %edi, %edi
3:	xor %eax, %eax
	out %al, $0xec
	hlt
