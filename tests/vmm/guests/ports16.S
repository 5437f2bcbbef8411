/* Raw real-mode guest: debug-port writes of 1, 2 and 4 bytes must print
 * their bytes, lowest first; accesses that straddle the end of a device
 * (or start where no device is) are open bus as a whole: writes vanish,
 * reads give all ones, and no device sees part of them. Prints
 * "abcdefghijklm\n"; exits (hypercall 0) with a bit per failed check. */
	.code16
	.globl _start
_start:
	xor %bx, %bx
	mov $'a', %al
	out %al, $0xe9
	mov $0x6362, %ax		/* "bc" */
	out %ax, $0xe9
	mov $0x67666564, %eax		/* "defg" */
	out %eax, $0xe9
	mov $0x402, %dx
	mov $0x6b6a6968, %eax		/* "hijk" */
	out %eax, %dx
	mov $0x6d6c, %ax		/* "lm" */
	out %ax, %dx
	/* Inside the debug port's 4-port region but not the port: nothing. */
	mov $'X', %al
	out %al, $0xea
	/* 0xeb..0xee runs past the region's end: nothing printed. */
	mov $0x59595959, %eax
	out %eax, $0xeb
	/* UART scratch register (0x3ff, the UART's last port). */
	mov $0x3ff, %dx
	mov $0x5a, %al
	out %al, %dx
	mov $0xa5a5, %ax		/* 0x3ff..0x400: straddles, dropped */
	out %ax, %dx
	in %dx, %al
	cmp $0x5a, %al
	je 1f
	or $1, %bx			/* the UART saw part of it */
1:	in %dx, %ax			/* straddling read: all ones */
	cmp $0xffff, %ax
	je 2f
	or $2, %bx
2:	mov $0x401, %dx			/* nothing at 0x401, the debug port */
	in %dx, %ax			/* at 0x402: open bus as a whole */
	cmp $0xffff, %ax
	je 3f
	or $4, %bx
3:	mov $0x5a5a, %ax
	out %ax, %dx			/* prints nothing */
	mov $'\n', %al
	out %al, $0xe9
	xor %eax, %eax			/* hypercall 0: exit, status in ebx */
	out %al, $0xec
	hlt
