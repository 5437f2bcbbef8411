/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Names and traces: axvcpu_strerror / axvcpu_error_name for every code and
 * unknown ones, state and exit names, and axvcpu_exit_format for every
 * reason with its exact text, truncation and snprintf-like length.
 */
#include "helpers.h"

#include <limits.h>
#include <string.h>

static const struct {
	int code;
	const char *name;
} errors[] = {
	{ AXVCPU_OK, "AXVCPU_OK" },
	{ AXVCPU_EINVAL, "AXVCPU_EINVAL" },
	{ AXVCPU_EBADSTATE, "AXVCPU_EBADSTATE" },
	{ AXVCPU_ENOMEM, "AXVCPU_ENOMEM" },
	{ AXVCPU_EUNSUPPORTED, "AXVCPU_EUNSUPPORTED" },
	{ AXVCPU_EBUSY, "AXVCPU_EBUSY" },
	{ AXVCPU_ENOTFOUND, "AXVCPU_ENOTFOUND" },
	{ AXVCPU_EWRONGCPU, "AXVCPU_EWRONGCPU" },
	{ AXVCPU_EHW, "AXVCPU_EHW" },
};
#define NERRORS (int)(sizeof(errors) / sizeof(errors[0]))

static void test_errors(void)
{
	for (int i = 0; i < NERRORS; i++) {
		const char *s = axvcpu_strerror(errors[i].code);
		tap_ok(s && *s && strcmp(s, "unknown error") != 0,
		       "strerror(%s) = \"%s\"", errors[i].name,
		       s ? s : "(null)");
		tap_ok(strcmp(axvcpu_error_name(errors[i].code),
			      errors[i].name) == 0,
		       "error_name(%d) = %s", errors[i].code, errors[i].name);
		/* Each code has its own text, so messages tell them apart. */
		int dup = 0;
		for (int j = 0; j < i; j++)
			dup += strcmp(s, axvcpu_strerror(errors[j].code)) == 0;
		tap_is(dup, 0, "strerror(%s) differs from the others",
		       errors[i].name);
	}
	/* The causes a user can act on: bind on a CPU or thread without
	 * per-CPU state gave only "(or no HAL registered)"; kvm's
	 * "all memory slots used" read "the HAL gave no frame". */
	tap_ok(strcmp(axvcpu_strerror(AXVCPU_EBADSTATE),
		      "not allowed in the current state (or no HAL "
		      "registered, or no enabled per-CPU state on this "
		      "CPU)") == 0,
	       "strerror(EBADSTATE) exact text");
	tap_ok(strstr(axvcpu_strerror(AXVCPU_ENOMEM), "memory slot") != NULL,
	       "strerror(ENOMEM) names kvm's memory slots");
	tap_ok(strcmp(axvcpu_strerror(0), "success") == 0,
	       "strerror(0) = success");
	const int unknown[] = { 1, -9, -100, 42, INT_MIN, INT_MAX };
	for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		tap_ok(strcmp(axvcpu_strerror(unknown[i]), "unknown error") ==
			   0,
		       "strerror(%d) = unknown error", unknown[i]);
		tap_ok(strcmp(axvcpu_error_name(unknown[i]), "?") == 0,
		       "error_name(%d) = ?", unknown[i]);
	}
}

static void test_state_names(void)
{
	static const char *const names[AXVCPU_STATE_COUNT] = {
		"Created", "Free", "Ready", "Running", "Blocked"
	};
	for (int s = 0; s < AXVCPU_STATE_COUNT; s++)
		tap_ok(strcmp(axvcpu_state_name((enum axvcpu_state)s),
			      names[s]) == 0,
		       "state_name(%d) = %s", s, names[s]);
	const int bad[] = { AXVCPU_STATE_COUNT, -1, 255, INT_MAX };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		tap_ok(strcmp(axvcpu_state_name((enum axvcpu_state)bad[i]),
			      "Invalid") == 0,
		       "state_name(%d) = Invalid", bad[i]);
}

static const char *const exit_names[AXVCPU_EXIT_REASON_COUNT] = {
	"Nothing",           "Hypercall",       "MmioRead",     "MmioWrite",
	"SysRegRead",        "SysRegWrite",     "IoRead",       "IoWrite",
	"ExternalInterrupt", "NestedPageFault", "Halt",         "CpuUp",
	"CpuDown",           "SystemDown",      "FailEntry",    "SendIPI",
	"SystemReset",       "Cancelled",       "ConsoleWrite", "ConsoleRead",
	"InternalError",     "RemoteFence",     "CpuStatus",    "SystemSuspend",
};

static void test_exit_names(void)
{
	tap_is(AXVCPU_EXIT_REASON_COUNT, 24, "24 exit reasons");
	for (int r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++)
		tap_ok(strcmp(axvcpu_exit_name((enum axvcpu_exit_reason)r),
			      exit_names[r]) == 0,
		       "exit_name(%d) = %s", r, exit_names[r]);
	const int bad[] = { AXVCPU_EXIT_REASON_COUNT, -1, 1000, INT_MIN };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		tap_ok(strcmp(axvcpu_exit_name((enum axvcpu_exit_reason)bad[i]),
			      "Unknown") == 0,
		       "exit_name(%d) = Unknown", bad[i]);
	tap_ok(strcmp(axvcpu_version(), AXVCPU_VERSION_STRING) == 0 &&
		   strcmp(axvcpu_version(), "0.1.0") == 0,
	       "version 0.1.0");
}

/* One exit and the exact line axvcpu_exit_format must give for it. */
struct fmt_case {
	struct axvcpu_exit e;
	const char *want;
};

static struct fmt_case fmt_cases[40];
static int nfmt;

static struct axvcpu_exit *fmt_add(enum axvcpu_exit_reason r, const char *want)
{
	struct fmt_case *c = &fmt_cases[nfmt++];
	memset(c, 0, sizeof(*c));
	c->e.reason = r;
	c->want = want;
	return &c->e;
}

static void fmt_build(void)
{
	struct axvcpu_exit *e;
	fmt_add(AXVCPU_EXIT_NOTHING, "Nothing");
	e = fmt_add(AXVCPU_EXIT_HYPERCALL,
		    "Hypercall nr=0x10 args=[0x1,0x2,0x3,0x4,0x5,"
		    "0xffffffffffffffff]");
	e->hypercall.nr = 0x10;
	for (int i = 0; i < 5; i++)
		e->hypercall.args[i] = (uint64_t)i + 1;
	e->hypercall.args[5] = UINT64_MAX;
	e = fmt_add(AXVCPU_EXIT_MMIO_READ,
		    "MmioRead addr=0x10000005 width=1 reg=10 reg_width=8 zext");
	e->mmio_read.addr = 0x10000005;
	e->mmio_read.width = 1;
	e->mmio_read.reg = 10;
	e->mmio_read.reg_width = 8;
	e = fmt_add(AXVCPU_EXIT_MMIO_READ,
		    "MmioRead addr=0x0 width=4 reg=0 reg_width=8 sext");
	e->mmio_read.width = 4;
	e->mmio_read.reg_width = 8;
	e->mmio_read.sign_ext = true;
	e = fmt_add(AXVCPU_EXIT_MMIO_WRITE,
		    "MmioWrite addr=0x10000000 width=4 data=0xdeadbeef");
	e->mmio_write.addr = 0x10000000;
	e->mmio_write.width = 4;
	e->mmio_write.data = 0xdeadbeef;
	e = fmt_add(AXVCPU_EXIT_SYSREG_READ, "SysRegRead addr=0xc01 reg=5");
	e->sysreg_read.addr = 0xc01;
	e->sysreg_read.reg = 5;
	e = fmt_add(AXVCPU_EXIT_SYSREG_WRITE,
		    "SysRegWrite addr=0x140 value=0x0");
	e->sysreg_write.addr = 0x140;
	e = fmt_add(AXVCPU_EXIT_IO_READ, "IoRead port=0x3f8 width=1");
	e->io_read.port = 0x3f8;
	e->io_read.width = 1;
	e->io_read.count = 1;
	e = fmt_add(AXVCPU_EXIT_IO_READ, "IoRead port=0x60 width=2 count=4");
	e->io_read.port = 0x60;
	e->io_read.width = 2;
	e->io_read.count = 4;
	e = fmt_add(AXVCPU_EXIT_IO_WRITE,
		    "IoWrite port=0x3f8 width=1 data=0x41");
	e->io_write.port = 0x3f8;
	e->io_write.width = 1;
	e->io_write.data = 0x41;
	e = fmt_add(AXVCPU_EXIT_IO_WRITE,
		    "IoWrite port=0xffff width=4 data=0x0 count=2");
	e->io_write.port = 0xffff;
	e->io_write.width = 4;
	e->io_write.count = 2;
	e = fmt_add(AXVCPU_EXIT_EXTERNAL_INTERRUPT,
		    "ExternalInterrupt vector=0x20");
	e->external_interrupt.vector = 0x20;
	e = fmt_add(AXVCPU_EXIT_NESTED_PAGE_FAULT,
		    "NestedPageFault addr=0x9000 access=rw- atomic");
	e->nested_page_fault.addr = 0x9000;
	e->nested_page_fault.access_flags =
	    AXVCPU_ACCESS_READ | AXVCPU_ACCESS_WRITE | AXVCPU_ACCESS_ATOMIC;
	e = fmt_add(AXVCPU_EXIT_NESTED_PAGE_FAULT,
		    "NestedPageFault addr=0x0 access=--x fp undecoded");
	e->nested_page_fault.access_flags =
	    AXVCPU_ACCESS_EXECUTE | AXVCPU_ACCESS_FP | AXVCPU_ACCESS_UNDECODED;
	e = fmt_add(AXVCPU_EXIT_HALT, "Halt");
	e->halt.deadline = UINT64_MAX;
	e = fmt_add(AXVCPU_EXIT_HALT, "Halt deadline=1000");
	e->halt.deadline = 1000;
	e = fmt_add(AXVCPU_EXIT_HALT, "Halt deadline=7 suspend");
	e->halt.deadline = 7;
	e->halt.suspend = true;
	e = fmt_add(AXVCPU_EXIT_SYSTEM_SUSPEND,
		    "SystemSuspend type=0x0 entry=0x80200000 arg=0x5");
	e->system_suspend.entry_point = 0x80200000;
	e->system_suspend.arg = 5;
	e = fmt_add(AXVCPU_EXIT_CPU_STATUS, "CpuStatus target_cpu=3");
	e->cpu_status.target_cpu = 3;
	e = fmt_add(AXVCPU_EXIT_CPU_UP,
		    "CpuUp target_cpu=1 entry=0x80200000 arg=0x1234");
	e->cpu_up.target_cpu = 1;
	e->cpu_up.entry_point = 0x80200000;
	e->cpu_up.arg = 0x1234;
	e = fmt_add(AXVCPU_EXIT_CPU_DOWN, "CpuDown state=0x0");
	e = fmt_add(AXVCPU_EXIT_SYSTEM_DOWN, "SystemDown reason=0x0");
	e = fmt_add(AXVCPU_EXIT_FAIL_ENTRY,
		    "FailEntry hardware_entry_failure_reason=0x7");
	e->fail_entry.hardware_entry_failure_reason = 7;
	e = fmt_add(AXVCPU_EXIT_SEND_IPI, "SendIPI target_cpu=3 "
					  "target_cpu_aux=0xff all self "
					  "vector=0x1");
	e->send_ipi.target_cpu = 3;
	e->send_ipi.target_cpu_aux = 0xff;
	e->send_ipi.send_to_all = true;
	e->send_ipi.send_to_self = true;
	e->send_ipi.vector = 1;
	e = fmt_add(AXVCPU_EXIT_SEND_IPI,
		    "SendIPI target_cpu=0 target_cpu_aux=0x0 vector=0x0");
	e = fmt_add(AXVCPU_EXIT_SYSTEM_RESET, "SystemReset reason=0x1");
	e->system.reason = 1;
	fmt_add(AXVCPU_EXIT_CANCELLED, "Cancelled");
	e = fmt_add(AXVCPU_EXIT_CONSOLE_WRITE, "ConsoleWrite byte=0x41");
	e->console_write.byte = 'A';
	e = fmt_add(AXVCPU_EXIT_CONSOLE_WRITE, "ConsoleWrite gpa=0x8000 len=5");
	e->console_write.gpa = 0x8000;
	e->console_write.len = 5;
	fmt_add(AXVCPU_EXIT_CONSOLE_READ, "ConsoleRead");
	e = fmt_add(AXVCPU_EXIT_CONSOLE_READ, "ConsoleRead gpa=0x100 len=3");
	e->console_read.gpa = 0x100;
	e->console_read.len = 3;
	e = fmt_add(AXVCPU_EXIT_INTERNAL_ERROR,
		    "InternalError code=0x1 data0=0x2 data1=0x3");
	e->internal_error.code = AXVCPU_INTERNAL_BAD_WIDTH;
	e->internal_error.data[0] = 2;
	e->internal_error.data[1] = 3;
	e = fmt_add(AXVCPU_EXIT_REMOTE_FENCE,
		    "RemoteFence target_cpu=0 target_cpu_aux=0x6 icache tlb "
		    "start=0x1000 size=0x2000 asid=0xffffffffffffffff");
	e->remote_fence.target_cpu_aux = 6;
	e->remote_fence.kinds = AXVCPU_FENCE_ICACHE | AXVCPU_FENCE_TLB;
	e->remote_fence.start = 0x1000;
	e->remote_fence.size = 0x2000;
	e->remote_fence.asid = UINT64_MAX;
	e = fmt_add(AXVCPU_EXIT_REMOTE_FENCE,
		    "RemoteFence target_cpu=2 target_cpu_aux=0x1 all stage2 "
		    "start=0x0 size=0x0 asid=0x0");
	e->remote_fence.target_cpu = 2;
	e->remote_fence.target_cpu_aux = 1;
	e->remote_fence.send_to_all = true;
	e->remote_fence.kinds = AXVCPU_FENCE_STAGE2;
	fmt_add((enum axvcpu_exit_reason)99, "Unknown reason=99");
}

static void test_exit_format(void)
{
	fmt_build();
	bool seen[AXVCPU_EXIT_REASON_COUNT] = { 0 };
	for (int i = 0; i < nfmt; i++) {
		const struct fmt_case *c = &fmt_cases[i];
		char buf[256];
		memset(buf, 'X', sizeof(buf));
		int n = axvcpu_exit_format(&c->e, buf, sizeof(buf));
		if (!tap_ok(strcmp(buf, c->want) == 0, "format: %s", c->want))
			tap_diag("got \"%s\"", buf);
		tap_is(n, (int)strlen(c->want), "format returns the length: %s",
		       c->want);
		if ((unsigned)c->e.reason < AXVCPU_EXIT_REASON_COUNT)
			seen[c->e.reason] = true;
	}
	int missing = 0;
	for (int r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++)
		missing += !seen[r];
	tap_is(missing, 0, "every exit reason has a format case");

	/* Truncation keeps a NUL and the snprintf-like full length. */
	const struct fmt_case *c = &fmt_cases[2]; /* MmioRead ... zext */
	int full = (int)strlen(c->want);
	tap_is(axvcpu_exit_format(&c->e, 0, 0), full,
	       "NULL buffer, size 0: the full length");
	char small[8];
	memset(small, 'X', sizeof(small));
	tap_is(axvcpu_exit_format(&c->e, small, 1), full, "size 1: length");
	tap_is(small[0], '\0', "size 1: empty string");
	tap_is(small[1], 'X', "size 1: nothing written past the buffer");
	memset(small, 'X', sizeof(small));
	tap_is(axvcpu_exit_format(&c->e, small, 5), full, "size 5: length");
	tap_ok(strcmp(small, "Mmio") == 0, "size 5: \"Mmio\"");
	tap_is(small[5], 'X', "size 5: nothing written past the buffer");
	char exact[128];
	memset(exact, 'X', sizeof(exact));
	axvcpu_exit_format(&c->e, exact, (size_t)full + 1);
	tap_ok(strcmp(exact, c->want) == 0, "size len+1: whole line");
	memset(exact, 'X', sizeof(exact));
	axvcpu_exit_format(&c->e, exact, (size_t)full);
	tap_is((int)strlen(exact), full - 1, "size len: one char short");
	tap_ok(strncmp(exact, c->want, (size_t)full - 1) == 0,
	       "size len: a prefix of the line");
	memset(exact, 'X', sizeof(exact));
	tap_is(axvcpu_exit_format(&c->e, exact, 0), full,
	       "size 0 with a buffer: length");
	tap_is(exact[0], 'X', "size 0: buffer untouched");

	/* NULL arguments. */
	tap_is(axvcpu_exit_format(0, exact, sizeof(exact)), AXVCPU_EINVAL,
	       "NULL exit: EINVAL");
	tap_is(axvcpu_exit_format(&c->e, 0, 10), AXVCPU_EINVAL,
	       "NULL buffer with a size: EINVAL");
}

int main(void)
{
	test_errors();
	test_state_names();
	test_exit_names();
	test_exit_format();
	return tap_done(0);
}
