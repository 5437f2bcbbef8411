/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The in-kernel devices back to their power-on state for a machine reset:
 * KVM has no reset call for them, so their state is written as a reset
 * leaves it (what firmware then programs again).
 */
#include "kvm_internal.h"

#include <string.h>
#include <sys/ioctl.h>

/* An 8259 after reset: every line masked until ICW1..4 program it. */
static int reset_pic(struct axvcpu_kvm_vm *vm, uint32_t chip)
{
	struct kvm_irqchip c;
	memset(&c, 0, sizeof(c));
	c.chip_id = chip;
	if (ioctl(vm->vm_fd, KVM_GET_IRQCHIP, &c) < 0)
		return AXVCPU_EHW;
	uint8_t elcr_mask = c.chip.pic.elcr_mask;
	memset(&c.chip.pic, 0, sizeof(c.chip.pic));
	c.chip.pic.imr = 0xff;
	c.chip.pic.elcr_mask = elcr_mask;
	return ioctl(vm->vm_fd, KVM_SET_IRQCHIP, &c) < 0 ? AXVCPU_EHW : 0;
}

/* The IOAPIC: id kept, every redirection entry masked. */
static int reset_ioapic(struct axvcpu_kvm_vm *vm)
{
	struct kvm_irqchip c;
	memset(&c, 0, sizeof(c));
	c.chip_id = KVM_IRQCHIP_IOAPIC;
	if (ioctl(vm->vm_fd, KVM_GET_IRQCHIP, &c) < 0)
		return AXVCPU_EHW;
	uint64_t base = c.chip.ioapic.base_address;
	uint32_t id = c.chip.ioapic.id;
	memset(&c.chip.ioapic, 0, sizeof(c.chip.ioapic));
	c.chip.ioapic.base_address = base;
	c.chip.ioapic.id = id;
	for (unsigned i = 0; i < KVM_IOAPIC_NUM_PINS; i++)
		c.chip.ioapic.redirtbl[i].fields.mask = 1;
	return ioctl(vm->vm_fd, KVM_SET_IRQCHIP, &c) < 0 ? AXVCPU_EHW : 0;
}

/* The 8254 as KVM creates it: no mode programmed, gates 0 and 1 high. */
static int reset_pit(struct axvcpu_kvm_vm *vm)
{
	struct kvm_pit_state2 p;
	memset(&p, 0, sizeof(p));
	for (unsigned i = 0; i < 3; i++) {
		p.channels[i].mode = 0xff;
		p.channels[i].gate = i != 2;
	}
	return ioctl(vm->vm_fd, KVM_SET_PIT2, &p) < 0 ? AXVCPU_EHW : 0;
}

int axvcpu_kvm_vm_reset_devices(struct axvcpu_kvm_vm *vm)
{
	if (!vm)
		return AXVCPU_EINVAL;
	if (!vm->irqchip)
		return AXVCPU_OK;
	int err = kvm_vm_devices_make(vm);
	if (!err)
		err = reset_pic(vm, KVM_IRQCHIP_PIC_MASTER);
	if (!err)
		err = reset_pic(vm, KVM_IRQCHIP_PIC_SLAVE);
	if (!err)
		err = reset_ioapic(vm);
	if (!err && (vm->flags & AXVCPU_KVM_VM_PIT))
		err = reset_pit(vm);
	return err;
}
