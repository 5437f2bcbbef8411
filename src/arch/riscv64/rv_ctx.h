/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-vCPU state of the RISC-V backend. The first part (struct rv_ctx) is
 * shared with switch.S: its offsets are fixed by the RV_CTX_* constants
 * and checked at compile time.
 */
#ifndef AXVCPU_RV_CTX_H
#define AXVCPU_RV_CTX_H

#define RV_CTX_GPR 0
#define RV_CTX_HOST 256
#define RV_CTX_PC 384
#define RV_CTX_HSTATUS 392
#define RV_CTX_SSTATUS 400
#define RV_CTX_HOST_STVEC 408

#ifndef __ASSEMBLER__
#include <axvcpu/backend.h>
#include <axvcpu/riscv64.h>
#include <stddef.h>

/* What the world switch saves and loads. */
struct rv_ctx {
	uint64_t gpr[32]; /* guest x1..x31; x0's slot is never read */
	/* ra, sp, gp, tp of the host (12 spare): gp and tp, which never
	 * change on a hart, noted at bind; ra and sp at every entry. */
	uint64_t host[16];
	uint64_t pc; /* guest pc (sepc) */
	/* hstatus and sstatus to enter with (SPV, SPVP, SPP, FS for the
	 * guest); at exit the trap's, which the next entry keeps. */
	uint64_t hstatus;
	uint64_t sstatus;
	uint64_t host_stvec; /* the host's, swapped at entry, back at exit */
	/* Read from the CSRs by exit.c where a trap needs them
	 * (rv_exit_trap_csrs): nothing traps in between. */
	uint64_t stval;
	uint64_t htval;
	uint64_t htinst;
};

_Static_assert(offsetof(struct rv_ctx, host) == RV_CTX_HOST, "ctx layout");
_Static_assert(offsetof(struct rv_ctx, pc) == RV_CTX_PC, "ctx layout");
_Static_assert(offsetof(struct rv_ctx, hstatus) == RV_CTX_HSTATUS, "layout");
_Static_assert(offsetof(struct rv_ctx, sstatus) == RV_CTX_SSTATUS, "layout");
_Static_assert(offsetof(struct rv_ctx, host_stvec) == RV_CTX_HOST_STVEC,
	       "ctx layout");

/* The guest's VS-level CSRs, live in hardware only while it is loaded. */
struct rv_vs_csrs {
	uint64_t vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval;
	uint64_t vsatp, vstimecmp, htimedelta;
};

/* How axvcpu_set_return_value() answers the last SBI exit. */
enum rv_ret_kind {
	RV_RET_NONE = 0,
	RV_RET_VALUE,  /* a0 = 0, a1 = value */
	RV_RET_ERROR,  /* a0 = value (SBI error code) */
	RV_RET_LEGACY, /* a0 = value (legacy extension) */
	RV_RET_STATUS  /* a1 = value, or a0 = value if it is negative */
};

/* Which SBI call the last exit answers (for axvcpu_set_return_error()). */
enum rv_call {
	RV_CALL_OTHER = 0,
	RV_CALL_HART_START, /* EINVAL: invalid address, EBADSTATE: started */
	RV_CALL_HART_STOP,  /* EBADSTATE: already stopped */
	/* SUSP: EBADSTATE: denied, EINVAL: invalid address */
	RV_CALL_SYSTEM_SUSPEND,
};

/*
 * The last guest-page-fault exit, kept for axvcpu_reflect_fault(): the
 * exit record has only the guest-physical address, while the guest's own
 * access fault needs the faulting pc and its virtual address, and an MMIO
 * exit has already moved the pc past the instruction.
 */
struct rv_fault {
	/* enum axvcpu_exit_reason of the last exit if it was this access,
	 * else 0 (reset by run) */
	uint32_t reason;
	bool pending;       /* reflect_fault took it: raise it at next entry */
	unsigned reg;       /* MmioRead: the destination register */
	uint64_t cause;     /* access fault to raise (an MMIO one: derived) */
	uint64_t tval;      /* faulting guest virtual address (or 0) */
	uint64_t pc;        /* the faulting instruction */
	uint64_t resume_pc; /* ctx.pc as the exit left it */
	uint64_t reg_val;   /* MmioRead: its destination before the exit */
};

struct rv_percpu;

/* The backend's per-vCPU state (axvcpu_arch()). */
struct rv_vcpu {
	struct rv_ctx ctx;
	struct rv_vs_csrs vs;
	uint64_t fp[33]; /* f0..f31, fcsr */
	uint64_t hvip;   /* VS interrupts asserted by the host */
	uint64_t hgatp;
	uint64_t hart_id;
	/* What setup and the create config gave: what reset goes back to. */
	uint64_t boot_pc, boot_a1;
	enum rv_ret_kind ret_kind;
	enum rv_call ret_call;
	/* v->vs was rewritten (power_on, reset) while the hart may still
	 * hold the old values: load it at the next entry. */
	bool vs_dirty;
	/* v->fp was rewritten (reset): load it even if this hart owns FP. */
	bool fp_reload;
	/* The next entry takes the slow path (rv_vcpu_sync): set when
	 * the guest's mode, hedeleg, a pending fault or the CSRs to load
	 * change. */
	bool sync;
	/* VSEIP was injected (and the guest is entered right after, see
	 * rv_irq_sync()): dropped at the guest's next trap. */
	bool seip_injected;
	/*
	 * Never reused, unlike the address of a destroyed vCPU: tells a hart
	 * whether the last vCPU it ran is this one (see rv_percpu.last).
	 */
	uint64_t serial;
	/* rv_percpu.id of the hart it last entered the guest on, 0: none. */
	unsigned last_hart;
	/* The per-CPU state of the hart it is bound to (set by bind): what
	 * run's out-of-line exits use, so that run's own `percpu` need not
	 * be kept across the guest. */
	struct rv_percpu *bound_pc;
	struct rv_fault fault;
	/* hedeleg while it runs: SBI FWFT MISALIGNED_EXC_DELEG switches
	 * RV_HEDELEG_MISALIGNED (hart reset: delegated). */
	uint32_t hedeleg;
	/* FWFT features locked (bit = feature id) until hart reset. */
	uint32_t fwft_locked;
};

_Static_assert(offsetof(struct rv_vcpu, ctx) == 0,
	       "rv_vcpu_run() takes the vCPU back from the switch's ctx");
_Static_assert(sizeof(struct rv_vcpu) <= AXVCPU_ARCH_SIZE_MAX,
	       "arch state must fit the core's per-vCPU area");

/* The backend's per-CPU state. */
struct rv_percpu {
	/* The vCPU whose VS CSRs and FP registers are in hardware with
	 * nothing left for rv_vcpu_sync(): the entry's one owner check. */
	struct rv_vcpu *ready;
	struct rv_vcpu *loaded;   /* whose VS CSRs are in hardware */
	struct rv_vcpu *fp_owner; /* whose FP registers are in hardware */
	/*
	 * Serial of the vCPU that last entered a guest here, kept across
	 * unbind. All vCPUs of a VM share its VMID, so VS-stage entries one
	 * left in this hart's TLB are valid-looking for the next one.
	 */
	uint64_t last;
	unsigned id;      /* the CPU number + 1, for rv_vcpu.last_hart */
	uint32_t hedeleg; /* what the CSR holds */
	/* hvictl.VTI set: guest sip/sie accesses trap (see percpu.c). */
	bool sip_trapped;
	unsigned vmid_bits;
	unsigned levels;
};

/*
 * Start an exit of `reason` with every field of its member 0 (the backend
 * sets AXVCPU_BACKEND_RUN_FILLS_EXIT: the core no longer zeroes the
 * record). The hot exits (hypercall, MMIO, host interrupt, cancel) write
 * their whole member themselves instead.
 */
static inline void rv_exit_set(struct axvcpu_exit *exit,
			       enum axvcpu_exit_reason reason)
{
	exit->reason = reason;
	exit->hypercall.nr = 0;
	for (int i = 0; i < 6; i++)
		exit->hypercall.args[i] = 0;
}

/* switch.S: run the guest until a trap reaches HS-mode. Only through
 * rv_switch_enter(): it preserves no register but sp, gp and tp, and
 * returns ctx in a0. */
void rv_switch_run(struct rv_ctx *ctx);

/*
 * Run the guest once. Every register the guest can change is clobbered
 * here, so the compiler saves only the host values live across it (the
 * C calling convention would have the switch save all callee-saved ones
 * on every entry).
 */
static inline uint64_t rv_switch_enter(struct rv_ctx **ctx)
{
	register struct rv_ctx *a0 __asm__("a0") = *ctx;
	register uint64_t a1 __asm__("a1");
	__asm__ volatile("call rv_switch_run"
			 : "+r"(a0), "=r"(a1)
			 :
			 : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a2",
			   "a3", "a4", "a5", "a6", "a7", "s0", "s1", "s2", "s3",
			   "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
			   "memory");
	/* ctx back (the compiler need not keep it: a0 has it) and scause,
	 * which only a1 holds (the loop passes it on). */
	*ctx = a0;
	return a1;
}

/*
 * switch.S: read a guest halfword with HLVX.HU using `hstatus` (SPVP
 * picks the guest privilege). 0 and *out, or -1 if the access faulted.
 */
int rv_guest_fetch16(uint64_t gva, uint64_t hstatus, uint16_t *out);

/*
 * switch.S: fetch the guest instruction at `gva` (HLVX.HU, one halfword
 * or two, under one private trap handler; hstatus as above). Its length
 * (2 or 4) and *out, or 0 if a fetch faulted.
 */
unsigned rv_guest_fetch(uint64_t gva, uint64_t hstatus, uint32_t *out);

/*
 * switch.S: load / store one guest byte at guest-virtual `gva` with
 * HLV.BU / HSV.B (hstatus as for rv_guest_fetch16). 0, or -1 if the
 * access faulted.
 */
int rv_guest_load8(uint64_t gva, uint64_t hstatus, uint8_t *out);
int rv_guest_store8(uint64_t gva, uint64_t hstatus, uint8_t val);

/* switch.S: whether the H extension is there (hstatus readable). */
int rv_h_present(void);

/* switch.S: whether Sstc is usable (vstimecmp readable). */
int rv_sstc_present(void);

/* switch.S: write hvictl and return what sticks, or -1 without Ssaia. */
int64_t rv_hvictl_probe(uint64_t value);

/* fp.S: save / load f0..f31 and fcsr (33 slots). */
void rv_fp_save(uint64_t *fp);
void rv_fp_load(const uint64_t *fp);

/* vs.c: load / save the VS CSRs of `v` into / from the hardware. */
void rv_vs_load(struct rv_vcpu *v);
void rv_vs_save(struct rv_vcpu *v);

/*
 * exit.c: turn the trap `cause` (scause) with v->ctx into an exit. Returns
 * true if *exit is for the VM layer, false if the guest can simply be
 * resumed.
 */
bool rv_exit_handle(struct axvcpu *vcpu, struct rv_vcpu *v, uint64_t cause,
		    struct axvcpu_exit *exit);

/*
 * exit.c: a load or store guest-page fault (cause 21 or 23) the fast path
 * (rv_mmio.h) leaves to the general decode, with the trap CSRs it read.
 * Same return as rv_exit_handle.
 */
bool rv_exit_mmio_slow(struct rv_vcpu *v, uint64_t cause,
		       struct axvcpu_exit *exit, uint64_t stval, uint64_t htval,
		       uint64_t htinst);

/* exit.c: deliver exception `cause` with `tval` to the guest's handler. */
void rv_exit_redirect(struct rv_vcpu *v, uint64_t cause, uint64_t tval);

/*
 * exit.c: accept axvcpu_reflect_fault() for `exit` (the last one): undo
 * what the exit did to the pc and registers and leave the access fault
 * pending in v->fault. AXVCPU_EBADSTATE if it can no longer be done.
 */
int rv_exit_reflect(struct rv_vcpu *v, const struct axvcpu_exit *exit);

/* exit.c: stval, htval and htinst of the trap into v->ctx (read before
 * anything can trap again: a guest fetch's private handler would). */
void rv_exit_trap_csrs(struct rv_vcpu *v);

/* exit.c: fetch the instruction at the guest pc; its length or 0. */
unsigned rv_insn_fetch(const struct rv_vcpu *v, uint32_t *insn);

/* exit.c: the WFI / suspend path: true and a Halt exit, or false. */
bool rv_exit_halt(struct rv_vcpu *v, struct axvcpu_exit *exit);

/*
 * vcpu.c: fence this hart for the loaded vCPU (enum axvcpu_fence_kind
 * bits): hfence.gvma (all VMIDs), hfence.vvma of the VMID in hgatp
 * and/or fence.i.
 */
void rv_fence_local(uint32_t kinds);

/* sbi.c: serve the SBI call in v->ctx. Same return as rv_exit_handle. */
bool rv_sbi_handle(struct axvcpu *vcpu, struct rv_vcpu *v,
		   struct axvcpu_exit *exit);

/*
 * sbi.c: the SBI error code for an AXVCPU_E* answer to call `call` (see
 * axvcpu_set_return_error()).
 */
int64_t rv_sbi_error_of(int err, enum rv_call call);

/* timer.c: the guest's timer deadline in `time` ticks, UINT64_MAX if none. */
uint64_t rv_timer_deadline(const struct rv_vcpu *v);

/* timer.c: SBI set_timer: program the guest's own comparator. */
void rv_timer_set(struct rv_vcpu *v, uint64_t stime_value);

#endif /* __ASSEMBLER__ */
#endif /* AXVCPU_RV_CTX_H */
