/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance guest, written once: the runtime API each backend's
 * runtime implements (tests/conformance/rt/<backend>/rt.c, crt0.S), and
 * the guest library on top of it (lib.c). The scenarios (scenarios.c)
 * use nothing else, so they compile unchanged for every architecture.
 *
 * Each runtime directory also has conf_abi.h (found first on the include
 * path), the constants its host glue shares: CONF_RT_MMIO_BASE,
 * CONF_RT_FAR, CONF_RT_PIO_BASE, CONF_RT_IRQ_VECTOR, CONF_RT_RESET_SP,
 * CONF_RT_RESET_ARG0, CONF_RT_FAULT_LOOP_MIN, CONF_RT_TICKS_PER_MS,
 * CONF_RT_SPIN_LIMIT.
 *
 * A runtime call a backend's architecture does not have (ports on
 * RISC-V, HSM on x86) is still defined: it reports a panic, so a scenario
 * run where it should have been skipped fails loudly.
 */
#ifndef CONF_GUEST_H
#define CONF_GUEST_H

#include "conf_abi.h"
#include "tests/conformance/proto.h"

#include <stdbool.h>
#include <stdint.h>

/* The answer of a call: failed (the architecture's error convention) and
 * the value (SBI: a1; x86 doorbell: rax). */
struct conf_ret {
	bool failed;
	uint64_t value;
};

/* ---- the runtime (per backend) ------------------------------------------ */

/* A hypercall with number `nr` and six arguments. */
struct conf_ret conf_hypercall(uint64_t nr, uint64_t a0, uint64_t a1,
			       uint64_t a2, uint64_t a3, uint64_t a4,
			       uint64_t a5);

/* One load of `gpa` by the runtime's own instruction for the width: the
 * register's value afterwards (zero- or sign-extending: the `s` forms). */
uint64_t conf_mmio_read8(uint64_t gpa);
uint64_t conf_mmio_read16(uint64_t gpa);
uint64_t conf_mmio_read32(uint64_t gpa);
uint64_t conf_mmio_read64(uint64_t gpa);
uint64_t conf_mmio_read8s(uint64_t gpa);
uint64_t conf_mmio_read16s(uint64_t gpa);
uint64_t conf_mmio_read32s(uint64_t gpa);
/* One store of the low `width` bytes of `v`. */
void conf_mmio_write8(uint64_t gpa, uint64_t v);
void conf_mmio_write16(uint64_t gpa, uint64_t v);
void conf_mmio_write32(uint64_t gpa, uint64_t v);
void conf_mmio_write64(uint64_t gpa, uint64_t v);

/* Port input of `width` (1/2/4) bytes into a register that held
 * CONF_PIO_PRESET: the register afterwards. Port output. */
uint64_t conf_pio_in(unsigned width, uint16_t port);
void conf_pio_out(unsigned width, uint16_t port, uint64_t v);

/* The runtime's test system register (CONF_RT_SYSREG). */
uint64_t conf_sysreg_read(void);
void conf_sysreg_write(uint64_t v);

/* One halt instruction (WFI, HLT), interrupts as they are. */
void conf_halt(void);
/* Enable the test interrupt (CONF_RT_IRQ_VECTOR) with `handler`, which
 * gets the vector; disable it (and interrupts) again. */
void conf_irq_on(void (*handler)(uint64_t vector));
void conf_irq_off(void);
/* Enable interrupts and halt with no window between (x86: sti; hlt),
 * leaving them enabled. */
void conf_halt_irq(void);

/* The guest timer: now, and its deadline (UINT64_MAX: off). */
uint64_t conf_time(void);
void conf_timer_set(uint64_t deadline);

/* The hypervisor console: a byte out, a byte in (-1: none), a buffer. */
void conf_console_putc(uint8_t c);
int64_t conf_console_getc(void);
struct conf_ret conf_console_write(const void *buf, uint64_t len);

/* Start guest CPU `cpu` at `entry` with `arg`; is it on (CONF_CPU_ON /
 * CONF_CPU_OFF); stop the calling CPU. */
struct conf_ret conf_cpu_up(uint64_t cpu, uint64_t entry, uint64_t arg);
struct conf_ret conf_cpu_status(uint64_t cpu);
__attribute__((noreturn)) void conf_cpu_down(void);
/* Where a CPU started with conf_cpu_up() must begin: sets up its stack,
 * records its boot registers in conf_entry[cpu], calls
 * conf_secondary_main(). */
uint64_t conf_secondary_entry(void);
/* Where the boot CPU begins (the setup entry). */
uint64_t conf_boot_entry(void);

/* Interrupt CPUs (bit N of `mask`: CPU base + N); fence their TLBs. */
struct conf_ret conf_send_ipi(uint64_t mask, uint64_t base);
struct conf_ret conf_remote_fence(uint64_t mask, uint64_t base);
/* Ask for a machine reset / power-off (the host may refuse). */
struct conf_ret conf_system_reset(void);
struct conf_ret conf_system_down(void);

/* Jump to `gpa` (unmapped): the host brings the CPU back here (ARM with
 * the resume pc, see the npf_fetch scenario). */
void conf_fetch(uint64_t gpa);
/*
 * Fault forever: the architecture's own way of taking fault after fault
 * without progress, until the host lets it go (ARM: flag, fault counter,
 * resume pc; 0 where the runtime has none).
 * Returns how many faults the guest's own handler saw.
 */
uint64_t conf_fault_loop(void);
/* Make the CPU shut itself down (x86: a fault with no IDT, a triple
 * fault). */
__attribute__((noreturn)) void conf_crash(void);
/* Put CONF_RESET_MARKER in the marker register and ask the host to reset
 * this vCPU (CONF_HC_RESET_ME). */
__attribute__((noreturn)) void conf_reset_me(void);

/* Registers a CPU had at its entry, recorded there by the runtime. */
struct conf_entry {
	uint64_t starts; /* entries so far */
	uint64_t sp;     /* stack pointer */
	uint64_t marker; /* the marker register */
	uint64_t arg0;   /* first argument register (RISC-V a0, x86 rdi) */
	uint64_t arg1;   /* second (RISC-V a1, x86 rsi) */
};
extern volatile struct conf_entry conf_entry[2];

/* The last fault the guest's own trap handler took (reflect_fault). */
enum conf_fault_kind {
	CONF_FAULT_NONE = 0,
	CONF_FAULT_FETCH,
	CONF_FAULT_LOAD,
	CONF_FAULT_STORE,
	CONF_FAULT_OTHER,
};
struct conf_fault {
	uint64_t count;
	uint64_t kind; /* enum conf_fault_kind */
	uint64_t addr; /* the faulting address, where the trap gives it */
};
extern volatile struct conf_fault conf_fault;

/* Report something the runtime cannot go on from; ends the suite. */
__attribute__((noreturn)) void conf_panic(const char *what, uint64_t code,
					  uint64_t pc);

/* ---- the library (lib.c) ------------------------------------------------- */

/* The guest's main loop, called by the runtime on the boot CPU (at every
 * start, also after a reset). */
__attribute__((noreturn)) void conf_main(void);
/* The second CPU's C entry (scenarios.c). */
__attribute__((noreturn)) void conf_secondary_main(uint64_t cpu, uint64_t arg);

/* A guest-side check: the host compares and reports. */
void conf_check(const char *what, uint64_t got, uint64_t want);
/* The running scenario's ARM call. */
struct conf_ret conf_arm(uint64_t a0, uint64_t a1, uint64_t a2);

/* Guest routines, indexed by enum conf_scenario_id (scenarios.c). */
extern void (*const conf_routines[CONF_S_COUNT])(void);

#endif /* CONF_GUEST_H */
