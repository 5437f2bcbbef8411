/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance suite's host side: one table of scenarios (scenarios.c)
 * run by one checker (checker.c) on every backend. The checker is the
 * VM's exit hook (vmm/vm.h): it serves the guest's protocol calls
 * (proto.h), hands every other exit to the running scenario, which checks
 * its decoded fields, and prints one TAP line per scenario through the
 * backend's print callback. Freestanding: it runs inside the bare-metal
 * hypervisor (riscv64) and inside a Linux process (kvm) alike.
 *
 * A backend plugs in with a struct conf_backend (its capabilities and the
 * few facts that differ per architecture) and a VM with two vCPUs built
 * on vmm/vm.h; see docs/backend.md.
 */
#ifndef CONF_SCENARIOS_H
#define CONF_SCENARIOS_H

#include "tests/conformance/proto.h"
#include "vmm/vm.h"

#include <axvcpu/axvcpu.h>

/*
 * What a backend produces or offers; a scenario needs some of these. Bit
 * numbers (for conf_backend.lacks[]) and the masks made of them.
 */
enum conf_cap_bit {
	/* MmioRead/MmioWrite for accesses outside guest RAM. */
	CONF_BIT_MMIO,
	/* Port I/O exits (x86). */
	CONF_BIT_PIO,
	/* System-register exits (x86 MSRs, Arm traps). */
	CONF_BIT_SYSREG,
	/* A guest timer whose deadline a Halt exit carries. */
	CONF_BIT_TIMER,
	/* Hypervisor console calls (ConsoleWrite/ConsoleRead). */
	CONF_BIT_CONSOLE,
	/* CpuUp, CpuDown and CpuStatus exits (SBI HSM, PSCI). */
	CONF_BIT_CPU_UP,
	/* SendIPI exits. */
	CONF_BIT_SEND_IPI,
	/* RemoteFence exits. */
	CONF_BIT_REMOTE_FENCE,
	/* SystemReset / SystemDown requests the guest can make and survive. */
	CONF_BIT_SYSTEM_EVENTS,
	/* NestedPageFault for a fetch from unmapped memory. */
	CONF_BIT_NPF,
	/* axvcpu_reflect_fault() of an MMIO read. */
	CONF_BIT_REFLECT,
	/* A host timer ends runs (ExternalInterrupt exits the VM layer sees).
	 */
	CONF_BIT_HOST_PREEMPT,
	/* axvcpu_reset(). */
	CONF_BIT_RESET,
	/* The CPU shuts itself down on a fault it cannot deliver (x86's
	 * triple fault): a SystemDown exit, after which a reset recovers. */
	CONF_BIT_CRASH,
	/* A second vCPU, parked on its own host CPU/thread, which runs the
	 * checker's remote work (kicks and injections from another CPU). */
	CONF_BIT_SECOND,
	/* Number of capabilities. */
	CONF_CAP_COUNT
};

#define CONF_CAP_MMIO (1u << CONF_BIT_MMIO)
#define CONF_CAP_PIO (1u << CONF_BIT_PIO)
#define CONF_CAP_SYSREG (1u << CONF_BIT_SYSREG)
#define CONF_CAP_TIMER (1u << CONF_BIT_TIMER)
#define CONF_CAP_CONSOLE (1u << CONF_BIT_CONSOLE)
#define CONF_CAP_CPU_UP (1u << CONF_BIT_CPU_UP)
#define CONF_CAP_SEND_IPI (1u << CONF_BIT_SEND_IPI)
#define CONF_CAP_REMOTE_FENCE (1u << CONF_BIT_REMOTE_FENCE)
#define CONF_CAP_SYSTEM_EVENTS (1u << CONF_BIT_SYSTEM_EVENTS)
#define CONF_CAP_NPF (1u << CONF_BIT_NPF)
#define CONF_CAP_REFLECT (1u << CONF_BIT_REFLECT)
#define CONF_CAP_HOST_PREEMPT (1u << CONF_BIT_HOST_PREEMPT)
#define CONF_CAP_RESET (1u << CONF_BIT_RESET)
#define CONF_CAP_CRASH (1u << CONF_BIT_CRASH)
#define CONF_CAP_SECOND (1u << CONF_BIT_SECOND)

/* How the backend decodes an MMIO read of the runtime's accessors. */
struct conf_read_dest {
	uint32_t reg;      /* mmio_read.reg */
	uint8_t reg_width; /* mmio_read.reg_width */
	bool sign_ext;     /* mmio_read.sign_ext */
};

/* One backend as the suite sees it: filled by its host glue. */
struct conf_backend {
	/* Its name in the TAP lines ("riscv64", "kvm"). */
	const char *name;
	/* CONF_CAP_* bits. */
	uint32_t caps;
	/* Why a capability is missing (index: bit number), for the SKIP
	 * lines (index: enum conf_cap_bit); NULL gives a generic reason. */
	const char *lacks[CONF_CAP_COUNT];
	/* The runtime's CONF_RT_MMIO_BASE and CONF_RT_FAR (conf_abi.h). */
	uint64_t mmio_base, far;
	/* The runtime's CONF_RT_PIO_BASE and CONF_RT_SYSREG (if it has them).
	 */
	uint64_t pio_base, sysreg;
	/* The vector the checker injects (CONF_RT_IRQ_VECTOR). */
	uint64_t irq_vector;
	/* set_gpr index of the pc, and of the runtime's marker register. */
	unsigned pc_reg, marker_reg;
	/* sysreg_read.reg of the runtime's system-register read (SYSREG):
	 * the register the backend names for the value (kvm, svm: their
	 * READ_DATA register, the value going to edx:eax). */
	uint32_t sysreg_reg;
	/* The decoded destination of the runtime's MMIO load of `width`
	 * bytes, sign-extending or not. */
	void (*read_dest)(unsigned width, bool sign, struct conf_read_dest *d);
	/* What axvcpu_set_return_value() answers after an MmioWrite exit
	 * (riscv64: AXVCPU_EINVAL, no call to answer; kvm: 0, it writes
	 * rax after any exit). */
	int return_value_after_write;
	/* system.reason of the runtime's reset and power-off requests, and
	 * of the SystemDown a crash (CRASH) is. */
	uint64_t reset_reason, down_reason, crash_reason;
	/* ExternalInterrupt vector of the host timer (HOST_PREEMPT). */
	uint64_t preempt_vector;
	/* host->now() units per millisecond. */
	uint64_t ticks_per_ms;
	/* Print text (TAP lines end in '\n'); called under the checker's
	 * lock, from any CPU. */
	void (*print)(const char *text);
};

struct conf;

/* What a scenario's exit callback did with an exit. */
enum conf_take {
	CONF_NOT_MINE = 0, /* not the scenario's: background or unexpected */
	CONF_TAKEN,        /* handled; the VM must not see it */
	CONF_LET_VM,       /* checked; the VM layer answers it as always */
};

/* One row of the table. */
struct conf_scenario {
	const char *name;
	/* What it shows, for the TAP line. */
	const char *what;
	/* enum conf_scenario_id: the guest routine it runs. */
	unsigned id;
	/* Capabilities it needs (all of them), or any of `needs_any`. */
	uint32_t needs, needs_any;
	/* The guest may start over inside it (the reset scenario). */
	bool restartable;
	/* Optional: before the guest runs it. */
	void (*start)(struct conf *c);
	/* Every exit of the scenario's vCPUs but the protocol's own calls
	 * (CONF_HC_ARM and CONF_HC_RESET_ME do come here). */
	enum conf_take (*exit)(struct conf *c, unsigned vcpu,
			       struct axvcpu_exit *e);
	/* Optional: after the guest's DONE, the final checks. */
	void (*done)(struct conf *c);
};

/* The table (scenarios.c), indexed by enum conf_scenario_id. */
extern const struct conf_scenario conf_scenarios[CONF_S_COUNT];

/* The checker's state: one per VM. */
struct conf {
	struct vmm_vm *vm;
	const struct conf_backend *be;
	/* Table index of the running scenario, or CONF_S_COUNT. */
	unsigned cur;
	/* The next index to consider. */
	unsigned next;
	/* TAP lines printed, scenarios failed / skipped / applicable. */
	unsigned tap, failed, skipped, apply;
	/* Failed checks in the running scenario. */
	_Atomic unsigned fails;
	/* host->now() when the running scenario started. */
	uint64_t started;
	/* The guest restarted inside the running scenario. */
	unsigned restarts;
	/* Exits that came outside any scenario. */
	unsigned stray;
	bool finished;
	/* The running scenario's scratch (zeroed at its start); atomic so
	 * that the two vCPUs of the CpuUp scenario may share it. */
	_Atomic uint64_t n[8];
	/* Arguments of the scenario's last CONF_HC_ARM. */
	uint64_t arm[6];
	/* Remote work on the second vCPU's CPU (checker.c). */
	void (*remote_fn)(struct conf *c);
	_Atomic uint64_t remote_due;
	_Atomic unsigned remote_state; /* 0 idle, 1 posted, 2 running, 3 done */
	_Atomic int remote_cpu;        /* host CPU it ran on */
	/* The VM host's own wait, wrapped. */
	void (*inner_wait)(void *ctx, unsigned id, uint64_t deadline);
	struct vmm_lock print_lock;
};

/*
 * Install the checker on `vm` (built, with its vCPUs added): the exit hook
 * and the remote-work wrapper around host->wait. Prints the scenario
 * count. One checker per program.
 */
void conf_install(struct conf *c, struct vmm_vm *vm,
		  const struct conf_backend *be);

/*
 * After the VM ended: if the guest did not finish, the running and every
 * remaining scenario fail (with the VM's reason) and the plan is printed.
 * Returns true if every scenario passed or was skipped.
 */
bool conf_end(struct conf *c);

/* ---- for scenarios.c --------------------------------------------------- */

/* The vCPU with id `id`. */
struct axvcpu *conf_vcpu(struct conf *c, unsigned id);

/* Record a failed check of the running scenario, with a diagnostic. */
void conf_fail(struct conf *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* conf_fail() unless `ok`; returns ok. */
bool conf_expect(struct conf *c, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Check `got` == `want` (named `what`); returns whether it was. */
bool conf_eq(struct conf *c, const char *what, uint64_t got, uint64_t want);

/* Check the exit's reason; on a mismatch the diagnostic shows the exit. */
bool conf_reason(struct conf *c, const struct axvcpu_exit *e,
		 enum axvcpu_exit_reason want);

/* Whether the backend has every capability in `caps`. */
bool conf_has(const struct conf *c, uint32_t caps);

/*
 * Run `fn` on the second vCPU's host CPU/thread, not before `delay_ms`
 * from now (one at a time). conf_remote_sync() waits (bounded) until it
 * ran and returns false if it did not; conf_remote_wait() waits (bounded)
 * for work already posted to finish and says whether it did.
 */
void conf_remote(struct conf *c, void (*fn)(struct conf *c), unsigned delay_ms);
bool conf_remote_sync(struct conf *c, void (*fn)(struct conf *c));
bool conf_remote_wait(struct conf *c);

/* The host CPU the caller runs on (the HAL's id). */
int conf_cpu_here(void);

/* Write a 64-bit value into guest memory at `gpa`; false if unmapped. */
bool conf_guest_write(struct conf *c, uint64_t gpa, uint64_t value);

/* Read one from guest memory (0 if unmapped). */
uint64_t conf_guest_read(struct conf *c, uint64_t gpa);

/* host->now() of the VM. */
uint64_t conf_now(struct conf *c);

#endif /* CONF_SCENARIOS_H */
