/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's own page tables, walked in software: to fetch the
 * instruction behind a nested page fault / EPT violation, and to reach the
 * RAM side of an emulated MOVS, INS or OUTS. Every x86 paging mode: none
 * (linear = physical), 32-bit (4 MiB pages with CR4.PSE), PAE, 4-level and
 * 5-level (CR4.LA57). Guest-physical memory is read through the backend's
 * callback, which sees through stage 2. Accessed and dirty bits are not
 * set (the emulated access is the one the hardware faulted on; the guest
 * sees them as the hardware left them). Protection keys, SMEP and SMAP are
 * not checked. Pure and freestanding.
 */
#ifndef AXVCPU_X86_WALK_H
#define AXVCPU_X86_WALK_H

#include "x86_regs.h"

/* Guest-physical memory as the backend sees it through stage 2. */
struct x86_gmem {
	/*
	 * Copy `len` bytes at guest-physical `gpa` (normal RAM only, within
	 * one page) to `buf`; 0, or an error for memory that is not mapped
	 * as RAM (MMIO, unmapped).
	 */
	int (*read)(void *ctx, uint64_t gpa, void *buf, unsigned len);
	/* The same for a write (RAM mapped writable). */
	int (*write)(void *ctx, uint64_t gpa, const void *buf, unsigned len);
	void *ctx;
};

/* Kinds of access (`access` of x86_walk), a bit mask. */
enum x86_walk_access {
	X86_WALK_READ = 0,
	X86_WALK_WRITE = 1u << 0,
	X86_WALK_FETCH = 1u << 1,
	/* A user-mode access (CPL 3, not an implicit supervisor access). */
	X86_WALK_USER = 1u << 2,
	/* Do not check permissions (the instruction fetch the hardware
	 * already made). */
	X86_WALK_NOCHECK = 1u << 3,
};

/* Result of a walk. */
enum x86_walk_result {
	/* Translated. */
	X86_WALK_OK = 0,
	/* The guest's page tables fault: inject #PF with pf_error, CR2 =
	 * the linear address. */
	X86_WALK_PAGE_FAULT,
	/* A page-table entry lies outside RAM: no translation (the backend
	 * reports the access as undecodable). */
	X86_WALK_BAD_TABLE,
};

/* Page-fault error-code bits. */
#define X86_PF_P (1u << 0)
#define X86_PF_W (1u << 1)
#define X86_PF_U (1u << 2)
#define X86_PF_RSVD (1u << 3)
#define X86_PF_I (1u << 4)

/*
 * Translate linear address `la` for `access` with the paging state of
 * `v`. On X86_WALK_OK *gpa is set; on X86_WALK_PAGE_FAULT *pf_error is.
 */
enum x86_walk_result x86_walk(const struct x86_sysview *v,
			      const struct x86_gmem *m, uint64_t la,
			      unsigned access, uint64_t *gpa,
			      uint32_t *pf_error);

/*
 * Copy `len` bytes at linear `la` (which may cross pages) through the
 * guest's paging; like x86_walk() for the result, X86_WALK_BAD_TABLE also
 * when the data itself is not in RAM. *pf_la receives the linear address
 * that faulted.
 */
enum x86_walk_result x86_walk_read(const struct x86_sysview *v,
				   const struct x86_gmem *m, uint64_t la,
				   void *buf, unsigned len, unsigned access,
				   uint32_t *pf_error, uint64_t *pf_la);

/* The same for a write of `len` bytes to linear `la`. */
enum x86_walk_result x86_walk_write(const struct x86_sysview *v,
				    const struct x86_gmem *m, uint64_t la,
				    const void *buf, unsigned len,
				    unsigned access, uint32_t *pf_error,
				    uint64_t *pf_la);

#endif /* AXVCPU_X86_WALK_H */
