/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Completion of read exits, table-driven: every access width (1/2/4/8) x
 * zero/sign extension x register width (>= access width) x values with the
 * sign bit set and clear and junk above the width, through the three paths
 * (a backend with complete_read, the set_gpr fallback, and a backend whose
 * register file the core writes itself: backend.h's gpr_file_count, with
 * RUN_FILLS_EXIT as riscv64 has them). Then the seed's
 * way (set_gpr on the destination register), the 0 given to a read left
 * uncompleted at the next run (-1 to a console read), and the
 * IO/sysreg/console reads.
 */
#include "helpers.h"

/* The expected register value, computed independently of the core: by C
 * conversions through the fixed-width types. */
static uint64_t reference(uint64_t v, unsigned width, unsigned reg_width,
			  bool sext)
{
	uint64_t x = 0;
	switch (width) {
	case 1:
		x = sext ? (uint64_t)(int64_t)(int8_t)(uint8_t)v : (uint8_t)v;
		break;
	case 2:
		x = sext ? (uint64_t)(int64_t)(int16_t)(uint16_t)v
			 : (uint16_t)v;
		break;
	case 4:
		x = sext ? (uint64_t)(int64_t)(int32_t)(uint32_t)v
			 : (uint32_t)v;
		break;
	case 8:
		x = v;
		break;
	}
	switch (reg_width) {
	case 1:
		return (uint8_t)x;
	case 2:
		return (uint16_t)x;
	case 4:
		return (uint32_t)x;
	default:
		return x;
	}
}

/* Values: sign bit clear/set at every width, junk above each width. */
static const uint64_t values[] = {
	0x0000000000000000ull, 0x000000000000007full, 0x0000000000000080ull,
	0x00000000000000ffull, 0xdeadbeefcafe7f7full, 0x123456789abcd080ull,
	0x0000000000007fffull, 0x0000000000008000ull, 0xffffffffffff7fffull,
	0x0000000080000000ull, 0x000000007fffffffull, 0xabcdef0180000001ull,
	0x8000000000000000ull, 0x7fffffffffffffffull, 0xffffffffffffffffull,
	0xfedcba9876543210ull,
};
#define NVALUES (sizeof(values) / sizeof(values[0]))

/* Hand-checked cases, in case reference() and the core agree wrongly. */
static const struct {
	uint64_t v;
	unsigned width, reg_width;
	bool sext;
	uint64_t want;
} literal[] = {
	{ 0x12345680, 1, 8, true, 0xffffffffffffff80ull },
	{ 0x12345680, 1, 8, false, 0x80 },
	{ 0xabcd8001, 2, 4, true, 0xffff8001 },
	{ 0xabcd8001, 2, 8, false, 0x8001 },
	{ 0xffffffff80000000ull, 4, 8, false, 0x80000000 },
	{ 0x80000000, 4, 8, true, 0xffffffff80000000ull },
	{ 0x7fffffff, 4, 8, true, 0x7fffffff },
	{ 0xff, 1, 2, true, 0xffff },
	{ 0x17f, 1, 1, true, 0x7f },
	{ 0x8000000000000000ull, 8, 8, true, 0x8000000000000000ull },
};

/* Backend with complete_read but no set_gpr fallback in play. */
static const struct axvcpu_backend *const with_op = &mock_backend;
/* The fallback: the core writes the register with set_gpr. */
static struct axvcpu_backend fallback;
/* The register file: the core stores an MMIO read's value itself. */
static struct axvcpu_backend file;
#define FILE_CPU 3u

#define DEST 13

/* The paths of the table, by index. */
#define NPATHS 3
static const struct axvcpu_backend *path_backend(int p)
{
	return p == 0 ? with_op : p == 1 ? &fallback : &file;
}

static const char *path_name(int p)
{
	return p == 0 ? "complete_read" : p == 1 ? "fallback" : "register file";
}

/* Switch this thread to the CPU whose per-CPU state is for `be`. */
static const struct axvcpu_backend *on_cpu_of(const struct axvcpu_backend *be)
{
	axvcpu_hosted_cpu_set(be == &fallback ? OTHER_CPU
			      : be == &file   ? FILE_CPU
					      : MAIN_CPU);
	return be;
}

/* Run to an MMIO read, complete it, check the destination and the rest. */
static void one(struct axvcpu *v, int p, uint64_t value, unsigned width,
		unsigned reg_width, bool sext, uint64_t want)
{
	struct mock_vcpu *m = mock_of(v);
	const char *path = path_name(p);
	uint64_t regs[MOCK_NGPRS];
	regs_read(v, regs);
	mock_script_mmio_read(v, DEST, (uint8_t)width, (uint8_t)reg_width,
			      sext);
	struct axvcpu_exit e;
	int err = axvcpu_run(v, &e);
	if (err || e.reason != AXVCPU_EXIT_MMIO_READ) {
		tap_ok(0, "run to MmioRead w%u r%u", width, reg_width);
		return;
	}
	unsigned sets = m->calls[MOCK_OP_SET_GPR];
	unsigned completes = m->calls[MOCK_OP_COMPLETE_READ];
	err = axvcpu_complete_mmio_read(v, value);
	uint64_t got = 0;
	axvcpu_get_gpr(v, DEST, &got);
	bool ok = tap_ok(err == 0 && got == want,
			 "%s: width %u %s reg_width %u value 0x%016llx -> "
			 "0x%016llx",
			 path, width, sext ? "sext" : "zext", reg_width,
			 (unsigned long long)value, (unsigned long long)want);
	if (!ok)
		tap_diag("err %d got 0x%016llx", err, (unsigned long long)got);
	if (p == 2) {
		tap_ok(m->calls[MOCK_OP_COMPLETE_READ] == completes &&
			   m->calls[MOCK_OP_SET_GPR] == sets,
		       "%s: stored by the core, no op called", path);
	} else if (p == 0) {
		const struct axvcpu_read_completion *c = &m->last_completion;
		tap_ok(m->calls[MOCK_OP_COMPLETE_READ] == completes + 1 &&
			   m->calls[MOCK_OP_SET_GPR] == sets &&
			   c->kind == AXVCPU_READ_MMIO && c->reg == DEST &&
			   c->width == width && c->reg_width == reg_width &&
			   c->sign_ext == sext && c->value == want,
		       "%s: the backend got kind, reg, widths, sign, value",
		       path);
	} else {
		tap_is(m->calls[MOCK_OP_SET_GPR], sets + 1, "%s: one set_gpr",
		       path);
	}
	/* Only the destination changed. */
	regs[DEST] = want;
	tap_ok(regs_same(v, regs), "%s: no other register changed", path);
}

static void test_table(void)
{
	for (int p = 0; p < NPATHS; p++) {
		const struct axvcpu_backend *be = path_backend(p);
		struct axvcpu *v = vcpu_in(on_cpu_of(be), AXVCPU_STATE_READY);
		for (unsigned w = 1; w <= 8; w *= 2)
			for (int s = 0; s < 2; s++)
				for (unsigned rw = w; rw <= 8; rw *= 2)
					for (unsigned i = 0; i < NVALUES; i++)
						one(v, p, values[i], w, rw, s,
						    reference(values[i], w, rw,
							      s));
		for (unsigned i = 0; i < sizeof(literal) / sizeof(literal[0]);
		     i++)
			one(v, p, literal[i].v, literal[i].width,
			    literal[i].reg_width, literal[i].sext,
			    literal[i].want);
		vcpu_free(v);
	}
}

/* The seed's way: set_gpr on the destination completes the read. */
static void test_seed_path(void)
{
	for (int p = 0; p < NPATHS; p++) {
		const struct axvcpu_backend *be = path_backend(p);
		const char *path = path_name(p);
		struct axvcpu *v = vcpu_in(on_cpu_of(be), AXVCPU_STATE_READY);
		struct mock_vcpu *m = mock_of(v);
		struct axvcpu_exit e;
		uint64_t r;

		mock_script_mmio_read(v, 7, 4, 8, true);
		axvcpu_run(v, &e);
		tap_is(axvcpu_set_gpr(v, 7, 0x55), 0, "%s: set_gpr(dest)",
		       path);
		unsigned completes = m->calls[MOCK_OP_COMPLETE_READ];
		unsigned sets = m->calls[MOCK_OP_SET_GPR];
		tap_is(axvcpu_run(v, &e), 0, "%s: next run", path);
		axvcpu_get_gpr(v, 7, &r);
		tap_is(r, 0x55, "%s: next run kept the value set_gpr wrote",
		       path);
		tap_ok(m->calls[MOCK_OP_COMPLETE_READ] == completes &&
			   m->calls[MOCK_OP_SET_GPR] == sets,
		       "%s: nothing delivered at the next run", path);
		tap_is(axvcpu_complete_mmio_read(v, 1), AXVCPU_EINVAL,
		       "%s: set_gpr completed it (no read pending)", path);

		/* The same for a system-register read. */
		struct axvcpu_exit s;
		memset(&s, 0, sizeof(s));
		s.reason = AXVCPU_EXIT_SYSREG_READ;
		s.sysreg_read.addr = 0xc01;
		s.sysreg_read.reg = 9;
		mock_script_exit(v, &s);
		axvcpu_run(v, &e);
		tap_is(axvcpu_set_gpr(v, 9, 0x99), 0, "%s: sysreg set_gpr",
		       path);
		axvcpu_run(v, &e);
		axvcpu_get_gpr(v, 9, &r);
		tap_is(r, 0x99, "%s: sysreg value kept", path);
		tap_is(axvcpu_complete_sysreg_read(v, 1), AXVCPU_EINVAL,
		       "%s: sysreg read completed by set_gpr", path);

		/* set_gpr on another register does not complete it. */
		mock_script_mmio_read(v, 7, 2, 8, false);
		axvcpu_run(v, &e);
		tap_is(axvcpu_set_gpr(v, 8, 0x88), 0, "%s: set_gpr(other)",
		       path);
		tap_is(axvcpu_complete_mmio_read(v, 0x12345), 0,
		       "%s: read still pending after set_gpr(other)", path);
		axvcpu_get_gpr(v, 7, &r);
		tap_is(r, 0x2345, "%s: completed with width 2", path);
		axvcpu_get_gpr(v, 8, &r);
		tap_is(r, 0x88, "%s: other register kept", path);

		/* An IO read is not completed by set_gpr of register 0. */
		if (p != 1) {
			memset(&s, 0, sizeof(s));
			s.reason = AXVCPU_EXIT_IO_READ;
			s.io_read.port = 0x60;
			s.io_read.width = 1;
			mock_script_exit(v, &s);
			axvcpu_run(v, &e);
			axvcpu_set_gpr(v, 0, 1);
			tap_is(axvcpu_complete_io_read(v, 0x1ff), 0,
			       "IO read not completed by set_gpr(0)");
			tap_is(m->last_completion.value, 0xff,
			       "IO read value truncated to width 1");
		}
		vcpu_free(v);
	}
}

/* A run the backend refuses leaves the previous read pending. */
static void test_refused_run_keeps_read(void)
{
	struct axvcpu *v = vcpu_in(on_cpu_of(with_op), AXVCPU_STATE_READY);
	struct axvcpu_exit e;
	uint64_t r = 0;
	mock_script_mmio_read(v, 6, 2, 8, false);
	tap_is(axvcpu_run(v, &e), 0, "refused run: read exit first");
	mock_fail_next(MOCK_OP_RUN, AXVCPU_EHW);
	tap_is(axvcpu_run(v, &e), AXVCPU_EHW, "refused run: backend refuses");
	tap_is(axvcpu_complete_mmio_read(v, 0x1234), 0,
	       "refused run: the read can still be completed");
	axvcpu_get_gpr(v, 6, &r);
	tap_is(r, 0x1234, "refused run: the register got the value");
	vcpu_free(v);
}

/* A read left uncompleted gets 0 at the next run. */
static void test_uncompleted(void)
{
	for (int p = 0; p < NPATHS; p++) {
		const struct axvcpu_backend *be = path_backend(p);
		const char *path = path_name(p);
		struct axvcpu *v = vcpu_in(on_cpu_of(be), AXVCPU_STATE_READY);
		struct mock_vcpu *m = mock_of(v);
		struct axvcpu_exit e;
		uint64_t r;

		axvcpu_set_gpr(v, 5, 0xdeadbeef);
		mock_script_mmio_read(v, 5, 1, 8, true);
		axvcpu_run(v, &e);
		tap_is(axvcpu_run(v, &e), 0, "%s: run with a read pending",
		       path);
		axvcpu_get_gpr(v, 5, &r);
		tap_is(r, 0, "%s: uncompleted MMIO read completed with 0",
		       path);
		if (!p)
			tap_ok(m->last_completion.kind == AXVCPU_READ_MMIO &&
				   m->last_completion.value == 0 &&
				   m->last_completion.reg == 5,
			       "complete_read got the 0 for register 5");
		tap_is(axvcpu_complete_mmio_read(v, 1), AXVCPU_EINVAL,
		       "%s: no longer pending", path);

		/* Also when that next run is cancelled by a kick. */
		axvcpu_set_gpr(v, 5, 0xdeadbeef);
		mock_script_mmio_read(v, 5, 8, 8, false);
		axvcpu_run(v, &e);
		axvcpu_kick(v);
		tap_is(axvcpu_run(v, &e), 0, "%s: cancelled run", path);
		tap_is(e.reason, AXVCPU_EXIT_CANCELLED, "%s: Cancelled", path);
		axvcpu_get_gpr(v, 5, &r);
		tap_is(r, 0, "%s: read retired with 0 before the cancel", path);
		vcpu_free(v);
	}
}

/* A read pending when the vCPU is unbound can still be completed. */
static void test_complete_after_unbind(const struct axvcpu_backend *be)
{
	struct axvcpu *v = vcpu_in(on_cpu_of(be), AXVCPU_STATE_READY);
	struct axvcpu_exit e;
	uint64_t r;
	mock_script_mmio_read(v, 4, 2, 8, true);
	axvcpu_run(v, &e);
	tap_is(axvcpu_unbind(v), 0, "unbind with an MMIO read pending");
	tap_is(axvcpu_complete_mmio_read(v, 0x8001), 0,
	       "complete_mmio_read in Free (the read is pending)");
	axvcpu_get_gpr(v, 4, &r);
	tap_is(r, 0xffffffffffff8001ull, "completed while Free");
	tap_is(axvcpu_state(v), AXVCPU_STATE_FREE, "still Free");
	tap_is(axvcpu_complete_mmio_read(v, 1), AXVCPU_EINVAL,
	       "then nothing pending");
	/* The seed's set_gpr works in Free too, consistently. */
	axvcpu_bind(v);
	mock_script_mmio_read(v, 4, 2, 8, true);
	axvcpu_run(v, &e);
	axvcpu_unbind(v);
	tap_is(axvcpu_set_gpr(v, 4, 0x44), 0, "set_gpr(dest) in Free");
	axvcpu_bind(v);
	axvcpu_run(v, &e);
	axvcpu_get_gpr(v, 4, &r);
	tap_is(r, 0x44, "set_gpr in Free completed the read");
	vcpu_free(v);
}

/* IO, sysreg and console reads. */
static void test_other_kinds(void)
{
	struct axvcpu *v =
	    vcpu_in(on_cpu_of(&mock_backend), AXVCPU_STATE_READY);
	struct mock_vcpu *m = mock_of(v);
	struct axvcpu_exit s, e;
	for (unsigned w = 1; w <= 4; w *= 2) {
		for (unsigned i = 0; i < NVALUES; i++) {
			memset(&s, 0, sizeof(s));
			s.reason = AXVCPU_EXIT_IO_READ;
			s.io_read.port = 0x3f8;
			s.io_read.width = (uint8_t)w;
			mock_script_exit(v, &s);
			axvcpu_run(v, &e);
			int err = axvcpu_complete_io_read(v, values[i]);
			const struct axvcpu_read_completion *c =
			    &m->last_completion;
			tap_ok(err == 0 && c->kind == AXVCPU_READ_IO &&
				   c->width == w && c->reg_width == w &&
				   !c->sign_ext &&
				   c->value ==
				       reference(values[i], w, w, false),
			       "IoRead width %u value 0x%llx truncated", w,
			       (unsigned long long)values[i]);
		}
	}
	for (unsigned i = 0; i < NVALUES; i++) {
		memset(&s, 0, sizeof(s));
		s.reason = AXVCPU_EXIT_SYSREG_READ;
		s.sysreg_read.reg = 20;
		mock_script_exit(v, &s);
		axvcpu_run(v, &e);
		uint64_t r = 0;
		int err = axvcpu_complete_sysreg_read(v, values[i]);
		axvcpu_get_gpr(v, 20, &r);
		tap_ok(err == 0 && r == values[i] &&
			   m->last_completion.kind == AXVCPU_READ_SYSREG,
		       "SysRegRead value 0x%llx written whole",
		       (unsigned long long)values[i]);
	}
	const int64_t chars[] = { 'A', 0, 255, -1 };
	for (unsigned i = 0; i < 4; i++) {
		memset(&s, 0, sizeof(s));
		s.reason = AXVCPU_EXIT_CONSOLE_READ;
		mock_script_exit(v, &s);
		axvcpu_run(v, &e);
		int err = axvcpu_complete_console_read(v, chars[i]);
		tap_ok(err == 0 &&
			   m->last_completion.kind == AXVCPU_READ_CONSOLE &&
			   m->last_completion.value == (uint64_t)chars[i],
		       "ConsoleRead %lld handed over as is",
		       (long long)chars[i]);
	}
	/* A console read left uncompleted gets -1 (none available), not a
	 * NUL character, at the next run. */
	memset(&s, 0, sizeof(s));
	s.reason = AXVCPU_EXIT_CONSOLE_READ;
	mock_script_exit(v, &s);
	axvcpu_run(v, &e);
	m->last_completion.kind = AXVCPU_READ_NONE;
	tap_is(axvcpu_run(v, &e), 0, "run with a console read pending");
	tap_ok(m->last_completion.kind == AXVCPU_READ_CONSOLE &&
		   m->last_completion.value == (uint64_t)-1,
	       "uncompleted ConsoleRead completed with -1");
	tap_is(axvcpu_complete_console_read(v, 'x'), AXVCPU_EINVAL,
	       "that console read is no longer pending");
	vcpu_free(v);

	/* Without complete_read, IO and console reads cannot be completed:
	 * EUNSUPPORTED, and the read stays pending (documented in
	 * backend.h: those reads need the op). */
	v = vcpu_in(on_cpu_of(&fallback), AXVCPU_STATE_READY);
	uint64_t regs[MOCK_NGPRS];
	regs_read(v, regs);
	memset(&s, 0, sizeof(s));
	s.reason = AXVCPU_EXIT_IO_READ;
	s.io_read.width = 1;
	mock_script_exit(v, &s);
	axvcpu_run(v, &e);
	tap_is(axvcpu_complete_io_read(v, 1), AXVCPU_EUNSUPPORTED,
	       "fallback: IO read completion unsupported");
	tap_ok(regs_same(v, regs), "fallback IO completion: no register");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "fallback IO: Ready");
	tap_is(axvcpu_run(v, &e), AXVCPU_EUNSUPPORTED,
	       "fallback: the next run cannot retire the IO read either");
	tap_is(e.reason, AXVCPU_EXIT_NOTHING, "that run's exit is Nothing");
	tap_is(axvcpu_run(v, &e), 0, "the run after works");

	/* A (buggy) backend exit naming a register past gpr_count becomes
	 * an internal error: nothing pending, so set_gpr is never called
	 * out of its contract. */
	struct mock_vcpu *fm = mock_of(v);
	for (int k = 0; k < 2; k++) {
		memset(&s, 0, sizeof(s));
		s.reason = k ? AXVCPU_EXIT_SYSREG_READ : AXVCPU_EXIT_MMIO_READ;
		if (k) {
			s.sysreg_read.reg = MOCK_NGPRS + 3;
		} else {
			s.mmio_read.width = s.mmio_read.reg_width = 8;
			s.mmio_read.reg = MOCK_NGPRS;
		}
		mock_script_exit(v, &s);
		tap_is(axvcpu_run(v, &e), 0, "run to a read of register %u",
		       k ? MOCK_NGPRS + 3 : MOCK_NGPRS);
		tap_is(e.reason, AXVCPU_EXIT_INTERNAL_ERROR,
		       "it arrives as an internal error");
		tap_is(e.internal_error.code, AXVCPU_INTERNAL_BAD_REG,
		       "with code BAD_REG");
		tap_is(e.internal_error.data[1],
		       k ? MOCK_NGPRS + 3 : MOCK_NGPRS, "naming the register");
		unsigned sets = fm->calls[MOCK_OP_SET_GPR];
		int err = k ? axvcpu_complete_sysreg_read(v, 1)
			    : axvcpu_complete_mmio_read(v, 1);
		tap_is(err, AXVCPU_EINVAL, "no read is pending to complete");
		tap_is(axvcpu_run(v, &e), 0, "the next run goes ahead");
		tap_is(fm->calls[MOCK_OP_SET_GPR], sets,
		       "no set_gpr with a register out of range");
		tap_is(fm->bad_reg, 0, "the backend saw no bad register");
		tap_ok(regs_same(v, regs), "no register changed");
	}
	vcpu_free(v);
	on_cpu_of(&mock_backend);
}

int main(void)
{
	hosted_start(&mock_backend);
	fallback = mock_backend;
	fallback.complete_read = 0;
	fallback.name = "mock-fallback";
	file = mock_backend;
	file.name = "mock-file";
	file.flags = AXVCPU_BACKEND_RUN_FILLS_EXIT;
	file.gpr_file_count = MOCK_NGPRS;
	file.gpr_file_offset = offsetof(struct mock_vcpu, regs);
	percpu_up(FILE_CPU, &file);
	/* A CPU holds one backend's per-CPU state: the fallback backend's
	 * vCPUs live on OTHER_CPU (see on_cpu_of()). */
	percpu_up(OTHER_CPU, &fallback);
	axvcpu_hosted_cpu_set(MAIN_CPU);
	long frames = axvcpu_hosted_frames_in_use();
	test_table();
	test_seed_path();
	test_uncompleted();
	test_refused_run_keeps_read();
	test_complete_after_unbind(&mock_backend);
	test_complete_after_unbind(&file);
	test_other_kinds();
	tap_is(axvcpu_hosted_frames_in_use(), frames, "no frame leaked");
	return tap_done(0);
}
