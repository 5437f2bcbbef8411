/* Raw real-mode guest, interrupt driven (run with --irqchip): programs
 * the in-kernel 8259 PIC (IRQ4 -> vector 0x0c), enables the 16550's
 * receive interrupt with OUT2, and sleeps in HLT. Its handler drains the
 * FIFO and echoes each byte until '.', then the guest exits with the
 * number of bytes echoed and the number of interrupts taken in bits 8+. */
	.code16
	.globl _start
_start:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %ss
	mov $0x7000, %sp
	movw $isr, 0x30
	movw $0, 0x32
	mov $0x11, %al		/* ICW1: edge, cascade, ICW4 */
	out %al, $0x20
	mov $0x08, %al		/* ICW2: vectors 0x08..0x0f */
	out %al, $0x21
	mov $0x04, %al		/* ICW3: slave on IRQ2 */
	out %al, $0x21
	mov $0x01, %al		/* ICW4: 8086 mode */
	out %al, $0x21
	mov $0xef, %al		/* OCW1: only IRQ4 unmasked */
	out %al, $0x21
	mov $0x3fa, %dx		/* FCR: FIFO on, trigger 1 */
	mov $0x01, %al
	out %al, %dx
	mov $0x3fc, %dx		/* MCR: DTR, RTS, OUT2 */
	mov $0x0b, %al
	out %al, %dx
	mov $0x3f9, %dx		/* IER: received data available */
	mov $0x01, %al
	out %al, %dx
1:	sti
	hlt
	cli
	cmpb $0, done
	je 1b
	movzbl count, %ebx
	movzbl irqs, %eax
	shl $8, %eax
	or %eax, %ebx
	xor %eax, %eax
	out %al, $0xec
	hlt

isr:
	push %ax
	push %dx
	incb irqs
2:	mov $0x3fd, %dx
	in %dx, %al
	test $0x01, %al
	jz 4f
	mov $0x3f8, %dx
	in %dx, %al
	cmp $'.', %al
	jne 3f
	movb $1, done
	jmp 2b
3:	out %al, %dx
	incb count
	jmp 2b
4:	mov $0x20, %al		/* EOI */
	out %al, $0x20
	pop %dx
	pop %ax
	iret

count:	.byte 0
irqs:	.byte 0
done:	.byte 0
