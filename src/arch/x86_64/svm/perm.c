/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The permission maps: every I/O port intercepted (the VM layer owns all
 * devices); MSRs per the x86 layer's policy — what the world switch keeps
 * per vCPU (VMCB save area, VMLOAD/VMSAVE) runs in hardware, the rest is
 * intercepted. MSRPM: two bits per MSR (read, write) for 0..0x1fff,
 * 0xc0000000..0xc0001fff and 0xc0010000..0xc0011fff, 2 KiB each; MSRs
 * outside those ranges are always intercepted.
 */
#include "src/arch/x86_64/x86_msr.h"
#include "svm_internal.h"

static const uint32_t perm_ranges[3] = { 0x0u, 0xc0000000u, 0xc0010000u };

static void perm_msr_pass(uint8_t *pm, uint32_t msr, bool write)
{
	for (unsigned r = 0; r < 3; r++) {
		uint32_t off = msr - perm_ranges[r];
		if (off >= 0x2000u)
			continue;
		unsigned bit = 2 * off + (write ? 1 : 0);
		pm[r * 0x800 + bit / 8] &= (uint8_t) ~(1u << (bit % 8));
	}
}

void svm_perm_init(struct svm_vcpu *v)
{
	for (unsigned i = 0; i < SVM_IOPM_FRAMES * AXVCPU_FRAME_SIZE; i++)
		v->iopm[i] = 0xff;
	for (unsigned i = 0; i < SVM_MSRPM_FRAMES * AXVCPU_FRAME_SIZE; i++)
		v->msrpm[i] = 0xff;
	for (unsigned r = 0; r < 3; r++)
		for (uint32_t off = 0; off < 0x2000u; off++) {
			uint32_t msr = perm_ranges[r] + off;
			if (x86_msr_class(msr, false) == X86_MSR_PASS)
				perm_msr_pass(v->msrpm, msr, false);
			if (x86_msr_class(msr, true) == X86_MSR_PASS)
				perm_msr_pass(v->msrpm, msr, true);
		}
}
