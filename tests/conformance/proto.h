/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the conformance guest and the host checker agree on, on every
 * backend: the scenario ids, the protocol's hypercall numbers, and the
 * values the scenarios move through MMIO, ports and calls. Included by
 * the guest (freestanding, any architecture) and the host (scenarios.c).
 *
 * Protocol (hypercalls through the backend's own call: an SBI vendor
 * call on riscv64, the port doorbell on kvm; see the runtimes):
 *   CONF_HC_NEXT            -> the id of the next scenario to run, or
 *                              CONF_END when there is none
 *   CONF_HC_DONE(id)           the guest finished scenario `id`
 *   CONF_HC_CHECK(got, want, name)  a guest-side check (name: a guest
 *                              string); the host records it
 *   CONF_HC_ARM(a0..a5)        scenario-specific: the scenario's host
 *                              side reads its arguments, sets the return
 *   CONF_HC_RESET_ME           the reset scenario's request
 *   CONF_HC_PANIC(code, pc, name)  the runtime hit something it cannot go
 *                              on from (an unexpected trap): the suite ends
 *   CONF_HC_FINISH             every scenario ran; the suite ends
 * Every other exit of a scenario is the scenario's: its host side checks
 * the decoded fields (scenarios.c).
 */
#ifndef CONF_PROTO_H
#define CONF_PROTO_H

/* Protocol calls: numbers no scenario uses for its own hypercalls. */
#define CONF_HC_BASE 0x434f4e00ull /* "CON" */
#define CONF_HC_NEXT (CONF_HC_BASE + 0)
#define CONF_HC_DONE (CONF_HC_BASE + 1)
#define CONF_HC_CHECK (CONF_HC_BASE + 2)
#define CONF_HC_ARM (CONF_HC_BASE + 3)
#define CONF_HC_RESET_ME (CONF_HC_BASE + 4)
#define CONF_HC_PANIC (CONF_HC_BASE + 5)
#define CONF_HC_FINISH (CONF_HC_BASE + 6)
#define CONF_HC_LAST CONF_HC_FINISH

/* NEXT's answer when every scenario has run. */
#define CONF_END 0xffffu

/*
 * The scenarios, in the order they run and are numbered in TAP. Each id
 * names a guest routine (guest/scenarios.c) and a host side
 * (scenarios.c); both tables are indexed by it.
 */
enum conf_scenario_id {
	CONF_S_MMIO_READ_ZEXT,
	CONF_S_MMIO_READ_SEXT,
	CONF_S_MMIO_WRITE,
	CONF_S_PIO_READ,
	CONF_S_PIO_WRITE,
	CONF_S_SYSREG,
	CONF_S_HYPERCALL,
	CONF_S_CONSOLE,
	CONF_S_HALT,
	CONF_S_HALT_TIMER,
	CONF_S_IRQ_INJECT,
	CONF_S_HALT_WAKE_REMOTE,
	CONF_S_SEND_IPI,
	CONF_S_REMOTE_FENCE,
	CONF_S_CPU_UP,
	CONF_S_CPU_UP_REFUSED,
	CONF_S_SYSTEM_EVENTS,
	CONF_S_KICK_PENDING,
	CONF_S_KICK_REMOTE,
	CONF_S_RESET,
	CONF_S_UNMAPPED,
	CONF_S_NPF_FETCH,
	CONF_S_REFLECT,
	CONF_S_ENDLESS_LOOP,
	CONF_S_FAULT_LOOP,
	CONF_S_CRASH,
	CONF_S_GARBAGE_CALLS,
	CONF_S_WRONG_API,
	CONF_S_WRONG_CPU,
	CONF_S_COUNT
};

/*
 * Offsets in the backend's MMIO test region (unmapped guest-physical
 * memory; its base is the runtime's CONF_RT_MMIO_BASE). Reads below
 * CONF_OFF_POS are answered with CONF_VAL_NEG, the others with
 * CONF_VAL_POS.
 */
#define CONF_OFF_READ 0x000    /* + 8 * log2(width): zero-extending */
#define CONF_OFF_SREAD 0x040   /* + 8 * log2(width): sign-extending */
#define CONF_OFF_WRITE 0x080   /* + 8 * log2(width) */
#define CONF_OFF_WRONG 0x0c0   /* the wrong_api scenario's read */
#define CONF_OFF_REFLECT 0x0c8 /* the read answered with reflect_fault */
#define CONF_OFF_FETCH 0x100   /* code fetched from here: NestedPageFault */
#define CONF_OFF_POS 0x800     /* + the same layout: positive values */

/* Every byte, halfword and word of it has its top bit set. */
#define CONF_VAL_NEG 0x89abcdeff1e2d3c4ull
/* No byte, halfword or word of it has its top bit set. */
#define CONF_VAL_POS 0x123456784a3b2c1dull
/* Written by the guest at every width (the host sees the low bytes). */
#define CONF_VAL_WRITE 0xa5b6c7d8e9fa0b1cull
/* Port reads are answered with this; the register held CONF_PIO_PRESET. */
#define CONF_VAL_PIO 0x8899aabbccddeeffull
#define CONF_PIO_PRESET 0x5a5a5a5a5a5a5a5aull
/* The system-register scenario's read answer. */
#define CONF_VAL_SYSREG 0x0123456789abcdefull

/* The hypercall scenario's number, arguments (CONF_HC_ARG(i)) and answer. */
#define CONF_HC_TEST 0x1234abcdull
#define CONF_HC_ARG(i)                                                         \
	(0x1111111111111111ull * ((i) + 1) ^ 0x8000000000000000ull)
#define CONF_HC_RESULT 0xfeedface87654321ull

/* Console scenario: the byte written, the byte read back, the buffer. */
#define CONF_CON_BYTE 'Z'
#define CONF_CON_READ 'q'
#define CONF_CON_TEXT "conf!\n"
#define CONF_CON_LEN 6

/* The CpuUp scenario's start argument, and the CPU it starts. */
#define CONF_CPU_ARG 0x5eed0000c0ffee11ull
#define CONF_CPU_SECOND 1u
/* A CPU no VM of the suite has (CpuUp must be refused). */
#define CONF_CPU_MISSING 7u

/* The reset scenario's marker (held in the runtime's marker register). */
#define CONF_RESET_MARKER 0x7e5e7e5e7e5e7e5eull

/* CpuStatus answers (SBI HSM and PSCI AFFINITY_INFO agree on these). */
#define CONF_CPU_ON 0u
#define CONF_CPU_OFF 1u

/* Garbage hypercall numbers the host does not know; argument i of call
 * N is CONF_HC_GARBAGE_N ^ i. */
#define CONF_HC_GARBAGE_0 0xffffffffffffffffull
#define CONF_HC_GARBAGE_1 0x8000000000000000ull
#define CONF_HC_GARBAGE_2 0x434f4dffull /* just below the protocol */

#endif /* CONF_PROTO_H */
