/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-vCPU state of the AArch64 backend. The first part (struct a64_ctx)
 * is shared with switch.S: its offsets are the A64_CTX_* constants, checked
 * at compile time.
 */
#ifndef AXVCPU_A64_CTX_H
#define AXVCPU_A64_CTX_H

#define A64_CTX_X 0
#define A64_CTX_SP_EL0 248
#define A64_CTX_SP_EL1 256
#define A64_CTX_PC 264
#define A64_CTX_PSTATE 272
#define A64_CTX_ESR 280
#define A64_CTX_FAR 288
#define A64_CTX_HPFAR 296
#define A64_CTX_KIND 304
#define A64_CTX_HOST 312
#define A64_CTX_HOST_VBAR 416

/* ctx.kind: which vector ended the run. */
#define A64_EXC_SYNC 0
#define A64_EXC_IRQ 1
#define A64_EXC_FIQ 2
#define A64_EXC_SERROR 3

#ifndef __ASSEMBLER__
#include <axvcpu/aarch64.h>
#include <axvcpu/backend.h>
#include <stddef.h>

/* What the world switch saves and loads at every entry and exit. */
struct a64_ctx {
	uint64_t x[31];
	uint64_t sp_el0, sp_el1;
	uint64_t pc;     /* ELR_EL2 */
	uint64_t pstate; /* SPSR_EL2 */
	uint64_t esr, far, hpfar;
	uint64_t kind;     /* A64_EXC_* */
	uint64_t host[13]; /* x19..x30, sp */
	uint64_t host_vbar;
};

_Static_assert(offsetof(struct a64_ctx, sp_el0) == A64_CTX_SP_EL0, "ctx");
_Static_assert(offsetof(struct a64_ctx, pc) == A64_CTX_PC, "ctx");
_Static_assert(offsetof(struct a64_ctx, pstate) == A64_CTX_PSTATE, "ctx");
_Static_assert(offsetof(struct a64_ctx, esr) == A64_CTX_ESR, "ctx");
_Static_assert(offsetof(struct a64_ctx, hpfar) == A64_CTX_HPFAR, "ctx");
_Static_assert(offsetof(struct a64_ctx, kind) == A64_CTX_KIND, "ctx");
_Static_assert(offsetof(struct a64_ctx, host) == A64_CTX_HOST, "ctx");
_Static_assert(offsetof(struct a64_ctx, host_vbar) == A64_CTX_HOST_VBAR, "ctx");

/* The EL1 state the guest owns, live in hardware while it is loaded. */
struct a64_el1 {
	uint64_t sctlr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
	uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, cpacr, esr, far;
	uint64_t afsr0, afsr1, par, elr, spsr, csselr, cntkctl, mdscr;
	uint64_t cntv_ctl, cntv_cval;
	uint64_t keys[10]; /* APIA, APIB, APDA, APDB, APGA: lo, hi */
};

/* The GIC virtual CPU interface of the vCPU, live while it is loaded. */
#define A64_MAX_LR 16
struct a64_vgic {
	uint64_t lr[A64_MAX_LR];
	uint64_t vmcr;
	uint32_t ap0r[4], ap1r[4];
};

/* How axvcpu_set_return_value() answers the last call exit. */
enum a64_ret_kind {
	A64_RET_NONE = 0,
	A64_RET_VALUE,  /* x0 = value */
	A64_RET_CALL,   /* x0 = 0 (success), x1 = value: a vendor call */
	A64_RET_STATUS, /* x0 = PSCI AFFINITY_INFO of a power state */
};

/* Which PSCI call the last exit answers (for set_return_error). */
enum a64_call {
	A64_CALL_OTHER = 0,
	A64_CALL_CPU_ON,
	A64_CALL_CPU_OFF,
	A64_CALL_SYSTEM_SUSPEND,
};

/*
 * The last memory-access exit, kept for axvcpu_reflect_fault(): the
 * guest's abort needs the faulting pc and virtual address, and the exit
 * may have moved the pc, written a register or the base register.
 */
struct a64_fault {
	bool valid;         /* the last exit was this access (reset by run) */
	uint32_t reason;    /* enum axvcpu_exit_reason of that exit */
	uint64_t gpa;       /* the exit's address, to match the record */
	uint64_t esr;       /* the abort to raise in the guest */
	uint64_t far;       /* faulting virtual address */
	uint64_t pc;        /* the faulting instruction */
	uint64_t resume_pc; /* ctx.pc as the exit left it */
	/* Registers the access wrote or will write, and their old values:
	 * rt, rt2 of a load, the base of a writeback (index 31: SP). */
	uint8_t nsave;
	uint8_t reg[3];
	uint64_t val[3];
};

/* The second half of a pair, returned by the next run without entering. */
struct a64_pair {
	bool pending;
	bool load;
	uint8_t width, reg_width, rt;
	bool sign_ext;
	uint64_t addr, data;
	/* Applied when the second exit is returned. */
	uint8_t wb_reg;      /* 32: no writeback */
	uint64_t wb_value;   /* the base register's new value */
	uint64_t next_pc;    /* pc after the instruction */
	uint64_t first_addr; /* the first exit's address (reflect matching) */
};

/* An exception to raise in the guest at the next entry. */
struct a64_inject {
	bool pending;
	bool serror;
	uint64_t esr, far;
};

/* The backend's per-vCPU state (axvcpu_arch()). */
struct a64_vcpu {
	struct a64_ctx ctx;
	struct a64_el1 el1;
	struct a64_vgic vgic;
	/* v0..v31 (two words each), then FPCR, FPSR. */
	_Alignas(16) uint64_t fp[66];
	uint64_t vttbr, vtcr, vmpidr, hcr;
	uint32_t vmid, ipa_bits;
	uint64_t boot_pc, boot_x0;
	enum a64_ret_kind ret_kind;
	enum a64_call ret_call;
	/* el1/vgic were rewritten (power_on, reset, CPU_OFF): load them at
	 * the next entry even where they look live. */
	bool el1_dirty;
	/* fp was rewritten (reset): load it even if this CPU owns FP. */
	bool fp_reload;
	/* The virtual timer fired and could not get a list register yet. */
	bool timer_pending;
	/* The list register holding the timer's interrupt, + 1 (0: none). */
	uint8_t timer_lr;
	/* Stage 2 changed under this VMID (setup): flush it at entry. */
	bool s2_flush;
	/* Never reused: tells a CPU whether the last vCPU it ran is this. */
	uint64_t serial;
	struct a64_fault fault;
	struct a64_pair pair;
	struct a64_inject inject;
};

_Static_assert(sizeof(struct a64_vcpu) <= AXVCPU_ARCH_SIZE_MAX,
	       "arch state must fit the core's per-vCPU area");

/* The backend's per-CPU state. */
struct a64_percpu {
	struct a64_vcpu *loaded;   /* whose EL1/vGIC/timer state is live */
	struct a64_vcpu *fp_owner; /* whose FP registers are live */
	uint64_t last;             /* serial of the vCPU that entered last */
	uint64_t hcr, vtcr;        /* what HCR_EL2 / VTCR_EL2 hold */
	unsigned vmid_bits, pa_bits, nr_lr, nr_apr;
	bool pauth;
};

/* switch.S: run the guest until an exception reaches EL2. */
void a64_switch_run(struct a64_ctx *ctx);

/* fp.S: save / load v0..v31, FPCR, FPSR (66 words). */
void a64_fp_save(uint64_t *fp);
void a64_fp_load(const uint64_t *fp);

#endif /* __ASSEMBLER__ */
#endif /* AXVCPU_A64_CTX_H */
