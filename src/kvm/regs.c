/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Registers through the kvm_run sync area: reads are plain loads of what
 * the last exit stored, writes mark the class dirty for the next KVM_RUN.
 */
#include "kvm_internal.h"

#include <string.h>

/* The kvm_regs member for each AXVCPU_KVM_REG_* index. */
static __u64 *regs_slot(struct kvm_regs *r, unsigned reg)
{
	__u64 *const slots[AXVCPU_KVM_REG_READ_DATA] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp,
		&r->rsi, &r->rdi, &r->r8,  &r->r9,  &r->r10, &r->r11,
		&r->r12, &r->r13, &r->r14, &r->r15, &r->rip, &r->rflags,
	};
	return reg < AXVCPU_KVM_REG_READ_DATA ? slots[reg] : 0;
}

/* Where KVM takes the data of the pending read from, and its size. */
static void *regs_read_data(struct kvm_vcpu_arch *a, size_t *len)
{
	struct kvm_run *run = a->run;
	/* The piece of the MMIO read the last exit reported (see exit.c). */
	if (a->last_exit == KVM_EXIT_MMIO && !run->mmio.is_write &&
	    a->mmio_width) {
		*len = a->mmio_width;
		return run->mmio.data + a->mmio_off;
	}
	if (a->last_exit == KVM_EXIT_X86_RDMSR) {
		*len = sizeof(run->msr.data);
		return &run->msr.data;
	}
	return NULL;
}

int kvm_regs_set(struct axvcpu *vcpu, unsigned reg, uint64_t val)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	if (reg == AXVCPU_KVM_REG_READ_DATA) {
		size_t len = 0;
		void *data = regs_read_data(a, &len);
		if (!data)
			return AXVCPU_EINVAL;
		memcpy(data, &val, len); /* little-endian, like the guest */
		return AXVCPU_OK;
	}
	__u64 *slot = regs_slot(&a->run->s.regs.regs, reg);
	if (!slot)
		return AXVCPU_EINVAL;
	*slot = val;
	a->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
	return AXVCPU_OK;
}

int kvm_regs_get(struct axvcpu *vcpu, unsigned reg, uint64_t *val)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	if (reg == AXVCPU_KVM_REG_READ_DATA) {
		size_t len = 0;
		const void *data = regs_read_data(a, &len);
		if (!data)
			return AXVCPU_EINVAL;
		*val = 0;
		memcpy(val, data, len);
		return AXVCPU_OK;
	}
	__u64 *slot = regs_slot(&a->run->s.regs.regs, reg);
	if (!slot)
		return AXVCPU_EINVAL;
	*val = *slot;
	return AXVCPU_OK;
}

int kvm_regs_set_return_value(struct axvcpu *vcpu, uint64_t val)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	/* KVM_EXIT_HYPERCALL takes its result from kvm_run, not rax. */
	if (a->last_exit == KVM_EXIT_HYPERCALL) {
		a->run->hypercall.ret = val;
		return AXVCPU_OK;
	}
	return kvm_regs_set(vcpu, AXVCPU_KVM_REG_RAX, val);
}
