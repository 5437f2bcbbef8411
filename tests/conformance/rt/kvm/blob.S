/* SPDX-License-Identifier: Apache-2.0 */
/* The kvm conformance guest (an ELF), built into the host program. */
	.section .rodata
	.balign 16
	.globl conf_kvm_guest, conf_kvm_guest_end
conf_kvm_guest:
	.incbin CONF_GUEST_ELF
conf_kvm_guest_end:
	.section .note.GNU-stack, "", @progbits
