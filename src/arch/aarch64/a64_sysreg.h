/* SPDX-License-Identifier: Apache-2.0 */
/* System-register access and the bits of them the backend uses. */
#ifndef AXVCPU_A64_SYSREG_H
#define AXVCPU_A64_SYSREG_H

#include <stdint.h>

#define SYSREG_R(name)                                                         \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("mrs %0, " #name : "=r"(v_));                 \
		v_;                                                            \
	})
#define SYSREG_W(name, v)                                                      \
	__asm__ volatile("msr " #name ", %0" ::"r"((uint64_t)(v)) : "memory")

static inline void a64_isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

/* HCR_EL2 */
#define HCR_VM (1ull << 0)
#define HCR_SWIO (1ull << 1)
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_VSE (1ull << 8)
#define HCR_FB (1ull << 9)
#define HCR_BSU_IS (1ull << 10)
#define HCR_TWI (1ull << 13)
#define HCR_TWE (1ull << 14)
#define HCR_TID3 (1ull << 18)
#define HCR_TSC (1ull << 19)
#define HCR_TIDCP (1ull << 20)
#define HCR_TACR (1ull << 21)
#define HCR_RW (1ull << 31)
#define HCR_TLOR (1ull << 35)
#define HCR_TERR (1ull << 36)
#define HCR_APK (1ull << 40)
#define HCR_API (1ull << 41)

/* CPTR_EL2 (E2H = 0): RES1 bits (TZ and TSM among them: SVE and SME
 * trap), TFP, TTA, TAM. */
#define CPTR_RES1 0x33ffull
#define CPTR_TFP (1ull << 10)
#define CPTR_TTA (1ull << 20)
#define CPTR_TAM (1ull << 30)

/* MDCR_EL2: PMU, debug, OS lock, debug ROM, SPE and trace filter trap. */
#define MDCR_TRAPS                                                             \
	((1ull << 5) | (1ull << 6) | (1ull << 9) | (1ull << 10) |              \
	 (1ull << 11) | (1ull << 14) | (1ull << 19))

/* PSTATE / SPSR */
#define PSR_MODE_MASK 0x1full
#define PSR_MODE_EL0T 0x0ull
#define PSR_MODE_EL1T 0x4ull
#define PSR_MODE_EL1H 0x5ull
#define PSR_DAIF (0xfull << 6)
#define PSR_SSBS (1ull << 12)
#define PSR_PAN (1ull << 22)
#define PSR_AARCH32 (1ull << 4)

/* SCTLR_EL1: the RES1 bits of Armv8.0 with the MMU and caches off. */
#define SCTLR_EL1_RESET 0x30d00800ull
#define SCTLR_SPAN (1ull << 23)
#define SCTLR_DSSBS (1ull << 44)

/* CNTV_CTL_EL0 */
#define CNT_ENABLE (1ull << 0)
#define CNT_IMASK (1ull << 1)
#define CNT_ISTATUS (1ull << 2)

/* ICH_LR<n>_EL2 */
#define LR_STATE_PENDING (1ull << 62)
#define LR_STATE_ACTIVE (2ull << 62)
#define LR_STATE_MASK (3ull << 62)
#define LR_HW (1ull << 61)
#define LR_GROUP1 (1ull << 60)
#define LR_PRIO_SHIFT 48
#define LR_PINTID_SHIFT 32
#define LR_VINTID_MASK 0xffffffffull

/* ICH_HCR_EL2 */
#define ICH_HCR_EN (1ull << 0)
#define ICH_HCR_UIE (1ull << 1)
#define ICH_HCR_NPIE (1ull << 3)

/* ESR_EL2 */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_IL (1ull << 25)
#define ESR_ISS(esr) ((esr)&0x1ffffff)
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_FP 0x07
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SERROR 0x2f

/* One list register by number (they have no indexed access). */
uint64_t a64_lr_read(unsigned n);
void a64_lr_write(unsigned n, uint64_t v);

#endif /* AXVCPU_A64_SYSREG_H */
