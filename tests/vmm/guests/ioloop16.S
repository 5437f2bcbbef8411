/* Raw real-mode guest for `make bench-vmm`: 20000 reads of the UART's
 * LSR (port I/O exits through axvcpu-run's bus, lock and 16550 model),
 * then 20000 reads of an unclaimed port (open bus: no device), then exit. */
	.code16
	.globl _start
_start:
	mov $20000, %cx
	mov $0x3fd, %dx
1:	in %dx, %al
	loop 1b
	mov $20000, %cx
	mov $0x3e0, %dx
2:	in %dx, %al
	loop 2b
	xor %eax, %eax
	xor %ebx, %ebx
	out %al, $0xec
	hlt
