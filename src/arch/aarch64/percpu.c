/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU enable: what traps to EL2 (HCR_EL2, CPTR_EL2, MDCR_EL2,
 * CNTHCTL_EL2), the GICv3 system-register interface for the host and the
 * guest, and what this CPU offers (VMID width, physical address size,
 * list registers, pointer authentication).
 */
#include "a64_internal.h"
#include "a64_sysreg.h"

/* What every guest runs with; TWE is the vCPU's (setup config). */
#define A64_HCR                                                                \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB |            \
	 HCR_BSU_IS | HCR_TWI | HCR_TID3 | HCR_TSC | HCR_TIDCP | HCR_TACR |    \
	 HCR_RW | HCR_TLOR | HCR_TERR)

/* The physical address sizes ID_AA64MMFR0_EL1.PARange names. */
static const uint8_t a64_pa_sizes[] = { 32, 36, 40, 42, 44, 48, 52 };

int a64_percpu_init(void *percpu, unsigned cpu)
{
	(void)cpu;
	struct a64_percpu *pc = percpu;
	if (((SYSREG_R(CurrentEL) >> 2) & 3) != 2)
		return AXVCPU_EUNSUPPORTED;
	uint64_t pfr0 = SYSREG_R(id_aa64pfr0_el1);
	/* EL1 must be able to run AArch64 ([7:4] 2 or more: both states
	 * count), and the GIC system registers must be there ([27:24]). */
	if (((pfr0 >> 4) & 0xf) == 0 || ((pfr0 >> 24) & 0xf) == 0)
		return AXVCPU_EUNSUPPORTED;
	SYSREG_W(icc_sre_el2, 0xf); /* SRE, DFB, DIB, Enable */
	a64_isb();
	if (!(SYSREG_R(icc_sre_el2) & 1))
		return AXVCPU_EUNSUPPORTED;
	uint64_t vtr = SYSREG_R(ich_vtr_el2);
	pc->nr_lr = (unsigned)(vtr & 0x1f) + 1;
	if (pc->nr_lr > A64_MAX_LR)
		pc->nr_lr = A64_MAX_LR;
	unsigned pre = (unsigned)((vtr >> 26) & 7) + 1;
	pc->nr_apr = pre >= 7 ? 4 : pre == 6 ? 2 : 1;
	uint64_t mmfr1 = SYSREG_R(id_aa64mmfr1_el1);
	pc->vmid_bits = ((mmfr1 >> 4) & 0xf) == 2 ? 16 : 8;
	unsigned pa = (unsigned)(SYSREG_R(id_aa64mmfr0_el1) & 0xf);
	pc->pa_bits = pa < sizeof(a64_pa_sizes) ? a64_pa_sizes[pa] : 48;
	if (pc->pa_bits > 48)
		pc->pa_bits = 48; /* 52 needs FEAT_LPA tables */
	uint64_t isar1 = SYSREG_R(id_aa64isar1_el1);
	/* APA [7:4], API [11:8], GPA [27:24], GPI [31:28]; ISAR2.APA3 is
	 * what -cpu max,pauth-impdef uses, counted too. */
	uint64_t isar2 = SYSREG_R(S3_0_C0_C6_2);
	pc->pauth = (isar1 & 0xff000ff0ull) || ((isar2 >> 12) & 0xf);
	return AXVCPU_OK;
}

int a64_percpu_enable(void *percpu)
{
	struct a64_percpu *pc = percpu;
	pc->hcr = A64_HCR | (pc->pauth ? HCR_APK | HCR_API : 0);
	SYSREG_W(hcr_el2, pc->hcr);
	SYSREG_W(cptr_el2, CPTR_RES1 | CPTR_TFP | CPTR_TTA | CPTR_TAM);
	/* HPMN = 0: no counter is the guest's. */
	SYSREG_W(mdcr_el2, MDCR_TRAPS);
	/* EL1 reads the physical counter; its physical timer traps. */
	SYSREG_W(cnthctl_el2, 1);
	SYSREG_W(cntvoff_el2, 0);
	SYSREG_W(vpidr_el2, SYSREG_R(midr_el1));
	SYSREG_W(icc_sre_el2, 0xf);
	a64_isb();
	SYSREG_W(icc_sre_el1, 0x7);
	/* Priority drop and deactivation apart: the guest deactivates its
	 * hardware-mapped timer interrupt itself. */
	SYSREG_W(icc_ctlr_el1, SYSREG_R(icc_ctlr_el1) | 2);
	SYSREG_W(ich_vmcr_el2, 0);
	for (unsigned i = 0; i < pc->nr_lr; i++)
		a64_lr_write(i, 0);
	SYSREG_W(ich_hcr_el2, ICH_HCR_EN);
	SYSREG_W(vttbr_el2, 0);
	a64_isb();
	__asm__ volatile("dsb ishst\n tlbi alle1\n dsb ish\n isb" ::: "memory");
	pc->vtcr = 0;
	pc->loaded = 0;
	pc->fp_owner = 0;
	pc->last = 0;
	return AXVCPU_OK;
}

int a64_percpu_disable(void *percpu)
{
	struct a64_percpu *pc = percpu;
	SYSREG_W(ich_hcr_el2, 0);
	for (unsigned i = 0; i < pc->nr_lr; i++)
		a64_lr_write(i, 0);
	SYSREG_W(hcr_el2, HCR_RW);
	SYSREG_W(cptr_el2, CPTR_RES1);
	SYSREG_W(mdcr_el2, 0);
	SYSREG_W(cnthctl_el2, 3);
	SYSREG_W(vttbr_el2, 0);
	a64_isb();
	__asm__ volatile("dsb ishst\n tlbi alle1\n dsb ish\n isb" ::: "memory");
	pc->loaded = 0;
	pc->fp_owner = 0;
	pc->last = 0;
	return AXVCPU_OK;
}

unsigned a64_percpu_levels(void *percpu)
{
	/* 4 KiB granule: four levels reach 48 bits; with concatenated
	 * roots fewer do for smaller IPA spaces. */
	(void)percpu;
	return 4;
}
