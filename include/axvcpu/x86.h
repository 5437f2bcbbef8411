/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/x86.h
 * What every x86 backend (kvm, svm, vmx) shares in its public interface:
 * the register numbering of axvcpu_set_gpr()/axvcpu_get_gpr(), the CPU
 * modes a vCPU can be set up in (with the system area the library writes
 * for them), the hypercall convention and the system reasons.
 *
 * Registers: 0..15 are the general registers in x86 encoding order (rax,
 * rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..r15), 16 is rip and 17 rflags.
 * 18 (AXVCPU_X86_REG_READ_DATA) is no CPU register: it is the raw data of
 * the pending read when the backend, not the VM layer, applies it to the
 * guest (an MMIO read into an ALU instruction, an MSR read on kvm...);
 * setting it completes that read, and set/get fail with AXVCPU_EINVAL when
 * there is none. A backend's header says which exits report it.
 *
 * Modes (the setup config's `mode`; the same numbers on every x86
 * backend):
 * - REAL16: 16-bit real mode. CS.base = entry & ~0xffff, CS = base >> 4,
 *   IP = entry & 0xffff (0xfffffff0 gives the reset state F000:FFF0 with
 *   base 0xffff0000; 0x7c00 gives 0000:7C00); other segments 0,
 *   CR0 = 0x60000010. Nothing is written to guest memory. The entry must
 *   be below 4 GiB.
 * - PROT32: 32-bit protected mode, paging off, flat 4 GiB segments from a
 *   GDT the library writes in the system area (CS = AXVCPU_X86_SEL_CODE32,
 *   data AXVCPU_X86_SEL_DATA); EIP = entry. CR4.OSFXSR is set. The entry
 *   and the system area must be below 4 GiB.
 * - LONG64: 64-bit long mode: the same GDT (CS = AXVCPU_X86_SEL_CODE64,
 *   data AXVCPU_X86_SEL_DATA, TR = AXVCPU_X86_SEL_TSS), 4-level page
 *   tables in the system area identity-mapping the first 4 GiB with 2 MiB
 *   pages (writable, executable), EFER = LME|LMA, CR4.PAE, RIP = entry.
 * The system area ([sys, sys + AXVCPU_X86_SYS_AREA_SIZE), page-aligned, in
 * guest RAM) holds the GDT (offset 0), a TSS (0x800), and the PML4, PDPT
 * and four page directories (0x1000..0x6fff); it is rewritten by setup,
 * set_entry and reset in PROT32/LONG64.
 *
 * Hypercalls (svm: VMMCALL; vmx: VMCALL; kvm: its port doorbell): in
 * 64-bit code nr = rax and args = rdi, rsi, rdx, r10, r8, r9 (the Linux
 * syscall registers); in 16/32-bit code nr = eax and args = ebx, ecx, edx,
 * esi, edi, ebp (zero-extended). axvcpu_set_return_value() writes rax,
 * axvcpu_set_return_error() puts -1 there.
 */
#ifndef AXVCPU_X86_H
#define AXVCPU_X86_H

#include <axvcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Register indices for axvcpu_set_gpr()/axvcpu_get_gpr() on x86. */
enum axvcpu_x86_reg {
	AXVCPU_X86_REG_RAX = 0,
	AXVCPU_X86_REG_RCX = 1,
	AXVCPU_X86_REG_RDX = 2,
	AXVCPU_X86_REG_RBX = 3,
	AXVCPU_X86_REG_RSP = 4,
	AXVCPU_X86_REG_RBP = 5,
	AXVCPU_X86_REG_RSI = 6,
	AXVCPU_X86_REG_RDI = 7,
	AXVCPU_X86_REG_R8 = 8,
	AXVCPU_X86_REG_R9 = 9,
	AXVCPU_X86_REG_R10 = 10,
	AXVCPU_X86_REG_R11 = 11,
	AXVCPU_X86_REG_R12 = 12,
	AXVCPU_X86_REG_R13 = 13,
	AXVCPU_X86_REG_R14 = 14,
	AXVCPU_X86_REG_R15 = 15,
	AXVCPU_X86_REG_RIP = 16,
	AXVCPU_X86_REG_RFLAGS = 17,
	/** The data of the pending read the backend applies itself (see
	 * the top of this header). */
	AXVCPU_X86_REG_READ_DATA = 18,
	/** Number of register indices (the backends' gpr_count). */
	AXVCPU_X86_REG_COUNT = 19,
};

/** CPU modes of the setup config (see the top of this header). */
enum axvcpu_x86_mode {
	/** 16-bit real mode. */
	AXVCPU_X86_MODE_REAL16 = 0,
	/** 32-bit protected mode, flat, paging off. */
	AXVCPU_X86_MODE_PROT32 = 1,
	/** 64-bit long mode, first 4 GiB identity-mapped: the entry (like
	 * every entry) must lie below 4 GiB (else AXVCPU_EINVAL). */
	AXVCPU_X86_MODE_LONG64 = 2,
};

/** GDT selector of the library's system area: 64-bit code (LONG64). */
#define AXVCPU_X86_SEL_CODE64 0x08u
/** GDT selector: flat data (PROT32 and LONG64). */
#define AXVCPU_X86_SEL_DATA 0x10u
/** GDT selector: 32-bit flat code (PROT32). */
#define AXVCPU_X86_SEL_CODE32 0x18u
/** GDT selector: the TSS (TR in PROT32 and LONG64). */
#define AXVCPU_X86_SEL_TSS 0x28u

/** Default guest-physical address of the system area: [0x1000, 0x8000). */
#define AXVCPU_X86_SYS_AREA_DEFAULT 0x1000u
/** Bytes of the system area: GDT+TSS page, PML4, PDPT, 4 PDs. */
#define AXVCPU_X86_SYS_AREA_SIZE 0x7000u

/** system.reason of a SYSTEM_DOWN exit for a triple fault (shutdown). */
#define AXVCPU_X86_SYSTEM_TRIPLE_FAULT 0x100u

/** The x86 exception vectors a backend may raise in the guest. */
enum axvcpu_x86_exception {
	AXVCPU_X86_EXC_DE = 0,  /**< divide error */
	AXVCPU_X86_EXC_DB = 1,  /**< debug */
	AXVCPU_X86_EXC_NMI = 2, /**< non-maskable interrupt */
	AXVCPU_X86_EXC_BP = 3,  /**< breakpoint */
	AXVCPU_X86_EXC_UD = 6,  /**< invalid opcode */
	AXVCPU_X86_EXC_NM = 7,  /**< device not available */
	AXVCPU_X86_EXC_DF = 8,  /**< double fault */
	AXVCPU_X86_EXC_TS = 10, /**< invalid TSS */
	AXVCPU_X86_EXC_NP = 11, /**< segment not present */
	AXVCPU_X86_EXC_SS = 12, /**< stack fault */
	AXVCPU_X86_EXC_GP = 13, /**< general protection */
	AXVCPU_X86_EXC_PF = 14, /**< page fault */
	AXVCPU_X86_EXC_MF = 16, /**< x87 floating-point error */
	AXVCPU_X86_EXC_AC = 17, /**< alignment check */
	AXVCPU_X86_EXC_MC = 18, /**< machine check */
	AXVCPU_X86_EXC_XM = 19, /**< SIMD floating-point */
};

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_X86_H */
