/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Delivering the core's queued vectors before each KVM_RUN: KVM_INTERRUPT
 * when the guest can take one (else ask KVM for the interrupt window), or
 * a fixed MSI to the local APIC when the VM has an in-kernel irqchip.
 */
#include "kvm_internal.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#define MSI_ADDR_BASE 0xfee00000u

static int irq_msi(struct axvcpu *vcpu, uint64_t vector)
{
	struct kvm_msi msi;
	memset(&msi, 0, sizeof(msi));
	msi.address_lo = MSI_ADDR_BASE | (axvcpu_id(vcpu) << 12);
	msi.data = (uint32_t)vector; /* fixed delivery, edge */
	return ioctl(kvm_arch(vcpu)->vm->vm_fd, KVM_SIGNAL_MSI, &msi);
}

static int irq_fail(struct axvcpu_exit *exit, int64_t vector)
{
	kvm_exit_internal(exit, AXVCPU_KVM_INTERNAL_INJECT_FAILED,
			  (uint64_t)vector, (uint64_t)errno);
	return 1;
}

/*
 * With an in-kernel irqchip any thread may send the MSIs (a VM ioctl), so
 * injection does not depend on the kick reaching KVM_RUN. Each vector is
 * cleared before it is sent: concurrent senders never send one twice. A
 * failure is kept for the vCPU's next run to report.
 */
void kvm_irq_send_pending(struct axvcpu *vcpu)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	for (int64_t v = axvcpu_irq_first_pending(vcpu); v >= 0;
	     v = axvcpu_irq_first_pending(vcpu)) {
		if (!axvcpu_irq_clear(vcpu, (uint64_t)v))
			continue;
		if (!a->vm->signal_msi || irq_msi(vcpu, (uint64_t)v) < 0) {
			int64_t none = -1;
			atomic_compare_exchange_strong(&a->irq_failed, &none,
						       v);
			a->irq_errno = errno;
		}
	}
}

/* Returns 1 if *exit was filled with an error, else 0. */
int kvm_irq_prepare(struct axvcpu *vcpu, struct axvcpu_exit *exit)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_run *run = a->run;
	if (a->vm->irqchip) {
		kvm_irq_send_pending(vcpu);
		int64_t failed = atomic_exchange(&a->irq_failed, -1);
		if (failed >= 0) {
			kvm_exit_internal(exit,
					  AXVCPU_KVM_INTERNAL_INJECT_FAILED,
					  (uint64_t)failed,
					  (uint64_t)atomic_load(&a->irq_errno));
			return 1;
		}
		return 0;
	}
	int64_t v = axvcpu_irq_first_pending(vcpu);
	if (v >= 0 && run->ready_for_interrupt_injection && run->if_flag) {
		struct kvm_interrupt irq = { .irq = (uint32_t)v };
		if (ioctl(a->fd, KVM_INTERRUPT, &irq) < 0)
			return irq_fail(exit, v);
		axvcpu_irq_clear(vcpu, (uint64_t)v);
		v = axvcpu_irq_first_pending(vcpu);
	}
	/* One per entry: the rest wait for the next window. */
	run->request_interrupt_window = v >= 0;
	return 0;
}
