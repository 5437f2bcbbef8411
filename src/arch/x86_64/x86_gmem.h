/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest-physical RAM as the guest sees it, through the library's stage-2
 * tables (NPT or EPT: both 4-level with 2 MiB / 1 GiB leaves at bit 7)
 * walked in software from a vCPU's root: for the x86 layer's instruction
 * fetch, the RAM side of MOVS, INS and OUTS, the system area and the
 * PDPTEs. Only normal RAM is touched: device mappings and entries without
 * the permission refuse. The formats differ only in which bits say what,
 * so a backend names them in a struct x86_gmem_format. Freestanding.
 */
#ifndef AXVCPU_X86_GMEM_H
#define AXVCPU_X86_GMEM_H

#include <axvcpu/types.h>

/* Which bits of an entry say what (a leaf is RAM when every `read` bit,
 * and for a write every `write` bit, is set and `type_mask` bits equal
 * `type_ram`). */
struct x86_gmem_format {
	uint64_t present; /* any of them: the entry is valid */
	uint64_t read;
	uint64_t write;
	uint64_t type_mask;
	uint64_t type_ram;
};

/* Copy `len` bytes within one page at `gpa` under the tables at `root`
 * into `rd`, or from `wr` (the other NULL): 0, AXVCPU_EINVAL for a copy
 * crossing a page, AXVCPU_ENOTFOUND where it is not RAM. */
int x86_gmem_copy(const struct x86_gmem_format *f, axvcpu_hpa_t root,
		  uint64_t gpa, void *rd, const void *wr, unsigned len);

#endif /* AXVCPU_X86_GMEM_H */
