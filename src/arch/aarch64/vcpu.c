/* SPDX-License-Identifier: Apache-2.0 */
/* vCPU ops of the AArch64 backend: lifecycle, registers, bind, power. */
#include "a64_internal.h"
#include "a64_stage2.h"
#include "a64_sysreg.h"

static struct a64_vcpu *a64_of(struct axvcpu *vcpu)
{
	return axvcpu_arch(vcpu);
}

/* VTCR_EL2.PS for a physical address size. */
static uint64_t a64_vtcr_ps(unsigned pa_bits)
{
	static const uint8_t sizes[] = { 32, 36, 40, 42, 44, 48 };
	uint64_t ps = 0;
	while (ps < sizeof(sizes) - 1 && sizes[ps] < pa_bits)
		ps++;
	return ps << 16;
}

static uint64_t a64_default_mpidr(uint32_t id)
{
	return 1ull << 31 | (uint64_t)(id / 16) << 8 | (id % 16);
}

int a64_vcpu_create(struct axvcpu *vcpu, const void *config)
{
	static uint64_t next_serial;
	struct a64_vcpu *v = a64_of(vcpu);
	const struct axvcpu_aarch64_create_config *cfg = config;
	/* From 1: a CPU's `last` of 0 means no vCPU entered there yet. */
	v->serial = __atomic_add_fetch(&next_serial, 1, __ATOMIC_RELAXED);
	v->vmpidr =
	    cfg && cfg->mpidr ? cfg->mpidr : a64_default_mpidr(axvcpu_id(vcpu));
	v->boot_x0 = cfg ? cfg->x0 : 0;
	a64_psci_start_state(v, 0, v->boot_x0);
	return AXVCPU_OK;
}

int a64_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root, const void *config)
{
	struct a64_vcpu *v = a64_of(vcpu);
	const struct axvcpu_aarch64_setup_config *cfg = config;
	uint32_t vmid = cfg ? cfg->vmid : 0;
	uint32_t levels = cfg ? cfg->levels : 3;
	uint32_t ipa = cfg ? cfg->ipa_bits : 40;
	uint64_t vtcr;
	/* PS (bits 18:16) is the CPU's: set where the vCPU is loaded. */
	if (a64_stage2_vtcr(levels, ipa, 48, &vtcr) || vmid > 0xffff ||
	    (entry & 3) || (cfg && (cfg->flags & ~AXVCPU_AARCH64_TRAP_WFE)))
		return AXVCPU_EINVAL;
	unsigned root_bits = ipa - 12 - 9 * (levels - 1);
	uint64_t align = 8ull << root_bits;
	if (align < 64)
		align = 64;
	if ((ept_root & (align - 1)) || (ept_root >> 48))
		return AXVCPU_EINVAL;
	v->vtcr = vtcr & ~(7ull << 16);
	v->vmid = vmid;
	v->ipa_bits = ipa;
	v->vttbr = (uint64_t)vmid << 48 | ept_root;
	v->hcr = (cfg && (cfg->flags & AXVCPU_AARCH64_TRAP_WFE)) ? HCR_TWE : 0;
	v->ctx.pc = entry;
	v->boot_pc = entry;
	v->s2_flush = true;
	return AXVCPU_OK;
}

int a64_vcpu_reset(struct axvcpu *vcpu)
{
	struct a64_vcpu *v = a64_of(vcpu);
	a64_psci_start_state(v, v->boot_pc, v->boot_x0);
	for (unsigned i = 0; i < 66; i++)
		v->fp[i] = 0;
	/* The FP registers in hardware are not this vCPU's zeros. */
	v->fp_reload = true;
	v->fault.valid = false;
	v->pair.pending = false;
	v->ret_kind = A64_RET_NONE;
	return AXVCPU_OK;
}

int a64_vcpu_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg)
{
	struct a64_vcpu *v = a64_of(vcpu);
	if (entry & 3)
		return AXVCPU_EINVAL;
	a64_psci_start_state(v, entry, arg);
	v->pair.pending = false;
	return AXVCPU_OK;
}

int a64_vcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry)
{
	struct a64_vcpu *v = a64_of(vcpu);
	if (entry & 3)
		return AXVCPU_EINVAL;
	v->ctx.pc = entry;
	/* The VM layer's later word wins: resume there, no abort, no
	 * second half of a pair. */
	v->inject.pending = false;
	v->pair.pending = false;
	return AXVCPU_OK;
}

/* A PSTATE the guest may be entered with: EL1t, EL1h or EL0t AArch64. */
static bool a64_pstate_valid(uint64_t p)
{
	uint64_t m = p & PSR_MODE_MASK;
	return m == PSR_MODE_EL0T || m == PSR_MODE_EL1T || m == PSR_MODE_EL1H;
}

int a64_vcpu_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val)
{
	struct a64_vcpu *v = a64_of(vcpu);
	switch (reg) {
	case AXVCPU_AARCH64_REG_XZR:
		return AXVCPU_OK;
	case AXVCPU_AARCH64_REG_PC:
		return a64_vcpu_set_entry(vcpu, val);
	case AXVCPU_AARCH64_REG_SP_EL1:
		v->ctx.sp_el1 = val;
		return AXVCPU_OK;
	case AXVCPU_AARCH64_REG_SP_EL0:
		v->ctx.sp_el0 = val;
		return AXVCPU_OK;
	case AXVCPU_AARCH64_REG_PSTATE:
		if (!a64_pstate_valid(val))
			return AXVCPU_EINVAL;
		v->ctx.pstate = val;
		return AXVCPU_OK;
	default:
		v->ctx.x[reg] = val;
		return AXVCPU_OK;
	}
}

int a64_vcpu_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val)
{
	struct a64_vcpu *v = a64_of(vcpu);
	switch (reg) {
	case AXVCPU_AARCH64_REG_XZR:
		*val = 0;
		break;
	case AXVCPU_AARCH64_REG_PC:
		*val = v->ctx.pc;
		break;
	case AXVCPU_AARCH64_REG_SP_EL1:
		*val = v->ctx.sp_el1;
		break;
	case AXVCPU_AARCH64_REG_SP_EL0:
		*val = v->ctx.sp_el0;
		break;
	case AXVCPU_AARCH64_REG_PSTATE:
		*val = v->ctx.pstate;
		break;
	default:
		*val = v->ctx.x[reg];
	}
	return AXVCPU_OK;
}

int a64_vcpu_bind(struct axvcpu *vcpu, void *percpu)
{
	struct a64_percpu *pc = percpu;
	struct a64_vcpu *v = a64_of(vcpu);
	if ((v->vmid >> pc->vmid_bits) || v->ipa_bits > pc->pa_bits)
		return AXVCPU_EUNSUPPORTED;
	/* Loaded at the first entry (run.c), not here: bind has no guest
	 * state to move, and a vCPU bound but parked never needs it. */
	return AXVCPU_OK;
}

int a64_vcpu_unbind(struct axvcpu *vcpu, void *percpu)
{
	struct a64_percpu *pc = percpu;
	struct a64_vcpu *v = a64_of(vcpu);
	if (pc->loaded == v) {
		a64_unload(pc, v);
		pc->loaded = 0;
	}
	if (pc->fp_owner == v) {
		/* Rewritten by a reset since: the hardware's are stale. */
		if (!v->fp_reload) {
			SYSREG_W(cptr_el2, CPTR_RES1 | CPTR_TTA | CPTR_TAM);
			a64_isb();
			a64_fp_save(v->fp);
			SYSREG_W(cptr_el2,
				 CPTR_RES1 | CPTR_TFP | CPTR_TTA | CPTR_TAM);
			a64_isb();
		}
		pc->fp_owner = 0;
	}
	return AXVCPU_OK;
}

bool a64_vcpu_vector_valid(uint64_t vector)
{
	return vector < AXVCPU_AARCH64_IRQ_COUNT;
}

void a64_vcpu_kick(struct axvcpu *vcpu)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	int cpu = axvcpu_bound_cpu(vcpu);
	/* The SGI makes the guest exit to EL2; run then sees the kick. */
	if (hal && hal->send_kick_ipi && cpu >= 0)
		hal->send_kick_ipi((unsigned)cpu);
}

void a64_unload(const struct a64_percpu *pc, struct a64_vcpu *v)
{
	if (v->el1_dirty) {
		/* power_on or reset rewrote the memory copy since it was
		 * loaded: that is the state; end what the hardware holds. */
		a64_vgic_discard(pc, v);
		SYSREG_W(cntv_ctl_el0, 0);
		return;
	}
	a64_el1_save(pc, v);
	a64_vgic_save(pc, v);
}

/* The PS bits of VTCR_EL2 for this CPU (run.c). */
uint64_t a64_vcpu_vtcr(const struct a64_percpu *pc, const struct a64_vcpu *v);
uint64_t a64_vcpu_vtcr(const struct a64_percpu *pc, const struct a64_vcpu *v)
{
	uint64_t vtcr = v->vtcr | a64_vtcr_ps(pc->pa_bits);
	if (pc->vmid_bits == 16)
		vtcr |= 1ull << 19; /* VS: 16-bit VMIDs */
	return vtcr;
}
