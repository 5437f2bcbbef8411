/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest FP registers. Assembled with F and D enabled, while the C code
 * stays integer-only: the host never touches FP, so only guests' FP state
 * has to be switched (see vcpu.c).
 */
	.section .text.axvcpu_rv_fp, "ax"

	.globl rv_fp_save
	.type rv_fp_save, @function
rv_fp_save:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd f\n, (8 * \n)(a0)
	.endr
	frcsr t0
	sd t0, 256(a0)
	ret
	.size rv_fp_save, . - rv_fp_save

	.globl rv_fp_load
	.type rv_fp_load, @function
rv_fp_load:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld f\n, (8 * \n)(a0)
	.endr
	ld t0, 256(a0)
	fscsr t0
	ret
	.size rv_fp_load, . - rv_fp_load
