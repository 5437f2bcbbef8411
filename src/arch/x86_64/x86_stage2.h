/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The x86 stage-2 formats: Intel EPT (ept.c) and AMD NPT (npt.c), pure
 * PTE code, host-tested, for the VMX and SVM backends to come. Each plugs
 * its format into struct axvcpu_stage2_ops with its TLB hook (INVEPT
 * single-context with x86_ept_eptp(); an SVM TLB flush of the ASID at
 * the next VMRUN) and loads the root: the VMCS EPT pointer, the VMCB
 * nCR3.
 */
#ifndef AXVCPU_X86_STAGE2_H
#define AXVCPU_X86_STAGE2_H

#include <axvcpu/backend.h>

/*
 * The 4-level EPT format (48-bit guest-physical addresses): levels 0 or
 * 4, addr_bits up to 48 (AXVCPU_EUNSUPPORTED for 5 levels or more bits,
 * AXVCPU_EINVAL for fewer levels). 1 GiB leaves need
 * IA32_VMX_EPT_VPID_CAP bit 17 and execute-only mappings bit 0: the
 * backend clears leaf_levels bit 2 / refuses such maps where they lack.
 */
int x86_ept_format_fill(unsigned levels, unsigned addr_bits,
			struct axvcpu_stage2_format *out);

/* The EPT pointer for `root`: write-back walks, 4 levels, A/D off. */
uint64_t x86_ept_eptp(axvcpu_hpa_t root);

/*
 * The 4-level NPT format (long-mode page tables walked as user accesses):
 * as x86_ept_format_fill(). 1 GiB leaves need CPUID Page1GB; NX needs
 * the host's EFER.NXE.
 */
int x86_npt_format_fill(unsigned levels, unsigned addr_bits,
			struct axvcpu_stage2_format *out);

/* The VMCB nCR3 for `root` (write-back table walks: PWT = PCD = 0). */
uint64_t x86_npt_ncr3(axvcpu_hpa_t root);

#endif /* AXVCPU_X86_STAGE2_H */
