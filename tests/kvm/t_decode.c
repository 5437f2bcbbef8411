/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Exits this host cannot provoke (FAIL_ENTRY, SYSTEM_EVENT, HYPERCALL,
 * EXCEPTION, unknown reasons, malformed I/O and MMIO records) decoded from
 * a forged kvm_run: white-box, through the backend's own decoder.
 */
#include "harness.h"

#include "src/kvm/kvm_internal.h"

static struct axvcpu *v;
static struct kvm_run *fake;

/* Decode `fake` as the last exit; returns whether it reached the VM. */
static bool decode(struct axvcpu_exit *x)
{
	memset(x, 0, sizeof(*x));
	return kvm_exit_decode(v, x);
}

static void forged(void)
{
	struct axvcpu_exit x;
	fake->exit_reason = KVM_EXIT_FAIL_ENTRY;
	fake->fail_entry.hardware_entry_failure_reason = 0x80000021;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_FAIL_ENTRY &&
		   x.fail_entry.hardware_entry_failure_reason == 0x80000021,
	       "FAIL_ENTRY -> FailEntry with the hardware reason");

	fake->exit_reason = KVM_EXIT_SYSTEM_EVENT;
	fake->system_event.type = KVM_SYSTEM_EVENT_RESET;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_SYSTEM_RESET &&
		   x.system.reason == KVM_SYSTEM_EVENT_RESET,
	       "SYSTEM_EVENT reset -> SystemReset");
	fake->system_event.type = KVM_SYSTEM_EVENT_SHUTDOWN;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_SYSTEM_DOWN &&
		   x.system.reason == KVM_SYSTEM_EVENT_SHUTDOWN,
	       "SYSTEM_EVENT shutdown -> SystemDown");
	fake->system_event.type = KVM_SYSTEM_EVENT_CRASH;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_SYSTEM_DOWN &&
		   x.system.reason == KVM_SYSTEM_EVENT_CRASH,
	       "SYSTEM_EVENT crash -> SystemDown");
	fake->system_event.type = KVM_SYSTEM_EVENT_WAKEUP;
	tap_ok(!decode(&x), "SYSTEM_EVENT wakeup: run again");

	fake->exit_reason = KVM_EXIT_HYPERCALL;
	fake->hypercall.nr = 12;
	for (int i = 0; i < 6; i++)
		fake->hypercall.args[i] = 100u + (unsigned)i;
	bool ok = decode(&x) && x.reason == AXVCPU_EXIT_HYPERCALL &&
		  x.hypercall.nr == 12;
	for (int i = 0; i < 6; i++)
		ok = ok && x.hypercall.args[i] == 100u + (unsigned)i;
	tap_ok(ok, "KVM_EXIT_HYPERCALL -> Hypercall nr and args");
	tap_is(kvm_regs_set_return_value(v, 0x1234), 0, "its return value");
	tap_is(fake->hypercall.ret, 0x1234, "goes to kvm_run, not rax");

	fake->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	fake->internal.suberror = KVM_INTERNAL_ERROR_DELIVERY_EV;
	fake->internal.ndata = 1;
	fake->internal.data[0] = 0xabc;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_INTERNAL_ERROR &&
		   x.internal_error.code == AXVCPU_KVM_INTERNAL_KVM &&
		   x.internal_error.data[0] == KVM_INTERNAL_ERROR_DELIVERY_EV &&
		   x.internal_error.data[1] == 0xabc,
	       "INTERNAL_ERROR -> InternalError with suberror and data");

	fake->exit_reason = KVM_EXIT_EXCEPTION;
	fake->ex.exception = 13;
	fake->ex.error_code = 0x18;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_INTERNAL_ERROR &&
		   x.internal_error.code == AXVCPU_KVM_INTERNAL_EXCEPTION &&
		   x.internal_error.data[0] == 13 &&
		   x.internal_error.data[1] == 0x18,
	       "EXCEPTION -> InternalError with vector and error code");

	fake->exit_reason = KVM_EXIT_UNKNOWN;
	fake->hw.hardware_exit_reason = 0x77;
	tap_ok(decode(&x) &&
		   x.internal_error.code == AXVCPU_KVM_INTERNAL_UNKNOWN_EXIT &&
		   x.internal_error.data[0] == KVM_EXIT_UNKNOWN &&
		   x.internal_error.data[1] == 0x77,
	       "UNKNOWN -> InternalError with the hardware reason");
	fake->exit_reason = 9999;
	tap_ok(decode(&x) &&
		   x.internal_error.code == AXVCPU_KVM_INTERNAL_UNKNOWN_EXIT &&
		   x.internal_error.data[0] == 9999,
	       "an exit reason from the future -> InternalError");

	fake->exit_reason = KVM_EXIT_IO;
	fake->io.direction = KVM_EXIT_IO_OUT;
	fake->io.size = 4;
	fake->io.port = 0x10;
	fake->io.count = 0x100000; /* would run past kvm_run */
	fake->io.data_offset = 0x1000;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_INTERNAL_ERROR,
	       "I/O record past the kvm_run page refused");
	fake->io.count = 1;
	fake->io.size = 3;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_INTERNAL_ERROR,
	       "I/O width 3 refused");
	fake->io.count = 0;
	fake->io.size = 1;
	tap_ok(!decode(&x), "I/O of 0 elements: run again");

	fake->exit_reason = KVM_EXIT_MMIO;
	fake->mmio.len = 9;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_INTERNAL_ERROR,
	       "MMIO of 9 bytes refused");
	fake->mmio.len = 8;
	fake->mmio.is_write = 1;
	fake->mmio.phys_addr = 0xfed00000;
	memcpy(fake->mmio.data, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_MMIO_WRITE &&
		   x.mmio_write.width == 8 &&
		   x.mmio_write.data == 0x0807060504030201ull,
	       "8-byte MMIO write decoded little-endian");
}

/*
 * Regressions found by fuzz_kvm_exit and review: records the decoder took
 * before that made the host read or write outside kvm_run, or that became
 * accesses of an impossible width.
 */
static void regressions(size_t run_size)
{
	struct axvcpu_exit x;
	struct kvm_vcpu_arch *a = axvcpu_arch(v);

	/* data_offset + count * size wrapped around 2^64: a wild pointer. */
	fake->exit_reason = KVM_EXIT_IO;
	fake->io.direction = KVM_EXIT_IO_OUT;
	fake->io.size = 1;
	fake->io.port = 0x10;
	fake->io.count = 0x1000;
	fake->io.data_offset = UINT64_MAX - 0xfff;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_INTERNAL_ERROR &&
		   !a->io_active,
	       "I/O buffer offset that wraps around refused");

	/* A buffer over the header: the IN zeroing rewrote the record. */
	fake->io.direction = KVM_EXIT_IO_IN;
	fake->io.count = 1;
	fake->io.data_offset = 0;
	fake->request_interrupt_window = 1;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_INTERNAL_ERROR &&
		   fake->request_interrupt_window == 1,
	       "I/O buffer over the kvm_run header refused, header intact");
	fake->io.data_offset = run_size - 2;
	fake->io.count = 1;
	fake->io.size = 2;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_IO_READ,
	       "I/O buffer in the last bytes of the mapping accepted");
	a->io_active = false;
	fake->request_interrupt_window = 0;

	/*
	 * KVM splits a page-crossing access into fragments of any length
	 * 1..8; width 3 was reported as is (the core then made it an
	 * internal error and the guest's write was lost).
	 */
	fake->exit_reason = KVM_EXIT_MMIO;
	fake->mmio.is_write = 1;
	fake->mmio.len = 3;
	fake->mmio.phys_addr = 0xa1000;
	memcpy(fake->mmio.data, "\x22\x33\x11", 3);
	bool ok = decode(&x) && x.reason == AXVCPU_EXIT_MMIO_WRITE &&
		  x.mmio_write.addr == 0xa1000 && x.mmio_write.width == 2 &&
		  x.mmio_write.data == 0x3322 && a->mmio_active;
	memset(&x, 0, sizeof(x));
	kvm_exit_mmio_next(v, &x);
	ok = ok && x.reason == AXVCPU_EXIT_MMIO_WRITE &&
	     x.mmio_write.addr == 0xa1002 && x.mmio_write.width == 1 &&
	     x.mmio_write.data == 0x11 && !a->mmio_active;
	tap_ok(ok, "3-byte MMIO write fragment: pieces of 2 and 1 bytes");

	fake->mmio.is_write = 0;
	fake->mmio.len = 7;
	fake->mmio.phys_addr = 0xa2000;
	static const struct {
		uint64_t off;
		uint8_t width;
		uint64_t val;
	} piece[3] = { { 0, 4, 0x44332211 }, { 4, 2, 0x6655 }, { 6, 1, 0x77 } };
	ok = decode(&x);
	for (int i = 0; i < 3; i++) {
		if (i)
			kvm_exit_mmio_next(v, &x);
		ok = ok && x.reason == AXVCPU_EXIT_MMIO_READ &&
		     x.mmio_read.addr == 0xa2000 + piece[i].off &&
		     x.mmio_read.width == piece[i].width &&
		     x.mmio_read.reg_width == piece[i].width &&
		     kvm_regs_set(v, AXVCPU_KVM_REG_READ_DATA,
				  piece[i].val | 0xff00000000000000ull) == 0;
	}
	uint64_t data = 0;
	memcpy(&data, fake->mmio.data, 8);
	tap_ok(ok && !a->mmio_active && data == 0x0077665544332211ull,
	       "7-byte MMIO read fragment: pieces of 4, 2, 1 completed");
	fake->mmio.len = 9;
	tap_ok(decode(&x) && x.reason == AXVCPU_EXIT_INTERNAL_ERROR &&
		   kvm_regs_set(v, AXVCPU_KVM_REG_READ_DATA, 0) ==
		       AXVCPU_EINVAL,
	       "refused MMIO record leaves no read data to complete");
}

int main(void)
{
	if (!kt_init(30))
		return 0;
	struct kt_vm t;
	if (!tap_ok(kt_vm_create(&t, 0) == 0, "VM"))
		return tap_done(0);
	v = kt_vcpu_new(&t, 0, AXVCPU_KVM_MODE_REAL16);
	if (tap_ok(v != NULL, "vCPU")) {
		struct kvm_vcpu_arch *a = axvcpu_arch(v);
		struct kvm_run *real = a->run;
		fake = calloc(1, t.vm->run_size);
		a->run = fake;
		forged();
		regressions(t.vm->run_size);
		a->run = real;
		free(fake);
		kt_vcpu_free(v);
	}
	kt_vm_destroy(&t);
	return tap_done(0);
}
