/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The GICv3 virtual CPU interface: injected INTIDs go into list
 * registers, the guest acknowledges and ends them through ICV_* without an
 * exit. The virtual timer's interrupt is hardware-mapped (HW = 1, pINTID
 * 27): the guest's EOI deactivates the physical interrupt, so a timer
 * still firing interrupts again and one the guest quieted stays quiet,
 * with no exit for either.
 */
#include "a64_internal.h"
#include "a64_sysreg.h"

#define LR_CASE(n)                                                             \
	case n:                                                                \
		return SYSREG_R(ich_lr##n##_el2)
uint64_t a64_lr_read(unsigned n)
{
	switch (n) {
		LR_CASE(0);
		LR_CASE(1);
		LR_CASE(2);
		LR_CASE(3);
		LR_CASE(4);
		LR_CASE(5);
		LR_CASE(6);
		LR_CASE(7);
		LR_CASE(8);
		LR_CASE(9);
		LR_CASE(10);
		LR_CASE(11);
		LR_CASE(12);
		LR_CASE(13);
		LR_CASE(14);
		LR_CASE(15);
	default:
		return 0;
	}
}
#undef LR_CASE

#define LR_CASE(n)                                                             \
	case n:                                                                \
		SYSREG_W(ich_lr##n##_el2, v);                                  \
		break
void a64_lr_write(unsigned n, uint64_t v)
{
	switch (n) {
		LR_CASE(0);
		LR_CASE(1);
		LR_CASE(2);
		LR_CASE(3);
		LR_CASE(4);
		LR_CASE(5);
		LR_CASE(6);
		LR_CASE(7);
		LR_CASE(8);
		LR_CASE(9);
		LR_CASE(10);
		LR_CASE(11);
		LR_CASE(12);
		LR_CASE(13);
		LR_CASE(14);
		LR_CASE(15);
	default:
		break;
	}
}
#undef LR_CASE

static void a64_apr_write(unsigned n, uint32_t ap0, uint32_t ap1)
{
	switch (n) {
	case 0:
		SYSREG_W(ich_ap0r0_el2, ap0);
		SYSREG_W(ich_ap1r0_el2, ap1);
		break;
	case 1:
		SYSREG_W(ich_ap0r1_el2, ap0);
		SYSREG_W(ich_ap1r1_el2, ap1);
		break;
	case 2:
		SYSREG_W(ich_ap0r2_el2, ap0);
		SYSREG_W(ich_ap1r2_el2, ap1);
		break;
	default:
		SYSREG_W(ich_ap0r3_el2, ap0);
		SYSREG_W(ich_ap1r3_el2, ap1);
		break;
	}
}

static void a64_apr_read(unsigned n, uint32_t *ap0, uint32_t *ap1)
{
	switch (n) {
	case 0:
		*ap0 = (uint32_t)SYSREG_R(ich_ap0r0_el2);
		*ap1 = (uint32_t)SYSREG_R(ich_ap1r0_el2);
		break;
	case 1:
		*ap0 = (uint32_t)SYSREG_R(ich_ap0r1_el2);
		*ap1 = (uint32_t)SYSREG_R(ich_ap1r1_el2);
		break;
	case 2:
		*ap0 = (uint32_t)SYSREG_R(ich_ap0r2_el2);
		*ap1 = (uint32_t)SYSREG_R(ich_ap1r2_el2);
		break;
	default:
		*ap0 = (uint32_t)SYSREG_R(ich_ap0r3_el2);
		*ap1 = (uint32_t)SYSREG_R(ich_ap1r3_el2);
		break;
	}
}

void a64_vgic_clear(struct a64_vcpu *v)
{
	/* timer_pending stays: a64_vgic_discard() ends its physical one. */
	v->vgic = (struct a64_vgic){ 0 };
	v->timer_lr = 0;
}

/* End a hardware-mapped interrupt an LR (or timer_pending) holds. */
static uint64_t a64_lr_unmap(uint64_t lr)
{
	if ((lr & LR_HW) && (lr & LR_STATE_MASK)) {
		SYSREG_W(icc_dir_el1, (lr >> LR_PINTID_SHIFT) & 0x1fff);
		lr &= ~(LR_HW | (0x1fffull << LR_PINTID_SHIFT));
	}
	return lr;
}

void a64_vgic_discard(const struct a64_percpu *pc, struct a64_vcpu *v)
{
	for (unsigned i = 0; i < pc->nr_lr; i++) {
		a64_lr_unmap(a64_lr_read(i));
		a64_lr_write(i, 0);
	}
	if (v->timer_pending) {
		SYSREG_W(icc_dir_el1, AXVCPU_AARCH64_VTIMER_PPI);
		v->timer_pending = false;
	}
}

void a64_vgic_load(const struct a64_percpu *pc, struct a64_vcpu *v)
{
	for (unsigned i = 0; i < pc->nr_lr; i++)
		a64_lr_write(i, v->vgic.lr[i]);
	for (unsigned i = 0; i < pc->nr_apr; i++)
		a64_apr_write(i, v->vgic.ap0r[i], v->vgic.ap1r[i]);
	SYSREG_W(ich_vmcr_el2, v->vgic.vmcr);
}

void a64_vgic_save(const struct a64_percpu *pc, struct a64_vcpu *v)
{
	for (unsigned i = 0; i < pc->nr_lr; i++) {
		/*
		 * A hardware-mapped timer interrupt keeps the physical one
		 * active until the guest ends it; elsewhere that would be
		 * never. End it here and keep only the virtual state: if the
		 * timer still fires when the vCPU is back, it is taken again.
		 */
		v->vgic.lr[i] = a64_lr_unmap(a64_lr_read(i));
		a64_lr_write(i, 0);
	}
	for (unsigned i = 0; i < pc->nr_apr; i++) {
		a64_apr_read(i, &v->vgic.ap0r[i], &v->vgic.ap1r[i]);
		a64_apr_write(i, 0, 0);
	}
	v->vgic.vmcr = SYSREG_R(ich_vmcr_el2);
	if (v->timer_pending) {
		SYSREG_W(icc_dir_el1, AXVCPU_AARCH64_VTIMER_PPI);
		v->timer_pending = false;
	}
}

bool a64_vgic_any_pending(const struct a64_percpu *pc)
{
	for (unsigned i = 0; i < pc->nr_lr; i++)
		if (a64_lr_read(i) & LR_STATE_PENDING)
			return true;
	return false;
}

/* The list register holding `intid`, or -1; *free the first empty one. */
static int a64_lr_find(const struct a64_percpu *pc, uint64_t intid, int *free)
{
	uint64_t empty = SYSREG_R(ich_elrsr_el2);
	*free = -1;
	for (unsigned i = 0; i < pc->nr_lr; i++) {
		if (empty >> i & 1) {
			if (*free < 0)
				*free = (int)i;
			continue;
		}
		if ((a64_lr_read(i) & LR_VINTID_MASK) == intid)
			return (int)i;
	}
	return -1;
}

static uint64_t a64_lr_new(uint64_t intid)
{
	return LR_STATE_PENDING | LR_GROUP1 |
	       (uint64_t)AXVCPU_AARCH64_IRQ_PRIORITY << LR_PRIO_SHIFT | intid;
}

/* Put `intid` in a list register (its index in *at); false if full. */
static bool a64_lr_inject_at(const struct a64_percpu *pc, uint64_t intid,
			     bool hw, int *where)
{
	int free, at = a64_lr_find(pc, intid, &free);
	uint64_t hwbits = hw ? LR_HW | (uint64_t)AXVCPU_AARCH64_VTIMER_PPI
					   << LR_PINTID_SHIFT
			     : 0;
	if (at >= 0) {
		uint64_t lr = a64_lr_read((unsigned)at);
		/* Active: pending again (it is an edge); pending: nothing. */
		lr |= LR_STATE_PENDING;
		if (hw)
			lr = (lr & ~(0x1fffull << LR_PINTID_SHIFT)) | hwbits;
		a64_lr_write((unsigned)at, lr);
		*where = at;
		return true;
	}
	if (free < 0)
		return false;
	a64_lr_write((unsigned)free, a64_lr_new(intid) | hwbits);
	*where = free;
	return true;
}

static bool a64_lr_inject(const struct a64_percpu *pc, uint64_t intid, bool hw)
{
	int at;
	return a64_lr_inject_at(pc, intid, hw, &at);
}

/* The timer into a list register, hardware-mapped; remembered there. */
static bool a64_timer_inject(const struct a64_percpu *pc, struct a64_vcpu *v)
{
	int at;
	if (!a64_lr_inject_at(pc, AXVCPU_AARCH64_VTIMER_PPI, true, &at))
		return false;
	v->timer_lr = (uint8_t)(at + 1);
	return true;
}

/*
 * The timer's line is a level: once the guest has quieted it (disabled,
 * masked, moved the deadline) a delivery it has not taken yet must go
 * too, as it would from a real GIC. Only a pending one: an active one is
 * the guest's to end.
 */
static void a64_timer_resample(struct a64_vcpu *v)
{
	unsigned n = v->timer_lr - 1u;
	uint64_t lr = a64_lr_read(n);
	if ((lr & LR_VINTID_MASK) != AXVCPU_AARCH64_VTIMER_PPI ||
	    !(lr & LR_STATE_MASK)) {
		v->timer_lr = 0;
		return;
	}
	uint64_t ctl = SYSREG_R(cntv_ctl_el0);
	bool firing = (ctl & (CNT_ENABLE | CNT_IMASK | CNT_ISTATUS)) ==
		      (CNT_ENABLE | CNT_ISTATUS);
	if ((lr & LR_STATE_MASK) != LR_STATE_PENDING || firing)
		return;
	a64_lr_unmap(lr);
	a64_lr_write(n, 0);
	v->timer_lr = 0;
}

void a64_vgic_timer_fired(const struct a64_percpu *pc, struct a64_vcpu *v)
{
	if (!a64_timer_inject(pc, v))
		v->timer_pending = true;
}

void a64_vgic_sync(struct axvcpu *vcpu, const struct a64_percpu *pc,
		   struct a64_vcpu *v)
{
	bool full = false;
	if (v->timer_lr)
		a64_timer_resample(v);
	if (v->timer_pending) {
		if (a64_timer_inject(pc, v))
			v->timer_pending = false;
		else
			full = true;
	}
	for (unsigned w = 0; w < AXVCPU_MAX_VECTORS / 64 && !full; w++) {
		uint64_t bits = axvcpu_irq_pending_word(vcpu, w);
		while (bits) {
			unsigned b = (unsigned)__builtin_ctzll(bits);
			bits &= bits - 1;
			uint64_t intid = (uint64_t)w * 64 + b;
			if (!a64_lr_inject(pc, intid, false)) {
				full = true;
				break;
			}
			axvcpu_irq_clear(vcpu, intid);
		}
	}
	/*
	 * Full: the maintenance interrupt tells when they drain (at most one
	 * valid left: underflow). "No pending one" would fire for as long as
	 * the guest sits in nested handlers with every one active.
	 */
	uint64_t hcr = ICH_HCR_EN;
	if (full)
		hcr |= pc->nr_lr > 1 ? ICH_HCR_UIE : ICH_HCR_NPIE;
	SYSREG_W(ich_hcr_el2, hcr);
}
