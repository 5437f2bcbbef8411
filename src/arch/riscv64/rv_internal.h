/* SPDX-License-Identifier: Apache-2.0 */
/* The backend ops (backend.h's struct axvcpu_backend), one per function. */
#ifndef AXVCPU_RV_INTERNAL_H
#define AXVCPU_RV_INTERNAL_H

#include "rv_ctx.h"

/* percpu.c */
int rv_percpu_init(void *percpu, unsigned cpu);
int rv_percpu_enable(void *percpu);
int rv_percpu_disable(void *percpu);
unsigned rv_percpu_levels(void *percpu);

/* vcpu.c */
int rv_vcpu_create(struct axvcpu *vcpu, const void *config);
int rv_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		  axvcpu_hpa_t ept_root, const void *config);
int rv_vcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry);
int rv_vcpu_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val);
int rv_vcpu_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val);
int rv_vcpu_bind(struct axvcpu *vcpu, void *percpu);
int rv_vcpu_unbind(struct axvcpu *vcpu, void *percpu);
int rv_vcpu_run(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *exit);
int rv_vcpu_complete_read(struct axvcpu *vcpu,
			  const struct axvcpu_read_completion *c);
int rv_vcpu_reflect_fault(struct axvcpu *vcpu, const struct axvcpu_exit *exit);
int rv_vcpu_set_return_value(struct axvcpu *vcpu, uint64_t val);
bool rv_vcpu_vector_valid(uint64_t vector);
void rv_vcpu_kick(struct axvcpu *vcpu);
int rv_vcpu_set_return_error(struct axvcpu *vcpu, int err);
int rv_vcpu_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg);
int rv_vcpu_reset(struct axvcpu *vcpu);

#endif /* AXVCPU_RV_INTERNAL_H */
