/* SPDX-License-Identifier: Apache-2.0 */
/* KVM exits -> axvcpu exits, and the completion of read exits. */
#include "kvm_internal.h"

#include <string.h>

void kvm_exit_internal(struct axvcpu_exit *exit, uint64_t code, uint64_t d0,
		       uint64_t d1)
{
	exit->reason = AXVCPU_EXIT_INTERNAL_ERROR;
	exit->internal_error.code = code;
	exit->internal_error.data[0] = d0;
	exit->internal_error.data[1] = d1;
}

static uint64_t exit_load(const void *p, unsigned width)
{
	uint64_t v = 0;
	memcpy(&v, p, width); /* x86 is little-endian, like the guest */
	return v;
}

/* The port doorbell: registers by the code size of the guest's CS. */
static void exit_doorbell(const struct kvm_run *run, struct axvcpu_exit *exit)
{
	const struct kvm_regs *r = &run->s.regs.regs;
	exit->reason = AXVCPU_EXIT_HYPERCALL;
	if (run->s.regs.sregs.cs.l) {
		const uint64_t args[6] = { r->rdi, r->rsi, r->rdx,
					   r->r10, r->r8,  r->r9 };
		exit->hypercall.nr = r->rax;
		memcpy(exit->hypercall.args, args, sizeof(args));
		return;
	}
	const uint64_t args[6] = { r->rbx, r->rcx, r->rdx,
				   r->rsi, r->rdi, r->rbp };
	exit->hypercall.nr = (uint32_t)r->rax;
	for (unsigned i = 0; i < 6; i++)
		exit->hypercall.args[i] = (uint32_t)args[i];
}

void kvm_exit_io_next(struct axvcpu *vcpu, struct axvcpu_exit *exit)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_run *run = a->run;
	uint32_t i = a->io_next++;
	if (a->io_next >= run->io.count)
		a->io_active = false;
	uint8_t *elem = (uint8_t *)run + run->io.data_offset + i * run->io.size;
	if (run->io.direction == KVM_EXIT_IO_OUT) {
		if (run->io.count == 1 &&
		    run->io.port == a->vm->hypercall_port &&
		    !(a->vm->flags & AXVCPU_KVM_VM_NO_HYPERCALL_PORT)) {
			exit_doorbell(run, exit);
			return;
		}
		exit->reason = AXVCPU_EXIT_IO_WRITE;
		exit->io_write.port = run->io.port;
		exit->io_write.width = run->io.size;
		exit->io_write.count = run->io.count;
		exit->io_write.data = exit_load(elem, run->io.size);
		return;
	}
	/* Never hand the guest what an earlier exit left in the buffer. */
	memset(elem, 0, run->io.size);
	a->io_read_index = i;
	exit->reason = AXVCPU_EXIT_IO_READ;
	exit->io_read.port = run->io.port;
	exit->io_read.width = run->io.size;
	exit->io_read.count = run->io.count;
}

static bool exit_io(struct axvcpu *vcpu, struct axvcpu_exit *exit)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	const struct kvm_run *run = a->run;
	unsigned size = run->io.size;
	uint64_t off = run->io.data_offset;
	if (run->io.count == 0)
		return false;
	/*
	 * The element buffer must lie in the mapping and past the kvm_run
	 * header (KVM puts it on its own page). Checked without adding to
	 * data_offset, which a wrap-around would let through to a wild
	 * pointer; a buffer over the header would let the element reads and
	 * the zeroing below rewrite the record being decoded.
	 */
	if ((size != 1 && size != 2 && size != 4) ||
	    off < sizeof(struct kvm_run) || off > a->vm->run_size ||
	    (uint64_t)run->io.count * size > a->vm->run_size - off) {
		kvm_exit_internal(exit, AXVCPU_KVM_INTERNAL_UNKNOWN_EXIT,
				  KVM_EXIT_IO, size);
		return true;
	}
	a->io_active = true;
	a->io_next = 0;
	kvm_exit_io_next(vcpu, exit);
	return true;
}

/* The widest access width (1/2/4/8) that fits in `len` (1..8) bytes. */
static unsigned exit_mmio_piece(unsigned len)
{
	return len >= 8 ? 8 : len >= 4 ? 4 : len >= 2 ? 2 : 1;
}

void kvm_exit_mmio_next(struct axvcpu *vcpu, struct axvcpu_exit *exit)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_run *run = a->run;
	unsigned off = a->mmio_next;
	unsigned width = exit_mmio_piece(run->mmio.len - off);
	a->mmio_off = (uint8_t)off;
	a->mmio_width = (uint8_t)width;
	a->mmio_next = (uint8_t)(off + width);
	a->mmio_active = a->mmio_next < run->mmio.len;
	if (run->mmio.is_write) {
		exit->reason = AXVCPU_EXIT_MMIO_WRITE;
		exit->mmio_write.addr = run->mmio.phys_addr + off;
		exit->mmio_write.width = (uint8_t)width;
		exit->mmio_write.data = exit_load(run->mmio.data + off, width);
		return;
	}
	exit->reason = AXVCPU_EXIT_MMIO_READ;
	exit->mmio_read.addr = run->mmio.phys_addr + off;
	exit->mmio_read.width = (uint8_t)width;
	exit->mmio_read.reg_width = (uint8_t)width; /* KVM extends it */
	exit->mmio_read.sign_ext = false;
	exit->mmio_read.reg = AXVCPU_KVM_REG_READ_DATA;
}

static bool exit_mmio(struct axvcpu *vcpu, struct axvcpu_exit *exit)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_run *run = a->run;
	unsigned len = run->mmio.len;
	a->mmio_width = 0; /* no read data to complete unless valid */
	if (len == 0 || len > sizeof(run->mmio.data)) {
		kvm_exit_internal(exit, AXVCPU_KVM_INTERNAL_UNKNOWN_EXIT,
				  KVM_EXIT_MMIO, len);
		return true;
	}
	if (!run->mmio.is_write)
		memset(run->mmio.data, 0, sizeof(run->mmio.data));
	/*
	 * A guest access that crosses a page boundary reaches us as
	 * fragments of any length 1..8; reporting width 3 would be an
	 * impossible access (the core turns it into an internal error and
	 * the guest's access is lost). Hand it out in legal pieces instead.
	 */
	a->mmio_next = 0;
	kvm_exit_mmio_next(vcpu, exit);
	return true;
}

static bool exit_system_event(const struct kvm_run *run,
			      struct axvcpu_exit *exit)
{
	uint32_t type = run->system_event.type;
	if (type == KVM_SYSTEM_EVENT_WAKEUP)
		return false;
	exit->reason = type == KVM_SYSTEM_EVENT_RESET ? AXVCPU_EXIT_SYSTEM_RESET
						      : AXVCPU_EXIT_SYSTEM_DOWN;
	exit->system.reason = type;
	return true;
}

static bool exit_msr(struct kvm_run *run, struct axvcpu_exit *exit)
{
	run->msr.error = 0;
	if (run->exit_reason == KVM_EXIT_X86_RDMSR) {
		run->msr.data = 0;
		exit->reason = AXVCPU_EXIT_SYSREG_READ;
		exit->sysreg_read.addr = run->msr.index;
		exit->sysreg_read.reg = AXVCPU_KVM_REG_READ_DATA;
	} else {
		exit->reason = AXVCPU_EXIT_SYSREG_WRITE;
		exit->sysreg_write.addr = run->msr.index;
		exit->sysreg_write.value = run->msr.data;
	}
	return true;
}

static bool exit_hypercall(struct kvm_run *run, struct axvcpu_exit *exit)
{
	exit->reason = AXVCPU_EXIT_HYPERCALL;
	exit->hypercall.nr = run->hypercall.nr;
	memcpy(exit->hypercall.args, run->hypercall.args,
	       sizeof(exit->hypercall.args));
	run->hypercall.ret = 0;
	return true;
}

bool kvm_exit_decode(struct axvcpu *vcpu, struct axvcpu_exit *exit)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_run *run = a->run;
	a->last_exit = run->exit_reason;
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		return exit_io(vcpu, exit);
	case KVM_EXIT_MMIO:
		return exit_mmio(vcpu, exit);
	case KVM_EXIT_HLT:
		exit->reason = AXVCPU_EXIT_HALT;
		exit->halt.deadline = UINT64_MAX;
		return true;
	case KVM_EXIT_IRQ_WINDOW_OPEN:
	case KVM_EXIT_INTR:
		return false; /* the run loop injects / rechecks kicks */
	case KVM_EXIT_SHUTDOWN:
		exit->reason = AXVCPU_EXIT_SYSTEM_DOWN;
		exit->system.reason = AXVCPU_KVM_SYSTEM_TRIPLE_FAULT;
		return true;
	case KVM_EXIT_SYSTEM_EVENT:
		return exit_system_event(run, exit);
	case KVM_EXIT_FAIL_ENTRY:
		exit->reason = AXVCPU_EXIT_FAIL_ENTRY;
		exit->fail_entry.hardware_entry_failure_reason =
		    run->fail_entry.hardware_entry_failure_reason;
		return true;
	case KVM_EXIT_INTERNAL_ERROR:
		kvm_exit_internal(
		    exit, AXVCPU_KVM_INTERNAL_KVM, run->internal.suberror,
		    run->internal.ndata ? run->internal.data[0] : 0);
		return true;
	case KVM_EXIT_EXCEPTION:
		kvm_exit_internal(exit, AXVCPU_KVM_INTERNAL_EXCEPTION,
				  run->ex.exception, run->ex.error_code);
		return true;
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		return exit_msr(run, exit);
	case KVM_EXIT_HYPERCALL:
		return exit_hypercall(run, exit);
	default:
		kvm_exit_internal(exit, AXVCPU_KVM_INTERNAL_UNKNOWN_EXIT,
				  run->exit_reason,
				  run->exit_reason == KVM_EXIT_UNKNOWN
				      ? run->hw.hardware_exit_reason
				      : 0);
		return true;
	}
}

int kvm_exit_complete_read(struct axvcpu *vcpu,
			   const struct axvcpu_read_completion *c)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	struct kvm_run *run = a->run;
	switch (c->kind) {
	case AXVCPU_READ_IO:
		if (a->last_exit != KVM_EXIT_IO)
			return AXVCPU_EINVAL;
		memcpy((uint8_t *)run + run->io.data_offset +
			   a->io_read_index * run->io.size,
		       &c->value, run->io.size);
		return AXVCPU_OK;
	case AXVCPU_READ_MMIO:
	case AXVCPU_READ_SYSREG:
		return kvm_regs_set(vcpu, AXVCPU_KVM_REG_READ_DATA, c->value);
	default:
		return AXVCPU_EUNSUPPORTED;
	}
}

int axvcpu_kvm_sysreg_fault(struct axvcpu *vcpu)
{
	if (!vcpu || axvcpu_backend_of(vcpu) != &axvcpu_backend_kvm)
		return AXVCPU_EINVAL;
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	if (a->last_exit != KVM_EXIT_X86_RDMSR &&
	    a->last_exit != KVM_EXIT_X86_WRMSR)
		return AXVCPU_EINVAL;
	a->run->msr.error = 1;
	return AXVCPU_OK;
}
