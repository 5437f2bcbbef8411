/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file tests/lib/hv_check.h
 * The architecture-independent core of the bare-metal test checkers
 * (tests/<arch>/hv/check.c): a guest announces the exit it is about to
 * cause (TP_EXPECT, tests/lib/hv_proto.h), the checker compares the exit
 * axvcpu_run() returned with it and prints TAP on the host console. This
 * is the expectation queue, the comparison of the fields every
 * architecture reports alike, the TAP lines and plan, and the answers to
 * the protocol calls that are the same everywhere; each architecture
 * keeps its register-specific parts (which register resumes the guest,
 * how a field is encoded, its own calls and per-CPU checks).
 */
#ifndef TESTS_HV_CHECK_H
#define TESTS_HV_CHECK_H

#include "tests/lib/hv_proto.h"
#include "vmm/vm.h"
#include <axvcpu/axvcpu.h>
#include <axvcpu/stage2.h>
#include <stdbool.h>
#include <stdint.h>

/** Most expectations one vCPU may have queued. */
#define HVC_QUEUE_MAX 8u

/** One announced exit: TP_EXPECT's arguments as the guest gave them. */
struct hvc_expect {
	unsigned reason; /**< enum axvcpu_exit_reason */
	uint64_t addr, width, x;
	uint64_t flags; /**< the architecture's flag bits, unmasked */
	uint64_t name;  /**< guest address of the check's name */
};

/** The expectations of one vCPU, oldest first (zero-initialised: empty). */
struct hvc_queue {
	struct hvc_expect e[HVC_QUEUE_MAX];
	unsigned head, count;
};

/**
 * Queue `x` behind at most `depth` - 1 others (depth <= HVC_QUEUE_MAX);
 * a full queue is a failed check named "too many expectations queued".
 */
void hvc_push(struct hvc_queue *q, unsigned depth, const struct hvc_expect *x);

/** Replace whatever `q` holds with `x` (one expectation at a time). */
void hvc_set(struct hvc_queue *q, const struct hvc_expect *x);

/** The oldest expectation, or NULL if there is none. */
const struct hvc_expect *hvc_peek(const struct hvc_queue *q);

/** Take the oldest expectation off (the queue must hold one). */
struct hvc_expect hvc_pop(struct hvc_queue *q);

/**
 * One TAP line, numbered, "ok N - name" or "not ok N - name" with `diag`
 * (may be NULL) under it; any CPU, one line at a time.
 */
void hvc_result(bool ok, const char *name, const char *diag);

/**
 * The guest's string at `gpa`, copied out and bounded (the guest's bytes
 * need not hold a NUL), or "?" if the address is bad. Valid until the
 * next call for the same `cpu` (the caller's CPU: a buffer per CPU).
 */
const char *hvc_name(struct vmm_vm *vm, unsigned cpu, uint64_t gpa);

/**
 * Compare the fields every architecture reports alike (MmioWrite,
 * NestedPageFault, Hypercall, ExternalInterrupt, SystemReset/Down);
 * another reason matches on the reason alone. An architecture compares
 * its own reasons first and hands the rest here.
 */
bool hvc_match(const struct hvc_expect *x, const struct axvcpu_exit *e);

/**
 * The TAP line of an announced exit of vCPU `id`: named by the guest,
 * with the exit as diagnosis if it does not match, or as a "#" note
 * under the line if it does.
 */
void hvc_report(struct vmm_vm *vm, unsigned id, const struct hvc_expect *x,
		const struct axvcpu_exit *e, bool ok);

/** A failed line "unexpected exit" with the exit as diagnosis. */
void hvc_unexpected(const struct axvcpu_exit *e);

/**
 * The protocol calls answered alike everywhere (TP_CHECK, TP_INJECT,
 * TP_KICK, TP_PRINT) on vCPU `id`. Returns false for any other call.
 */
bool hvc_call(struct vmm_vm *vm, unsigned id, const struct axvcpu_exit *e);

/** How TP_RUN_OTHER's second vCPU is made (the backend's configs). */
struct hvc_other {
	const struct axvcpu_backend *backend;
	const void *create; /**< its axvcpu_create() arch_config */
	size_t create_size;
	const void *setup; /**< its axvcpu_setup() config */
	size_t setup_size;
	/** Answers the host interrupts that end its runs (may be NULL). */
	void (*irq)(const struct axvcpu_exit *e);
};

/**
 * TP_RUN_OTHER: a second vCPU of the VM (vCPU 7, made once as `o` says,
 * entered at `entry` on the stage-2 root `root`, kept in `*other`) bound
 * on this CPU, `cpu`, and run until its first hypercall (at most 1000
 * runs), then unbound; one TAP line, `name`.
 */
void hvc_run_other(struct axvcpu **other, const struct hvc_other *o,
		   unsigned cpu, uint64_t entry, axvcpu_hpa_t root,
		   const char *name);

/** An exit of a guest access: MmioRead, MmioWrite, NestedPageFault. */
bool hvc_is_access(const struct axvcpu_exit *e);

/**
 * TP_REFLECT's answer: axvcpu_reflect_fault() and the TAP line "...
 * reflect_fault accepted". Returns its error.
 */
int hvc_reflect(struct axvcpu *vcpu);

/** Complete an MmioRead of the test device: `pos` at + TP_POS_OFF,
 * `value` elsewhere. */
void hvc_complete_read(struct axvcpu *vcpu, const struct axvcpu_exit *e,
		       uint64_t value, uint64_t pos);

/**
 * TP_UNMAP / TP_MAP: take the page of guest RAM at `gpa` out of `s2`
 * while vCPU `id` is live (the leaf holding it is split) or put it back,
 * as a VM layer that moves memory would; the library fences this CPU,
 * the other vCPUs are asked to. One TAP line.
 */
void hvc_stage2_page(struct vmm_vm *vm, struct axvcpu_stage2 *s2, unsigned id,
		     bool map, uint64_t gpa);

/**
 * A VM that ended without TP_DONE must have powered off: otherwise a
 * failed line "the VM ended cleanly" with the VM's reason.
 */
void hvc_end_check(struct vmm_vm *vm, enum vmm_vm_end end);

/**
 * The plan ("1..N") and a summary line (exits, failures); returns the
 * number of failed checks (the machine's status: 0 only if none).
 */
unsigned hvc_plan(struct vmm_vm *vm);

#endif /* TESTS_HV_CHECK_H */
