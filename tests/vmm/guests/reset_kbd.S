/* Raw real-mode guest that prints "B" on the debug port 0xe9 at every
 * boot, then resets the machine through the keyboard controller (command
 * 0xfe to port 0x64), as old PC software does. Each reset must start it
 * over: the test counts the boots. */
	.code16
	.globl _start
_start:
	mov $'B', %al
	out %al, $0xe9
	mov $0xfe, %al
	out %al, $0x64
1:	hlt
	jmp 1b
