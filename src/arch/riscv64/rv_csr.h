/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CSR numbers and bits the backend uses. Numbers rather than names because
 * clang 14 does not know every H/Sstc CSR name.
 */
#ifndef AXVCPU_RV_CSR_H
#define AXVCPU_RV_CSR_H

#include <stdint.h>

#define CSR_SSTATUS 0x100
#define CSR_SIE 0x104
#define CSR_STVEC 0x105
#define CSR_SSCRATCH 0x140
#define CSR_SEPC 0x141
#define CSR_SCAUSE 0x142
#define CSR_STVAL 0x143
#define CSR_SIP 0x144
#define CSR_STIMECMP 0x14d
#define CSR_HSTATUS 0x600
#define CSR_HEDELEG 0x602
#define CSR_HIDELEG 0x603
#define CSR_HIE 0x604
#define CSR_HTIMEDELTA 0x605
#define CSR_HCOUNTEREN 0x606
#define CSR_HENVCFG 0x60a
#define CSR_HVICTL 0x609
#define CSR_HTVAL 0x643
#define CSR_HIP 0x644
#define CSR_HVIP 0x645
#define CSR_HTINST 0x64a
#define CSR_HGATP 0x680
#define CSR_VSSTATUS 0x200
#define CSR_VSIE 0x204
#define CSR_VSIP 0x244
#define CSR_VSTVEC 0x205
#define CSR_VSSCRATCH 0x240
#define CSR_VSEPC 0x241
#define CSR_VSCAUSE 0x242
#define CSR_VSTVAL 0x243
#define CSR_VSTIMECMP 0x24d
#define CSR_VSATP 0x280
#define CSR_TIME 0xc01

#define SSTATUS_SIE (1ull << 1)
#define SSTATUS_SPIE (1ull << 5)
#define SSTATUS_SPP (1ull << 8)
#define SSTATUS_FS (3ull << 13)
#define SSTATUS_FS_CLEAN (2ull << 13)
#define SSTATUS_FS_DIRTY (3ull << 13)

#define HSTATUS_GVA (1ull << 6)
#define HSTATUS_SPV (1ull << 7)
#define HSTATUS_SPVP (1ull << 8)
#define HSTATUS_VTW (1ull << 21)

/* hvip / hip / hideleg bits of the VS-level interrupts. */
#define HIP_VSSIP (1ull << 2)
#define HIP_VSTIP (1ull << 6)
#define HIP_VSEIP (1ull << 10)
#define HIP_VS_ALL (HIP_VSSIP | HIP_VSTIP | HIP_VSEIP)

#define HENVCFG_STCE (1ull << 63)

/* hvictl.VTI (Ssaia): VS-mode accesses to sip and sie trap to HS. */
#define HVICTL_VTI (1ull << 30)

#define SCAUSE_IRQ (1ull << 63)

/* Exceptions the guest handles itself, without a world switch. */
#define RV_HEDELEG                                                             \
	((1u << RV_CAUSE_FETCH_MISALIGNED) | (1u << RV_CAUSE_ILLEGAL) |        \
	 (1u << RV_CAUSE_BREAKPOINT) | (1u << RV_CAUSE_LOAD_MISALIGNED) |      \
	 (1u << RV_CAUSE_STORE_MISALIGNED) | (1u << RV_CAUSE_ECALL_U) |        \
	 (1u << RV_CAUSE_FETCH_PAGE) | (1u << RV_CAUSE_LOAD_PAGE) |            \
	 (1u << RV_CAUSE_STORE_PAGE))
/* The part SBI FWFT MISALIGNED_EXC_DELEG switches per vCPU. */
#define RV_HEDELEG_MISALIGNED                                                  \
	((1u << RV_CAUSE_LOAD_MISALIGNED) | (1u << RV_CAUSE_STORE_MISALIGNED))

/* Exception causes (scause, interrupt bit clear). */
enum rv_cause {
	RV_CAUSE_FETCH_MISALIGNED = 0,
	RV_CAUSE_FETCH_ACCESS = 1,
	RV_CAUSE_ILLEGAL = 2,
	RV_CAUSE_BREAKPOINT = 3,
	RV_CAUSE_LOAD_MISALIGNED = 4,
	RV_CAUSE_LOAD_ACCESS = 5,
	RV_CAUSE_STORE_MISALIGNED = 6,
	RV_CAUSE_STORE_ACCESS = 7,
	RV_CAUSE_ECALL_U = 8,
	RV_CAUSE_ECALL_VS = 10,
	RV_CAUSE_FETCH_PAGE = 12,
	RV_CAUSE_LOAD_PAGE = 13,
	RV_CAUSE_STORE_PAGE = 15,
	RV_CAUSE_FETCH_GUEST_PAGE = 20,
	RV_CAUSE_LOAD_GUEST_PAGE = 21,
	RV_CAUSE_VIRTUAL_INSN = 22,
	RV_CAUSE_STORE_GUEST_PAGE = 23,
};

#define csr_read(csr)                                                          \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("csrr %0, " #csr : "=r"(v_)::"memory");       \
		v_;                                                            \
	})
#define csr_write(csr, val)                                                    \
	__asm__ volatile("csrw " #csr ", %0" ::"r"((uint64_t)(val))            \
			 : "memor"                                             \
			   "y")
#define csr_set(csr, val)                                                      \
	__asm__ volatile("csrs " #csr ", %0" ::"r"((uint64_t)(val))            \
			 : "memor"                                             \
			   "y")
#define csr_clear(csr, val)                                                    \
	__asm__ volatile("csrc " #csr ", %0" ::"r"((uint64_t)(val))            \
			 : "memor"                                             \
			   "y")

/* Expand a CSR macro before stringising it. */
#define CSR_R(c) csr_read(c)
#define CSR_W(c, v) csr_write(c, v)
#define CSR_S(c, v) csr_set(c, v)
#define CSR_C(c, v) csr_clear(c, v)

/* hfence.gvma x0, x0: clang 14 has no mnemonic for it. */
static inline void rv_hfence_gvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" ::: "memory");
}

/* hfence.vvma x0, x0: flush the current VMID's VS-stage entries. */
static inline void rv_hfence_vvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" ::: "memory");
}

#endif /* AXVCPU_RV_CSR_H */
