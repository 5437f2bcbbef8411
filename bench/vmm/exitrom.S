/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A 64 KiB firmware image whose first instruction ends the run: the
 * cold-start benchmark (make bench-coldstart) times whole processes on it.
 * At the reset vector: the hypercall doorbell of axvcpu-run (port 0xec,
 * eax = 0 at reset: exit status 0), then QEMU's isa-debug-exit at 0xf4
 * for the same image under qemu-system-x86_64 (port 0xec is nothing
 * there).
 */
	.code16
	.section .text
	.fill 0xfff0, 1, 0xff
reset_vector:
	out %al, $0xec
	out %al, $0xf4
1:	hlt
	jmp 1b
	.fill 0x10000 - (. - .text), 1, 0xff
