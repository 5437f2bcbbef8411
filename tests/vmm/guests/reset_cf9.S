/* Raw real-mode guest that prints "C" on the debug port 0xe9 at every
 * boot, then resets the machine through the reset control register at
 * 0xcf9 with SeaBIOS's sequence: 0x02 (hard reset chosen, no reset yet),
 * then 0x06 (RST_CPU: reset now). */
	.code16
	.globl _start
_start:
	mov $'C', %al
	out %al, $0xe9
	mov $0xcf9, %dx
	mov $0x02, %al
	out %al, %dx
	mov $0x06, %al
	out %al, %dx
1:	hlt
	jmp 1b
