/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's GICv3 (one security state, as QEMU virt without EL3 has):
 * every interrupt in group 1; per CPU the redistributor wakes and enables
 * the SGIs and PPIs the hypervisor and the backend use (the kick SGI, the
 * maintenance interrupt, the EL2 and virtual timers). Interrupts are
 * acknowledged by polling ICC_IAR1_EL1 (PSTATE.I stays set at EL2) and
 * ended with EOImode 1: priority drop, then deactivation.
 */
#include "hv.h"
#include <axvcpu/aarch64.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ICENABLER 0x0180
#define GICD_IPRIORITYR 0x0400
#define CTLR_GRP1 (1u << 1)
#define CTLR_ARE (1u << 4)
#define CTLR_RWP (1u << 31)

#define GICR_STRIDE 0x20000ul
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000ul
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_IPRIORITYR 0x0400

static volatile uint32_t *reg32(uint64_t a)
{
	return (volatile uint32_t *)a;
}

void hv_gic_init_dist(void)
{
	*reg32(HV_GICD_BASE + GICD_CTLR) = 0;
	while (*reg32(HV_GICD_BASE + GICD_CTLR) & CTLR_RWP)
		;
	unsigned lines = ((*reg32(HV_GICD_BASE + GICD_TYPER) & 0x1f) + 1) * 32;
	for (unsigned i = 32; i < lines; i += 32) {
		*reg32(HV_GICD_BASE + GICD_ICENABLER + i / 8) = ~0u;
		*reg32(HV_GICD_BASE + GICD_IGROUPR + i / 8) = ~0u;
	}
	for (unsigned i = 32; i < lines; i += 4)
		*reg32(HV_GICD_BASE + GICD_IPRIORITYR + i) = 0xa0a0a0a0u;
	*reg32(HV_GICD_BASE + GICD_CTLR) = CTLR_ARE | CTLR_GRP1;
	while (*reg32(HV_GICD_BASE + GICD_CTLR) & CTLR_RWP)
		;
}

void hv_gic_init_cpu(unsigned cpu)
{
	uint64_t rd = HV_GICR_BASE + cpu * GICR_STRIDE;
	uint64_t sgi = rd + GICR_SGI;
	*reg32(rd + GICR_WAKER) &= ~2u;      /* ProcessorSleep */
	while (*reg32(rd + GICR_WAKER) & 4u) /* ChildrenAsleep */
		;
	*reg32(sgi + GICR_IGROUPR0) = ~0u;
	*reg32(sgi + GICR_ICENABLER0) = ~0u;
	for (unsigned i = 0; i < 32; i += 4)
		*reg32(sgi + GICR_IPRIORITYR + i) = 0x80808080u;
	*reg32(sgi + GICR_ISENABLER0) =
	    1u << AXVCPU_AARCH64_KICK_SGI | 1u << AXVCPU_AARCH64_MAINT_PPI |
	    1u << HV_TIMER_PPI | 1u << AXVCPU_AARCH64_VTIMER_PPI;
	__asm__ volatile("msr icc_sre_el2, %0\n isb" ::"r"(0xful));
	__asm__ volatile("msr icc_pmr_el1, %0\n"
			 "msr icc_bpr1_el1, xzr\n"
			 "mrs x9, icc_ctlr_el1\n"
			 "orr x9, x9, #2\n" /* EOImode */
			 "msr icc_ctlr_el1, x9\n"
			 "msr icc_igrpen1_el1, %1\n"
			 "isb" ::"r"(0xfful),
			 "r"(1ul)
			 : "x9");
}

unsigned hv_gic_ack(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(v));
	return (unsigned)(v & 0xffffff);
}

void hv_gic_end(unsigned intid)
{
	__asm__ volatile(
	    "msr icc_eoir1_el1, %0\n msr icc_dir_el1, %0\n isb" ::"r"(
		(uint64_t)intid));
}

void hv_gic_sgi(unsigned cpu, unsigned intid)
{
	/* vCPU N on CPU N; QEMU's MPIDR: Aff0 = N for up to 8 CPUs. */
	uint64_t v = (uint64_t)intid << 24 | (1ull << (cpu % 16)) |
		     (uint64_t)(cpu / 16) << 16;
	__asm__ volatile("dsb ishst\n msr icc_sgi1r_el1, %0\n isb" ::"r"(v));
}
