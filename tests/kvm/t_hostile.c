/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hostile guests: triple faults in each mode (and a restart after one), an
 * endless loop stopped by a kick from another thread, writes to every
 * unmapped page of a range, a port-I/O storm, garbage hypercalls, code
 * fetched from MMIO. The host must stay healthy and report each honestly.
 */
#include "harness.h"

#include <pthread.h>

/* IDT limit 0 (as setup leaves it in prot32/long64): ud2 -> triple fault.
 * At +0x40, the restart entry: one out, then hlt. */
KT_GUEST(tf64, 64, "ud2\n .org 0x40\n mov $7, %al; out %al, $0x77; hlt\n");
KT_GUEST(tf32, 32, "ud2\n .org 0x40\n mov $7, %al; out %al, $0x77; hlt\n");
/*
 * Real mode has an IVT (and not every KVM checks the IDT limit there): the
 * real16 guest enters 32-bit protected mode through its own GDT, with an
 * empty IDT, then faults.
 */
KT_GUEST(tf16, 16,
	 "lidtl %cs:(0x20)\n lgdtl %cs:(0x26)\n"
	 "mov %cr0, %eax; or $1, %eax; mov %eax, %cr0\n"
	 "ljmpl $0x8, $0x10060\n"
	 ".org 0x20\n .word 0\n .long 0\n"
	 ".org 0x26\n .word 15\n .long 0x10030\n"
	 ".org 0x30\n .quad 0\n .quad 0x00cf9a000000ffff\n"
	 ".org 0x40\n mov $7, %al; out %al, $0x77; hlt\n"
	 ".org 0x60\n ud2\n");

/* Spin forever at CPL0. */
KT_GUEST(spin64, 64, "1: jmp 1b\n");

/* Write the page index to each of 64 unmapped pages at 2 MiB. */
KT_GUEST(pages64, 64,
	 "mov $0x200000, %ebx; xor %eax, %eax\n"
	 "1: mov %eax, (%rbx); add $0x1000, %rbx; inc %eax\n"
	 "cmp $64, %eax; jne 1b\n"
	 "out %al, $0x99; hlt\n");

/* 10000 outs of a counter, back to back. */
KT_GUEST(storm64, 64,
	 "xor %eax, %eax\n"
	 "1: out %eax, $0x55; inc %eax; cmp $10000, %eax; jne 1b\n"
	 "hlt\n");

/*
 * 100 hypercalls with pseudo-random nr and args (an LCG in r12), each
 * result echoed on port 0x57; then a read of the doorbell port.
 */
KT_GUEST(garbage64, 64,
	 "mov $1, %r12d; movabs $6364136223846793005, %r13; mov $100, %r14d\n"
	 "1: imul %r13, %r12; add $1442695040888963407 & 0x7fffffff, %r12\n"
	 "mov %r12, %rax; mov %r12, %rdi; not %rdi; mov %r12, %rsi\n"
	 "ror $13, %rsi; mov %r12, %rdx; shr $3, %rdx; mov %r12, %r10\n"
	 "xor %r13, %r10; mov %r12, %r8; neg %r8; mov %r12, %r9; bswap %r9\n"
	 "out %al, $0xec\n"
	 "out %eax, $0x57; dec %r14d; jnz 1b\n"
	 "in $0xec, %al; out %al, $0x58; hlt\n");

/* Jump into MMIO: KVM cannot fetch code there. */
KT_GUEST(fetch64, 64, "mov $0xa0000, %eax; jmp *%rax\n");

static void one_vm(uint32_t mode, const unsigned char *s,
		   const unsigned char *e, struct kt_vm *t, struct axvcpu **v)
{
	*v = NULL;
	if (kt_vm_create(t, 0) != 0)
		return;
	kt_load(t, KT_CODE, s, e);
	*v = kt_vcpu_new(t, 0, mode);
	if (*v && axvcpu_bind(*v) != 0) {
		kt_vcpu_free(*v);
		*v = NULL;
	}
}

static void done_vm(struct kt_vm *t, struct axvcpu *v)
{
	kt_vcpu_free(v);
	kt_vm_destroy(t);
}

static void triple_fault(uint32_t mode, const unsigned char *s,
			 const unsigned char *e)
{
	const char *m = kt_mode_name(mode);
	struct kt_vm t;
	struct axvcpu *v;
	struct axvcpu_exit x;
	one_vm(mode, s, e, &t, &v);
	if (!tap_ok(v, "%s: triple-fault guest ready", m))
		return;
	if (kt_expect_reason(v, &x, AXVCPU_EXIT_SYSTEM_DOWN, m))
		tap_is(x.system.reason, AXVCPU_KVM_SYSTEM_TRIPLE_FAULT,
		       "%s: reason is a triple fault", m);
	/* The VM layer may restart the vCPU where it likes. */
	tap_is(axvcpu_set_entry(v, KT_CODE + 0x40), 0, "%s: set_entry", m);
	kt_expect_out(v, 0x77, 1, 7, m);
	done_vm(&t, v);
}

struct kicker {
	struct axvcpu *v;
	unsigned delay_ms;
};

static void *kicker_main(void *arg)
{
	struct kicker *k = arg;
	struct timespec ts = { 0, (long)k->delay_ms * 1000000L };
	nanosleep(&ts, NULL);
	axvcpu_kick(k->v);
	return NULL;
}

static void endless_loop(void)
{
	struct kt_vm t;
	struct axvcpu *v;
	struct axvcpu_exit x;
	one_vm(AXVCPU_KVM_MODE_LONG64, spin64_start, spin64_end, &t, &v);
	if (!tap_ok(v, "spin guest ready"))
		return;
	for (int round = 0; round < 3; round++) {
		struct kicker k = { v, 30 };
		pthread_t th;
		pthread_create(&th, NULL, kicker_main, &k);
		uint64_t t0 = kt_now_ns();
		bool ok = kt_expect_reason(v, &x, AXVCPU_EXIT_CANCELLED,
					   "endless loop kicked");
		uint64_t ms = (kt_now_ns() - t0) / 1000000u;
		pthread_join(th, NULL);
		if (ok)
			tap_ok(ms >= 25 && ms < 5000,
			       "round %d: ran until the kick (%llu ms)", round,
			       (unsigned long long)ms);
	}
	axvcpu_kick(v); /* before run: the next run returns at once */
	kt_expect_reason(v, &x, AXVCPU_EXIT_CANCELLED, "kick before run");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "still Ready");
	done_vm(&t, v);
}

static void unmapped_pages(void)
{
	struct kt_vm t;
	struct axvcpu *v;
	struct axvcpu_exit x;
	one_vm(AXVCPU_KVM_MODE_LONG64, pages64_start, pages64_end, &t, &v);
	if (!tap_ok(v, "page-writer guest ready"))
		return;
	int good = 0;
	for (int i = 0; i < 64; i++) {
		if (axvcpu_run(v, &x) != 0 ||
		    x.reason != AXVCPU_EXIT_MMIO_WRITE)
			break;
		good += x.mmio_write.addr == 0x200000u + i * 0x1000u &&
			x.mmio_write.width == 4 &&
			x.mmio_write.data == (uint64_t)i;
	}
	tap_is(good, 64, "64 unmapped pages: one decoded MmioWrite each");
	kt_expect_out(v, 0x99, 1, 64, "page writer finished");
	done_vm(&t, v);
}

static void io_storm(void)
{
	struct kt_vm t;
	struct axvcpu *v;
	struct axvcpu_exit x;
	one_vm(AXVCPU_KVM_MODE_LONG64, storm64_start, storm64_end, &t, &v);
	if (!tap_ok(v, "storm guest ready"))
		return;
	uint32_t n = 0;
	for (;;) {
		if (axvcpu_run(v, &x) != 0 ||
		    x.reason != AXVCPU_EXIT_IO_WRITE ||
		    x.io_write.port != 0x55 || x.io_write.data != n)
			break;
		n++;
	}
	tap_is(n, 10000, "port-I/O storm: every OUT seen, in order");
	tap_is(x.reason, AXVCPU_EXIT_HALT, "storm ends in Halt");
	done_vm(&t, v);
}

static void garbage_hypercalls(void)
{
	struct kt_vm t;
	struct axvcpu *v;
	struct axvcpu_exit x;
	one_vm(AXVCPU_KVM_MODE_LONG64, garbage64_start, garbage64_end, &t, &v);
	if (!tap_ok(v, "garbage-hypercall guest ready"))
		return;
	uint64_t r = 1, good = 0;
	for (int i = 0; i < 100; i++) {
		r = r * 6364136223846793005ull +
		    (1442695040888963407ull & 0x7fffffff);
		uint64_t want[6] = { ~r,     (r >> 13) | (r << 51),
				     r >> 3, r ^ 6364136223846793005ull,
				     -r,     __builtin_bswap64(r) };
		if (axvcpu_run(v, &x) != 0 || x.reason != AXVCPU_EXIT_HYPERCALL)
			break;
		bool args_ok =
		    x.hypercall.nr == r &&
		    memcmp(x.hypercall.args, want, sizeof(want)) == 0;
		axvcpu_set_return_value(v, r ^ 0xa5a5a5a5u);
		if (axvcpu_run(v, &x) != 0 ||
		    x.reason != AXVCPU_EXIT_IO_WRITE ||
		    x.io_write.data != (uint32_t)(r ^ 0xa5a5a5a5u))
			break;
		good += args_ok;
	}
	tap_is(good, 100, "100 garbage hypercalls decoded, results returned");
	if (kt_expect_reason(v, &x, AXVCPU_EXIT_IO_READ, "IN from doorbell")) {
		tap_is(x.io_read.port, AXVCPU_KVM_HYPERCALL_PORT,
		       "doorbell read is a plain IoRead");
		axvcpu_complete_io_read(v, 0x42);
	}
	kt_expect_out(v, 0x58, 1, 0x42, "doorbell read completed");
	done_vm(&t, v);
}

static void fetch_from_mmio(void)
{
	struct kt_vm t;
	struct axvcpu *v;
	struct axvcpu_exit x;
	one_vm(AXVCPU_KVM_MODE_LONG64, fetch64_start, fetch64_end, &t, &v);
	if (!tap_ok(v, "mmio-fetch guest ready"))
		return;
	int err = axvcpu_run(v, &x);
	/* KVM cannot execute from MMIO: an error exit, never a crash. */
	tap_ok(!err && (x.reason == AXVCPU_EXIT_INTERNAL_ERROR ||
			x.reason == AXVCPU_EXIT_MMIO_READ),
	       "code fetch from MMIO reported (%s code %#llx)",
	       axvcpu_exit_name(x.reason),
	       (unsigned long long)x.internal_error.code);
	done_vm(&t, v);
}

int main(void)
{
	if (!kt_init(120))
		return 0;
	triple_fault(AXVCPU_KVM_MODE_REAL16, tf16_start, tf16_end);
	triple_fault(AXVCPU_KVM_MODE_PROT32, tf32_start, tf32_end);
	triple_fault(AXVCPU_KVM_MODE_LONG64, tf64_start, tf64_end);
	endless_loop();
	unmapped_pages();
	io_storm();
	garbage_hypercalls();
	fetch_from_mmio();
	tap_is(axvcpu_hosted_frames_in_use(), 1, "no vCPU frame leaked");
	return tap_done(0);
}
