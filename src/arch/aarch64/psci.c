/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI 1.1 and SMCCC 1.1 over HVC and SMC (function id in w0, arguments
 * x1..x3, result in x0). Calls the backend can answer alone never leave
 * axvcpu_run(); the others become exits with a default answer already in
 * x0 that axvcpu_set_return_value()/_error() may replace.
 */
#include "a64_internal.h"
#include "a64_sysreg.h"

#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND 0x84000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0x84000003u
#define PSCI_AFFINITY_INFO 0x84000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define PSCI_SYSTEM_SUSPEND 0x8400000eu
#define SMC64 0x40000000u /* bit 30: the 64-bit calling convention */
#define VENDOR_HYP 0x86000000u
#define VENDOR_HYP_MASK 0xbfff0000u

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)
#define PSCI_INTERNAL_FAILURE (-6)
#define PSCI_INVALID_ADDRESS (-9)

int64_t a64_psci_error_of(int err, enum a64_call call)
{
	switch (err) {
	case AXVCPU_ENOTFOUND:
		return PSCI_INVALID_PARAMETERS;
	case AXVCPU_EINVAL:
		return call == A64_CALL_CPU_ON ||
			       call == A64_CALL_SYSTEM_SUSPEND
			   ? PSCI_INVALID_ADDRESS
			   : PSCI_INVALID_PARAMETERS;
	case AXVCPU_EBADSTATE:
		return call == A64_CALL_CPU_ON ? PSCI_ALREADY_ON : PSCI_DENIED;
	case AXVCPU_EUNSUPPORTED:
		return PSCI_NOT_SUPPORTED;
	default:
		return PSCI_INTERNAL_FAILURE;
	}
}

void a64_psci_start_state(struct a64_vcpu *v, uint64_t entry, uint64_t x0)
{
	for (unsigned i = 0; i < 31; i++)
		v->ctx.x[i] = 0;
	v->ctx.x[0] = x0;
	v->ctx.sp_el0 = v->ctx.sp_el1 = 0;
	v->ctx.pc = entry;
	v->ctx.pstate = PSR_MODE_EL1H | PSR_DAIF;
	a64_el1_reset(v);
	a64_vgic_clear(v);
	v->inject.pending = false;
	v->el1_dirty = true;
}

/* The vCPU id a PSCI target MPIDR names (Aff0 + 16 Aff1), or -1. */
static int64_t a64_psci_target(uint64_t mpidr)
{
	/* Aff2 [23:16], Aff3 [39:32] must be 0; bits outside are ignored. */
	if (mpidr & 0xff00ff0000ull)
		return -1;
	uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;
	if (aff0 >= 16)
		return -1;
	return (int64_t)(aff1 * 16 + aff0);
}

static bool a64_psci_feature(uint32_t fid)
{
	switch (fid & ~SMC64) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_SYSTEM_SUSPEND:
	case PSCI_FEATURES:
		return true;
	default:
		return fid == SMCCC_VERSION;
	}
}

static void ret(struct a64_vcpu *v, int64_t val)
{
	v->ctx.x[0] = (uint64_t)val;
}

static bool a64_psci_cpu_on(struct a64_vcpu *v, uint64_t target, uint64_t entry,
			    uint64_t arg, struct axvcpu_exit *exit)
{
	int64_t id = a64_psci_target(target);
	if (id < 0) {
		ret(v, PSCI_INVALID_PARAMETERS);
		return false;
	}
	if (entry & 3) {
		ret(v, PSCI_INVALID_ADDRESS);
		return false;
	}
	exit->reason = AXVCPU_EXIT_CPU_UP;
	exit->cpu_up.target_cpu = (uint64_t)id;
	exit->cpu_up.entry_point = entry;
	exit->cpu_up.arg = arg;
	v->ret_kind = A64_RET_VALUE;
	v->ret_call = A64_CALL_CPU_ON;
	ret(v, PSCI_SUCCESS);
	return true;
}

static bool a64_psci_affinity(struct a64_vcpu *v, uint64_t target,
			      uint64_t level, struct axvcpu_exit *exit)
{
	int64_t id = a64_psci_target(target);
	if (id < 0 || level != 0) {
		ret(v, PSCI_INVALID_PARAMETERS);
		return false;
	}
	if (id == a64_psci_target(v->vmpidr)) {
		ret(v, 0); /* ON: it is running this call */
		return false;
	}
	exit->reason = AXVCPU_EXIT_CPU_STATUS;
	exit->cpu_status.target_cpu = (uint64_t)id;
	v->ret_kind = A64_RET_STATUS;
	ret(v, 0);
	return true;
}

static bool a64_psci_suspend(struct axvcpu *vcpu, struct a64_vcpu *v,
			     uint64_t state, uint64_t entry, uint64_t ctxid,
			     struct axvcpu_exit *exit)
{
	(void)vcpu;
	if (state & (1u << 16)) { /* power down: resume like CPU_ON */
		if (entry & 3) {
			ret(v, PSCI_INVALID_ADDRESS);
			return false;
		}
		uint64_t vmpidr = v->vmpidr;
		a64_psci_start_state(v, entry, ctxid);
		v->vmpidr = vmpidr;
	} else {
		ret(v, PSCI_SUCCESS);
	}
	/*
	 * The guest's timer is a wake-up event of a suspended core, as for
	 * WFI (Linux's cpuidle counts on it): without its deadline a vCPU
	 * whose timer fired slept on, and its host CPU spun taking the
	 * timer's host interrupt.
	 */
	exit->reason = AXVCPU_EXIT_HALT;
	exit->halt.deadline = a64_timer_deadline();
	exit->halt.suspend = true;
	return true;
}

bool a64_psci_handle(struct axvcpu *vcpu, struct a64_vcpu *v,
		     struct axvcpu_exit *exit)
{
	uint32_t fid = (uint32_t)v->ctx.x[0];
	uint64_t a1 = v->ctx.x[1], a2 = v->ctx.x[2], a3 = v->ctx.x[3];
	if (!(fid & SMC64) && (fid >> 31)) {
		/* SMC32: 32-bit arguments. */
		a1 &= 0xffffffffu;
		a2 &= 0xffffffffu;
		a3 &= 0xffffffffu;
	}
	if ((fid & VENDOR_HYP_MASK) == VENDOR_HYP) {
		exit->reason = AXVCPU_EXIT_HYPERCALL;
		/* Function 0xffff carries a full 64-bit number in x7. */
		exit->hypercall.nr = (fid & 0xffff) == AXVCPU_AARCH64_HVC_NR_X7
					 ? v->ctx.x[7]
					 : fid & 0xffff;
		for (unsigned i = 0; i < 6; i++)
			exit->hypercall.args[i] = v->ctx.x[1 + i];
		v->ret_kind = A64_RET_CALL;
		ret(v, 0);
		v->ctx.x[1] = 0;
		return true;
	}
	switch (fid) {
	case SMCCC_VERSION:
	case PSCI_VERSION:
		ret(v, 0x10001); /* 1.1 */
		return false;
	case PSCI_FEATURES:
		ret(v, a64_psci_feature((uint32_t)a1) ? PSCI_SUCCESS
						      : PSCI_NOT_SUPPORTED);
		return false;
	case PSCI_MIGRATE_INFO_TYPE:
		ret(v, 2); /* no Trusted OS to migrate */
		return false;
	case PSCI_CPU_ON:
	case PSCI_CPU_ON | SMC64:
		return a64_psci_cpu_on(v, a1, a2, a3, exit);
	case PSCI_CPU_OFF:
		exit->reason = AXVCPU_EXIT_CPU_DOWN;
		exit->cpu_down.state = 0;
		v->ret_kind = A64_RET_VALUE;
		v->ret_call = A64_CALL_CPU_OFF;
		ret(v, PSCI_DENIED); /* seen only if it comes back */
		return true;
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO | SMC64:
		return a64_psci_affinity(v, a1, a2, exit);
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND | SMC64:
		return a64_psci_suspend(vcpu, v, a1, a2, a3, exit);
	case PSCI_SYSTEM_SUSPEND:
	case PSCI_SYSTEM_SUSPEND | SMC64:
		if (a1 & 3) {
			ret(v, PSCI_INVALID_ADDRESS);
			return false;
		}
		exit->reason = AXVCPU_EXIT_SYSTEM_SUSPEND;
		exit->system_suspend.type = 0; /* to RAM: PSCI's only one */
		exit->system_suspend.entry_point = a1;
		exit->system_suspend.arg = a2;
		v->ret_kind = A64_RET_VALUE;
		v->ret_call = A64_CALL_SYSTEM_SUSPEND;
		/* Seen only if the VM layer does not suspend (nor refuse). */
		ret(v, PSCI_NOT_SUPPORTED);
		return true;
	case PSCI_SYSTEM_OFF:
		exit->reason = AXVCPU_EXIT_SYSTEM_DOWN;
		ret(v, PSCI_INTERNAL_FAILURE);
		return true;
	case PSCI_SYSTEM_RESET:
		exit->reason = AXVCPU_EXIT_SYSTEM_RESET;
		ret(v, PSCI_INTERNAL_FAILURE);
		return true;
	default:
		ret(v, PSCI_NOT_SUPPORTED);
		return false;
	}
}
