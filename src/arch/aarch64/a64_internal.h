/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AArch64 backend's ops (backend.h's struct axvcpu_backend) and what
 * its files share.
 */
#ifndef AXVCPU_A64_INTERNAL_H
#define AXVCPU_A64_INTERNAL_H

#include "a64_ctx.h"
#include "a64_sysreg.h"

/* percpu.c */
int a64_percpu_init(void *percpu, unsigned cpu);
int a64_percpu_enable(void *percpu);
int a64_percpu_disable(void *percpu);
unsigned a64_percpu_levels(void *percpu);

/* vcpu.c */
int a64_vcpu_create(struct axvcpu *vcpu, const void *config);
int a64_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root, const void *config);
int a64_vcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry);
int a64_vcpu_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val);
int a64_vcpu_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val);
int a64_vcpu_bind(struct axvcpu *vcpu, void *percpu);
int a64_vcpu_unbind(struct axvcpu *vcpu, void *percpu);
int a64_vcpu_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg);
int a64_vcpu_reset(struct axvcpu *vcpu);
bool a64_vcpu_vector_valid(uint64_t vector);
void a64_vcpu_kick(struct axvcpu *vcpu);

/* run.c */
int a64_vcpu_run(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *exit);
int a64_vcpu_complete_read(struct axvcpu *vcpu,
			   const struct axvcpu_read_completion *c);
int a64_vcpu_set_return_value(struct axvcpu *vcpu, uint64_t val);
int a64_vcpu_set_return_error(struct axvcpu *vcpu, int err);
int a64_vcpu_reflect_fault(struct axvcpu *vcpu, const struct axvcpu_exit *exit);

/* vcpu.c: take `v`'s EL1, timer and vGIC state out of this CPU: saved,
 * or, when the memory copy was rewritten meanwhile, dropped. */
void a64_unload(const struct a64_percpu *pc, struct a64_vcpu *v);

/* el1.c: the lazily switched EL1 state of `v` into / out of hardware. */
void a64_el1_load(const struct a64_percpu *pc, struct a64_vcpu *v);
void a64_el1_save(const struct a64_percpu *pc, struct a64_vcpu *v);
/* The EL1 state of a CPU just powered on (PSCI CPU_ON): MMU off. */
void a64_el1_reset(struct a64_vcpu *v);

/* vgic.c: the virtual CPU interface. */
void a64_vgic_load(const struct a64_percpu *pc, struct a64_vcpu *v);
void a64_vgic_save(const struct a64_percpu *pc, struct a64_vcpu *v);
/* Move queued INTIDs (and a fired timer) into list registers. */
void a64_vgic_sync(struct axvcpu *vcpu, const struct a64_percpu *pc,
		   struct a64_vcpu *v);
/* Whether a list register holds a pending interrupt. */
bool a64_vgic_any_pending(const struct a64_percpu *pc);
/* The virtual timer's physical interrupt was taken (and priority-dropped). */
void a64_vgic_timer_fired(const struct a64_percpu *pc, struct a64_vcpu *v);
/* Drop every list register in memory (CPU_OFF, power_on, reset). */
void a64_vgic_clear(struct a64_vcpu *v);
/* Drop the loaded ones in hardware, ending hardware-mapped ones. */
void a64_vgic_discard(const struct a64_percpu *pc, struct a64_vcpu *v);

/* exit.c: turn the trap in v->ctx into an exit; true if *exit is for the
 * VM layer, false if the guest simply goes on. */
bool a64_exit_handle(struct axvcpu *vcpu, struct a64_percpu *pc,
		     struct a64_vcpu *v, struct axvcpu_exit *exit);
/* An undefined-instruction exception for the guest at the next entry. */
void a64_exit_undef(struct a64_vcpu *v);
/* exit.c: raise v->inject in the guest (EL1 state loaded). */
void a64_inject_apply(struct a64_vcpu *v);
/* exit.c: the WFI answer: Halt with the timer's deadline, or go on. */
bool a64_exit_halt(struct axvcpu *vcpu, const struct a64_percpu *pc,
		   struct a64_vcpu *v, struct axvcpu_exit *exit);
/* exit.c: when the guest's virtual timer wakes it (UINT64_MAX: never). */
uint64_t a64_timer_deadline(void);

/* abort.c: a stage-2 abort (data or instruction) into an exit. */
bool a64_abort_handle(struct a64_vcpu *v, struct axvcpu_exit *exit);
/* abort.c: the second half of a pair. */
void a64_abort_pair_next(struct a64_vcpu *v, struct axvcpu_exit *exit);
/* abort.c: accept reflect_fault for `exit`, AXVCPU_EBADSTATE if too late. */
int a64_abort_reflect(struct a64_vcpu *v, const struct axvcpu_exit *exit);

/* stage2_hw.c: the backend's stage 2 (axvcpu_backend_aarch64.stage2). */
extern const struct axvcpu_stage2_ops a64_stage2_ops;

/* sysreg.c: an MSR/MRS trap. */
bool a64_sysreg_handle(struct a64_vcpu *v, struct axvcpu_exit *exit);

/* psci.c: HVC/SMC. */
bool a64_psci_handle(struct axvcpu *vcpu, struct a64_vcpu *v,
		     struct axvcpu_exit *exit);
/* The PSCI code of an AXVCPU_E* answer to call `call`. */
int64_t a64_psci_error_of(int err, enum a64_call call);
/* PSCI CPU_ON's state at `entry` with x0 = `x0` (also CPU_SUSPEND). */
void a64_psci_start_state(struct a64_vcpu *v, uint64_t entry, uint64_t x0);

/* Register `n` of the guest as an instruction names it (31 = XZR). */
static inline uint64_t a64_xreg(const struct a64_vcpu *v, unsigned n)
{
	return n < 31 ? v->ctx.x[n] : 0;
}

static inline void a64_xreg_set(struct a64_vcpu *v, unsigned n, uint64_t val)
{
	if (n < 31)
		v->ctx.x[n] = val;
}

/* The stack pointer the guest's current mode uses. */
static inline uint64_t *a64_sp_of(struct a64_vcpu *v)
{
	uint64_t m = v->ctx.pstate & 0x1fu;
	return m == 0x5 ? &v->ctx.sp_el1 : &v->ctx.sp_el0;
}

#endif /* AXVCPU_A64_INTERNAL_H */
