/* SPDX-License-Identifier: Apache-2.0 */
/* vCPU ops of the RISC-V backend: lifecycle, registers and the run loop. */
#include "rv_csr.h"
#include "rv_exit_fast.h"
#include "rv_internal.h"
#include "rv_timer.h"

/* The host's own supervisor software interrupt (the kick IPI), in sip. */
#define RV_SIP_SSIP (1ull << 1)

static struct rv_vcpu *rv_of(struct axvcpu *vcpu)
{
	return axvcpu_arch(vcpu);
}

static void rv_vcpu_boot_state(struct rv_vcpu *v, uint64_t pc);

/* What a hart reset (boot, hart_start) puts back: SBI FWFT features. */
static void rv_vcpu_hart_reset(struct rv_vcpu *v)
{
	v->hedeleg = RV_HEDELEG;
	v->fwft_locked = 0;
}

int rv_vcpu_create(struct axvcpu *vcpu, const void *config)
{
	static uint64_t next_serial;
	struct rv_vcpu *v = rv_of(vcpu);
	const struct axvcpu_riscv64_create_config *cfg = config;
	/* From 1: a hart's `last` of 0 means no vCPU ran there yet. */
	v->serial = __atomic_add_fetch(&next_serial, 1, __ATOMIC_RELAXED);
	v->hart_id = cfg ? cfg->hart_id : axvcpu_id(vcpu);
	v->boot_a1 = cfg ? cfg->dtb_addr : 0;
	rv_vcpu_boot_state(v, 0);
	return AXVCPU_OK;
}

/*
 * The state a hart boots in (create, reset): a0 = hart id, a1 = the DTB,
 * VS-mode (not VU), every guest CSR and FP register cleared, no timer.
 */
static void rv_vcpu_boot_state(struct rv_vcpu *v, uint64_t pc)
{
	for (unsigned i = 0; i < 32; i++)
		v->ctx.gpr[i] = 0;
	for (unsigned i = 0; i < 33; i++)
		v->fp[i] = 0;
	v->vs = (struct rv_vs_csrs){ .vstimecmp = UINT64_MAX };
	v->ctx.gpr[10] = v->hart_id;
	v->ctx.gpr[11] = v->boot_a1;
	v->ctx.pc = pc;
	v->ctx.sstatus = SSTATUS_SPP;
	v->hvip = 0;
	v->seip_injected = false;
	v->fault.pending = false;
	v->fault.reason = AXVCPU_EXIT_NOTHING;
	v->ret_kind = RV_RET_NONE;
	v->vs_dirty = true;
	v->sync = true;
	rv_vcpu_hart_reset(v);
}

int rv_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		  axvcpu_hpa_t ept_root, const void *config)
{
	struct rv_vcpu *v = rv_of(vcpu);
	const struct axvcpu_riscv64_setup_config *cfg = config;
	uint64_t mode = cfg ? cfg->mode : AXVCPU_RISCV64_SV39X4;
	uint64_t vmid = cfg ? cfg->vmid : 0;
	if (mode != AXVCPU_RISCV64_SV39X4 && mode != AXVCPU_RISCV64_SV48X4)
		return AXVCPU_EINVAL;
	/* The x4 roots are 16 KiB tables aligned to 16 KiB. */
	if (vmid >= (1u << 14) || (ept_root & 0x3fff) || (entry & 1))
		return AXVCPU_EINVAL;
	v->hgatp = mode << 60 | vmid << 44 | ept_root >> 12;
	v->ctx.pc = entry;
	v->boot_pc = entry;
	return AXVCPU_OK;
}

int rv_vcpu_reset(struct axvcpu *vcpu)
{
	struct rv_vcpu *v = rv_of(vcpu);
	rv_vcpu_boot_state(v, v->boot_pc);
	/* The FP registers in hardware are not this vCPU's zeros. */
	v->fp_reload = true;
	return AXVCPU_OK;
}

/*
 * SBI hart_start's state: a0 = hart id, a1 = opaque, VS-mode, MMU and
 * interrupts off, no timer armed. Runs on any hart while the vCPU is not
 * running: the VS CSRs may still be live on its own hart, so they are
 * rewritten there at the next entry (vs_dirty).
 */
int rv_vcpu_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg)
{
	struct rv_vcpu *v = rv_of(vcpu);
	if (entry & 1)
		return AXVCPU_EINVAL;
	v->ctx.pc = entry;
	v->ctx.gpr[10] = v->hart_id;
	v->ctx.gpr[11] = arg;
	v->ctx.sstatus |= SSTATUS_SPP;
	v->vs.vsatp = 0;
	v->vs.vsie = 0;
	v->vs.vsstatus &= ~SSTATUS_SIE;
	v->vs.vstimecmp = UINT64_MAX;
	v->hvip = 0;
	v->fault.pending = false;
	v->vs_dirty = true;
	v->sync = true;
	rv_vcpu_hart_reset(v);
	return AXVCPU_OK;
}

int rv_vcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry)
{
	struct rv_vcpu *v = rv_of(vcpu);
	if (entry & 1)
		return AXVCPU_EINVAL;
	v->ctx.pc = entry;
	/* The VM layer's later word wins: resume there, no access fault. */
	v->fault.pending = false;
	return AXVCPU_OK;
}

int rv_vcpu_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val)
{
	struct rv_vcpu *v = rv_of(vcpu);
	if (reg == AXVCPU_RISCV64_REG_PC)
		return rv_vcpu_set_entry(vcpu, val);
	if (reg != 0)
		v->ctx.gpr[reg] = val;
	return AXVCPU_OK;
}

int rv_vcpu_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val)
{
	struct rv_vcpu *v = rv_of(vcpu);
	if (reg == AXVCPU_RISCV64_REG_PC)
		*val = v->ctx.pc;
	else
		*val = reg ? v->ctx.gpr[reg] : 0;
	return AXVCPU_OK;
}

int rv_vcpu_bind(struct axvcpu *vcpu, void *percpu)
{
	struct rv_percpu *pc = percpu;
	struct rv_vcpu *v = rv_of(vcpu);
	uint64_t vmid = (v->hgatp >> 44) & 0x3fff;
	if (vmid >> pc->vmid_bits)
		return AXVCPU_EUNSUPPORTED;
	if ((v->hgatp >> 60) == AXVCPU_RISCV64_SV48X4 && pc->levels < 4)
		return AXVCPU_EUNSUPPORTED;
	if (pc->loaded && pc->loaded != v)
		rv_vs_save(pc->loaded);
	rv_vs_load(v);
	pc->loaded = v;
	pc->ready = 0;
	v->sync = true;
	v->bound_pc = pc;
	/* The host's gp and tp the switch gives back at every exit: fixed on
	 * this hart (tp its CPU id), so noted once here, where the vCPU
	 * will run (the core runs it only on its bound CPU). */
	__asm__("mv %0, gp" : "=r"(v->ctx.host[2]));
	__asm__("mv %0, tp" : "=r"(v->ctx.host[3]));
	return AXVCPU_OK;
}

int rv_vcpu_unbind(struct axvcpu *vcpu, void *percpu)
{
	struct rv_percpu *pc = percpu;
	struct rv_vcpu *v = rv_of(vcpu);
	if (pc->loaded == v) {
		rv_vs_save(v);
		pc->loaded = 0;
		CSR_W(CSR_HGATP, 0);
	}
	/* Its FP registers are already saved (every dirty exit saves). */
	if (pc->fp_owner == v)
		pc->fp_owner = 0;
	pc->ready = 0;
	return AXVCPU_OK;
}

/* Move interrupts queued by axvcpu_inject_interrupt() into hvip. */
static void rv_irq_sync(struct axvcpu *vcpu, struct rv_vcpu *v)
{
	/* One load first: the atomic clears are for when there is work. */
	const uint64_t ours = (1ull << AXVCPU_RISCV64_IRQ_SOFTWARE) |
			      (1ull << AXVCPU_RISCV64_IRQ_TIMER) |
			      (1ull << AXVCPU_RISCV64_IRQ_EXTERNAL);
	if (!(axvcpu_irq_pending_word(vcpu, 0) & ours))
		return;
	if (axvcpu_irq_clear(vcpu, AXVCPU_RISCV64_IRQ_SOFTWARE))
		v->hvip |= HIP_VSSIP;
	if (axvcpu_irq_clear(vcpu, AXVCPU_RISCV64_IRQ_TIMER))
		v->hvip |= HIP_VSTIP;
	/* rv_vcpu_work() runs right before an entry (a kick ends the run
	 * before this): the guest sees VSEIP at that entry. */
	if (axvcpu_irq_clear(vcpu, AXVCPU_RISCV64_IRQ_EXTERNAL)) {
		v->hvip |= HIP_VSEIP;
		v->seip_injected = true;
	}
}

void rv_fence_local(uint32_t kinds)
{
	/* G-stage entries of every VMID: the stage-2 object knows no VMID,
	 * and an unmap is rare enough for the wide flush. */
	if (kinds & AXVCPU_FENCE_STAGE2)
		rv_hfence_gvma_all();
	if (kinds & AXVCPU_FENCE_TLB)
		rv_hfence_vvma_all();
	if (kinds & AXVCPU_FENCE_ICACHE)
		__asm__ volatile("fence.i" ::: "memory");
}

/*
 * What an entry needs beyond the fast path (rv_vcpu_run): this vCPU's VS
 * CSRs and FP registers onto this hart, the TLB flush when another vCPU
 * ran here last or this one ran elsewhere, a reflected fault to raise,
 * hedeleg (SBI FWFT), and the hstatus/sstatus it enters with. Whoever
 * changes one of those sets v->sync; a hart switching vCPUs fails the
 * owner checks.
 */
static __attribute__((noinline)) void rv_vcpu_sync(struct rv_percpu *pc,
						   struct rv_vcpu *v)
{
	v->sync = false;
	if (pc->loaded != v || v->vs_dirty) {
		if (pc->loaded && pc->loaded != v)
			rv_vs_save(pc->loaded);
		rv_vs_load(v);
		pc->loaded = v;
		v->vs_dirty = false;
	}
	/*
	 * After the load, so that hfence.vvma hits this vCPU's VMID. The
	 * VMID is shared by the VM's vCPUs, and hfence.gvma in rv_vs_load()
	 * need not drop VS-stage entries: when another vCPU ran here last,
	 * flush what it left (KVM's "TLB sanitize"), also across
	 * unbind/bind. And when this vCPU ran on another hart since it was
	 * last here: its guest's local sfence.vma there did not reach what it
	 * left on this hart.
	 */
	if (pc->last != v->serial || v->last_hart != pc->id) {
		rv_fence_local(AXVCPU_FENCE_TLB);
		pc->last = v->serial;
		v->last_hart = pc->id;
	}
	/* Before hstatus.SPVP is derived: the handler runs in VS-mode. */
	if (v->fault.pending) {
		v->fault.pending = false;
		rv_exit_redirect(v, v->fault.cause, v->fault.tval);
	}
	if (pc->fp_owner != v || v->fp_reload) {
		CSR_S(CSR_SSTATUS, SSTATUS_FS_DIRTY);
		rv_fp_load(v->fp);
		pc->fp_owner = v;
		v->fp_reload = false;
	}
	if (pc->hedeleg != v->hedeleg) {
		CSR_W(CSR_HEDELEG, v->hedeleg);
		pc->hedeleg = v->hedeleg;
	}
	/*
	 * VSXL etc. as the host has them; V=1 on sret; WFI traps. A trap from
	 * the guest leaves both as the next entry needs them, so they are
	 * computed only here.
	 */
	uint64_t host_h = CSR_R(CSR_HSTATUS);
	v->ctx.hstatus = (host_h & ~(HSTATUS_GVA | HSTATUS_SPVP)) |
			 HSTATUS_SPV | HSTATUS_VTW |
			 (v->ctx.sstatus & SSTATUS_SPP ? HSTATUS_SPVP : 0);
	uint64_t host_s = CSR_R(CSR_SSTATUS);
	v->ctx.sstatus = (host_s & ~(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_FS |
				     SSTATUS_SPP)) |
			 (v->ctx.sstatus & SSTATUS_SPP) | SSTATUS_FS_CLEAN;
	v->sync = false; /* the redirect above set it again */
	pc->ready = v;
}

/*
 * Kicks, fences and injections queued since the last entry. True if the
 * run ends here (a kick: Cancelled). A request that arrives after this
 * finds the vCPU running: its kick IPI traps the guest out at once and the
 * loop comes back here.
 */
static __attribute__((noinline)) bool rv_vcpu_work(struct axvcpu *vcpu,
						   struct rv_vcpu *v,
						   struct axvcpu_exit *exit,
						   bool *fenced)
{
	if (axvcpu_kick_take(vcpu)) {
		exit->reason = AXVCPU_EXIT_CANCELLED;
		return true;
	}
	rv_irq_sync(vcpu, v);
	uint32_t asked = axvcpu_fence_take(vcpu);
	if (asked) {
		rv_fence_local(asked);
		*fenced = true;
	}
	return false;
}

/* The guest wrote FP registers: save them, and mark them clean again. */
static __attribute__((noinline)) void rv_vcpu_fp_dirty(struct rv_vcpu *v)
{
	rv_fp_save(v->fp);
	v->ctx.sstatus = (v->ctx.sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
}

/*
 * Whether `exit` (a host software interrupt) is the IPI of axvcpu_kick(),
 * of an injection into this running vCPU, or of axvcpu_request_fence()
 * (sent while fences were asked in this run): the HAL's send_kick_ipi
 * raises the host's supervisor software interrupt. Then it is consumed
 * here and the loop either returns Cancelled, as the API promises for a
 * kick, or re-enters with the injected vector or the fence done, instead
 * of surfacing an ExternalInterrupt exit. Any other software interrupt
 * still reaches the VM layer.
 */
static __attribute__((noinline)) bool rv_vcpu_ipi_ours(struct axvcpu *vcpu,
						       bool fenced)
{
	const uint64_t ours = (1ull << AXVCPU_RISCV64_IRQ_SOFTWARE) |
			      (1ull << AXVCPU_RISCV64_IRQ_TIMER) |
			      (1ull << AXVCPU_RISCV64_IRQ_EXTERNAL);
	if (!fenced && !axvcpu_fence_pending(vcpu) &&
	    !axvcpu_kick_pending(vcpu) &&
	    !(axvcpu_irq_pending_word(vcpu, 0) & ours))
		return false;
	/* Cleared before the loop looks at the kick flag: a kick sent
	 * after that look raises SSIP again and traps the next entry. */
	CSR_C(CSR_SIP, RV_SIP_SSIP);
	return true;
}

/* A VSEIP the host injected lasts until the guest's next trap (`cause`);
 * a host interrupt is no sign of the guest having handled it. */
static __attribute__((noinline)) void rv_vcpu_seip_done(struct rv_vcpu *v,
							uint64_t cause)
{
	if (cause & SCAUSE_IRQ)
		return;
	v->hvip &= ~HIP_VSEIP;
	v->seip_injected = false;
}

/*
 * Every trap but an SBI call or an MMIO fault, out of the loop's line:
 * true if the run ends with *exit (a kick IPI of ours is consumed here).
 */
static __attribute__((noinline)) bool
rv_vcpu_exit_other(struct axvcpu *vcpu, struct rv_vcpu *v,
		   struct axvcpu_exit *exit, uint64_t cause, bool fenced)
{
	return rv_exit_handle(vcpu, v, cause, exit) &&
	       !(cause == (SCAUSE_IRQ | 1) && rv_vcpu_ipi_ours(vcpu, fenced));
}

/*
 * One entry: the entry's checks, the guest, the bookkeeping of its trap.
 * True if the run ends before entering (a kick: *exit is set); else the
 * trap's cause in *cause, with *vcpu and *v as the switch gave them back.
 */
static inline __attribute__((always_inline)) bool
rv_vcpu_enter(struct axvcpu **vcpup, struct rv_vcpu **vp, struct rv_percpu *pc,
	      struct axvcpu_exit *exit, bool *fenced, uint64_t *cause)
{
	struct axvcpu *vcpu = *vcpup;
	struct rv_vcpu *v = *vp;
	if (pc->ready != v || v->sync)
		rv_vcpu_sync(pc, v);
	/* The backend's vectors are below 64 (see backend.c). */
	if (axvcpu_entry_work64(vcpu) && rv_vcpu_work(vcpu, v, exit, fenced))
		return true;
	/* The guest timer's pending bit, as it shows on a hart without a
	 * hypervisor (see timer.c). */
	CSR_W(CSR_HVIP, v->hvip | rv_timer_pending(v));

	/* v and the vCPU come back from the switch's a0, rather than from
	 * the stack (rv_ctx is the start of struct rv_vcpu). */
	struct rv_ctx *ctx = &v->ctx;
	uint64_t c = rv_switch_enter(&ctx);
	v = (struct rv_vcpu *)ctx;
	*vp = v;
	*vcpup = (struct axvcpu *)((unsigned char *)v - AXVCPU_ARCH_OFFSET);

	/* The guest clears (or sets) its own software interrupt through
	 * sip; the timer and external bits stay what the host asserted. */
	v->hvip = (v->hvip & ~HIP_VSSIP) | (CSR_R(CSR_HVIP) & HIP_VSSIP);
	if ((v->ctx.sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY)
		rv_vcpu_fp_dirty(v);
	if (v->seip_injected)
		rv_vcpu_seip_done(v, c);
	*cause = c;
	return false;
}

/* No trap to handle yet: rv_vcpu_loop() enters first. */
#define RV_CAUSE_NONE (~0ull)

/*
 * The trap `cause` (or none), then entries until an exit for the VM
 * layer: SBI calls the backend answers and traps the guest simply resumes
 * from loop here, out of the caller's line (rv_vcpu_run() may be inlined
 * into the VM layer's loop, see AXVCPU_RUN_OP_INLINE).
 */
static __attribute__((noinline)) int
rv_vcpu_loop(struct axvcpu *vcpu, struct rv_vcpu *v, struct rv_percpu *pc,
	     struct axvcpu_exit *exit, bool fenced, uint64_t cause)
{
	if (cause == RV_CAUSE_NONE)
		goto enter;
	for (;;) {
		/* The commonest traps first: SBI calls, MMIO accesses. */
		if (cause == RV_CAUSE_ECALL_VS) {
			if (v->ctx.gpr[17] ==
			    AXVCPU_RISCV64_SBI_EXT_HYPERCALL) {
				rv_exit_hypercall(v, exit);
				return AXVCPU_OK;
			}
			v->ret_kind = RV_RET_NONE;
			if (rv_sbi_handle(vcpu, v, exit))
				return AXVCPU_OK;
		} else if (cause == RV_CAUSE_LOAD_GUEST_PAGE ||
			   cause == RV_CAUSE_STORE_GUEST_PAGE) {
			if (rv_exit_mmio(v, cause, exit) != 0)
				return AXVCPU_OK;
		} else if (rv_vcpu_exit_other(vcpu, v, exit, cause, fenced)) {
			return AXVCPU_OK;
		}
	enter:
		if (rv_vcpu_enter(&vcpu, &v, pc, exit, &fenced, &cause))
			return AXVCPU_OK;
	}
}

/*
 * What the run op returns for an exit it made in line: called directly
 * (backend.h's AXVCPU_RUN_OP_DIRECT with AXVCPU_RUN_OP_REASON), its
 * reason, which the core then has as a value rather than a load; through
 * the ops table, AXVCPU_OK.
 */
#if defined(AXVCPU_RUN_OP_DIRECT) && defined(AXVCPU_RUN_OP_REASON)
#define RV_RUN_EXIT(reason) ((int)(reason))
#else
#define RV_RUN_EXIT(reason) AXVCPU_OK
#endif

/*
 * The first entry and the commonest exits for the VM layer (a vendor
 * hypercall, an MMIO access) in line; everything else in rv_vcpu_loop().
 */
AXVCPU_RUN_OP_INLINE int rv_vcpu_run(struct axvcpu *vcpu, void *percpu,
				     struct axvcpu_exit *exit)
{
	struct rv_percpu *pc = percpu;
	struct rv_vcpu *v = rv_of(vcpu);
	bool fenced = false;
	uint64_t cause;
	v->ret_kind = RV_RET_NONE;
	v->ret_call = RV_CALL_OTHER;
	/* The core forgets the last access exit when it runs again. */
	v->fault.reason = AXVCPU_EXIT_NOTHING;
	if (rv_vcpu_enter(&vcpu, &v, pc, exit, &fenced, &cause))
		return AXVCPU_OK;
	if (cause == RV_CAUSE_ECALL_VS &&
	    v->ctx.gpr[17] == AXVCPU_RISCV64_SBI_EXT_HYPERCALL) {
		rv_exit_hypercall(v, exit);
		return RV_RUN_EXIT(AXVCPU_EXIT_HYPERCALL);
	}
	if (cause == RV_CAUSE_LOAD_GUEST_PAGE ||
	    cause == RV_CAUSE_STORE_GUEST_PAGE) {
		int r = rv_exit_mmio(v, cause, exit);
		if (r > 0)
			return RV_RUN_EXIT(r);
		if (r < 0)
			return AXVCPU_OK;
		/* An MMIO access the guest simply resumes from was handled. */
		cause = RV_CAUSE_NONE;
	}
	/* The same as `pc` (the core runs a vCPU only on its bound CPU),
	 * which is then not kept across the guest. */
	return rv_vcpu_loop(vcpu, v, v->bound_pc, exit, fenced, cause);
}

int rv_vcpu_complete_read(struct axvcpu *vcpu,
			  const struct axvcpu_read_completion *c)
{
	struct rv_vcpu *v = rv_of(vcpu);
	/* An MMIO read names an x register (exit.c): write it here. */
	if (c->kind == AXVCPU_READ_MMIO && c->reg < 32) {
		if (c->reg)
			v->ctx.gpr[c->reg] = c->value;
		return AXVCPU_OK;
	}
	switch (c->kind) {
	case AXVCPU_READ_MMIO:
	case AXVCPU_READ_SYSREG:
		return rv_vcpu_set_gpr(vcpu, c->reg, c->value);
	case AXVCPU_READ_CONSOLE:
		if (v->ret_kind == RV_RET_LEGACY) {
			v->ctx.gpr[10] = c->value;
		} else if ((int64_t)c->value < 0) {
			v->ctx.gpr[10] = (uint64_t)-1; /* SBI_ERR_FAILED */
			v->ctx.gpr[11] = 0;
		} else {
			v->ctx.gpr[10] = 0;
			v->ctx.gpr[11] = c->value;
		}
		return AXVCPU_OK;
	default:
		return AXVCPU_EUNSUPPORTED;
	}
}

int rv_vcpu_reflect_fault(struct axvcpu *vcpu, const struct axvcpu_exit *exit)
{
	return rv_exit_reflect(rv_of(vcpu), exit);
}

int rv_vcpu_set_return_error(struct axvcpu *vcpu, int err)
{
	struct rv_vcpu *v = rv_of(vcpu);
	int64_t code = rv_sbi_error_of(err, v->ret_call);
	switch (v->ret_kind) {
	case RV_RET_VALUE:
	case RV_RET_ERROR:
	case RV_RET_STATUS:
		v->ctx.gpr[10] = (uint64_t)code;
		v->ctx.gpr[11] = 0;
		return AXVCPU_OK;
	case RV_RET_LEGACY:
		v->ctx.gpr[10] = (uint64_t)-1;
		return AXVCPU_OK;
	default:
		return AXVCPU_EBADSTATE;
	}
}

int rv_vcpu_set_return_value(struct axvcpu *vcpu, uint64_t val)
{
	struct rv_vcpu *v = rv_of(vcpu);
	switch (v->ret_kind) {
	case RV_RET_VALUE:
		v->ctx.gpr[10] = 0;
		v->ctx.gpr[11] = val;
		return AXVCPU_OK;
	case RV_RET_ERROR:
	case RV_RET_LEGACY:
		v->ctx.gpr[10] = val;
		return AXVCPU_OK;
	case RV_RET_STATUS:
		v->ctx.gpr[10] = (int64_t)val < 0 ? val : 0;
		v->ctx.gpr[11] = (int64_t)val < 0 ? 0 : val;
		return AXVCPU_OK;
	default:
		/* The last exit was no call: nothing to answer. */
		return AXVCPU_EINVAL;
	}
}

bool rv_vcpu_vector_valid(uint64_t vector)
{
	return vector == AXVCPU_RISCV64_IRQ_SOFTWARE ||
	       vector == AXVCPU_RISCV64_IRQ_TIMER ||
	       vector == AXVCPU_RISCV64_IRQ_EXTERNAL;
}

void rv_vcpu_kick(struct axvcpu *vcpu)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	int cpu = axvcpu_bound_cpu(vcpu);
	/* The IPI makes the guest trap to HS; run then sees the kick. */
	if (hal && hal->send_kick_ipi && cpu >= 0)
		hal->send_kick_ipi((unsigned)cpu);
}
