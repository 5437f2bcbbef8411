/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SBI the guest sees (a7 = extension id, a6 = function id, a0..a5 =
 * arguments, result in a0 = error and a1 = value). Calls the backend can
 * answer alone never leave axvcpu_run(); the others become exits, with a
 * default answer already in a0/a1 that axvcpu_set_return_value() or a
 * completion may replace.
 */
#include "rv_csr.h"
#include "rv_ctx.h"

#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_GETCHAR 0x02
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464e43
#define SBI_EXT_HSM 0x48534d
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_DBCN 0x4442434e
#define SBI_EXT_SUSP 0x53555350
#define SBI_EXT_FWFT 0x46574654

#define SBI_SUCCESS 0
#define SBI_ERR_FAILED (-1)
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_DENIED (-4)
#define SBI_ERR_INVALID_ADDRESS (-5)
#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define SBI_ERR_ALREADY_STOPPED (-8)

#define SBI_SPEC_VERSION (3u << 24) /* 3.0 (FWFT) */
#define SBI_IMPL_VERSION 1
#define SBI_HSM_STARTED 0
#define SBI_HSM_SUSPEND_RETENTIVE 0
#define SBI_HSM_SUSPEND_NON_RETENTIVE 0x80000000u
#define SBI_FWFT_MISALIGNED_EXC_DELEG 0
#define SBI_FWFT_LAST_DEFINED 5 /* POINTER_MASKING_PMLEN */
#define SBI_FWFT_SET_LOCK 1u

/* Register numbers of the SBI calling convention. */
enum { A0 = 10, A1, A2, A3, A4, A5, A6, A7 };

int64_t rv_sbi_error_of(int err, enum rv_call call)
{
	switch (err) {
	case AXVCPU_ENOTFOUND:
		return SBI_ERR_INVALID_PARAM;
	case AXVCPU_EINVAL:
		return call == RV_CALL_HART_START ||
			       call == RV_CALL_SYSTEM_SUSPEND
			   ? SBI_ERR_INVALID_ADDRESS
			   : SBI_ERR_INVALID_PARAM;
	case AXVCPU_EBADSTATE:
		return call == RV_CALL_HART_START  ? SBI_ERR_ALREADY_AVAILABLE
		       : call == RV_CALL_HART_STOP ? SBI_ERR_ALREADY_STOPPED
		       : call == RV_CALL_SYSTEM_SUSPEND ? SBI_ERR_DENIED
							: SBI_ERR_FAILED;
	case AXVCPU_EUNSUPPORTED:
		return SBI_ERR_NOT_SUPPORTED;
	default:
		return SBI_ERR_FAILED;
	}
}

static void sbi_ret(struct rv_vcpu *v, int64_t err, uint64_t val)
{
	v->ctx.gpr[A0] = (uint64_t)err;
	v->ctx.gpr[A1] = val;
}

static bool sbi_probe(uint64_t eid)
{
	switch (eid) {
	case SBI_EXT_LEGACY_SET_TIMER:
	case SBI_EXT_LEGACY_PUTCHAR:
	case SBI_EXT_LEGACY_GETCHAR:
	case SBI_EXT_LEGACY_SHUTDOWN:
	case SBI_EXT_BASE:
	case SBI_EXT_TIME:
	case SBI_EXT_IPI:
	case SBI_EXT_RFENCE:
	case SBI_EXT_HSM:
	case SBI_EXT_SRST:
	case SBI_EXT_DBCN:
	case SBI_EXT_SUSP:
	case SBI_EXT_FWFT:
	case AXVCPU_RISCV64_SBI_EXT_HYPERCALL:
		return true;
	default:
		return false;
	}
}

static void sbi_base(struct rv_vcpu *v, uint64_t fid)
{
	switch (fid) {
	case 0:
		sbi_ret(v, SBI_SUCCESS, SBI_SPEC_VERSION);
		break;
	case 1:
		sbi_ret(v, SBI_SUCCESS, AXVCPU_RISCV64_SBI_IMPL_ID);
		break;
	case 2:
		sbi_ret(v, SBI_SUCCESS, SBI_IMPL_VERSION);
		break;
	case 3:
		sbi_ret(v, SBI_SUCCESS, sbi_probe(v->ctx.gpr[A0]));
		break;
	case 4: /* mvendorid, marchid, mimpid: a virtual hart has none */
	case 5:
	case 6:
		sbi_ret(v, SBI_SUCCESS, 0);
		break;
	default:
		sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
	}
}

static __attribute__((noinline)) bool sbi_hsm(struct rv_vcpu *v, uint64_t fid,
					      struct axvcpu_exit *exit)
{
	const uint64_t *a = &v->ctx.gpr[A0];
	switch (fid) {
	case 0: /* hart_start(hartid, start_addr, opaque) */
		/* No instruction starts at an odd address: answer here, so
		 * that no VM layer gets an entry axvcpu_set_entry() refuses
		 * (the QEMU platform used to panic on that). */
		if (a[1] & 1) {
			sbi_ret(v, SBI_ERR_INVALID_ADDRESS, 0);
			return false;
		}
		rv_exit_set(exit, AXVCPU_EXIT_CPU_UP);
		exit->cpu_up.target_cpu = a[0];
		exit->cpu_up.entry_point = a[1];
		exit->cpu_up.arg = a[2];
		v->ret_kind = RV_RET_ERROR;
		v->ret_call = RV_CALL_HART_START;
		sbi_ret(v, SBI_SUCCESS, 0);
		return true;
	case 1: /* hart_stop */
		/* A later hart_start begins afresh: MMU off, interrupts off. */
		CSR_W(CSR_VSATP, 0);
		CSR_W(CSR_VSIE, 0);
		CSR_C(CSR_VSSTATUS, SSTATUS_SIE);
		rv_exit_set(exit, AXVCPU_EXIT_CPU_DOWN);
		exit->cpu_down.state = 0;
		v->ret_kind = RV_RET_ERROR;
		v->ret_call = RV_CALL_HART_STOP;
		sbi_ret(v, SBI_SUCCESS, 0);
		return true;
	case 2: /* hart_get_status(hartid) */
		if (a[0] == v->hart_id) {
			sbi_ret(v, SBI_SUCCESS, SBI_HSM_STARTED);
			return false;
		}
		rv_exit_set(exit, AXVCPU_EXIT_CPU_STATUS);
		exit->cpu_status.target_cpu = a[0];
		v->ret_kind = RV_RET_STATUS;
		sbi_ret(v, SBI_SUCCESS, SBI_HSM_STARTED);
		return true;
	case 3: { /* hart_suspend(type, resume_addr, opaque) */
		uint64_t type = a[0] & 0xffffffffu;
		if (type == SBI_HSM_SUSPEND_NON_RETENTIVE && (a[1] & 1)) {
			/* sepc drops bit 0: refuse rather than resume at
			 * an address the guest did not ask for. */
			sbi_ret(v, SBI_ERR_INVALID_ADDRESS, 0);
			return false;
		}
		if (type == SBI_HSM_SUSPEND_NON_RETENTIVE) {
			uint64_t resume = a[1], opaque = a[2];
			/* Resumes like a fresh start: S-mode, MMU off. */
			v->ctx.pc = resume;
			v->ctx.sstatus |= SSTATUS_SPP;
			v->sync = true; /* hstatus.SPVP follows */
			sbi_ret(v, (int64_t)v->hart_id, opaque);
			CSR_W(CSR_VSATP, 0);
			CSR_C(CSR_VSSTATUS, SSTATUS_SIE);
		} else if (type == SBI_HSM_SUSPEND_RETENTIVE) {
			sbi_ret(v, SBI_SUCCESS, 0);
		} else {
			sbi_ret(v, SBI_ERR_INVALID_PARAM, 0);
			return false;
		}
		rv_exit_set(exit, AXVCPU_EXIT_HALT);
		exit->halt.deadline = rv_timer_deadline(v);
		exit->halt.suspend = true;
		return true;
	}
	default:
		sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
		return false;
	}
}

/*
 * SUSP system_suspend(sleep_type, resume_addr, opaque): only
 * SUSPEND_TO_RAM (0); the VM layer checks that every other hart is
 * stopped and the address, and answers "not supported" by saying nothing.
 */
static __attribute__((noinline)) bool sbi_susp(struct rv_vcpu *v, uint64_t fid,
					       struct axvcpu_exit *exit)
{
	const uint64_t *a = &v->ctx.gpr[A0];
	if (fid != 0) {
		sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
		return false;
	}
	if ((a[0] & 0xffffffffu) != 0) { /* reserved or platform-specific */
		sbi_ret(v, SBI_ERR_INVALID_PARAM, 0);
		return false;
	}
	if (a[1] & 1) {
		sbi_ret(v, SBI_ERR_INVALID_ADDRESS, 0);
		return false;
	}
	rv_exit_set(exit, AXVCPU_EXIT_SYSTEM_SUSPEND);
	exit->system_suspend.type = 0;
	exit->system_suspend.entry_point = a[1];
	exit->system_suspend.arg = a[2];
	v->ret_kind = RV_RET_ERROR;
	v->ret_call = RV_CALL_SYSTEM_SUSPEND;
	sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
	return true;
}

/*
 * FWFT set(feature, value, flags) / get(feature), SBI v3.0. The one
 * feature a hypervisor can honour here is MISALIGNED_EXC_DELEG: whether
 * misaligned load/store exceptions go straight to the guest (hedeleg,
 * per vCPU) or to the backend, which then does the access as firmware
 * would (exit.c). The other defined features need extensions the guest
 * does not have (NOT_SUPPORTED); reserved and platform-specific ids are
 * DENIED. Values come back to the default at hart reset (hart_start).
 */
static __attribute__((noinline)) void sbi_fwft(struct rv_vcpu *v, uint64_t fid)
{
	const uint64_t *a = &v->ctx.gpr[A0];
	uint32_t feature = (uint32_t)a[0];
	if (fid > 1) {
		sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
	} else if (feature > SBI_FWFT_LAST_DEFINED) {
		sbi_ret(v, SBI_ERR_DENIED, 0);
	} else if (feature != SBI_FWFT_MISALIGNED_EXC_DELEG) {
		sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
	} else if (fid == 1) {
		sbi_ret(v, SBI_SUCCESS,
			(v->hedeleg & RV_HEDELEG_MISALIGNED) != 0);
	} else if ((a[2] & ~(uint64_t)SBI_FWFT_SET_LOCK) || a[1] > 1) {
		sbi_ret(v, SBI_ERR_INVALID_PARAM, 0);
	} else if (v->fwft_locked & (1u << feature)) {
		sbi_ret(v, SBI_ERR_DENIED, 0);
	} else {
		v->hedeleg = a[1] ? v->hedeleg | RV_HEDELEG_MISALIGNED
				  : v->hedeleg & ~RV_HEDELEG_MISALIGNED;
		v->sync = true; /* hedeleg is written at entry */
		if (a[2] & SBI_FWFT_SET_LOCK)
			v->fwft_locked |= 1u << feature;
		sbi_ret(v, SBI_SUCCESS, 0);
	}
}

static __attribute__((noinline)) bool sbi_srst(struct rv_vcpu *v, uint64_t fid,
					       struct axvcpu_exit *exit)
{
	uint64_t type = v->ctx.gpr[A0] & 0xffffffffu;
	if (fid != 0) {
		sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
		return false;
	}
	if (type == 0) {
		rv_exit_set(exit, AXVCPU_EXIT_SYSTEM_DOWN);
		exit->system.reason = v->ctx.gpr[A1] & 0xffffffffu;
	} else if (type == 1 || type == 2) {
		rv_exit_set(exit, AXVCPU_EXIT_SYSTEM_RESET);
		exit->system.reason = type;
	} else {
		sbi_ret(v, SBI_ERR_INVALID_PARAM, 0);
		return false;
	}
	sbi_ret(v, SBI_SUCCESS, 0);
	return true;
}

static __attribute__((noinline)) bool sbi_dbcn(struct rv_vcpu *v, uint64_t fid,
					       struct axvcpu_exit *exit)
{
	const uint64_t *a = &v->ctx.gpr[A0];
	/* On RV64 base_lo holds all 64 address bits and base_hi the bits
	 * above them: anything there is beyond every guest address (ORing
	 * it in shifted by 32 made a different, guest-chosen address). */
	uint64_t gpa = a[1];
	switch (fid) {
	case 0: /* write(num_bytes, base_lo, base_hi) */
	case 1: /* read(num_bytes, base_lo, base_hi) */
		if (a[2] != 0) {
			sbi_ret(v, SBI_ERR_INVALID_PARAM, 0);
			return false;
		}
		if (a[0] == 0) {
			sbi_ret(v, SBI_SUCCESS, 0);
			return false;
		}
		if (fid == 0) {
			rv_exit_set(exit, AXVCPU_EXIT_CONSOLE_WRITE);
			exit->console_write.gpa = gpa;
			exit->console_write.len = a[0];
		} else {
			rv_exit_set(exit, AXVCPU_EXIT_CONSOLE_READ);
			exit->console_read.gpa = gpa;
			exit->console_read.len = a[0];
		}
		v->ret_kind = RV_RET_VALUE;
		sbi_ret(v, SBI_SUCCESS, fid == 0 ? a[0] : 0);
		return true;
	case 2: /* write_byte(byte) */
		rv_exit_set(exit, AXVCPU_EXIT_CONSOLE_WRITE);
		exit->console_write.byte = (uint8_t)a[0];
		v->ret_kind = RV_RET_VALUE;
		sbi_ret(v, SBI_SUCCESS, 0);
		return true;
	default:
		sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
		return false;
	}
}

static __attribute__((noinline)) bool sbi_ipi(struct rv_vcpu *v, uint64_t fid,
					      struct axvcpu_exit *exit)
{
	uint64_t mask = v->ctx.gpr[A0], base = v->ctx.gpr[A1];
	if (fid != 0) {
		sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
		return false;
	}
	rv_exit_set(exit, AXVCPU_EXIT_SEND_IPI);
	exit->send_ipi.target_cpu = base;
	exit->send_ipi.target_cpu_aux = mask;
	exit->send_ipi.send_to_all = base == UINT64_MAX;
	exit->send_ipi.send_to_self =
	    base == UINT64_MAX ||
	    (v->hart_id >= base && v->hart_id - base < 64 &&
	     (mask >> (v->hart_id - base) & 1));
	exit->send_ipi.vector = AXVCPU_RISCV64_IRQ_SOFTWARE;
	v->ret_kind = RV_RET_ERROR;
	sbi_ret(v, SBI_SUCCESS, 0);
	return true;
}

/*
 * RFENCE remote_fence_i(mask, base), remote_sfence_vma(mask, base, start,
 * size) and _asid(..., asid). The caller is fenced here if it is named;
 * the other harts are vCPUs only the VM layer knows, so a mask naming any
 * of them becomes a RemoteFence exit, answered SUCCESS unless the VM
 * layer says otherwise (INVALID_PARAM for harts it does not have).
 * Every fence flushes the whole VMID: the range and ASID are only hints.
 */
static __attribute__((noinline)) bool
sbi_rfence(struct rv_vcpu *v, uint64_t fid, struct axvcpu_exit *exit)
{
	const uint64_t *a = &v->ctx.gpr[A0];
	uint64_t mask = a[0], base = a[1];
	uint32_t kinds;
	switch (fid) {
	case 0:
		kinds = AXVCPU_FENCE_ICACHE;
		break;
	case 1:
	case 2:
		kinds = AXVCPU_FENCE_TLB;
		break;
	default: /* hfence (the guest has no H extension), unknown FIDs */
		sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
		return false;
	}
	bool all = base == UINT64_MAX;
	/* Hart ids do not wrap: base + bit is compared, never computed. */
	uint64_t self = 0;
	if (!all && v->hart_id >= base && v->hart_id - base < 64)
		self = 1ull << (v->hart_id - base);
	sbi_ret(v, SBI_SUCCESS, 0);
	if (all || (mask & self))
		rv_fence_local(kinds);
	if (!all && !(mask & ~self))
		return false; /* only this hart, or none at all */
	rv_exit_set(exit, AXVCPU_EXIT_REMOTE_FENCE);
	exit->remote_fence.target_cpu = base;
	exit->remote_fence.target_cpu_aux = mask;
	exit->remote_fence.send_to_all = all;
	exit->remote_fence.kinds = kinds;
	exit->remote_fence.start = fid ? a[2] : 0;
	exit->remote_fence.size = fid ? a[3] : UINT64_MAX;
	exit->remote_fence.asid = fid == 2 ? a[4] : UINT64_MAX;
	v->ret_kind = RV_RET_ERROR;
	return true;
}

static __attribute__((noinline)) bool
sbi_legacy(struct rv_vcpu *v, uint64_t eid, struct axvcpu_exit *exit)
{
	switch (eid) {
	case SBI_EXT_LEGACY_SET_TIMER:
		rv_timer_set(v, v->ctx.gpr[A0]);
		v->ctx.gpr[A0] = 0;
		return false;
	case SBI_EXT_LEGACY_PUTCHAR:
		rv_exit_set(exit, AXVCPU_EXIT_CONSOLE_WRITE);
		exit->console_write.byte = (uint8_t)v->ctx.gpr[A0];
		v->ret_kind = RV_RET_LEGACY;
		v->ctx.gpr[A0] = 0;
		return true;
	case SBI_EXT_LEGACY_GETCHAR:
		rv_exit_set(exit, AXVCPU_EXIT_CONSOLE_READ);
		v->ret_kind = RV_RET_LEGACY;
		v->ctx.gpr[A0] = (uint64_t)-1;
		return true;
	default: /* SBI_EXT_LEGACY_SHUTDOWN */
		rv_exit_set(exit, AXVCPU_EXIT_SYSTEM_DOWN);
		exit->system.reason = 0;
		return true;
	}
}

bool rv_sbi_handle(struct axvcpu *vcpu, struct rv_vcpu *v,
		   struct axvcpu_exit *exit)
{
	(void)vcpu;
	uint64_t eid = v->ctx.gpr[A7], fid = v->ctx.gpr[A6];
	bool out = false;
	/* Every SBI call returns to the instruction after the ecall. */
	v->ctx.pc += 4;
	switch (eid) {
	case SBI_EXT_LEGACY_SET_TIMER:
	case SBI_EXT_LEGACY_PUTCHAR:
	case SBI_EXT_LEGACY_GETCHAR:
	case SBI_EXT_LEGACY_SHUTDOWN:
		return sbi_legacy(v, eid, exit);
	case SBI_EXT_BASE:
		sbi_base(v, fid);
		break;
	case SBI_EXT_TIME:
		if (fid == 0) {
			rv_timer_set(v, v->ctx.gpr[A0]);
			sbi_ret(v, SBI_SUCCESS, 0);
		} else {
			sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
		}
		break;
	case SBI_EXT_IPI:
		out = sbi_ipi(v, fid, exit);
		break;
	case SBI_EXT_RFENCE:
		out = sbi_rfence(v, fid, exit);
		break;
	case SBI_EXT_HSM:
		out = sbi_hsm(v, fid, exit);
		break;
	case SBI_EXT_SRST:
		out = sbi_srst(v, fid, exit);
		break;
	case SBI_EXT_DBCN:
		out = sbi_dbcn(v, fid, exit);
		break;
	case SBI_EXT_SUSP:
		out = sbi_susp(v, fid, exit);
		break;
	case SBI_EXT_FWFT:
		sbi_fwft(v, fid);
		break;
	case AXVCPU_RISCV64_SBI_EXT_HYPERCALL:
		exit->reason = AXVCPU_EXIT_HYPERCALL;
		exit->hypercall.nr = fid;
		for (unsigned i = 0; i < 6; i++)
			exit->hypercall.args[i] = v->ctx.gpr[A0 + i];
		v->ret_kind = RV_RET_VALUE;
		sbi_ret(v, SBI_SUCCESS, 0);
		return true;
	default:
		sbi_ret(v, SBI_ERR_NOT_SUPPORTED, 0);
		break;
	}
	return out;
}
