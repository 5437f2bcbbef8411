/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The RISC-V G-stage formats (stage2.c: pure PTE code, host-tested) and
 * the backend's stage-2 ops (stage2_hw.c: hfence.gvma).
 */
#ifndef AXVCPU_RV_STAGE2_H
#define AXVCPU_RV_STAGE2_H

#include <axvcpu/backend.h>

/*
 * The G-stage format for `cfg` (levels 3: Sv39x4, 4: Sv48x4; 0: from
 * addr_bits, else `hart_levels`), without a TLB hook. AXVCPU_EINVAL for
 * levels or addr_bits no x4 mode has, AXVCPU_EUNSUPPORTED for Sv57x4.
 */
int rv_stage2_format_fill(const struct axvcpu_stage2_config *cfg,
			  unsigned hart_levels,
			  struct axvcpu_stage2_format *out);

/* stage2_hw.c: the riscv64 backend's stage 2 (axvcpu_backend_riscv64). */
extern const struct axvcpu_stage2_ops rv_stage2_ops;

#endif /* AXVCPU_RV_STAGE2_H */
