/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Power and reset on KVM. With an in-kernel irqchip a parked vCPU is
 * KVM_MP_STATE_INIT_RECEIVED: KVM_RUN then waits in the kernel for the
 * guest's own INIT/SIPI, and the start is seen after the run returns.
 * Without one, the core holds a parked vCPU Blocked and power_on starts it
 * in real mode at the entry (where a SIPI would: vector << 12).
 */
#include "kvm_internal.h"

#include <string.h>
#include <sys/ioctl.h>

/* Local APIC registers (offsets in the 1 KiB register page). */
#define LAPIC_ID 0x20
#define LAPIC_DFR 0xe0
#define LAPIC_SVR 0xf0
#define LAPIC_LVT_FIRST 0x2f0 /* CMCI; then timer .. error at 0x320-0x370 */
#define LAPIC_LVT_MASKED 0x10000u
#define MSR_APIC_BASE 0x1b
#define APIC_BASE_DEFAULT 0xfee00000ull
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_BSP (1ull << 8)

static int mp_state_set(struct kvm_vcpu_arch *a, uint32_t state)
{
	struct kvm_mp_state mp = { .mp_state = state };
	return ioctl(a->fd, KVM_SET_MP_STATE, &mp) < 0 ? AXVCPU_EHW : 0;
}

int kvm_power_off(struct axvcpu *vcpu)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	if (!a->vm->irqchip)
		return AXVCPU_OK;
	int err = mp_state_set(a, KVM_MP_STATE_INIT_RECEIVED);
	if (err)
		return err;
	a->parked = true;
	return AXVCPU_POWER_PARKED_IN_RUN;
}

int kvm_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg)
{
	(void)arg; /* a SIPI carries none */
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	int err = kvm_mode_set_entry(vcpu, entry);
	if (!err && a->vm->irqchip)
		err = mp_state_set(a, KVM_MP_STATE_RUNNABLE);
	if (!err)
		a->parked = false;
	return err;
}

/* After a run of a vCPU parked in the kernel: has the guest started it? */
void kvm_power_check_started(struct axvcpu *vcpu)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_mp_state mp;
	if (ioctl(a->fd, KVM_GET_MP_STATE, &mp) == 0 &&
	    mp.mp_state == KVM_MP_STATE_RUNNABLE) {
		a->parked = false;
		axvcpu_power_started(vcpu);
	}
}

static void lapic_put(struct kvm_lapic_state *s, unsigned reg, uint32_t v)
{
	memcpy(&s->regs[reg], &v, sizeof(v));
}

/* The local APIC as after a hardware reset: ID kept, software-disabled,
 * every LVT entry masked; APIC base at its default, enabled. */
static int lapic_reset(struct axvcpu *vcpu)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_lapic_state s;
	if (ioctl(a->fd, KVM_GET_LAPIC, &s) < 0)
		return AXVCPU_EHW;
	uint32_t version;
	memcpy(&version, &s.regs[0x30], sizeof(version));
	memset(&s, 0, sizeof(s));
	lapic_put(&s, LAPIC_ID, axvcpu_id(vcpu) << 24);
	lapic_put(&s, 0x30, version);
	lapic_put(&s, LAPIC_DFR, 0xffffffffu);
	lapic_put(&s, LAPIC_SVR, 0xff);
	lapic_put(&s, LAPIC_LVT_FIRST, LAPIC_LVT_MASKED);
	for (unsigned r = 0x320; r <= 0x370; r += 0x10)
		lapic_put(&s, r, LAPIC_LVT_MASKED);
	/* struct kvm_msrs with one entry, laid out by hand (its entries
	 * member is a flexible array). */
	uint64_t msr[(sizeof(struct kvm_msrs) + sizeof(struct kvm_msr_entry)) /
		     sizeof(uint64_t)];
	memset(msr, 0, sizeof(msr));
	struct kvm_msrs *m = (struct kvm_msrs *)msr;
	m->nmsrs = 1;
	m->entries[0].index = MSR_APIC_BASE;
	m->entries[0].data = APIC_BASE_DEFAULT | APIC_BASE_ENABLE |
			     (axvcpu_is_bsp(vcpu) ? APIC_BASE_BSP : 0);
	/* The base first: KVM_SET_LAPIC of an enabled APIC needs it on. */
	if (ioctl(a->fd, KVM_SET_MSRS, m) != 1 ||
	    ioctl(a->fd, KVM_SET_LAPIC, &s) < 0)
		return AXVCPU_EHW;
	return AXVCPU_OK;
}

int kvm_power_reset(struct axvcpu *vcpu)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_fpu fpu;
	memset(&fpu, 0, sizeof(fpu));
	fpu.fcw = 0x37f; /* FNINIT's control word */
	fpu.mxcsr = 0x1f80;
	a->io_active = false;
	a->mmio_active = false;
	a->mmio_width = 0;
	a->parked = false;
	a->last_exit = 0;
	int err = kvm_mode_setup(vcpu, a->boot_entry, &a->boot_cfg);
	if (!err && ioctl(a->fd, KVM_SET_FPU, &fpu) < 0)
		err = AXVCPU_EHW;
	if (!err && a->vm->irqchip)
		err = lapic_reset(vcpu);
	if (!err && a->vm->irqchip)
		err = mp_state_set(a, KVM_MP_STATE_RUNNABLE);
	return err;
}

int kvm_power_set_return_error(struct axvcpu *vcpu, int err)
{
	(void)err;
	/* The doorbell convention has one failure value: -1 in rax. */
	return kvm_regs_set_return_value(vcpu, ~0ull);
}
