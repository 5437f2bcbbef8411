/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every access exit in each CPU mode: the same guest program written for
 * real16, prot32 and long64 makes the same exits in the same order; the
 * host checks each decoded exit and, through the guest echoing them on
 * another port, each completed value.
 */
#include "harness.h"

#include <string.h>

/* Exits, in order:
 *  out 0x10 b 0x5a; out 0x1234 w 0xbeef; out 0x20 l 0xdeadbeef;
 *  in 0x30 b (<- 0x1ab) and echo al to 0x31, eax to 0x32;
 *  in 0x3f8 w (<- 0x1234) echoed to 0x33;
 *  rep outsb "abc" to 0x40; rep insb x2 from 0x41 echoed as a word to 0x42;
 *  mmio write l 0x11223344 at 0xa0010; mmio read l at 0xa0014 echoed to
 *  0x43; movsx of mmio byte at 0xa0018 echoed to 0x44; hypercall 0x77
 *  with six args, return value echoed to 0x45; hlt; out 0x46 after wake.
 */
KT_GUEST(g16, 16,
	 "mov $0x5a, %al; out %al, $0x10\n"
	 "mov $0x1234, %dx; mov $0xbeef, %ax; out %ax, %dx\n"
	 "mov $0xdeadbeef, %eax; out %eax, $0x20\n"
	 "in $0x30, %al; out %al, $0x31; out %eax, $0x32\n"
	 "mov $0x3f8, %dx; in %dx, %ax; out %ax, $0x33\n"
	 "cld; mov $0x9000, %si; mov $3, %cx; mov $0x40, %dx; rep outsb\n"
	 "mov $0x9010, %di; mov $2, %cx; mov $0x41, %dx; rep insb\n"
	 "mov (0x9010), %ax; out %ax, $0x42\n"
	 "mov $0xa000, %ax; mov %ax, %es\n"
	 "movl $0x11223344, %es:(0x10)\n"
	 "mov %es:(0x14), %eax; out %eax, $0x43\n"
	 "movsbl %es:(0x18), %eax; out %eax, $0x44\n"
	 "xor %ax, %ax; mov %ax, %es\n"
	 "mov $0x77, %eax; mov $1, %ebx; mov $2, %ecx; mov $3, %edx\n"
	 "mov $4, %esi; mov $5, %edi; mov $6, %ebp; out %al, $0xec\n"
	 "out %eax, $0x45\n"
	 "1: hlt; out %al, $0x46; jmp 1b\n");

KT_GUEST(g32, 32,
	 "mov $0x5a, %al; out %al, $0x10\n"
	 "mov $0x1234, %dx; mov $0xbeef, %ax; out %ax, %dx\n"
	 "mov $0xdeadbeef, %eax; out %eax, $0x20\n"
	 "in $0x30, %al; out %al, $0x31; out %eax, $0x32\n"
	 "mov $0x3f8, %dx; in %dx, %ax; out %ax, $0x33\n"
	 "cld; mov $0x9000, %esi; mov $3, %ecx; mov $0x40, %dx; rep outsb\n"
	 "mov $0x9010, %edi; mov $2, %ecx; mov $0x41, %dx; rep insb\n"
	 "mov (0x9010), %ax; out %ax, $0x42\n"
	 "movl $0x11223344, (0xa0010)\n"
	 "mov (0xa0014), %eax; out %eax, $0x43\n"
	 "movsbl (0xa0018), %eax; out %eax, $0x44\n"
	 "mov $0x77, %eax; mov $1, %ebx; mov $2, %ecx; mov $3, %edx\n"
	 "mov $4, %esi; mov $5, %edi; mov $6, %ebp; out %al, $0xec\n"
	 "out %eax, $0x45\n"
	 "1: hlt; out %al, $0x46; jmp 1b\n");

KT_GUEST(g64, 64,
	 "mov $0x5a, %al; out %al, $0x10\n"
	 "mov $0x1234, %dx; mov $0xbeef, %ax; out %ax, %dx\n"
	 "mov $0xdeadbeef, %eax; out %eax, $0x20\n"
	 "in $0x30, %al; out %al, $0x31; out %eax, $0x32\n"
	 "mov $0x3f8, %dx; in %dx, %ax; out %ax, $0x33\n"
	 "cld; mov $0x9000, %esi; mov $3, %ecx; mov $0x40, %dx; rep outsb\n"
	 "mov $0x9010, %edi; mov $2, %ecx; mov $0x41, %dx; rep insb\n"
	 "mov (0x9010), %ax; out %ax, $0x42\n"
	 "movl $0x11223344, (0xa0010)\n"
	 "mov (0xa0014), %eax; out %eax, $0x43\n"
	 "movsbl (0xa0018), %eax; out %eax, $0x44\n"
	 "mov $0x77, %eax; movabs $0x1111222233334444, %rdi\n"
	 "movabs $0x5555666677778888, %rsi; mov $3, %edx; mov $4, %r10d\n"
	 "mov $5, %r8d; movabs $0x8000000000000006, %r9; out %al, $0xec\n"
	 "out %eax, $0x45\n"
	 "1: hlt; out %al, $0x46; jmp 1b\n");

/* Expected hypercall args per mode (64-bit uses the full registers). */
static const uint64_t args32[6] = { 1, 2, 3, 4, 5, 6 };
static const uint64_t args64[6] = {
	0x1111222233334444ull, 0x5555666677778888ull, 3, 4, 5,
	0x8000000000000006ull
};

static void check_in(struct axvcpu *v, uint16_t port, uint8_t width,
		     uint32_t count, uint64_t value, const char *m)
{
	struct axvcpu_exit e;
	if (kt_expect_reason(v, &e, AXVCPU_EXIT_IO_READ, m)) {
		tap_ok(e.io_read.port == port && e.io_read.width == width &&
			   e.io_read.count == count,
		       "%s: IoRead port=%#x width=%u count=%u", m, port, width,
		       count);
		tap_is(axvcpu_complete_io_read(v, value), 0,
		       "%s: complete_io_read", m);
	}
}

/* Complete through the API, or the seed's way (set_gpr of exit.reg). */
static void check_mmio_read(struct axvcpu *v, uint64_t addr, uint8_t width,
			    uint64_t value, bool seed_way, const char *m)
{
	struct axvcpu_exit e;
	if (kt_expect_reason(v, &e, AXVCPU_EXIT_MMIO_READ, m)) {
		tap_ok(e.mmio_read.addr == addr && e.mmio_read.width == width &&
			   e.mmio_read.reg == AXVCPU_KVM_REG_READ_DATA,
		       "%s: MmioRead addr=%#llx width=%u", m,
		       (unsigned long long)addr, width);
		if (seed_way)
			tap_is(axvcpu_set_gpr(v, e.mmio_read.reg, value), 0,
			       "%s: set_gpr(exit reg) completes it", m);
		else
			tap_is(axvcpu_complete_mmio_read(v, value), 0,
			       "%s: complete_mmio_read", m);
	}
}

static void run_mode(uint32_t mode)
{
	const char *m = kt_mode_name(mode);
	struct kt_vm t;
	if (kt_vm_create(&t, 0) != 0) {
		tap_ok(0, "%s: create VM", m);
		return;
	}
	if (mode == AXVCPU_KVM_MODE_REAL16)
		kt_load(&t, KT_CODE, g16_start, g16_end);
	else if (mode == AXVCPU_KVM_MODE_PROT32)
		kt_load(&t, KT_CODE, g32_start, g32_end);
	else
		kt_load(&t, KT_CODE, g64_start, g64_end);
	memcpy(t.ram + KT_DATA, "abc", 3);
	struct axvcpu *v = kt_vcpu_new(&t, 0, mode);
	if (!tap_ok(v && axvcpu_bind(v) == 0, "%s: create, setup, bind", m))
		goto out;
	uint64_t rip = 0;
	axvcpu_get_gpr(v, AXVCPU_KVM_REG_RIP, &rip);
	tap_is(rip, mode == AXVCPU_KVM_MODE_REAL16 ? 0 : KT_CODE,
	       "%s: rip after setup", m);

	kt_expect_out(v, 0x10, 1, 0x5a, m);
	kt_expect_out(v, 0x1234, 2, 0xbeef, m);
	kt_expect_out(v, 0x20, 4, 0xdeadbeef, m);
	check_in(v, 0x30, 1, 1, 0x1ab, m);
	kt_expect_out(v, 0x31, 1, 0xab, m);
	kt_expect_out(v, 0x32, 4, 0xdeadbeab, m);
	check_in(v, 0x3f8, 2, 1, 0x1234, m);
	kt_expect_out(v, 0x33, 2, 0x1234, m);

	/*
	 * rep outsb: one exit per element, none dropped (KVM hands OUTS over
	 * one element at a time or as a batch: count says which).
	 */
	struct axvcpu_exit e;
	for (int i = 0; i < 3; i++) {
		if (kt_expect_reason(v, &e, AXVCPU_EXIT_IO_WRITE, m) &&
		    !tap_ok(
			e.io_write.port == 0x40 &&
			    e.io_write.data == (uint64_t)("abc"[i]) &&
			    (e.io_write.count == 1 || e.io_write.count == 3),
			"%s: rep outsb element %d", m, i))
			tap_diag("port %#x data %#llx count %u",
				 e.io_write.port,
				 (unsigned long long)e.io_write.data,
				 e.io_write.count);
	}
	check_in(v, 0x41, 1, 2, 0x11, m);
	check_in(v, 0x41, 1, 2, 0x22, m);
	kt_expect_out(v, 0x42, 2, 0x2211, m);

	if (kt_expect_reason(v, &e, AXVCPU_EXIT_MMIO_WRITE, m))
		tap_ok(e.mmio_write.addr == KT_MMIO + 0x10 &&
			   e.mmio_write.width == 4 &&
			   e.mmio_write.data == 0x11223344,
		       "%s: MmioWrite decoded", m);
	check_mmio_read(v, KT_MMIO + 0x14, 4, 0xcafebabe, false, m);
	kt_expect_out(v, 0x43, 4, 0xcafebabe, m);
	check_mmio_read(v, KT_MMIO + 0x18, 1, 0x80, true, m);
	kt_expect_out(v, 0x44, 4, 0xffffff80, m); /* movsx done by KVM */

	if (kt_expect_reason(v, &e, AXVCPU_EXIT_HYPERCALL, m)) {
		const uint64_t *want =
		    mode == AXVCPU_KVM_MODE_LONG64 ? args64 : args32;
		tap_is(e.hypercall.nr, 0x77, "%s: hypercall nr", m);
		tap_ok(memcmp(e.hypercall.args, want, sizeof(args32)) == 0,
		       "%s: hypercall args", m);
		tap_is(axvcpu_set_return_value(v, 0x99), 0,
		       "%s: set_return_value", m);
	}
	kt_expect_out(v, 0x45, 4, 0x99, m);

	if (kt_expect_reason(v, &e, AXVCPU_EXIT_HALT, m)) {
		tap_is(axvcpu_state(v), AXVCPU_STATE_BLOCKED,
		       "%s: halted vCPU is Blocked", m);
		tap_is(axvcpu_run(v, &e), AXVCPU_EBADSTATE,
		       "%s: run refused while Blocked", m);
		tap_is(axvcpu_wake(v), 0, "%s: wake", m);
	}
	kt_expect_out(v, 0x46, 1, 0x99, m);
out:
	kt_vcpu_free(v);
	kt_vm_destroy(&t);
}

int main(void)
{
	if (!kt_init(60))
		return 0;
	run_mode(AXVCPU_KVM_MODE_REAL16);
	run_mode(AXVCPU_KVM_MODE_PROT32);
	run_mode(AXVCPU_KVM_MODE_LONG64);
	tap_is(axvcpu_hosted_frames_in_use(), 1,
	       "only the per-CPU frame is left");
	return tap_done(0);
}
