/* Raw real-mode guest that never exits: only a kick stops it. */
	.code16
	.globl _start
_start:
	jmp _start
