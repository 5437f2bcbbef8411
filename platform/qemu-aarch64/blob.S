/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's images, built into the hypervisor (there is no disk):
 * GUEST_IMAGE (a raw image loaded at GUEST_LOAD, or with GUEST_LOAD -1 an
 * ELF), an optional
 * GUEST_INITRD, and one device tree per vCPU count (DTB1..DTB4).
 */
	.section .rodata.guest, "a"
	.balign 8
	.globl hv_guest_load, hv_guest_dtbs
hv_guest_load:
	.quad GUEST_LOAD
hv_guest_dtbs:
	.quad dtb1, dtb2, dtb3, dtb4, dtb_end

	.balign 16
	.globl hv_guest_image, hv_guest_image_end
hv_guest_image:
	.incbin GUEST_IMAGE
hv_guest_image_end:
	.balign 16
	.globl hv_guest_initrd, hv_guest_initrd_end
hv_guest_initrd:
#ifdef GUEST_INITRD
	.incbin GUEST_INITRD
#endif
hv_guest_initrd_end:
	.balign 16
dtb1:
	.incbin DTB1
	.balign 16
dtb2:
	.incbin DTB2
	.balign 16
dtb3:
	.incbin DTB3
	.balign 16
dtb4:
	.incbin DTB4
dtb_end:
