/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's images, built into the hypervisor (there is no disk), and
 * where they go (struct hv_guest_cfg in vm.h). Given on the command line:
 * GUEST_IMAGE (ELF or raw), GUEST_LOAD (0: ELF, or raw at the default
 * address), GUEST_DTB and GUEST_DTB_GPA, GUEST_RAM_SIZE, and optionally
 * GUEST_INITRD with GUEST_INITRD_GPA.
 */
#ifndef GUEST_INITRD_GPA
#define GUEST_INITRD_GPA 0
#endif
	.section .rodata.guest, "a"
	.balign 16
	.globl hv_guest_cfg
hv_guest_cfg:
	.quad GUEST_LOAD
	.quad GUEST_DTB_GPA
	.quad GUEST_INITRD_GPA
	.quad GUEST_RAM_SIZE
	.quad GUEST_CPUS
	.quad GUEST_FLASH_BANK
	.quad hv_guest_image, hv_guest_image_end
	.quad hv_guest_dtb, hv_guest_dtb_end
	.quad hv_guest_initrd, hv_guest_initrd_end

	.balign 16
hv_guest_image:
	.incbin GUEST_IMAGE
hv_guest_image_end:
	.balign 16
hv_guest_dtb:
	.incbin GUEST_DTB
hv_guest_dtb_end:
	.balign 16
hv_guest_initrd:
#ifdef GUEST_INITRD
	.incbin GUEST_INITRD
#endif
hv_guest_initrd_end:
