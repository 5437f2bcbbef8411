/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target for the kvm backend's exit decoder: arbitrary bytes as
 * the kvm_run page KVM_RUN left behind (exit record and sync regs), decoded
 * and then driven through the core exactly as axvcpu_run() does it, with
 * the VM layer's completions in between, until the backend wants to enter
 * KVM again.
 *
 * No /dev/kvm is needed: the vCPU is made with a copy of the kvm backend's
 * ops whose create/setup/bind/percpu ops are stubs (they would need KVM),
 * and whose run op first decodes the forged page (what KVM_RUN returning
 * means) and then calls the real kvm_run_vcpu(). The vCPU fd is -1, so the
 * first time the backend tries KVM_RUN it fails with EBADF and the run
 * ends with INTERNAL_ERROR/RUN_FAILED: that ends the input.
 *
 * The kvm_run page is a heap block of exactly the mmap size, so ASan sees
 * any read or write past it. Checked on every exit the backend hands to
 * the core (before the core's own width check could hide a bad one):
 *  - the reason is in range;
 *  - MMIO widths are 1/2/4/8, the read register is READ_DATA and
 *    reg_width == width, write data fits the width;
 *  - port I/O widths are 1/2/4, count >= 1, and the element buffer
 *    [data_offset, data_offset + count * width) lies in the page past the
 *    kvm_run header;
 * and after the whole input: the backend wrote no byte of the page except
 * the ones the exit protocol lets user space write (completion data, the
 * request/immediate-exit bytes, the valid/dirty masks, rax via the API).
 *
 * Input: byte 0 flags (bit 0 NO_HYPERCALL_PORT, bits 1-2 extra pages of
 * the mapping, bit 3 leave reads uncompleted), bytes 1-2 the hypercall
 * port, bytes 3-10 the completion value, then the kvm_run image.
 */
#include "src/kvm/kvm_internal.h"

#include <axvcpu/hosted.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR 11u
#define PAGE 4096u
#define MAX_STEPS 20000u

static struct axvcpu_kvm_vm fake_vm;
static struct kvm_run *cur_run;
static bool decoded;
static struct axvcpu_backend fake_be;

static void fail(const char *what, unsigned long long a, unsigned long long b)
{
	fprintf(stderr, "fuzz_kvm_exit: %s (%#llx, %#llx)\n", what, a, b);
	abort();
}

static bool width_ok(unsigned w, bool io)
{
	return w == 1 || w == 2 || w == 4 || (!io && w == 8);
}

static bool fits(uint64_t data, unsigned width)
{
	return width >= 8 || (data >> (8 * width)) == 0;
}

/* The element buffer of a port-I/O exit must be in the mapping, past the
 * kvm_run header (KVM puts it on its own page). */
static void check_io_buffer(const struct kvm_run *run, unsigned width,
			    uint32_t count)
{
	uint64_t off = run->io.data_offset;
	if (count == 0)
		fail("I/O exit with count 0", 0, 0);
	if (off < sizeof(struct kvm_run) || off > fake_vm.run_size ||
	    (uint64_t)count * width > fake_vm.run_size - off)
		fail("I/O buffer outside the page", off,
		     (uint64_t)count * width);
}

static void check_exit(const struct axvcpu_exit *x)
{
	const struct kvm_run *run = cur_run;
	if ((unsigned)x->reason >= AXVCPU_EXIT_REASON_COUNT)
		fail("reason out of range", x->reason, 0);
	switch (x->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		if (!width_ok(x->mmio_read.width, false) ||
		    x->mmio_read.reg_width != x->mmio_read.width ||
		    x->mmio_read.reg != AXVCPU_KVM_REG_READ_DATA ||
		    x->mmio_read.sign_ext)
			fail("bad MMIO read", x->mmio_read.width,
			     x->mmio_read.reg);
		break;
	case AXVCPU_EXIT_MMIO_WRITE:
		if (!width_ok(x->mmio_write.width, false) ||
		    !fits(x->mmio_write.data, x->mmio_write.width))
			fail("bad MMIO write", x->mmio_write.width,
			     x->mmio_write.data);
		break;
	case AXVCPU_EXIT_IO_READ:
		if (!width_ok(x->io_read.width, true))
			fail("bad IO read width", x->io_read.width, 0);
		check_io_buffer(run, x->io_read.width, x->io_read.count);
		break;
	case AXVCPU_EXIT_IO_WRITE:
		if (!width_ok(x->io_write.width, true) ||
		    !fits(x->io_write.data, x->io_write.width))
			fail("bad IO write", x->io_write.width,
			     x->io_write.data);
		check_io_buffer(run, x->io_write.width, x->io_write.count);
		break;
	case AXVCPU_EXIT_SYSREG_READ:
		if (x->sysreg_read.reg != AXVCPU_KVM_REG_READ_DATA)
			fail("bad MSR read register", x->sysreg_read.reg, 0);
		break;
	case AXVCPU_EXIT_INTERNAL_ERROR:
		if (x->internal_error.code < 0x100)
			fail("backend used a core error code",
			     x->internal_error.code, 0);
		break;
	default:
		break;
	}
}

/* The run op: KVM_RUN "returned" the forged page, then the real loop. */
static int fake_run(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *x)
{
	int err = AXVCPU_OK;
	if (!decoded) {
		decoded = true;
		if (!kvm_exit_decode(vcpu, x))
			kvm_exit_internal(x, AXVCPU_KVM_INTERNAL_RUN_FAILED, 0,
					  0); /* "enter KVM again": done */
	} else {
		err = kvm_run_vcpu(vcpu, percpu, x);
	}
	if (!err)
		check_exit(x);
	return err;
}

static int fake_create(struct axvcpu *vcpu, const void *config)
{
	(void)config;
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	a->vm = &fake_vm;
	a->fd = -1;
	a->run = cur_run;
	atomic_store(&a->irq_failed, -1);
	return AXVCPU_OK;
}

static int fake_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		      axvcpu_hpa_t ept_root, const void *config)
{
	(void)vcpu, (void)entry, (void)ept_root, (void)config;
	return AXVCPU_OK;
}

/* No pinning, no signal mask: only the owner the run op checks. */
static int fake_bind(struct axvcpu *vcpu, void *percpu)
{
	(void)percpu;
	kvm_arch(vcpu)->owner = pthread_self();
	return AXVCPU_OK;
}

static int fake_percpu(void *percpu)
{
	(void)percpu;
	return AXVCPU_OK;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fake_be = axvcpu_backend_kvm;
	fake_be.name = "kvm-fuzz";
	fake_be.create = fake_create;
	fake_be.destroy = NULL;
	fake_be.setup = fake_setup;
	fake_be.bind = fake_bind;
	fake_be.unbind = kvm_vcpu_unbind; /* pinned is 0: only the check */
	fake_be.run = fake_run;
	fake_be.kick = NULL;
	fake_be.percpu_enable = fake_percpu;
	fake_be.percpu_disable = fake_percpu;
	pthread_mutex_init(&fake_vm.lock, NULL);
	if (axvcpu_hal_register(axvcpu_hosted_hal()) ||
	    axvcpu_percpu_init(&fake_be) || axvcpu_percpu_hardware_enable())
		fail("cannot set up the core", 0, 0);
	return 0;
}

/* Bytes user space may write in the page (the exit protocol's). */
static bool may_write(const struct kvm_run *before, size_t off)
{
	size_t mmio_data = offsetof(struct kvm_run, mmio.data);
	size_t rax = offsetof(struct kvm_run, s.regs.regs.rax);
	if (off == offsetof(struct kvm_run, request_interrupt_window) ||
	    off == offsetof(struct kvm_run, immediate_exit) ||
	    (off >= offsetof(struct kvm_run, kvm_valid_regs) &&
	     off < offsetof(struct kvm_run, kvm_dirty_regs) + 8) ||
	    (off >= rax && off < rax + 8))
		return true;
	switch (before->exit_reason) {
	case KVM_EXIT_IO:
		return before->io.direction != KVM_EXIT_IO_OUT &&
		       off >= before->io.data_offset &&
		       off - before->io.data_offset <
			   (uint64_t)before->io.count * before->io.size;
	case KVM_EXIT_MMIO:
		return !before->mmio.is_write && off >= mmio_data &&
		       off < mmio_data + 8;
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		return (off >= offsetof(struct kvm_run, msr.error) &&
			off < offsetof(struct kvm_run, msr.error) + 1) ||
		       (off >= offsetof(struct kvm_run, msr.data) &&
			off < offsetof(struct kvm_run, msr.data) + 8);
	case KVM_EXIT_HYPERCALL:
		return off >= offsetof(struct kvm_run, hypercall.ret) &&
		       off < offsetof(struct kvm_run, hypercall.ret) + 8;
	default:
		return false;
	}
}

/* What the VM layer does with an exit: complete reads, answer calls. */
static void respond(struct axvcpu *v, const struct axvcpu_exit *x, uint64_t val,
		    bool leave_reads)
{
	uint64_t got = 0;
	switch (x->reason) {
	case AXVCPU_EXIT_IO_READ:
		if (!leave_reads && axvcpu_complete_io_read(v, val) != 0)
			fail("IO read not completed", 0, 0);
		break;
	case AXVCPU_EXIT_MMIO_READ:
		if (leave_reads)
			break;
		if (axvcpu_complete_mmio_read(v, val) != 0 ||
		    axvcpu_get_gpr(v, AXVCPU_KVM_REG_READ_DATA, &got) != 0)
			fail("MMIO read not completed", 0, 0);
		if (x->mmio_read.width < 8 &&
		    got != (val & ((1ull << (8 * x->mmio_read.width)) - 1)))
			fail("MMIO read data", got, val);
		break;
	case AXVCPU_EXIT_SYSREG_READ:
		if (!leave_reads && axvcpu_complete_sysreg_read(v, val) != 0)
			fail("MSR read not completed", 0, 0);
		break;
	case AXVCPU_EXIT_HYPERCALL:
		if (axvcpu_set_return_value(v, val) != 0)
			fail("hypercall result refused", 0, 0);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < HDR)
		return 0;
	uint8_t flags = data[0];
	fake_vm.flags = (flags & 1) ? AXVCPU_KVM_VM_NO_HYPERCALL_PORT : 0;
	fake_vm.hypercall_port = (uint16_t)(data[1] | data[2] << 8);
	fake_vm.run_size = PAGE * (1u + ((flags >> 1) & 3u));
	bool leave_reads = flags & 8;
	uint64_t val = 0;
	memcpy(&val, data + 3, 8);
	data += HDR;
	size -= HDR;

	cur_run = calloc(1, fake_vm.run_size);
	struct kvm_run *before = malloc(fake_vm.run_size);
	if (!cur_run || !before)
		abort();
	memcpy(cur_run, data,
	       size < fake_vm.run_size ? size : fake_vm.run_size);
	memcpy(before, cur_run, fake_vm.run_size);
	decoded = false;

	struct axvcpu_create_params p = { .favor_phys_cpu = -1 };
	struct axvcpu *v = NULL;
	if (axvcpu_create(&fake_be, &p, &v) || axvcpu_setup(v, 0, 0, NULL, 0) ||
	    axvcpu_bind(v))
		fail("cannot make the vCPU", 0, 0);
	struct axvcpu_exit x;
	for (unsigned step = 0;; step++) {
		if (step == MAX_STEPS)
			fail("the backend never asks for KVM_RUN", step, 0);
		if (axvcpu_run(v, &x) != 0)
			fail("run failed", 0, 0);
		if (x.reason == AXVCPU_EXIT_INTERNAL_ERROR &&
		    x.internal_error.code == AXVCPU_KVM_INTERNAL_RUN_FAILED)
			break;
		if (x.reason == AXVCPU_EXIT_HALT)
			axvcpu_wake(v);
		respond(v, &x, val, leave_reads);
	}
	if (axvcpu_unbind(v) || axvcpu_destroy(v))
		fail("cannot free the vCPU", 0, 0);

	const uint8_t *b = (const uint8_t *)before;
	const uint8_t *n = (const uint8_t *)cur_run;
	for (size_t off = 0; off < fake_vm.run_size; off++)
		if (b[off] != n[off] && !may_write(before, off))
			fail("backend wrote outside the exit protocol", off,
			     before->exit_reason);
	free(before);
	free(cur_run);
	return 0;
}
