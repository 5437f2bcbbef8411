/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A mock backend for the core's unit tests (never linked into the library).
 *
 * It implements every op of struct axvcpu_backend over a plain register
 * file, returns exits from a per-vCPU script, can make any op fail once
 * with a chosen error, counts every call, records axvcpu_current() as seen
 * from inside each op, and notices when two ops overlap on one vCPU (which
 * the core promises never happens, except kick). Its run can block until
 * kicked, so that tests can hold a vCPU in Running from another thread.
 */
#ifndef AXVCPU_TESTS_MOCK_BACKEND_H
#define AXVCPU_TESTS_MOCK_BACKEND_H

#include <axvcpu/backend.h>
#include <pthread.h>
#include <stdatomic.h>

/* Every backend op, for counters, hooks and failure injection. */
enum mock_op {
	MOCK_OP_PERCPU_INIT,
	MOCK_OP_PERCPU_ENABLE,
	MOCK_OP_PERCPU_DISABLE,
	MOCK_OP_PERCPU_FINI,
	MOCK_OP_MAX_LEVELS,
	MOCK_OP_CREATE,
	MOCK_OP_DESTROY,
	MOCK_OP_SETUP,
	MOCK_OP_SET_ENTRY,
	MOCK_OP_SET_GPR,
	MOCK_OP_GET_GPR,
	MOCK_OP_BIND,
	MOCK_OP_UNBIND,
	MOCK_OP_RUN,
	MOCK_OP_COMPLETE_READ,
	MOCK_OP_SET_RETURN_VALUE,
	MOCK_OP_VECTOR_VALID,
	MOCK_OP_KICK,
	MOCK_OP_REFLECT_FAULT,
	MOCK_OP_SET_RETURN_ERROR,
	MOCK_OP_POWER_OFF,
	MOCK_OP_POWER_ON,
	MOCK_OP_RESET,
	MOCK_OP_COUNT
};

/* Register-file size and vector range of the mock backends. */
#define MOCK_NGPRS 32u
#define MOCK_NVECTORS 256u
/* The one vector below MOCK_NVECTORS that vector_valid refuses. */
#define MOCK_BAD_VECTOR 13u
/* Stage-2 levels max_guest_page_table_levels reports. */
#define MOCK_LEVELS 4u
/* Depth of a vCPU's exit script. */
#define MOCK_SCRIPT_MAX 16u
/* Length of the repeating exit cycle used when the script is empty. */
#define MOCK_CYCLE_MAX 6u

/* The mock's create config (exact size checked by the core). */
struct mock_create_config {
	uint64_t magic;
	uint32_t flags;
};
#define MOCK_CREATE_MAGIC 0x6372656174656d6bull
/* Flag: run blocks until kicked or released (see mock_release()). */
#define MOCK_CREATE_BLOCKING_RUN 1u
/* Flag: power_off answers AXVCPU_POWER_PARKED_IN_RUN (like kvm). */
#define MOCK_CREATE_PARK_IN_RUN 2u

/* The mock's setup config: a value every register is filled with. */
struct mock_setup_config {
	uint64_t magic;
	uint64_t reg_fill;
};
#define MOCK_SETUP_MAGIC 0x73657475706d6bull

/* One scripted run result: an error, or (err == 0) an exit. */
struct mock_step {
	int err;
	struct axvcpu_exit exit;
};

/* The mock's per-CPU state (the core zeroes it before percpu_init). */
struct mock_percpu {
	uint64_t magic;
	unsigned cpu;
	bool enabled;
};
#define MOCK_PERCPU_MAGIC 0x7065726370756d6bull

/*
 * The mock's per-vCPU state, in axvcpu_arch(). Tests read it only while no
 * op runs on the vCPU (or through the atomics and the lock).
 */
struct mock_vcpu {
	uint64_t regs[MOCK_NGPRS];
	axvcpu_gpa_t entry;
	axvcpu_hpa_t ept_root;
	uint64_t ret_value;
	uint64_t create_magic; /* from the create config, 0 without */
	uint32_t create_flags;
	uint64_t setup_magic;     /* from the setup config, 0 without */
	axvcpu_gpa_t setup_entry; /* what reset goes back to */
	uint64_t setup_fill;      /* register fill of the setup config */
	int ret_error;            /* last set_return_error */
	uint64_t power_arg;       /* last power_on argument (in regs[1]) */
	/* Last completion handed to complete_read. */
	struct axvcpu_read_completion last_completion;
	/* Last exit handed to reflect_fault. */
	struct axvcpu_exit last_reflected;

	/* Calls per op on this vCPU. */
	_Atomic unsigned calls[MOCK_OP_COUNT];
	/* axvcpu_current() as seen at the last entry of each op. */
	_Atomic(struct axvcpu *) current_seen[MOCK_OP_COUNT];
	/* Ops (except kick) entered while another op was inside. */
	_Atomic unsigned overlaps;
	_Atomic int in_op;
	/* run/bind/unbind calls whose percpu was not this CPU's, enabled. */
	_Atomic unsigned percpu_wrong;
	/* run/bind/unbind calls that did not see themselves as current, and
	 * runs entered while the vCPU was not Running. */
	_Atomic unsigned current_wrong;
	/* complete_read calls with a register out of range. */
	_Atomic unsigned bad_reg;

	/* Exit script (FIFO), then the cycle, then AXVCPU_EXIT_NOTHING. */
	struct mock_step script[MOCK_SCRIPT_MAX];
	unsigned script_head, script_len;
	struct axvcpu_exit cycle[MOCK_CYCLE_MAX];
	unsigned cycle_len, cycle_pos;

	/* Deliver (clear) the lowest pending interrupt at each entry. */
	bool deliver_irqs;
	int64_t last_irq;
	_Atomic unsigned irqs_delivered;
	/* Bit per vector ever delivered (stress invariants). */
	_Atomic uint64_t delivered_mask[MOCK_NVECTORS / 64];

	/* Blocking run: waits on `cond` until kicked or released. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool block_run;
	/* If non-zero, a blocking run gives up after this many µs. */
	unsigned block_timeout_us;
	bool in_run;                    /* a blocking run is waiting */
	bool kicked;                    /* the kick op was called */
	bool released;                  /* mock_release() was called */
	_Atomic unsigned run_cancelled; /* CANCELLED exits the mock made */
};

/* All ops present (complete_read, set_return_value, kick...). */
extern const struct axvcpu_backend mock_backend;
/* Required ops only: every optional member is NULL. */
extern const struct axvcpu_backend mock_backend_minimal;

/* Hook called at the entry of every op (after counting), or NULL. */
typedef void (*mock_hook_fn)(enum mock_op op, struct axvcpu *vcpu);
void mock_set_hook(mock_hook_fn hook);

/* Make the next call of `op` (any vCPU, any CPU) fail with `err`. */
void mock_fail_next(enum mock_op op, int err);
/* Clear every pending failure. */
void mock_fail_clear(void);

/* Calls of `op` over all vCPUs and CPUs since the start. */
unsigned mock_global_calls(enum mock_op op);

/* The mock state of a vCPU made with a mock backend. */
struct mock_vcpu *mock_of(struct axvcpu *vcpu);

/* Append an exit / an error to the vCPU's script. */
void mock_script_exit(struct axvcpu *vcpu, const struct axvcpu_exit *exit);
void mock_script_error(struct axvcpu *vcpu, int err);
/* Shorthand: script an exit with only a reason. */
void mock_script_reason(struct axvcpu *vcpu, enum axvcpu_exit_reason reason);
/* Script an MMIO read exit. */
void mock_script_mmio_read(struct axvcpu *vcpu, uint32_t reg, uint8_t width,
			   uint8_t reg_width, bool sign_ext);
/* Set the repeating exit cycle (n <= MOCK_CYCLE_MAX). */
void mock_set_cycle(struct axvcpu *vcpu, const struct axvcpu_exit *exits,
		    unsigned n);

/* Turn the blocking run on/off (only while the vCPU is not running). */
void mock_set_blocking(struct axvcpu *vcpu, bool block, unsigned timeout_us);
/* Wait until a blocking run is waiting inside the mock; false if it was
 * not within timeout_ms (a broken core must fail a test, not hang it). */
bool mock_wait_in_run(struct axvcpu *vcpu, unsigned timeout_ms);
/* Let a blocking run return its next scripted exit. */
void mock_release(struct axvcpu *vcpu);

/* Whether a blocking run is waiting right now (under the lock). */
bool mock_in_run(struct axvcpu *vcpu);

#endif /* AXVCPU_TESTS_MOCK_BACKEND_H */
