/* SPDX-License-Identifier: Apache-2.0 */
/* Running a vCPU and completing the read exits it returns. */
#include "vcpu_internal.h"

/*
 * On every exit, so it must be cheap: seven word stores. A byte loop cost
 * ~260 instructions per exit on riscv64, and a compound literal became a
 * misaligned memset call.
 */
static void exit_clear(struct axvcpu_exit *exit)
{
	exit->reason = AXVCPU_EXIT_NOTHING;
	/* The largest, 8-aligned member spans the union: word stores only. */
	exit->hypercall.nr = 0;
	for (int i = 0; i < 6; i++)
		exit->hypercall.args[i] = 0;
}

_Static_assert(sizeof(struct axvcpu_exit) ==
		   offsetof(struct axvcpu_exit, hypercall) +
		       sizeof(((struct axvcpu_exit *)0)->hypercall),
	       "exit_clear: hypercall must be the union's largest member");

/* Hand a completed read to the backend (or the seed's way: set_gpr). */
static int pending_deliver(struct axvcpu *vcpu)
{
	const struct axvcpu_read_completion *c = &vcpu->pending;
	if (vcpu->backend->complete_read)
		return vcpu->backend->complete_read(vcpu, c);
	if (c->kind == AXVCPU_READ_MMIO || c->kind == AXVCPU_READ_SYSREG) {
		/*
		 * set_gpr's contract is reg < gpr_count (the API checks it for
		 * callers); a backend exit naming another register must not
		 * make the core break it and write out of bounds.
		 */
		if (c->reg >= vcpu->backend->gpr_count)
			return AXVCPU_EUNSUPPORTED;
		return vcpu->backend->set_gpr(vcpu, c->reg, c->value);
	}
	return AXVCPU_EUNSUPPORTED;
}

/*
 * A backend bug must not reach the VM layer as a plausible access: an
 * access exit with an impossible width or destination register becomes an
 * internal error.
 */
static void exit_validate(const struct axvcpu *vcpu, struct axvcpu_exit *exit)
{
	unsigned width = 0, reg_width = 8;
	uint64_t reg = 0;
	bool io = false;
	switch (exit->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		width = exit->mmio_read.width;
		reg_width = exit->mmio_read.reg_width;
		reg = exit->mmio_read.reg;
		break;
	case AXVCPU_EXIT_MMIO_WRITE:
		width = exit->mmio_write.width;
		break;
	case AXVCPU_EXIT_IO_READ:
		width = exit->io_read.width;
		io = true;
		break;
	case AXVCPU_EXIT_IO_WRITE:
		width = exit->io_write.width;
		io = true;
		break;
	case AXVCPU_EXIT_SYSREG_READ:
		/* Only the register can be wrong; width is always 8. */
		width = 8;
		reg = exit->sysreg_read.reg;
		break;
	default:
		return;
	}
	uint64_t code = 0, detail = 0;
	if (!value_width_valid(width) || !value_width_valid(reg_width) ||
	    reg_width < width || (io && width == 8)) {
		code = AXVCPU_INTERNAL_BAD_WIDTH;
		detail = width;
	} else if (reg >= vcpu->backend->gpr_count) {
		/* Completion would write a register the backend lacks. */
		code = AXVCPU_INTERNAL_BAD_REG;
		detail = reg;
	} else {
		return;
	}
	enum axvcpu_exit_reason reason = exit->reason;
	exit_clear(exit);
	exit->reason = AXVCPU_EXIT_INTERNAL_ERROR;
	exit->internal_error.code = code;
	exit->internal_error.data[0] = reason;
	exit->internal_error.data[1] = detail;
}

/* Remember a read exit so that axvcpu_complete_* can finish it. */
static void pending_record(struct axvcpu *vcpu, const struct axvcpu_exit *exit)
{
	struct axvcpu_read_completion *c = &vcpu->pending;
	c->kind = AXVCPU_READ_NONE;
	c->value = 0;
	c->sign_ext = false;
	c->reg = 0;
	switch (exit->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		c->kind = AXVCPU_READ_MMIO;
		c->reg = exit->mmio_read.reg;
		c->width = exit->mmio_read.width;
		c->reg_width = exit->mmio_read.reg_width;
		c->sign_ext = exit->mmio_read.sign_ext;
		break;
	case AXVCPU_EXIT_IO_READ:
		c->kind = AXVCPU_READ_IO;
		c->width = c->reg_width = exit->io_read.width;
		break;
	case AXVCPU_EXIT_SYSREG_READ:
		c->kind = AXVCPU_READ_SYSREG;
		c->reg = exit->sysreg_read.reg;
		c->width = c->reg_width = 8;
		break;
	case AXVCPU_EXIT_CONSOLE_READ:
		c->kind = AXVCPU_READ_CONSOLE;
		c->width = c->reg_width = 8;
		break;
	default:
		break;
	}
}

/* Remember a memory-access exit so that reflect_fault can answer it. */
static void access_record(struct axvcpu *vcpu, const struct axvcpu_exit *exit)
{
	switch (exit->reason) {
	case AXVCPU_EXIT_MMIO_READ:
	case AXVCPU_EXIT_MMIO_WRITE:
	case AXVCPU_EXIT_NESTED_PAGE_FAULT:
		vcpu->last_access = *exit;
		break;
	default:
		vcpu->last_access.reason = AXVCPU_EXIT_NOTHING;
	}
}

int axvcpu_reflect_fault(struct axvcpu *vcpu)
{
	if (!vcpu)
		return AXVCPU_EINVAL;
	enum axvcpu_state state;
	int err = vcpu_word_acquire(vcpu, VCPU_IN_SET_UP, &state);
	if (err)
		return err;
	if (vcpu->last_access.reason == AXVCPU_EXIT_NOTHING)
		err = AXVCPU_ENOTFOUND;
	else if (!vcpu->backend->reflect_fault)
		err = AXVCPU_EUNSUPPORTED;
	else
		err = vcpu->backend->reflect_fault(vcpu, &vcpu->last_access);
	if (!err) {
		/* The access faults instead: nothing to complete, no retry. */
		vcpu->last_access.reason = AXVCPU_EXIT_NOTHING;
		if (vcpu->pending.kind == AXVCPU_READ_MMIO)
			vcpu->pending.kind = AXVCPU_READ_NONE;
	}
	vcpu_word_release(vcpu);
	return err;
}

int axvcpu_run(struct axvcpu *vcpu, struct axvcpu_exit *exit)
{
	if (!vcpu || !exit)
		return AXVCPU_EINVAL;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!hal)
		return AXVCPU_EBADSTATE;
	uint32_t word = atomic_load_explicit(&vcpu->word, memory_order_acquire);
	if ((word & VCPU_WORD_STATE_MASK) != AXVCPU_STATE_READY)
		return AXVCPU_EBADSTATE;
	if (word & VCPU_WORD_BUSY)
		return AXVCPU_EBUSY;
	unsigned cpu = hal->current_cpu_id();
	struct percpu_slot *slot = percpu_slot_enabled_for(cpu, vcpu->backend);
	if ((int32_t)cpu != atomic_load(&vcpu->bound_cpu) || !slot)
		return AXVCPU_EWRONGCPU;
	if (!atomic_compare_exchange_strong(&vcpu->word, &word,
					    AXVCPU_STATE_RUNNING))
		return (word & VCPU_WORD_BUSY) ? AXVCPU_EBUSY
					       : AXVCPU_EBADSTATE;

	exit_clear(exit);
	struct axvcpu *prev = percpu_current_swap(cpu, vcpu);
	int err = AXVCPU_OK;
	/* Kept so that a run the backend refuses leaves the read pending. */
	struct axvcpu_read_completion held = vcpu->pending;
	bool deliver_failed = false;
	/*
	 * An uncompleted read gets 0, so the guest never sees stale data. A
	 * console read gets -1, "nothing available": 0 would hand the guest
	 * a NUL character it never typed (SBI getchar), where the backend
	 * had prepared "no input".
	 */
	if (vcpu->pending.kind != AXVCPU_READ_NONE) {
		vcpu->pending.value = vcpu->pending.kind == AXVCPU_READ_CONSOLE
					  ? (uint64_t)-1
					  : 0;
		err = pending_deliver(vcpu);
		deliver_failed = err != AXVCPU_OK;
		vcpu->pending.kind = AXVCPU_READ_NONE;
	}
	if (!err && axvcpu_kick_take(vcpu)) {
		exit->reason = AXVCPU_EXIT_CANCELLED;
	} else if (!err) {
		power_note_entry(vcpu);
		err = vcpu->backend->run(vcpu, percpu_slot_arch(slot), exit);
	}
	percpu_current_swap(cpu, prev);

	if (err) {
		/*
		 * The backend refused to run, so the read is still unanswered:
		 * the caller may complete it yet (a later value overrides the
		 * 0). A read that cannot be delivered at all is dropped, or
		 * every later run would fail the same way.
		 */
		if (!deliver_failed)
			vcpu->pending = held;
		exit_clear(exit);
		atomic_store(&vcpu->word, AXVCPU_STATE_READY);
		return err;
	}
	exit_validate(vcpu, exit);
	pending_record(vcpu, exit);
	access_record(vcpu, exit);
	power_note_exit(vcpu, exit);
	if (exit->reason != AXVCPU_EXIT_HALT) {
		atomic_store(&vcpu->word, AXVCPU_STATE_READY);
		return AXVCPU_OK;
	}
	/*
	 * seq_cst store then load, paired with inject's set-bit then wake:
	 * either inject sees Blocked and wakes us, or we see its vector.
	 */
	atomic_store(&vcpu->word, AXVCPU_STATE_BLOCKED);
	if (axvcpu_irq_first_pending(vcpu) >= 0)
		axvcpu_wake(vcpu);
	return AXVCPU_OK;
}

static int complete_read(struct axvcpu *vcpu, enum axvcpu_read_kind kind,
			 uint64_t value)
{
	if (!vcpu)
		return AXVCPU_EINVAL;
	enum axvcpu_state state;
	/*
	 * Free too: a vCPU may be unbound (to migrate it) with a read still
	 * pending, and set_gpr (the seed's way) completes it in Free as well;
	 * refusing here answered "nothing pending" while a read was pending.
	 */
	int err = vcpu_word_acquire(vcpu, VCPU_IN_SET_UP, &state);
	if (err == AXVCPU_EBADSTATE &&
	    axvcpu_state(vcpu) != AXVCPU_STATE_RUNNING)
		return AXVCPU_EINVAL; /* never ran: nothing can be pending */
	if (err)
		return err;
	if (vcpu->pending.kind != kind) {
		vcpu_word_release(vcpu);
		return AXVCPU_EINVAL;
	}
	struct axvcpu_read_completion *c = &vcpu->pending;
	c->value =
	    kind == AXVCPU_READ_CONSOLE
		? value
		: value_extend(value, c->width, c->reg_width, c->sign_ext);
	err = pending_deliver(vcpu);
	if (!err)
		c->kind = AXVCPU_READ_NONE;
	vcpu_word_release(vcpu);
	return err;
}

int axvcpu_complete_mmio_read(struct axvcpu *vcpu, uint64_t value)
{
	return complete_read(vcpu, AXVCPU_READ_MMIO, value);
}

int axvcpu_complete_io_read(struct axvcpu *vcpu, uint64_t value)
{
	return complete_read(vcpu, AXVCPU_READ_IO, value);
}

int axvcpu_complete_sysreg_read(struct axvcpu *vcpu, uint64_t value)
{
	return complete_read(vcpu, AXVCPU_READ_SYSREG, value);
}

int axvcpu_complete_console_read(struct axvcpu *vcpu, int64_t value)
{
	return complete_read(vcpu, AXVCPU_READ_CONSOLE, (uint64_t)value);
}
