/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The scenario table: for each guest routine (guest/scenarios.c) the
 * host's side, which checks every exit's decoded fields exactly and
 * answers it. The expected values come from proto.h and the backend's
 * struct conf_backend, never from the guest, so a guest runtime and a
 * backend that agree on a wrong field still fail.
 */
#include "tests/conformance/scenarios.h"
#include "vmm/fmt.h"
#include "vmm/libc.h"

static uint64_t mask_of(unsigned width)
{
	return width >= 8 ? ~0ull : (1ull << (8 * width)) - 1;
}

static struct axvcpu *v0(struct conf *c)
{
	return conf_vcpu(c, 0);
}

static bool is_call(const struct axvcpu_exit *e, uint64_t nr)
{
	return e->reason == AXVCPU_EXIT_HYPERCALL && e->hypercall.nr == nr;
}

/* A CONF_HC_ARM: keep its arguments, answer `ret`. */
static enum conf_take arm_take(struct conf *c, unsigned id,
			       const struct axvcpu_exit *e, uint64_t ret)
{
	for (unsigned i = 0; i < 6; i++)
		c->arm[i] = e->hypercall.args[i];
	conf_eq(c, "axvcpu_set_return_value after ARM",
		(uint64_t)axvcpu_set_return_value(conf_vcpu(c, id), ret), 0);
	return CONF_TAKEN;
}

/* An MmioRead of the runtime's accessor at `addr`. */
static bool want_read(struct conf *c, const struct axvcpu_exit *e,
		      uint64_t addr, unsigned width, bool sign)
{
	if (!conf_reason(c, e, AXVCPU_EXIT_MMIO_READ))
		return false;
	struct conf_read_dest d;
	c->be->read_dest(width, sign, &d);
	char what[64];
	vmm_fmt(what, sizeof(what), "read of %u at 0x%llx", width,
		(unsigned long long)addr);
	bool ok = conf_eq(c, "mmio_read.addr", e->mmio_read.addr, addr);
	ok &= conf_eq(c, "mmio_read.width", e->mmio_read.width, width);
	ok &= conf_eq(c, "mmio_read.reg", e->mmio_read.reg, d.reg);
	ok &= conf_eq(c, "mmio_read.reg_width", e->mmio_read.reg_width,
		      d.reg_width);
	ok &=
	    conf_eq(c, "mmio_read.sign_ext", e->mmio_read.sign_ext, d.sign_ext);
	if (!ok)
		conf_fail(c, "... in the %s", what);
	return ok;
}

static bool want_write(struct conf *c, const struct axvcpu_exit *e,
		       uint64_t addr, unsigned width, uint64_t data)
{
	if (!conf_reason(c, e, AXVCPU_EXIT_MMIO_WRITE))
		return false;
	bool ok = conf_eq(c, "mmio_write.addr", e->mmio_write.addr, addr);
	ok &= conf_eq(c, "mmio_write.width", e->mmio_write.width, width);
	ok &= conf_eq(c, "mmio_write.data", e->mmio_write.data,
		      data & mask_of(width));
	return ok;
}

static void complete_read(struct conf *c, unsigned id, uint64_t value)
{
	conf_eq(c, "axvcpu_complete_mmio_read",
		(uint64_t)axvcpu_complete_mmio_read(conf_vcpu(c, id), value),
		0);
}

/* How many exits a scenario took: n[0] == want. */
static void want_count(struct conf *c, unsigned slot, uint64_t want,
		       const char *what)
{
	conf_eq(c, what, atomic_load(&c->n[slot]), want);
}

/* ---- accesses ---------------------------------------------------------- */

static enum conf_take mmio_read_zext_exit(struct conf *c, unsigned id,
					  struct axvcpu_exit *e)
{
	if (id != 0 || e->reason != AXVCPU_EXIT_MMIO_READ)
		return CONF_NOT_MINE;
	unsigned k = (unsigned)atomic_fetch_add(&c->n[0], 1);
	if (k < 4)
		want_read(c, e, c->be->mmio_base + CONF_OFF_READ + 8 * k,
			  1u << k, false);
	else
		conf_fail(c, "more reads than the four widths");
	complete_read(c, id, CONF_VAL_NEG);
	return CONF_TAKEN;
}

static void mmio_read_zext_done(struct conf *c)
{
	want_count(c, 0, 4, "MmioRead exits");
}

static enum conf_take mmio_read_sext_exit(struct conf *c, unsigned id,
					  struct axvcpu_exit *e)
{
	if (id != 0 || e->reason != AXVCPU_EXIT_MMIO_READ)
		return CONF_NOT_MINE;
	unsigned k = (unsigned)atomic_fetch_add(&c->n[0], 1);
	bool pos = k >= 3;
	if (k < 6)
		want_read(c, e,
			  c->be->mmio_base + (pos ? CONF_OFF_POS : 0) +
			      CONF_OFF_SREAD + 8 * (k % 3),
			  1u << (k % 3), true);
	else
		conf_fail(c, "more reads than three widths twice");
	/* The whole 64-bit value: the core truncates and extends. */
	complete_read(c, id, pos ? CONF_VAL_POS : CONF_VAL_NEG);
	return CONF_TAKEN;
}

static void mmio_read_sext_done(struct conf *c)
{
	want_count(c, 0, 6, "MmioRead exits");
}

static enum conf_take mmio_write_exit(struct conf *c, unsigned id,
				      struct axvcpu_exit *e)
{
	if (id != 0 || e->reason != AXVCPU_EXIT_MMIO_WRITE)
		return CONF_NOT_MINE;
	unsigned k = (unsigned)atomic_fetch_add(&c->n[0], 1);
	if (k < 4)
		want_write(c, e, c->be->mmio_base + CONF_OFF_WRITE + 8 * k,
			   1u << k, CONF_VAL_WRITE);
	else
		conf_fail(c, "more writes than the four widths");
	return CONF_TAKEN;
}

static void mmio_write_done(struct conf *c)
{
	want_count(c, 0, 4, "MmioWrite exits");
}

static enum conf_take pio_read_exit(struct conf *c, unsigned id,
				    struct axvcpu_exit *e)
{
	if (id != 0 || e->reason != AXVCPU_EXIT_IO_READ)
		return CONF_NOT_MINE;
	unsigned k = (unsigned)atomic_fetch_add(&c->n[0], 1);
	conf_eq(c, "io_read.port", e->io_read.port, c->be->pio_base + k);
	conf_eq(c, "io_read.width", e->io_read.width, 1u << k);
	conf_eq(c, "io_read.count", e->io_read.count, 1);
	conf_eq(c, "axvcpu_complete_io_read",
		(uint64_t)axvcpu_complete_io_read(v0(c), CONF_VAL_PIO), 0);
	return CONF_TAKEN;
}

static void pio_read_done(struct conf *c)
{
	want_count(c, 0, 3, "IoRead exits");
}

static enum conf_take pio_write_exit(struct conf *c, unsigned id,
				     struct axvcpu_exit *e)
{
	if (id != 0 || e->reason != AXVCPU_EXIT_IO_WRITE)
		return CONF_NOT_MINE;
	unsigned k = (unsigned)atomic_fetch_add(&c->n[0], 1);
	conf_eq(c, "io_write.port", e->io_write.port, c->be->pio_base + 8 + k);
	conf_eq(c, "io_write.width", e->io_write.width, 1u << k);
	conf_eq(c, "io_write.count", e->io_write.count, 1);
	conf_eq(c, "io_write.data", e->io_write.data,
		CONF_VAL_WRITE & mask_of(1u << k));
	return CONF_TAKEN;
}

static void pio_write_done(struct conf *c)
{
	want_count(c, 0, 3, "IoWrite exits");
}

static enum conf_take sysreg_exit(struct conf *c, unsigned id,
				  struct axvcpu_exit *e)
{
	if (id != 0 || (e->reason != AXVCPU_EXIT_SYSREG_READ &&
			e->reason != AXVCPU_EXIT_SYSREG_WRITE))
		return CONF_NOT_MINE;
	unsigned k = (unsigned)atomic_fetch_add(&c->n[0], 1);
	if (k == 0 && conf_reason(c, e, AXVCPU_EXIT_SYSREG_READ)) {
		conf_eq(c, "sysreg_read.addr", e->sysreg_read.addr,
			c->be->sysreg);
		conf_eq(c, "sysreg_read.reg", e->sysreg_read.reg,
			c->be->sysreg_reg);
		conf_eq(c, "axvcpu_complete_sysreg_read",
			(uint64_t)axvcpu_complete_sysreg_read(v0(c),
							      CONF_VAL_SYSREG),
			0);
	} else if (k == 1 && conf_reason(c, e, AXVCPU_EXIT_SYSREG_WRITE)) {
		conf_eq(c, "sysreg_write.addr", e->sysreg_write.addr,
			c->be->sysreg);
		conf_eq(c, "sysreg_write.value", e->sysreg_write.value,
			CONF_VAL_WRITE);
	}
	return CONF_TAKEN;
}

static void sysreg_done(struct conf *c)
{
	want_count(c, 0, 2, "SysReg exits");
}

/* ---- calls --------------------------------------------------------------- */

static enum conf_take hypercall_exit(struct conf *c, unsigned id,
				     struct axvcpu_exit *e)
{
	if (id != 0 || !is_call(e, CONF_HC_TEST))
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	for (unsigned i = 0; i < 6; i++) {
		char what[32];
		vmm_fmt(what, sizeof(what), "hypercall.args[%u]", i);
		conf_eq(c, what, e->hypercall.args[i], CONF_HC_ARG(i));
	}
	conf_eq(c, "axvcpu_set_return_value",
		(uint64_t)axvcpu_set_return_value(v0(c), CONF_HC_RESULT), 0);
	return CONF_TAKEN;
}

static void hypercall_done(struct conf *c)
{
	want_count(c, 0, 1, "Hypercall exits");
}

static enum conf_take console_exit(struct conf *c, unsigned id,
				   struct axvcpu_exit *e)
{
	if (id != 0)
		return CONF_NOT_MINE;
	if (is_call(e, CONF_HC_ARM))
		return arm_take(c, id, e, 0);
	if (e->reason != AXVCPU_EXIT_CONSOLE_WRITE &&
	    e->reason != AXVCPU_EXIT_CONSOLE_READ)
		return CONF_NOT_MINE;
	unsigned k = (unsigned)atomic_fetch_add(&c->n[0], 1);
	if (k == 0 && conf_reason(c, e, AXVCPU_EXIT_CONSOLE_WRITE)) {
		conf_eq(c, "console_write.len", e->console_write.len, 0);
		conf_eq(c, "console_write.byte", e->console_write.byte,
			CONF_CON_BYTE);
	} else if (k == 1 && conf_reason(c, e, AXVCPU_EXIT_CONSOLE_READ)) {
		conf_eq(c, "console_read.len", e->console_read.len, 0);
		conf_eq(c, "axvcpu_complete_console_read",
			(uint64_t)axvcpu_complete_console_read(v0(c),
							       CONF_CON_READ),
			0);
	} else if (k == 2 && conf_reason(c, e, AXVCPU_EXIT_CONSOLE_WRITE)) {
		conf_eq(c, "console_write.gpa", e->console_write.gpa,
			c->arm[0]);
		conf_eq(c, "console_write.len", e->console_write.len,
			CONF_CON_LEN);
		/* The guest's bytes, where the exit says they are. */
		const char *p = vmm_mem_translate(
		    &c->vm->mem, e->console_write.gpa, CONF_CON_LEN);
		conf_expect(c, p && memcmp(p, CONF_CON_TEXT, CONF_CON_LEN) == 0,
			    "console_write: the guest's buffer differs");
		/* A partial write, as SBI DBCN allows. */
		conf_eq(
		    c, "axvcpu_set_return_value",
		    (uint64_t)axvcpu_set_return_value(v0(c), CONF_CON_LEN - 1),
		    0);
	}
	return CONF_TAKEN;
}

static void console_done(struct conf *c)
{
	want_count(c, 0, 3, "Console exits");
}

static enum conf_take garbage_exit(struct conf *c, unsigned id,
				   struct axvcpu_exit *e)
{
	static const uint64_t nrs[3] = { CONF_HC_GARBAGE_0, CONF_HC_GARBAGE_1,
					 CONF_HC_GARBAGE_2 };
	if (id != 0 || e->reason != AXVCPU_EXIT_HYPERCALL)
		return CONF_NOT_MINE;
	unsigned k = (unsigned)atomic_fetch_add(&c->n[0], 1);
	if (k < 3) {
		conf_eq(c, "hypercall.nr", e->hypercall.nr, nrs[k]);
		for (unsigned i = 0; i < 6; i++)
			conf_eq(c, "hypercall.args[i]", e->hypercall.args[i],
				nrs[k] ^ i);
	}
	return CONF_LET_VM; /* the VM layer answers "not supported" */
}

static void garbage_done(struct conf *c)
{
	want_count(c, 0, 3, "Hypercall exits");
}

/* ---- halt and interrupts ------------------------------------------------ */

static bool want_halt(struct conf *c, const struct axvcpu_exit *e,
		      uint64_t deadline)
{
	if (!conf_reason(c, e, AXVCPU_EXIT_HALT))
		return false;
	bool ok = conf_eq(c, "halt.deadline", e->halt.deadline, deadline);
	ok &= conf_eq(c, "halt.suspend", e->halt.suspend, false);
	return ok;
}

static enum conf_take halt_exit(struct conf *c, unsigned id,
				struct axvcpu_exit *e)
{
	if (id != 0 || e->reason != AXVCPU_EXIT_HALT)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	want_halt(c, e, UINT64_MAX);
	conf_eq(c, "state after Halt", axvcpu_state(v0(c)),
		AXVCPU_STATE_BLOCKED);
	conf_eq(c, "axvcpu_wake", (uint64_t)axvcpu_wake(v0(c)), 0);
	conf_eq(c, "state after wake", axvcpu_state(v0(c)), AXVCPU_STATE_READY);
	return CONF_TAKEN;
}

static void halt_done(struct conf *c)
{
	want_count(c, 0, 1, "Halt exits");
}

static enum conf_take halt_timer_exit(struct conf *c, unsigned id,
				      struct axvcpu_exit *e)
{
	if (id != 0)
		return CONF_NOT_MINE;
	/* ARM(deadline), or ARM(0, 0, 1): "did you see the Halt?" */
	if (is_call(e, CONF_HC_ARM) && e->hypercall.args[2] == 1)
		return arm_take(c, id, e, atomic_load(&c->n[0]));
	if (is_call(e, CONF_HC_ARM)) {
		enum conf_take t = arm_take(c, id, e, 0);
		c->arm[1] = c->arm[0]; /* the deadline, kept */
		return t;
	}
	if (e->reason != AXVCPU_EXIT_HALT)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	want_halt(c, e, c->arm[1]);
	return CONF_LET_VM; /* the VM waits for the deadline */
}

static void halt_timer_done(struct conf *c)
{
	want_count(c, 0, 1, "Halt exits");
}

static enum conf_take irq_inject_exit(struct conf *c, unsigned id,
				      struct axvcpu_exit *e)
{
	if (id != 0 || !is_call(e, CONF_HC_ARM))
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	conf_eq(c, "axvcpu_inject_interrupt",
		(uint64_t)axvcpu_inject_interrupt(v0(c), c->be->irq_vector), 0);
	conf_eq(c, "state after the injection", axvcpu_state(v0(c)),
		AXVCPU_STATE_READY);
	return arm_take(c, id, e, 0);
}

static void irq_inject_done(struct conf *c)
{
	want_count(c, 0, 1, "injections");
}

/* On the second vCPU's CPU: vCPU 0 must be Blocked; inject to wake it. */
static void halt_wake_remote_fn(struct conf *c)
{
	atomic_store(&c->n[1], axvcpu_state(v0(c)));
	atomic_store(&c->n[2], (uint64_t)(int64_t)vmm_vm_inject(
				   c->vm, 0, c->be->irq_vector));
}

static enum conf_take halt_wake_remote_exit(struct conf *c, unsigned id,
					    struct axvcpu_exit *e)
{
	if (id != 0 || e->reason != AXVCPU_EXIT_HALT)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	want_halt(c, e, UINT64_MAX);
	conf_eq(c, "state after Halt", axvcpu_state(v0(c)),
		AXVCPU_STATE_BLOCKED);
	conf_remote(c, halt_wake_remote_fn, 3);
	return CONF_LET_VM; /* the VM waits until the injection wakes it */
}

static void remote_ran_elsewhere(struct conf *c)
{
	conf_eq(c, "remote work ran", atomic_load(&c->remote_state), 3);
	conf_expect(c,
		    atomic_load(&c->remote_cpu) != axvcpu_bound_cpu(v0(c)) &&
			atomic_load(&c->remote_cpu) >= 0,
		    "remote work ran on CPU %d, vCPU 0's own",
		    atomic_load(&c->remote_cpu));
}

static void halt_wake_remote_done(struct conf *c)
{
	want_count(c, 0, 1, "Halt exits");
	remote_ran_elsewhere(c);
	conf_eq(c, "vCPU 0's state seen from the other CPU",
		atomic_load(&c->n[1]), AXVCPU_STATE_BLOCKED);
	conf_eq(c, "vmm_vm_inject from the other CPU", atomic_load(&c->n[2]),
		0);
}

static enum conf_take send_ipi_exit(struct conf *c, unsigned id,
				    struct axvcpu_exit *e)
{
	if (id != 0 || e->reason != AXVCPU_EXIT_SEND_IPI)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	conf_eq(c, "send_ipi.target_cpu", e->send_ipi.target_cpu, 0);
	conf_eq(c, "send_ipi.target_cpu_aux", e->send_ipi.target_cpu_aux, 1);
	conf_eq(c, "send_ipi.send_to_all", e->send_ipi.send_to_all, false);
	conf_eq(c, "send_ipi.send_to_self", e->send_ipi.send_to_self, true);
	conf_eq(c, "send_ipi.vector", e->send_ipi.vector, c->be->irq_vector);
	return CONF_LET_VM; /* the VM injects it */
}

static void send_ipi_done(struct conf *c)
{
	want_count(c, 0, 1, "SendIPI exits");
}

static enum conf_take remote_fence_exit(struct conf *c, unsigned id,
					struct axvcpu_exit *e)
{
	if (id != 0 || e->reason != AXVCPU_EXIT_REMOTE_FENCE)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	conf_eq(c, "remote_fence.target_cpu", e->remote_fence.target_cpu, 0);
	conf_eq(c, "remote_fence.target_cpu_aux",
		e->remote_fence.target_cpu_aux, 1u << CONF_CPU_SECOND);
	conf_eq(c, "remote_fence.send_to_all", e->remote_fence.send_to_all,
		false);
	conf_eq(c, "remote_fence.kinds", e->remote_fence.kinds,
		AXVCPU_FENCE_TLB);
	conf_eq(c, "remote_fence.start", e->remote_fence.start, 0);
	conf_eq(c, "remote_fence.size", e->remote_fence.size, UINT64_MAX);
	conf_eq(c, "remote_fence.asid", e->remote_fence.asid, UINT64_MAX);
	return CONF_LET_VM; /* the VM asks vCPU 1 to fence */
}

static void remote_fence_done(struct conf *c)
{
	want_count(c, 0, 1, "RemoteFence exits");
	/* Parked, it fences before it next runs: nobody waited for it. */
	conf_eq(c, "a fence is pending on the parked vCPU 1",
		axvcpu_fence_pending(conf_vcpu(c, CONF_CPU_SECOND)), true);
}

/* ---- CPUs ------------------------------------------------------------------
 */

static enum conf_take cpu_status_exit(struct conf *c, unsigned id,
				      const struct axvcpu_exit *e,
				      uint64_t target)
{
	(void)id;
	atomic_fetch_add(&c->n[0], 1);
	conf_eq(c, "cpu_status.target_cpu", e->cpu_status.target_cpu, target);
	return CONF_LET_VM; /* axvcpu_power_state() is the VM's answer */
}

static enum conf_take cpu_up_exit(struct conf *c, unsigned id,
				  struct axvcpu_exit *e)
{
	if (id == 0 && is_call(e, CONF_HC_ARM))
		return arm_take(c, id, e, 0);
	if (id == 0 && e->reason == AXVCPU_EXIT_CPU_STATUS)
		return cpu_status_exit(c, id, e, CONF_CPU_SECOND);
	if (id == 0 && e->reason == AXVCPU_EXIT_CPU_UP) {
		atomic_fetch_add(&c->n[1], 1);
		conf_eq(c, "cpu_up.target_cpu", e->cpu_up.target_cpu,
			CONF_CPU_SECOND);
		conf_eq(c, "cpu_up.entry_point", e->cpu_up.entry_point,
			c->arm[0]);
		conf_eq(c, "cpu_up.arg", e->cpu_up.arg, CONF_CPU_ARG);
		conf_eq(c, "vCPU 1's power state before CpuUp",
			axvcpu_power_state(conf_vcpu(c, CONF_CPU_SECOND)),
			AXVCPU_POWER_OFF);
		return CONF_LET_VM; /* the VM powers it on */
	}
	if (id == CONF_CPU_SECOND && e->reason == AXVCPU_EXIT_CPU_DOWN) {
		atomic_fetch_add(&c->n[2], 1);
		conf_eq(c, "power state at CpuDown",
			axvcpu_power_state(conf_vcpu(c, id)),
			AXVCPU_POWER_OFF_PENDING);
		return CONF_LET_VM; /* the VM parks it */
	}
	return CONF_NOT_MINE;
}

static void cpu_up_done(struct conf *c)
{
	want_count(c, 1, 1, "CpuUp exits");
	want_count(c, 2, 1, "CpuDown exits of vCPU 1");
	conf_expect(c, atomic_load(&c->n[0]) >= 2,
		    "CpuStatus exits: %llu, want 2 or more",
		    (unsigned long long)atomic_load(&c->n[0]));
	conf_eq(c, "vCPU 1's power state at the end",
		axvcpu_power_state(conf_vcpu(c, CONF_CPU_SECOND)),
		AXVCPU_POWER_OFF);
}

static enum conf_take cpu_up_refused_exit(struct conf *c, unsigned id,
					  struct axvcpu_exit *e)
{
	if (id != 0)
		return CONF_NOT_MINE;
	if (is_call(e, CONF_HC_ARM))
		return arm_take(c, id, e, 0);
	if (e->reason == AXVCPU_EXIT_CPU_STATUS) {
		uint64_t k = atomic_load(&c->n[0]);
		return cpu_status_exit(
		    c, id, e, k == 0 ? CONF_CPU_MISSING : CONF_CPU_SECOND);
	}
	if (e->reason != AXVCPU_EXIT_CPU_UP)
		return CONF_NOT_MINE;
	unsigned k = (unsigned)atomic_fetch_add(&c->n[1], 1);
	conf_eq(c, "cpu_up.target_cpu", e->cpu_up.target_cpu,
		k == 0 ? CONF_CPU_MISSING : CONF_CPU_SECOND);
	conf_eq(c, "cpu_up.entry_point", e->cpu_up.entry_point,
		k == 0 ? c->arm[0] : c->be->mmio_base);
	conf_eq(c, "cpu_up.arg", e->cpu_up.arg, CONF_CPU_ARG);
	return CONF_LET_VM; /* the VM refuses both */
}

static void cpu_up_refused_done(struct conf *c)
{
	want_count(c, 1, 2, "CpuUp exits");
	want_count(c, 0, 2, "CpuStatus exits");
	conf_eq(c, "vCPU 1 stays off",
		axvcpu_power_state(conf_vcpu(c, CONF_CPU_SECOND)),
		AXVCPU_POWER_OFF);
}

static enum conf_take system_events_exit(struct conf *c, unsigned id,
					 struct axvcpu_exit *e)
{
	if (id != 0)
		return CONF_NOT_MINE;
	if (e->reason == AXVCPU_EXIT_SYSTEM_RESET) {
		atomic_fetch_add(&c->n[0], 1);
		conf_eq(c, "system.reason of the reset", e->system.reason,
			c->be->reset_reason);
		return CONF_TAKEN; /* refused: the guest goes on */
	}
	if (e->reason == AXVCPU_EXIT_SYSTEM_DOWN) {
		atomic_fetch_add(&c->n[1], 1);
		conf_eq(c, "system.reason of the power-off", e->system.reason,
			c->be->down_reason);
		return CONF_TAKEN;
	}
	return CONF_NOT_MINE;
}

static void system_events_done(struct conf *c)
{
	want_count(c, 0, 1, "SystemReset exits");
	want_count(c, 1, 1, "SystemDown exits");
}

/* ---- kicks and reset ---------------------------------------------------- */

static enum conf_take kick_pending_exit(struct conf *c, unsigned id,
					struct axvcpu_exit *e)
{
	if (id != 0)
		return CONF_NOT_MINE;
	if (is_call(e, CONF_HC_ARM)) {
		uint64_t pc = 0;
		axvcpu_get_gpr(v0(c), c->be->pc_reg, &pc);
		atomic_store(&c->n[1], pc);
		/* Twice: one kick cancels one run however often made. */
		conf_eq(c, "axvcpu_kick", (uint64_t)axvcpu_kick(v0(c)), 0);
		conf_eq(c, "axvcpu_kick again", (uint64_t)axvcpu_kick(v0(c)),
			0);
		return arm_take(c, id, e, 0);
	}
	if (e->reason != AXVCPU_EXIT_CANCELLED)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	uint64_t pc = 0;
	axvcpu_get_gpr(v0(c), c->be->pc_reg, &pc);
	conf_eq(c, "pc at Cancelled (the guest did not run)", pc,
		atomic_load(&c->n[1]));
	return CONF_TAKEN;
}

static void kick_pending_done(struct conf *c)
{
	want_count(c, 0, 1, "Cancelled exits");
}

/*
 * Remote: wait (bounded) until the guest's counter at arm[1] reached
 * `turns` (it is looping, not on its way there), then kick it.
 */
static void kick_after(struct conf *c, uint64_t turns)
{
	uint64_t end = conf_now(c) + 2000 * c->be->ticks_per_ms;
	while (conf_guest_read(c, c->arm[1]) < turns && conf_now(c) < end)
		if (c->vm->host.relax)
			c->vm->host.relax(c->vm->host.ctx);
	atomic_store(&c->n[3], conf_guest_read(c, c->arm[1]));
	atomic_store(&c->n[1], (uint64_t)(int64_t)axvcpu_kick(v0(c)));
}

static void kick_when_looping(struct conf *c)
{
	kick_after(c, 1);
}

/* The fault loop: at least two faults make it a loop. */
static void kick_when_faulting(struct conf *c)
{
	kick_after(c, 2);
}

/* Let the guest's loop end: its flag, or its resume pc. */
static void loop_release(struct conf *c, unsigned id)
{
	if (c->arm[0])
		conf_expect(c, conf_guest_write(c, c->arm[0], 1),
			    "the loop's flag is not in guest RAM");
	if (c->arm[2])
		conf_eq(c, "axvcpu_set_entry to the resume pc",
			(uint64_t)axvcpu_set_entry(conf_vcpu(c, id), c->arm[2]),
			0);
}

static enum conf_take kick_remote_exit(struct conf *c, unsigned id,
				       struct axvcpu_exit *e)
{
	if (id != 0)
		return CONF_NOT_MINE;
	if (is_call(e, CONF_HC_ARM)) {
		enum conf_take t = arm_take(c, id, e, 0);
		conf_remote(c, kick_when_looping, 1);
		return t;
	}
	if (e->reason != AXVCPU_EXIT_CANCELLED)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	/*
	 * The kick's IPI leaves before axvcpu_kick() returns on the other
	 * CPU, so this exit may overtake its last stores (seen once in a
	 * clean-clone make test): wait for them, bounded.
	 */
	conf_expect(c, conf_remote_wait(c),
		    "the remote kick did not finish within 2 s of Cancelled");
	loop_release(c, id);
	return CONF_TAKEN;
}

static void kick_remote_done(struct conf *c)
{
	want_count(c, 0, 1, "Cancelled exits");
	remote_ran_elsewhere(c);
	conf_eq(c, "axvcpu_kick from the other CPU", atomic_load(&c->n[1]), 0);
	conf_expect(c, atomic_load(&c->n[3]) > 0,
		    "the guest was not looping when kicked");
}

static enum conf_take reset_exit(struct conf *c, unsigned id,
				 struct axvcpu_exit *e)
{
	if (id != 0)
		return CONF_NOT_MINE;
	if (is_call(e, CONF_HC_ARM))
		return arm_take(c, id, e, 0);
	if (!is_call(e, CONF_HC_RESET_ME))
		return CONF_NOT_MINE;
	struct axvcpu *v = v0(c);
	uint64_t marker = 0, pc = 0;
	atomic_fetch_add(&c->n[0], 1);
	axvcpu_get_gpr(v, c->be->marker_reg, &marker);
	conf_eq(c, "marker register before the reset", marker,
		CONF_RESET_MARKER);
	conf_eq(c, "axvcpu_reset", (uint64_t)axvcpu_reset(v), 0);
	conf_eq(c, "state after reset", axvcpu_state(v), AXVCPU_STATE_READY);
	conf_eq(c, "power after reset", axvcpu_power_state(v), AXVCPU_POWER_ON);
	axvcpu_get_gpr(v, c->be->pc_reg, &pc);
	conf_eq(c, "pc after reset (the setup entry)", pc, c->arm[0]);
	axvcpu_get_gpr(v, c->be->marker_reg, &marker);
	conf_eq(c, "marker register after reset", marker, 0);
	return CONF_TAKEN; /* no answer: the call is gone with the reset */
}

static void reset_done(struct conf *c)
{
	want_count(c, 0, 1, "reset requests");
	conf_eq(c, "restarts of the guest", c->restarts, 1);
}

/* A CPU that shut itself down (triple fault): SystemDown, then a reset. */
static enum conf_take crash_exit(struct conf *c, unsigned id,
				 struct axvcpu_exit *e)
{
	if (id != 0 || e->reason != AXVCPU_EXIT_SYSTEM_DOWN)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	conf_eq(c, "system.reason", e->system.reason, c->be->crash_reason);
	conf_eq(c, "axvcpu_reset after the crash",
		(uint64_t)axvcpu_reset(v0(c)), 0);
	return CONF_TAKEN; /* the guest starts over */
}

static void crash_done(struct conf *c)
{
	want_count(c, 0, 1, "SystemDown exits");
	conf_eq(c, "restarts of the guest", c->restarts, 1);
}

/* ---- hostile ------------------------------------------------------------ */

static enum conf_take unmapped_exit(struct conf *c, unsigned id,
				    struct axvcpu_exit *e)
{
	if (id != 0)
		return CONF_NOT_MINE;
	if (e->reason == AXVCPU_EXIT_MMIO_READ) {
		atomic_fetch_add(&c->n[0], 1);
		want_read(c, e, c->be->far, 4, false);
		return CONF_LET_VM; /* open bus: 0 */
	}
	if (e->reason == AXVCPU_EXIT_MMIO_WRITE) {
		atomic_fetch_add(&c->n[1], 1);
		want_write(c, e, c->be->far + 8, 4, CONF_VAL_WRITE);
		return CONF_LET_VM; /* dropped */
	}
	return CONF_NOT_MINE;
}

static void unmapped_done(struct conf *c)
{
	want_count(c, 0, 1, "MmioRead exits");
	want_count(c, 1, 1, "MmioWrite exits");
}

static enum conf_take npf_fetch_exit(struct conf *c, unsigned id,
				     struct axvcpu_exit *e)
{
	if (id != 0)
		return CONF_NOT_MINE;
	if (is_call(e, CONF_HC_ARM))
		return arm_take(c, id, e, 0);
	if (e->reason != AXVCPU_EXIT_NESTED_PAGE_FAULT)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	conf_eq(c, "nested_page_fault.addr", e->nested_page_fault.addr,
		c->be->mmio_base + CONF_OFF_FETCH);
	conf_eq(c, "nested_page_fault.access_flags",
		e->nested_page_fault.access_flags, AXVCPU_ACCESS_EXECUTE);
	loop_release(c, id); /* back to the caller: arm[2] */
	return CONF_TAKEN;
}

static void npf_fetch_done(struct conf *c)
{
	want_count(c, 0, 1, "NestedPageFault exits");
}

static enum conf_take reflect_exit(struct conf *c, unsigned id,
				   struct axvcpu_exit *e)
{
	if (id != 0 || e->reason != AXVCPU_EXIT_MMIO_READ)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	want_read(c, e, c->be->mmio_base + CONF_OFF_REFLECT, 4, false);
	conf_eq(c, "axvcpu_reflect_fault",
		(uint64_t)axvcpu_reflect_fault(v0(c)), 0);
	return CONF_TAKEN;
}

static void reflect_done(struct conf *c)
{
	want_count(c, 0, 1, "MmioRead exits");
}

/*
 * A host timer's exit while the guest loops (its counter at arm[1] moved):
 * the preemption; release the loop. Earlier ticks are just ticks.
 */
static enum conf_take preempt_exit(struct conf *c, unsigned id,
				   struct axvcpu_exit *e, uint64_t min_faults)
{
	if (e->reason != AXVCPU_EXIT_EXTERNAL_INTERRUPT ||
	    e->external_interrupt.vector != c->be->preempt_vector ||
	    atomic_load(&c->n[0]) || !c->arm[5])
		return CONF_NOT_MINE;
	bool looping = c->arm[1] ? conf_guest_read(c, c->arm[1]) > 0
				 : atomic_load(&c->n[1]) >= min_faults;
	if (!looping)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	loop_release(c, id);
	return CONF_LET_VM; /* the VM re-arms its timer */
}

static enum conf_take endless_loop_exit(struct conf *c, unsigned id,
					struct axvcpu_exit *e)
{
	if (id != 0)
		return CONF_NOT_MINE;
	if (is_call(e, CONF_HC_ARM)) {
		enum conf_take t = arm_take(c, id, e, 0);
		c->arm[5] = 1; /* armed */
		return t;
	}
	return preempt_exit(c, id, e, 0);
}

static void endless_loop_done(struct conf *c)
{
	want_count(c, 0, 1, "preemptions of the loop");
}

static enum conf_take fault_loop_exit(struct conf *c, unsigned id,
				      struct axvcpu_exit *e)
{
	bool timer = conf_has(c, CONF_CAP_HOST_PREEMPT);
	if (id != 0)
		return CONF_NOT_MINE;
	if (is_call(e, CONF_HC_ARM)) {
		enum conf_take t = arm_take(c, id, e, 0);
		c->arm[5] = 1;
		if (!timer)
			conf_remote(c, kick_when_faulting, 1);
		return t;
	}
	if (timer && e->reason == AXVCPU_EXIT_NESTED_PAGE_FAULT) {
		/* The VM layer reflects it into the guest, which faults
		 * again at its unmapped vector. */
		atomic_fetch_add(&c->n[1], 1);
		conf_eq(c, "nested_page_fault.access_flags",
			e->nested_page_fault.access_flags,
			AXVCPU_ACCESS_EXECUTE);
		return CONF_LET_VM;
	}
	if (timer)
		return preempt_exit(c, id, e, 2);
	if (e->reason != AXVCPU_EXIT_CANCELLED)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	loop_release(c, id);
	return CONF_TAKEN;
}

static void fault_loop_done(struct conf *c)
{
	want_count(c, 0, 1, "preemptions of the loop");
	if (conf_has(c, CONF_CAP_HOST_PREEMPT)) {
		conf_expect(c, atomic_load(&c->n[1]) >= 2,
			    "faults reflected by the VM layer: %llu, want 2 "
			    "or more",
			    (unsigned long long)atomic_load(&c->n[1]));
	} else {
		remote_ran_elsewhere(c);
		conf_eq(c, "axvcpu_kick from the other CPU",
			atomic_load(&c->n[1]), 0);
		conf_expect(c, atomic_load(&c->n[3]) >= 2,
			    "the guest was not faulting when kicked");
	}
}

/* ---- wrong API calls ---------------------------------------------------- */

static void eq_err(struct conf *c, const char *what, int got, int want)
{
	conf_expect(c, got == want, "%s: %s, want %s", what,
		    axvcpu_error_name(got), axvcpu_error_name(want));
}

/* Calls a VM layer might get wrong while a read is pending: each refused,
 * nothing changed. */
static void wrong_calls_in_read(struct conf *c, struct axvcpu *v)
{
	eq_err(c, "complete_io_read of an MMIO read",
	       axvcpu_complete_io_read(v, 1), AXVCPU_EINVAL);
	eq_err(c, "complete_sysreg_read of an MMIO read",
	       axvcpu_complete_sysreg_read(v, 1), AXVCPU_EINVAL);
	eq_err(c, "complete_console_read of an MMIO read",
	       axvcpu_complete_console_read(v, 1), AXVCPU_EINVAL);
	eq_err(c, "set_state(Running)",
	       axvcpu_set_state(v, AXVCPU_STATE_RUNNING), AXVCPU_EINVAL);
	eq_err(c, "set_gpr of register 4096", axvcpu_set_gpr(v, 4096, 0),
	       AXVCPU_EINVAL);
	eq_err(c, "inject_interrupt beyond every vector",
	       axvcpu_inject_interrupt(v, 4096), AXVCPU_EINVAL);
	eq_err(c, "request_fence of nothing", axvcpu_request_fence(v, 0),
	       AXVCPU_EINVAL);
	eq_err(c, "bind of a bound vCPU", axvcpu_bind(v), AXVCPU_EBADSTATE);
	eq_err(c, "destroy of a bound vCPU", axvcpu_destroy(v),
	       AXVCPU_EBADSTATE);
	eq_err(c, "setup of a set-up vCPU", axvcpu_setup(v, 0, 0, 0, 0),
	       AXVCPU_EBADSTATE);
	eq_err(c, "percpu_init of an initialised CPU",
	       axvcpu_percpu_init(axvcpu_backend_of(v)), AXVCPU_EBADSTATE);
	eq_err(c, "percpu_hardware_disable with a vCPU bound",
	       axvcpu_percpu_hardware_disable(), AXVCPU_EBADSTATE);
	eq_err(c, "percpu_fini of an enabled CPU", axvcpu_percpu_fini(),
	       AXVCPU_EBADSTATE);
	conf_eq(c, "state after the refused calls", axvcpu_state(v),
		AXVCPU_STATE_READY);
	conf_eq(c, "still enabled", axvcpu_percpu_is_enabled(), true);
}

static enum conf_take wrong_api_exit(struct conf *c, unsigned id,
				     struct axvcpu_exit *e)
{
	struct axvcpu *v = v0(c);
	if (id != 0)
		return CONF_NOT_MINE;
	if (e->reason == AXVCPU_EXIT_MMIO_READ) {
		atomic_fetch_add(&c->n[0], 1);
		want_read(c, e, c->be->mmio_base + CONF_OFF_WRONG, 8, false);
		wrong_calls_in_read(c, v);
		complete_read(c, id, CONF_VAL_NEG);
		eq_err(c, "complete_mmio_read twice",
		       axvcpu_complete_mmio_read(v, 0), AXVCPU_EINVAL);
		return CONF_TAKEN;
	}
	if (e->reason == AXVCPU_EXIT_MMIO_WRITE) {
		atomic_fetch_add(&c->n[1], 1);
		want_write(c, e, c->be->mmio_base + CONF_OFF_WRONG + 8, 4,
			   CONF_VAL_WRITE);
		eq_err(c, "set_return_value after MmioWrite",
		       axvcpu_set_return_value(v, 1),
		       c->be->return_value_after_write);
		eq_err(c, "complete_mmio_read after MmioWrite",
		       axvcpu_complete_mmio_read(v, 0), AXVCPU_EINVAL);
		return CONF_TAKEN;
	}
	if (is_call(e, CONF_HC_ARM)) {
		atomic_fetch_add(&c->n[2], 1);
		eq_err(c, "reflect_fault after a call", axvcpu_reflect_fault(v),
		       AXVCPU_ENOTFOUND);
		eq_err(c, "complete_mmio_read after a call",
		       axvcpu_complete_mmio_read(v, 0), AXVCPU_EINVAL);
		eq_err(c, "complete_io_read after a call",
		       axvcpu_complete_io_read(v, 0), AXVCPU_EINVAL);
		return arm_take(c, id, e, CONF_VAL_POS);
	}
	return CONF_NOT_MINE;
}

static void wrong_api_done(struct conf *c)
{
	want_count(c, 0, 1, "MmioRead exits");
	want_count(c, 1, 1, "MmioWrite exits");
	want_count(c, 2, 1, "ARM calls");
}

/* On the other CPU: vCPU 0 is Ready, bound to its own CPU. */
static void wrong_cpu_ready_fn(struct conf *c)
{
	struct axvcpu_exit x;
	atomic_store(&c->n[1], (uint64_t)(int64_t)axvcpu_run(v0(c), &x));
	atomic_store(&c->n[2], (uint64_t)(int64_t)axvcpu_unbind(v0(c)));
}

/* On the other CPU: vCPU 0 is Blocked (halted). */
static void wrong_cpu_blocked_fn(struct conf *c)
{
	struct axvcpu_exit x;
	atomic_store(&c->n[3], (uint64_t)(int64_t)axvcpu_run(v0(c), &x));
	atomic_store(&c->n[4], (uint64_t)(int64_t)axvcpu_unbind(v0(c)));
	atomic_store(&c->n[5], (uint64_t)(int64_t)axvcpu_wake(v0(c)));
}

static enum conf_take wrong_cpu_exit(struct conf *c, unsigned id,
				     struct axvcpu_exit *e)
{
	if (id != 0)
		return CONF_NOT_MINE;
	if (is_call(e, CONF_HC_ARM)) {
		atomic_fetch_add(&c->n[0], 1);
		if (conf_remote_sync(c, wrong_cpu_ready_fn)) {
			eq_err(c, "run from another CPU",
			       (int)atomic_load(&c->n[1]), AXVCPU_EWRONGCPU);
			eq_err(c, "unbind from another CPU",
			       (int)atomic_load(&c->n[2]), AXVCPU_EWRONGCPU);
		}
		/* And here: vCPU 1 is bound to the other CPU. */
		eq_err(c, "unbind of vCPU 1 from vCPU 0's CPU",
		       axvcpu_unbind(conf_vcpu(c, CONF_CPU_SECOND)),
		       AXVCPU_EWRONGCPU);
		conf_eq(c, "state of vCPU 0", axvcpu_state(v0(c)),
			AXVCPU_STATE_READY);
		return arm_take(c, id, e, 0);
	}
	if (e->reason != AXVCPU_EXIT_HALT)
		return CONF_NOT_MINE;
	atomic_fetch_add(&c->n[0], 1);
	if (conf_remote_sync(c, wrong_cpu_blocked_fn)) {
		eq_err(c, "run of a Blocked vCPU", (int)atomic_load(&c->n[3]),
		       AXVCPU_EBADSTATE);
		eq_err(c, "unbind of a Blocked vCPU from another CPU",
		       (int)atomic_load(&c->n[4]), AXVCPU_EWRONGCPU);
		eq_err(c, "wake from another CPU", (int)atomic_load(&c->n[5]),
		       0);
	}
	conf_eq(c, "state after the remote wake", axvcpu_state(v0(c)),
		AXVCPU_STATE_READY);
	return CONF_TAKEN;
}

static void wrong_cpu_done(struct conf *c)
{
	want_count(c, 0, 2, "ARM and Halt exits");
}

/* ---- the table ---------------------------------------------------------- */

#define ROW(id_, name_, what_, needs_, exit_, done_)                           \
	[id_] = { .name = name_,                                               \
		  .what = what_,                                               \
		  .id = id_,                                                   \
		  .needs = needs_,                                             \
		  .exit = exit_,                                               \
		  .done = done_ }

const struct conf_scenario conf_scenarios[CONF_S_COUNT] = {
	ROW(CONF_S_MMIO_READ_ZEXT, "mmio_read_zext",
	    "MmioRead of widths 1/2/4/8, zero-extending, completed",
	    CONF_CAP_MMIO, mmio_read_zext_exit, mmio_read_zext_done),
	ROW(CONF_S_MMIO_READ_SEXT, "mmio_read_sext",
	    "sign-extending MmioRead of widths 1/2/4, negative and positive",
	    CONF_CAP_MMIO, mmio_read_sext_exit, mmio_read_sext_done),
	ROW(CONF_S_MMIO_WRITE, "mmio_write", "MmioWrite of widths 1/2/4/8",
	    CONF_CAP_MMIO, mmio_write_exit, mmio_write_done),
	ROW(CONF_S_PIO_READ, "pio_read", "IoRead of widths 1/2/4, completed",
	    CONF_CAP_PIO, pio_read_exit, pio_read_done),
	ROW(CONF_S_PIO_WRITE, "pio_write", "IoWrite of widths 1/2/4",
	    CONF_CAP_PIO, pio_write_exit, pio_write_done),
	ROW(CONF_S_SYSREG, "sysreg",
	    "SysRegRead completed, SysRegWrite with its value", CONF_CAP_SYSREG,
	    sysreg_exit, sysreg_done),
	ROW(CONF_S_HYPERCALL, "hypercall",
	    "Hypercall number, six arguments, the value returned", 0,
	    hypercall_exit, hypercall_done),
	ROW(CONF_S_CONSOLE, "console",
	    "ConsoleWrite of a byte and of a buffer (partial), ConsoleRead",
	    CONF_CAP_CONSOLE, console_exit, console_done),
	ROW(CONF_S_HALT, "halt", "Halt: Blocked, no deadline, woken by wake", 0,
	    halt_exit, halt_done),
	ROW(CONF_S_HALT_TIMER, "halt_timer",
	    "Halt with the guest timer's deadline, woken at it", CONF_CAP_TIMER,
	    halt_timer_exit, halt_timer_done),
	ROW(CONF_S_IRQ_INJECT, "irq_inject",
	    "an injected interrupt runs the guest's handler", 0,
	    irq_inject_exit, irq_inject_done),
	ROW(CONF_S_HALT_WAKE_REMOTE, "halt_wake_remote",
	    "Halt, Blocked, woken by an injection from another CPU",
	    CONF_CAP_SECOND, halt_wake_remote_exit, halt_wake_remote_done),
	ROW(CONF_S_SEND_IPI, "send_ipi",
	    "SendIPI to itself, delivered by the VM layer", CONF_CAP_SEND_IPI,
	    send_ipi_exit, send_ipi_done),
	ROW(CONF_S_REMOTE_FENCE, "remote_fence",
	    "RemoteFence naming the parked second vCPU",
	    CONF_CAP_REMOTE_FENCE | CONF_CAP_SECOND, remote_fence_exit,
	    remote_fence_done),
	ROW(CONF_S_CPU_UP, "cpu_up",
	    "CpuStatus, CpuUp with entry and argument, the second vCPU runs, "
	    "CpuDown",
	    CONF_CAP_CPU_UP | CONF_CAP_SECOND, cpu_up_exit, cpu_up_done),
	ROW(CONF_S_CPU_UP_REFUSED, "cpu_up_refused",
	    "CpuUp of a missing CPU and at an entry outside RAM: refused",
	    CONF_CAP_CPU_UP | CONF_CAP_SECOND, cpu_up_refused_exit,
	    cpu_up_refused_done),
	ROW(CONF_S_SYSTEM_EVENTS, "system_events",
	    "SystemReset and SystemDown requests, refused by the host",
	    CONF_CAP_SYSTEM_EVENTS, system_events_exit, system_events_done),
	ROW(CONF_S_KICK_PENDING, "kick_pending",
	    "two kicks between runs: one Cancelled, the guest did not move", 0,
	    kick_pending_exit, kick_pending_done),
	ROW(CONF_S_KICK_REMOTE, "kick_remote",
	    "a kick from another CPU cancels an endless loop; it goes on after",
	    CONF_CAP_SECOND, kick_remote_exit, kick_remote_done),
	[CONF_S_RESET] = { .name = "reset",
			   .what = "axvcpu_reset: the setup entry with fresh "
				   "registers",
			   .id = CONF_S_RESET,
			   .needs = CONF_CAP_RESET,
			   .restartable = true,
			   .exit = reset_exit,
			   .done = reset_done },
	ROW(CONF_S_UNMAPPED, "unmapped",
	    "load/store far from RAM and devices: MMIO exits, open bus",
	    CONF_CAP_MMIO, unmapped_exit, unmapped_done),
	ROW(CONF_S_NPF_FETCH, "npf_fetch",
	    "a fetch from unmapped memory: NestedPageFault, resumed",
	    CONF_CAP_NPF, npf_fetch_exit, npf_fetch_done),
	ROW(CONF_S_REFLECT, "reflect_fault",
	    "an MmioRead answered with the guest's own access fault",
	    CONF_CAP_REFLECT, reflect_exit, reflect_done),
	ROW(CONF_S_ENDLESS_LOOP, "endless_loop",
	    "an endless loop preempted by the host timer",
	    CONF_CAP_HOST_PREEMPT, endless_loop_exit, endless_loop_done),
	[CONF_S_FAULT_LOOP] = { .name = "fault_loop",
				.what = "a guest faulting forever is preempted "
					"and goes on",
				.id = CONF_S_FAULT_LOOP,
				.needs_any =
				    CONF_CAP_HOST_PREEMPT | CONF_CAP_SECOND,
				.exit = fault_loop_exit,
				.done = fault_loop_done },
	[CONF_S_CRASH] = { .name = "crash",
			   .what =
			       "a fault the CPU cannot deliver: SystemDown, "
			       "reset, the guest starts over",
			   .id = CONF_S_CRASH,
			   .needs = CONF_CAP_CRASH | CONF_CAP_RESET,
			   .restartable = true,
			   .exit = crash_exit,
			   .done = crash_done },
	ROW(CONF_S_GARBAGE_CALLS, "garbage_calls",
	    "hypercalls with garbage numbers and arguments: not supported", 0,
	    garbage_exit, garbage_done),
	ROW(CONF_S_WRONG_API, "wrong_api",
	    "wrong completions and calls in the wrong state: refused, no harm",
	    CONF_CAP_MMIO, wrong_api_exit, wrong_api_done),
	ROW(CONF_S_WRONG_CPU, "wrong_cpu",
	    "run/unbind from another CPU refused; a remote wake",
	    CONF_CAP_SECOND, wrong_cpu_exit, wrong_cpu_done),
};
