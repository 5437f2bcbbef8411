/* SPDX-License-Identifier: Apache-2.0 */
/* vCPU lifecycle: create, setup, bind, unbind, destroy, and queries. */
#include "vcpu_internal.h"

static void vcpu_zero(struct axvcpu *vcpu)
{
	volatile unsigned char *p = (volatile unsigned char *)vcpu;
	for (size_t i = 0; i < sizeof(*vcpu); i++)
		p[i] = 0;
}

static bool backend_complete(const struct axvcpu_backend *be)
{
	return be->name && be->arch_size <= AXVCPU_ARCH_SIZE_MAX &&
	       be->vector_count <= AXVCPU_MAX_VECTORS && be->create &&
	       be->setup && be->set_entry && be->set_gpr && be->get_gpr &&
	       be->bind && be->unbind && be->run &&
	       be->gpr_file_count <= be->gpr_count &&
	       (!be->gpr_file_count ||
		(be->gpr_file_offset % 8 == 0 &&
		 be->gpr_file_offset <= be->arch_size &&
		 be->gpr_file_count <=
		     (be->arch_size - be->gpr_file_offset) / 8));
}

/* Accept a config pointer/size pair against what the backend expects. */
static bool config_matches(const void *config, size_t size, size_t expected)
{
	if (!config)
		return size == 0;
	return expected != 0 && size == expected;
}

int axvcpu_create(const struct axvcpu_backend *backend,
		  const struct axvcpu_create_params *params,
		  struct axvcpu **out)
{
	if (out)
		*out = 0;
	if (!backend || !params || !out || !backend_complete(backend))
		return AXVCPU_EINVAL;
	if (!config_matches(params->arch_config, params->arch_config_size,
			    backend->create_config_size))
		return AXVCPU_EINVAL;
	if (params->favor_phys_cpu < -1 ||
	    params->favor_phys_cpu >= (int32_t)AXVCPU_MAX_CPUS)
		return AXVCPU_EINVAL;
	if (params->favor_phys_cpu >= 0 && params->phys_cpu_set &&
	    !(params->phys_cpu_set & ((uint64_t)1 << params->favor_phys_cpu)))
		return AXVCPU_EINVAL;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!hal)
		return AXVCPU_EBADSTATE;

	axvcpu_hpa_t frame = 0;
	if (!hal->alloc_frame(&frame))
		return AXVCPU_ENOMEM;
	struct axvcpu *vcpu = hal->phys_to_virt(frame);
	if (!vcpu) {
		hal->dealloc_frame(frame);
		return AXVCPU_ENOMEM;
	}
	vcpu_zero(vcpu);
	vcpu->vm_id = params->vm_id;
	vcpu->vcpu_id = params->vcpu_id;
	vcpu->favor_phys_cpu = params->favor_phys_cpu;
	vcpu->phys_cpu_set = params->phys_cpu_set;
	vcpu->backend = backend;
	vcpu->frame = frame;
	vcpu->entry.irq_more =
	    backend->vector_count > 64 ? (backend->vector_count - 1) / 64 : 0;
	vcpu->run_op = backend->run;
	vcpu->be_flags = backend->flags;
	vcpu->gpr_count = backend->gpr_count;
	vcpu->gpr_file_count = backend->gpr_file_count;
	vcpu->gpr_file =
	    (uint64_t *)(void *)(vcpu->arch + backend->gpr_file_offset);
	atomic_store(&vcpu->bound_cpu, -1);
	atomic_store(&vcpu->power, AXVCPU_POWER_ON);
	atomic_store(&vcpu->word, AXVCPU_STATE_CREATED);

	int err = backend->create(vcpu, params->arch_config);
	if (err) {
		hal->dealloc_frame(frame);
		return err;
	}
	hal_users_add(1);
	*out = vcpu;
	return AXVCPU_OK;
}

int axvcpu_destroy(struct axvcpu *vcpu)
{
	if (!vcpu)
		return AXVCPU_EINVAL;
	enum axvcpu_state state;
	int err = vcpu_word_acquire(
	    vcpu, VCPU_IN(AXVCPU_STATE_CREATED) | VCPU_IN(AXVCPU_STATE_FREE),
	    &state);
	if (err)
		return err;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (vcpu->backend->destroy)
		vcpu->backend->destroy(vcpu);
	axvcpu_hpa_t frame = vcpu->frame;
	/* Poison the word so a stale pointer fails loudly, not silently. */
	atomic_store(&vcpu->word, VCPU_WORD_BUSY | VCPU_WORD_STATE_MASK);
	hal->dealloc_frame(frame);
	hal_users_add(-1);
	return AXVCPU_OK;
}

int axvcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry, axvcpu_hpa_t ept_root,
		 const void *setup_config, size_t setup_config_size)
{
	if (!vcpu || !config_matches(setup_config, setup_config_size,
				     vcpu->backend->setup_config_size))
		return AXVCPU_EINVAL;
	enum axvcpu_state state;
	int err =
	    vcpu_word_acquire(vcpu, VCPU_IN(AXVCPU_STATE_CREATED), &state);
	if (err)
		return err;
	err = vcpu->backend->setup(vcpu, entry, ept_root, setup_config);
	if (err) {
		vcpu_word_release(vcpu);
		return err;
	}
	vcpu_word_release_to(vcpu, AXVCPU_STATE_FREE);
	return AXVCPU_OK;
}

/*
 * Take the vCPU for bind/unbind on the calling CPU: the HAL must be there
 * and the state in `allowed`. Gives the CPU id and its enabled slot.
 */
static int vcpu_acquire_here(struct axvcpu *vcpu, uint32_t allowed,
			     unsigned *cpu, struct percpu_slot **slot)
{
	if (!vcpu)
		return AXVCPU_EINVAL;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!hal)
		return AXVCPU_EBADSTATE;
	enum axvcpu_state state;
	int err = vcpu_word_acquire(vcpu, allowed, &state);
	if (err)
		return err;
	*cpu = hal->current_cpu_id();
	*slot = percpu_slot_enabled_for(*cpu, vcpu->backend);
	return AXVCPU_OK;
}

/* A backend bind/unbind op, with the vCPU as this CPU's current one. */
static int vcpu_op_as_current(struct axvcpu *vcpu, unsigned cpu,
			      struct percpu_slot *slot,
			      int (*op)(struct axvcpu *, void *))
{
	struct axvcpu *prev = percpu_current_swap(cpu, vcpu);
	int err = op(vcpu, percpu_slot_arch(slot));
	percpu_current_swap(cpu, prev);
	return err;
}

/*
 * Publish the result of bind (cpu >= 0) or unbind (cpu == -1): on error
 * the state is left as it was.
 */
static int vcpu_binding_finish(struct axvcpu *vcpu, int err,
			       struct percpu_slot *slot, int32_t cpu,
			       enum axvcpu_state next)
{
	if (err) {
		vcpu_word_release(vcpu);
		return err;
	}
	percpu_slot_bound_add(slot, cpu >= 0 ? 1 : -1);
	vcpu->slot = cpu >= 0 ? slot : 0;
	atomic_store(&vcpu->bound_cpu, cpu);
	vcpu_word_release_to(vcpu, next);
	return AXVCPU_OK;
}

int axvcpu_bind(struct axvcpu *vcpu)
{
	unsigned cpu;
	struct percpu_slot *slot;
	int err =
	    vcpu_acquire_here(vcpu, VCPU_IN(AXVCPU_STATE_FREE), &cpu, &slot);
	if (err)
		return err;
	if (!slot)
		err = AXVCPU_EBADSTATE;
	else if (vcpu->phys_cpu_set &&
		 !(vcpu->phys_cpu_set & ((uint64_t)1 << cpu)))
		err = AXVCPU_EWRONGCPU;
	else
		err = vcpu_op_as_current(vcpu, cpu, slot, vcpu->backend->bind);
	return vcpu_binding_finish(vcpu, err, slot, (int32_t)cpu,
				   vcpu_held_parked(vcpu) ? AXVCPU_STATE_BLOCKED
							  : AXVCPU_STATE_READY);
}

int axvcpu_unbind(struct axvcpu *vcpu)
{
	unsigned cpu;
	struct percpu_slot *slot;
	int err = vcpu_acquire_here(vcpu, VCPU_IN_BOUND, &cpu, &slot);
	if (err)
		return err;
	if ((int32_t)cpu != atomic_load(&vcpu->bound_cpu) || !slot)
		err = AXVCPU_EWRONGCPU;
	else
		err =
		    vcpu_op_as_current(vcpu, cpu, slot, vcpu->backend->unbind);
	return vcpu_binding_finish(vcpu, err, slot, -1, AXVCPU_STATE_FREE);
}

int axvcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry)
{
	if (!vcpu)
		return AXVCPU_EINVAL;
	enum axvcpu_state state;
	int err = vcpu_word_acquire(vcpu, VCPU_IN_SET_UP, &state);
	if (err)
		return err;
	err = vcpu->backend->set_entry(vcpu, entry);
	vcpu_word_release(vcpu);
	return err;
}

int axvcpu_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val)
{
	if (!vcpu || reg >= vcpu->backend->gpr_count)
		return AXVCPU_EINVAL;
	enum axvcpu_state state;
	int err = vcpu_word_acquire(vcpu, VCPU_IN_SET_UP, &state);
	if (err)
		return err;
	err = vcpu->backend->set_gpr(vcpu, reg, val);
	/* The seed completes an MMIO read by writing its register. */
	if (!err && vcpu->pending.reg == reg &&
	    (vcpu->pending.kind == AXVCPU_READ_MMIO ||
	     vcpu->pending.kind == AXVCPU_READ_SYSREG))
		vcpu->pending.kind = AXVCPU_READ_NONE;
	vcpu_word_release(vcpu);
	return err;
}

int axvcpu_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val)
{
	if (!vcpu || !val || reg >= vcpu->backend->gpr_count)
		return AXVCPU_EINVAL;
	enum axvcpu_state state;
	int err = vcpu_word_acquire(vcpu, VCPU_IN_SET_UP, &state);
	if (err)
		return err;
	uint64_t v = 0;
	err = vcpu->backend->get_gpr(vcpu, reg, &v);
	if (!err)
		*val = v;
	vcpu_word_release(vcpu);
	return err;
}

int axvcpu_set_return_value(struct axvcpu *vcpu, uint64_t val)
{
	if (!vcpu)
		return AXVCPU_EINVAL;
	if (!vcpu->backend->set_return_value)
		return AXVCPU_EUNSUPPORTED;
	enum axvcpu_state state;
	int err = vcpu_word_acquire(vcpu, VCPU_IN_SET_UP, &state);
	if (err)
		return err;
	err = vcpu->backend->set_return_value(vcpu, val);
	vcpu_word_release(vcpu);
	return err;
}

uint32_t axvcpu_id(const struct axvcpu *vcpu)
{
	return vcpu ? vcpu->vcpu_id : 0;
}

uint32_t axvcpu_vm_id(const struct axvcpu *vcpu)
{
	return vcpu ? vcpu->vm_id : 0;
}

int32_t axvcpu_favor_phys_cpu(const struct axvcpu *vcpu)
{
	return vcpu ? vcpu->favor_phys_cpu : -1;
}

uint64_t axvcpu_phys_cpu_set(const struct axvcpu *vcpu)
{
	return vcpu ? vcpu->phys_cpu_set : 0;
}

bool axvcpu_is_bsp(const struct axvcpu *vcpu)
{
	return vcpu && vcpu->vcpu_id == 0;
}

const struct axvcpu_backend *axvcpu_backend_of(const struct axvcpu *vcpu)
{
	return vcpu ? vcpu->backend : 0;
}

int axvcpu_bound_cpu(const struct axvcpu *vcpu)
{
	return vcpu ? atomic_load(&((struct axvcpu *)vcpu)->bound_cpu) : -1;
}
