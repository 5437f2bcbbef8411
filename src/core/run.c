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

/* *exit as run hands it to the backend's run op (backend.h). */
static inline void exit_prepare(const struct axvcpu *vcpu,
				struct axvcpu_exit *exit)
{
	exit->reason = AXVCPU_EXIT_NOTHING;
	if (!(vcpu->be_flags & AXVCPU_BACKEND_RUN_FILLS_EXIT))
		exit_clear(exit);
}

/* Hand a completed read to the backend (or the seed's way: set_gpr). */
static int pending_deliver(struct axvcpu *vcpu)
{
	const struct axvcpu_read_completion *c = &vcpu->pending;
	if (c->kind == AXVCPU_READ_MMIO && c->reg < vcpu->gpr_file_count) {
		vcpu->gpr_file[c->reg] = c->value;
		return AXVCPU_OK;
	}
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
static void exit_bad(struct axvcpu_exit *exit, enum axvcpu_exit_reason reason,
		     uint64_t code, uint64_t detail);

static inline __attribute__((always_inline)) void
exit_validate(const struct axvcpu *vcpu, struct axvcpu_exit *exit)
{
	/* Only accesses carry a width or a register: one compare for the
	 * rest (the reasons MMIO_READ..IO_WRITE are consecutive). */
	if ((unsigned)exit->reason - AXVCPU_EXIT_MMIO_READ >
	    AXVCPU_EXIT_IO_WRITE - AXVCPU_EXIT_MMIO_READ)
		return;
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
	exit_bad(exit, reason, code, detail);
}

/* Out of line: a backend bug is no hot path. */
static __attribute__((noinline)) void exit_bad(struct axvcpu_exit *exit,
					       enum axvcpu_exit_reason reason,
					       uint64_t code, uint64_t detail)
{
	exit_clear(exit);
	exit->reason = AXVCPU_EXIT_INTERNAL_ERROR;
	exit->internal_error.code = code;
	exit->internal_error.data[0] = reason;
	exit->internal_error.data[1] = detail;
}

/*
 * What the core keeps from an exit, in one pass: the read to complete
 * (axvcpu_complete_*) and the memory access reflect_fault may answer.
 * Of an access exit the reason and the first 24 bytes of its details are
 * kept (address, width, register or data, flags): all a backend's
 * reflect_fault reads, at a third of a whole copy.
 */
static inline __attribute__((always_inline)) void
exit_record(struct axvcpu *vcpu, const struct axvcpu_exit *exit)
{
	struct axvcpu_read_completion *c = &vcpu->pending;
	struct axvcpu_exit *a = &vcpu->last_access;
	switch (exit->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		c->kind = AXVCPU_READ_MMIO;
		c->reg = exit->mmio_read.reg;
		c->width = exit->mmio_read.width;
		c->reg_width = exit->mmio_read.reg_width;
		c->sign_ext = exit->mmio_read.sign_ext;
		c->value = 0;
		goto access;
	case AXVCPU_EXIT_MMIO_WRITE:
	case AXVCPU_EXIT_NESTED_PAGE_FAULT:
		c->kind = AXVCPU_READ_NONE;
	access:
		a->reason = exit->reason;
		a->hypercall.nr = exit->hypercall.nr;
		a->hypercall.args[0] = exit->hypercall.args[0];
		a->hypercall.args[1] = exit->hypercall.args[1];
		return;
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
		c->kind = AXVCPU_READ_NONE;
		a->reason = AXVCPU_EXIT_NOTHING;
		return;
	}
	c->value = 0;
	c->sign_ext = false;
	if (exit->reason != AXVCPU_EXIT_SYSREG_READ)
		c->reg = 0;
	a->reason = AXVCPU_EXIT_NOTHING;
}

_Static_assert(offsetof(struct axvcpu_exit, mmio_write.data) + 8 <=
		   offsetof(struct axvcpu_exit, hypercall.args[2]),
	       "exit_record: an access exit's details fit three words");

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

/*
 * Deliver a read left uncompleted before running again (0, a console
 * read -1): out of the hot path. `held` keeps it so that a run the backend
 * refuses leaves it pending; *failed when it could not be delivered.
 */
static __attribute__((noinline)) int
pending_flush(struct axvcpu *vcpu, struct axvcpu_read_completion *held,
	      bool *failed)
{
	*held = vcpu->pending;
	/*
	 * An uncompleted read gets 0, so the guest never sees stale data. A
	 * console read gets -1, "nothing available": 0 would hand the guest
	 * a NUL character it never typed (SBI getchar), where the backend
	 * had prepared "no input".
	 */
	vcpu->pending.value =
	    vcpu->pending.kind == AXVCPU_READ_CONSOLE ? (uint64_t)-1 : 0;
	int err = pending_deliver(vcpu);
	*failed = err != AXVCPU_OK;
	vcpu->pending.kind = AXVCPU_READ_NONE;
	return err;
}

/*
 * A run refused before anything changed, `word` the state word it saw
 * (Ready without a HAL: a vCPU no API call can make): the reason, in the
 * API's order. Out of line, as every refusal: the fast path's frame
 * holds no return value.
 */
static __attribute__((noinline)) int run_refused(uint32_t word)
{
	if (!hal_fast())
		return AXVCPU_EBADSTATE;
	return (word & VCPU_WORD_STATE_MASK) != AXVCPU_STATE_READY
		   ? AXVCPU_EBADSTATE
		   : AXVCPU_EBUSY;
}

/*
 * Error `err`, out of line and opaque (an empty asm): with axvcpu_run()
 * inlined into a caller's loop, the compiler would otherwise keep each
 * constant code it may return in a register of its own across the guest,
 * reloaded after every exit.
 */
static __attribute__((noinline)) int run_error(int err)
{
	__asm__("" : "+r"(err));
	return err;
}

/* The state word moved under the compare-and-swap (now `word`). */
static __attribute__((noinline)) int run_raced(uint32_t word)
{
	return (word & VCPU_WORD_BUSY) ? AXVCPU_EBUSY : AXVCPU_EBADSTATE;
}

/* The backend refused to run (or the pending read could not be
 * delivered): back to Ready with *exit NOTHING. */
static __attribute__((noinline)) int
run_failed(struct axvcpu *vcpu, struct axvcpu_exit *exit, int err,
	   const struct axvcpu_read_completion *held)
{
	/*
	 * The backend refused to run, so the read is still unanswered: the
	 * caller may complete it yet (a later value overrides the 0). A read
	 * that cannot be delivered at all is dropped, or every later run
	 * would fail the same way.
	 */
	if (held)
		vcpu->pending = *held;
	exit_clear(exit);
	atomic_store(&vcpu->word, AXVCPU_STATE_READY);
	return err;
}

/*
 * After an exit the fast path does not know (every reason but a hypercall
 * and an MMIO access, or an access that fails validation): validate,
 * record, power bookkeeping, and Ready or Blocked.
 */
static __attribute__((noinline)) int run_done_slow(struct axvcpu *vcpu,
						   struct axvcpu_exit *exit)
{
	exit_validate(vcpu, exit);
	exit_record(vcpu, exit);
	power_note_exit(vcpu, exit);
	if (exit->reason != AXVCPU_EXIT_HALT) {
		atomic_store_explicit(&vcpu->word, AXVCPU_STATE_READY,
				      memory_order_release);
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

/* Whether `w` is an access width (1, 2, 4, 8: the bits of 0x116). */
static inline bool width_ok(unsigned w)
{
	return w <= 8 && ((0x116u >> w) & 1);
}

/*
 * Whether `w` and `rw` are access widths with w <= rw: bit w (rw) of 0x116
 * is set for 1, 2, 4 and 8 (w <= rw < 9 bounds both shifts).
 */
static inline bool widths_ok(unsigned w, unsigned rw)
{
	return rw < 9 && w <= rw && ((0x116u >> w) & (0x116u >> rw) & 1);
}

/*
 * An access exit's details, for reflect_fault (see exit_record()): its
 * first `words` words (an MmioRead's member ends after two).
 */
static inline __attribute__((always_inline)) void
access_keep(struct axvcpu *vcpu, const struct axvcpu_exit *exit, unsigned words)
{
	struct axvcpu_exit *a = &vcpu->last_access;
	a->reason = exit->reason;
	a->hypercall.nr = exit->hypercall.nr;
	a->hypercall.args[0] = exit->hypercall.args[0];
	if (words > 2)
		a->hypercall.args[1] = exit->hypercall.args[1];
}

_Static_assert(offsetof(struct axvcpu_exit, mmio_read) +
		       sizeof(((struct axvcpu_exit *)0)->mmio_read) <=
		   offsetof(struct axvcpu_exit, hypercall.args[1]),
	       "access_keep: an MmioRead's details fit two words");

/*
 * The exit's details the core keeps, for the reasons the fast path knows:
 * what exit_validate() + exit_record() + power_note_exit() do for them,
 * with fewer steps. False (nothing written) sends the exit to
 * run_done_slow() instead: a reason it does not know, or an access that
 * fails validation (then the slow path turns it into an internal error).
 * The entry retired any pending read, so only a read exit writes one.
 * `r` is exit->reason (as the run op returned it, when it did).
 */
static inline __attribute__((always_inline)) bool
run_done_fast(struct axvcpu *vcpu, const struct axvcpu_exit *exit, uint32_t r)
{
	if (__builtin_expect(r == AXVCPU_EXIT_MMIO_READ, 1)) {
		unsigned w = exit->mmio_read.width;
		unsigned rw = exit->mmio_read.reg_width;
		uint32_t reg = exit->mmio_read.reg;
		if (!widths_ok(w, rw) || reg >= vcpu->gpr_count)
			return false;
		struct axvcpu_read_completion *c = &vcpu->pending;
		c->kind = AXVCPU_READ_MMIO;
		c->reg = reg;
		c->width = (uint8_t)w;
		c->reg_width = (uint8_t)rw;
		c->sign_ext = exit->mmio_read.sign_ext;
		access_keep(vcpu, exit, 2);
		return true;
	}
	if (__builtin_expect(r == AXVCPU_EXIT_HYPERCALL, 1) ||
	    r == AXVCPU_EXIT_EXTERNAL_INTERRUPT) {
		vcpu->last_access.reason = AXVCPU_EXIT_NOTHING;
		return true;
	}
	if (r == AXVCPU_EXIT_MMIO_WRITE && width_ok(exit->mmio_write.width)) {
		access_keep(vcpu, exit, 3);
		return true;
	}
	return false;
}

#ifdef AXVCPU_RUN_OP_DIRECT
/* The one backend's run op, called directly (backend.h): it fills the
 * exit and takes a kick before its first entry itself. */
int AXVCPU_RUN_OP_DIRECT(struct axvcpu *vcpu, void *percpu,
			 struct axvcpu_exit *exit);
#define RUN_OP_IS_DIRECT(vcpu) ((vcpu)->run_op == AXVCPU_RUN_OP_DIRECT)
#define RUN_OP_DIRECT_CALL(vcpu, percpu, exit)                                 \
	AXVCPU_RUN_OP_DIRECT(vcpu, percpu, exit)
#else
#define RUN_OP_IS_DIRECT(vcpu) false
#define RUN_OP_DIRECT_CALL(vcpu, percpu, exit) AXVCPU_EINVAL
#endif

/*
 * Everything the entry must do beyond calling the backend: deliver a read
 * left uncompleted, take a kick (Cancelled without entering), note a
 * power transition. Then the run and its exit, as the fast path would.
 */
static __attribute__((noinline)) int run_slow(struct axvcpu *vcpu,
					      struct axvcpu_exit *exit,
					      struct percpu_slot *slot,
					      struct axvcpu *prev)
{
	int err = AXVCPU_OK;
	struct axvcpu_read_completion held;
	bool flushed = vcpu->pending.kind != AXVCPU_READ_NONE;
	bool deliver_failed = false;
	if (flushed)
		err = pending_flush(vcpu, &held, &deliver_failed);
	if (!err &&
	    atomic_load_explicit(&vcpu->entry.kick, memory_order_relaxed) &&
	    axvcpu_kick_take(vcpu)) {
		exit_clear(exit);
		exit->reason = AXVCPU_EXIT_CANCELLED;
	} else if (!err) {
		power_note_entry(vcpu);
		exit_prepare(vcpu, exit);
		err = vcpu->run_op(vcpu, slot->arch, exit);
#ifdef AXVCPU_RUN_OP_REASON
		/* A direct op may return the exit's reason (backend.h). */
		if (RUN_OP_IS_DIRECT(vcpu) && err > 0)
			err = AXVCPU_OK;
#endif
	}
	atomic_store_explicit(&slot->current, prev, memory_order_release);
	if (err)
		return run_failed(vcpu, exit, err,
				  flushed && !deliver_failed ? &held : 0);
	if (run_done_fast(vcpu, exit, exit->reason)) {
		atomic_store_explicit(&vcpu->word, AXVCPU_STATE_READY,
				      memory_order_release);
		return AXVCPU_OK;
	}
	return run_done_slow(vcpu, exit);
}

AXVCPU_RUN_OP_INLINE int axvcpu_run(struct axvcpu *vcpu,
				    struct axvcpu_exit *exit)
{
	if (__builtin_expect(!vcpu || !exit, 0))
		return run_error(AXVCPU_EINVAL);
	uint32_t word = atomic_load_explicit(&vcpu->word, memory_order_acquire);
	/*
	 * Ready (and no BUSY bit) means bound: the HAL is registered (it
	 * cannot change while a vCPU exists; its copy's current_cpu_id is
	 * NULL only if none ever was) and the bound CPU's slot is enabled for
	 * this backend (hardware_disable refuses while a vCPU is bound there).
	 */
	if (__builtin_expect(word != AXVCPU_STATE_READY, 0))
		return run_refused(word);
#ifdef AXVCPU_HAL_CPU_ID_DIRECT
	/* The registered HAL's, called directly (hal.h). */
	unsigned cpu = AXVCPU_HAL_CPU_ID_DIRECT();
#else
	unsigned (*cpu_id)(void) = core_hal_copy.current_cpu_id;
	if (__builtin_expect(!cpu_id, 0))
		return run_refused(word);
	unsigned cpu = cpu_id();
#endif
	if (__builtin_expect((int32_t)cpu !=
				 atomic_load_explicit(&vcpu->bound_cpu,
						      memory_order_relaxed),
			     0))
		return run_error(AXVCPU_EWRONGCPU);
	if (__builtin_expect(!atomic_compare_exchange_strong_explicit(
				 &vcpu->word, &word, AXVCPU_STATE_RUNNING,
				 memory_order_acq_rel, memory_order_acquire),
			     0))
		return run_raced(word);

	struct percpu_slot *slot = vcpu->slot;
	/* Kept in the vCPU, not a register: the run's frame stays small. */
	vcpu->slot_prev = atomic_exchange_explicit(&slot->current, vcpu,
						   memory_order_acq_rel);
	int err;
#ifdef AXVCPU_RUN_OP_REASON
	bool done; /* recorded by run_done_fast() */
#endif
	if (RUN_OP_IS_DIRECT(vcpu)) {
		/* One test for the entry's rare work (see run_slow()); the
		 * op prepares the exit and takes a kick itself. */
		if (vcpu->pending.kind != AXVCPU_READ_NONE ||
		    atomic_load_explicit(&vcpu->power, memory_order_relaxed) !=
			AXVCPU_POWER_ON)
			return run_slow(vcpu, exit, slot, vcpu->slot_prev);
		err = RUN_OP_DIRECT_CALL(vcpu, slot->arch, exit);
#ifdef AXVCPU_RUN_OP_REASON
		/* An exit the op made in line and returned the reason of
		 * (backend.h): recorded apart, see below. */
		if (err > 0) {
			done = run_done_fast(vcpu, exit, (uint32_t)err);
			err = AXVCPU_OK;
		} else {
			done = !err && run_done_fast(vcpu, exit, exit->reason);
		}
#endif
	} else {
		exit_prepare(vcpu, exit);
		/* One test for all the entry's rare work (see run_slow()). */
		if (vcpu->pending.kind != AXVCPU_READ_NONE ||
		    atomic_load_explicit(&vcpu->entry.kick,
					 memory_order_relaxed) ||
		    atomic_load_explicit(&vcpu->power, memory_order_relaxed) !=
			AXVCPU_POWER_ON)
			return run_slow(vcpu, exit, slot, vcpu->slot_prev);
		err = vcpu->run_op(vcpu, slot->arch, exit);
#ifdef AXVCPU_RUN_OP_REASON
		done = !err && run_done_fast(vcpu, exit, exit->reason);
#endif
	}
	/*
	 * The exit's record before the release of `current`: with the run
	 * op inlined (AXVCPU_RUN_OP_DIRECT) nothing then stands between the
	 * backend's stores to *exit and these loads, and the compiler folds
	 * what it knows (a reason, a width it just wrote). An exit whose
	 * reason the op returned has a record of its own, where the reason
	 * is a value: each of the op's in-line exits then reaches its case
	 * alone, and the compiler forwards the fields it just stored instead
	 * of reloading them for the validation.
	 */
#ifdef AXVCPU_RUN_OP_REASON
	if (__builtin_expect(done, 1)) {
#else
	if (__builtin_expect(!err && run_done_fast(vcpu, exit, exit->reason),
			     1)) {
#endif
		/* Read only on this CPU (axvcpu_current()): program order is
		 * all it needs, and the word's release orders it for others. */
		atomic_store_explicit(&vcpu->slot->current, vcpu->slot_prev,
				      memory_order_relaxed);
		atomic_store_explicit(&vcpu->word, AXVCPU_STATE_READY,
				      memory_order_release);
		return AXVCPU_OK;
	}
	atomic_store_explicit(&vcpu->slot->current, vcpu->slot_prev,
			      memory_order_release);
	if (err)
		return run_failed(vcpu, exit, err, 0);
	return run_done_slow(vcpu, exit);
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

/*
 * The exit path's completion: a Ready vCPU (no BUSY bit) with an MMIO read
 * into a register the backend keeps in its register file (backend.h's
 * gpr_file_count): one compare-and-swap to take the vCPU, the value
 * extended and stored, a release store to give it back (nothing else can
 * change the word while it is Ready and BUSY). Anything else takes
 * complete_read(), with every check.
 */
AXVCPU_RUN_OP_INLINE int axvcpu_complete_mmio_read(struct axvcpu *vcpu,
						   uint64_t value)
{
	uint32_t word = AXVCPU_STATE_READY;
	/* A backend without a register file (kvm) goes straight on. */
	if (!vcpu || !vcpu->gpr_file_count ||
	    !atomic_compare_exchange_strong_explicit(
		&vcpu->word, &word, AXVCPU_STATE_READY | VCPU_WORD_BUSY,
		memory_order_acquire, memory_order_relaxed))
		return complete_read(vcpu, AXVCPU_READ_MMIO, value);
	struct axvcpu_read_completion *c = &vcpu->pending;
	if (c->kind != AXVCPU_READ_MMIO || c->reg >= vcpu->gpr_file_count) {
		vcpu_word_release_to(vcpu, AXVCPU_STATE_READY);
		return complete_read(vcpu, AXVCPU_READ_MMIO, value);
	}
	/* The record's widths were validated: 1, 2, 4 or 8 (a shift of 56,
	 * 48, 32 or 0; the mask spares the compiler a 32-bit wrap). */
	unsigned sh = (64u - 8u * c->width) & 63;
	value <<= sh;
	value = c->sign_ext ? (uint64_t)((int64_t)value >> sh) : value >> sh;
	if (c->reg_width < 8)
		value &= ((uint64_t)1 << (8 * c->reg_width)) - 1;
	vcpu->gpr_file[c->reg] = value;
	c->kind = AXVCPU_READ_NONE;
	vcpu_word_release_to(vcpu, AXVCPU_STATE_READY);
	return AXVCPU_OK;
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
