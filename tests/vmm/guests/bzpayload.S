/* Protected-mode "kernel" of a bzImage built by the test: entered per the
 * 32-bit boot protocol with esi = boot_params. Prints the command line
 * (cmd_line_ptr, 0x228), then the number of e820 entries (0x1e8) as a
 * digit, and exits with status 0 if the boot flag (0x1fe) reads 0xaa55
 * and the first e820 entry is RAM at 0, else 9. Position independent:
 * it only uses addresses it is given. */
	.code32
	.globl _start
_start:
	mov %esi, %ebp
	mov 0x228(%ebp), %esi
	mov $0x3f8, %dx
1:	lodsb
	test %al, %al
	jz 2f
	out %al, %dx
	jmp 1b
2:	mov $' ', %al
	out %al, %dx
	movzbl 0x1e8(%ebp), %eax
	add $'0', %al
	out %al, %dx
	mov $'\n', %al
	out %al, %dx
	mov $9, %ebx
	cmpw $0xaa55, 0x1fe(%ebp)
	jne 3f
	cmpl $0, 0x2d0(%ebp)           /* e820[0].addr */
	jne 3f
	cmpl $1, 0x2e0(%ebp)           /* e820[0].type */
	jne 3f
	xor %ebx, %ebx
3:	xor %eax, %eax
	out %al, $0xec
	hlt
