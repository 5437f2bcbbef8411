/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest image and its device tree, built into the hypervisor (there is
 * no disk). GUEST_ELF and GUEST_DTB are paths given on the command line.
 */
	.section .rodata.guest, "a"
	.balign 16
	.globl hv_guest_elf, hv_guest_elf_end
hv_guest_elf:
	.incbin GUEST_ELF
hv_guest_elf_end:
	.balign 16
	.globl hv_guest_dtb, hv_guest_dtb_end
hv_guest_dtb:
	.incbin GUEST_DTB
hv_guest_dtb_end:
