/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The random hostile guest: on every CPU, blocks of random instruction
 * words (biased towards what a hypervisor must get right: system
 * registers, PSCI and other SMCCC calls with wild arguments, loads and
 * stores to MMIO, unmapped and out-of-range addresses, WFI/WFE, cache and
 * TLB maintenance) are written to a page and run at EL1t or EL0 with
 * random registers. Its own vectors skip a faulting instruction and carry
 * on; a block ends at its closing SVC, at the virtual timer (0.5 ms), or
 * after too many exceptions. Every HS period blocks a heartbeat goes to
 * the checking program (tests/aarch64/hv/prog_hostile.c), which gives
 * the seed (tests/aarch64/hv/hostile.h).
 */
#include "tests/aarch64/hv/hostile.h"
#include <stdint.h>

#define NCPU 4
#define BLOCK_WORDS 24
#define SVC_END 0xd4084841u /* svc #0x4242 */
#define MAX_TRAPS 48
/* Random stores land here (16 MiB), far from the image. */
#define SCRATCH 0x41000000ull
#define SCRATCH_SIZE 0x1000000ull

struct hs_ctx {
	uint64_t x[31];
	uint64_t sp_el0, pc, spsr;
	uint64_t save[13];
};

_Static_assert(sizeof(struct hs_ctx) == 272 + 13 * 8, "hs_ctx layout");

uint8_t hostile_stacks[NCPU][16384] __attribute__((aligned(16)));
static struct hs_ctx ctxs[NCPU];
struct hs_ctx *hostile_ctx[NCPU];
/* Each CPU's block page, 1 MiB apart and far from the image: a random
 * store near one (its base register starts there now and then) must not
 * land on the guest's own code. */
#define CODE_BASE 0x40800000ull
#define code(cpu) ((uint32_t *)(CODE_BASE + (uint64_t)(cpu)*0x100000))
static uint64_t rng[NCPU];
static unsigned traps[NCPU];

extern char _start[], hostile_vectors[];
uint64_t hostile_enter(struct hs_ctx *c);
uint64_t hostile_trap(uint64_t kind, uint64_t *frame);
void hostile_main(uint64_t cpu);

static uint64_t next(unsigned cpu)
{
	/* xorshift64* */
	uint64_t x = rng[cpu];
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng[cpu] = x;
	return x * 0x2545f4914f6cdd1dull;
}

static uint64_t below(unsigned cpu, uint64_t n)
{
	return next(cpu) % n;
}

#define SYSREG_R(name)                                                         \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("mrs %0, " #name : "=r"(v_));                 \
		v_;                                                            \
	})
#define SYSREG_W(name, v)                                                      \
	__asm__ volatile("msr " #name ", %0" ::"r"((uint64_t)(v)) : "memory")

struct hvc_ret {
	uint64_t x0, x1, x2, x3;
};

static struct hvc_ret hs_call(unsigned nr, uint64_t a2)
{
	register uint64_t x0 __asm__("x0") = HS_FID(nr);
	register uint64_t x1 __asm__("x1") = HS_MAGIC;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = 0;
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "memory");
	return (struct hvc_ret){ x0, x1, x2, x3 };
}

/* A value a register starts a block with: addresses worth a look. */
static uint64_t value(unsigned cpu)
{
	uint64_t r = next(cpu);
	switch (below(cpu, 16)) {
	case 0:
		return 0;
	case 1:
		return r & 0xff;
	case 2: /* scratch RAM */
	case 3:
		return SCRATCH + (r & (SCRATCH_SIZE - 1) & ~7ull);
	case 4: /* the PL011 */
		return 0x09000000 + (r & 0xfff);
	case 5: /* the GIC distributor and redistributors */
		return 0x08000000 + (r & 0xffff);
	case 6:
		return 0x080a0000 + (r & 0x7ffff);
	case 7: /* unmapped holes below RAM */
		return 0x0a000000 + (r & 0x35ffffff);
	case 8: /* the flash (read-only) */
		return r & 0x7ffffff;
	case 9: /* past RAM, inside and outside the IPA size */
		return 0x60000000 + (r & 0xffffffffffull);
	case 10:
		return r | 1ull << 63;
	case 11: /* the stage-2 address size edge */
		return (1ull << 40) - 8 + (r & 0xf);
	case 12: /* the block's own page */
		return (uint64_t)code(cpu) + (r & 0xff8);
	default:
		return r;
	}
}

/* MSR/MRS, SYS/SYSL at op0 `op0` with these fields. */
static uint32_t sysreg(unsigned l, unsigned op0, unsigned op1, unsigned crn,
		       unsigned crm, unsigned op2, unsigned rt)
{
	return 0xd5000000u | l << 21 | op0 << 19 | op1 << 16 | crn << 12 |
	       crm << 8 | op2 << 5 | rt;
}

/* Registers the hypervisor traps or must keep apart per vCPU. */
static const uint16_t interesting[] = {
#define R(op0, op1, crn, crm, op2)                                             \
	(uint16_t)((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))
	R(3, 0, 12, 11, 5), /* ICC_SGI1R_EL1 */
	R(3, 0, 12, 11, 6), /* ICC_ASGI1R_EL1 */
	R(3, 0, 12, 11, 7), /* ICC_SGI0R_EL1 */
	R(3, 0, 12, 12, 0), /* ICC_IAR1_EL1 */
	R(3, 0, 12, 12, 1), /* ICC_EOIR1_EL1 */
	R(3, 0, 12, 11, 1), /* ICC_DIR_EL1 */
	R(3, 0, 12, 12, 5), /* ICC_SRE_EL1 */
	R(3, 0, 12, 12, 7), /* ICC_IGRPEN1_EL1 */
	R(3, 0, 4, 6, 0),   /* ICC_PMR_EL1 */
	R(3, 3, 14, 2, 0),  /* CNTP_TVAL_EL0 */
	R(3, 3, 14, 2, 1),  /* CNTP_CTL_EL0 */
	R(3, 3, 14, 2, 2),  /* CNTP_CVAL_EL0 */
	R(3, 3, 14, 3, 1),  /* CNTV_CTL_EL0 */
	R(3, 3, 14, 3, 2),  /* CNTV_CVAL_EL0 */
	R(3, 3, 9, 12, 0),  /* PMCR_EL0 */
	R(3, 3, 9, 12, 1),  /* PMCNTENSET_EL0 */
	R(3, 3, 9, 13, 0),  /* PMCCNTR_EL0 */
	R(3, 0, 9, 14, 1),  /* PMINTENSET_EL1 */
	R(3, 0, 1, 0, 1),   /* ACTLR_EL1 */
	R(3, 0, 1, 2, 0),   /* ZCR_EL1 */
	R(3, 0, 0, 4, 0),   /* ID_AA64PFR0_EL1 */
	R(3, 0, 0, 4, 4),   /* ID_AA64ZFR0_EL1 */
	R(3, 0, 0, 7, 0),   /* ID_AA64MMFR0_EL1 */
	R(3, 0, 0, 0, 5),   /* MPIDR_EL1 */
	R(3, 1, 0, 0, 0),   /* CCSIDR_EL1 */
	R(3, 2, 0, 0, 0),   /* CSSELR_EL1 */
	R(3, 0, 1, 0, 0),   /* SCTLR_EL1 */
	R(3, 0, 2, 0, 2),   /* TCR_EL1 */
	R(3, 0, 12, 0, 0),  /* VBAR_EL1 */
	R(3, 0, 5, 2, 0),   /* ESR_EL1 */
	R(3, 0, 4, 2, 2),   /* CurrentEL (read only) */
	R(3, 3, 4, 2, 1),   /* DAIF */
	R(3, 0, 4, 0, 0),   /* SPSR_EL1 */
	R(3, 4, 1, 1, 0),   /* HCR_EL2: undefined at EL1 */
	R(3, 6, 1, 1, 0),   /* SCR_EL3 */
	R(3, 0, 10, 2, 0),  /* MAIR_EL1 */
	R(3, 0, 13, 0, 1),  /* CONTEXTIDR_EL1 */
	R(3, 3, 4, 4, 0),   /* FPCR */
	R(3, 0, 2, 1, 0),   /* APIAKeyLo_EL1 */
	R(3, 0, 1, 0, 2),   /* CPACR_EL1 */
	R(2, 0, 0, 2, 2),   /* MDSCR_EL1 */
	R(2, 0, 0, 0, 4),   /* DBGBVR0_EL1 */
	R(2, 0, 1, 0, 4),   /* OSLAR_EL1 */
	R(2, 3, 4, 5, 0),   /* DSPSR_EL0 */
	/* SYS: cache, TLB, address translation (op0 = 1) */
	R(1, 3, 7, 4, 1),  /* DC ZVA */
	R(1, 3, 7, 14, 1), /* DC CIVAC */
	R(1, 0, 7, 6, 1),  /* DC IVAC */
	R(1, 0, 7, 6, 2),  /* DC ISW */
	R(1, 0, 7, 14, 2), /* DC CISW */
	R(1, 0, 7, 5, 0),  /* IC IALLU */
	R(1, 0, 7, 1, 0),  /* IC IALLUIS */
	R(1, 0, 7, 8, 0),  /* AT S1E1R */
	R(1, 0, 7, 8, 3),  /* AT S1E0W */
	R(1, 4, 7, 8, 4),  /* AT S12E1R (EL2 only) */
	R(1, 0, 8, 7, 0),  /* TLBI VMALLE1 */
	R(1, 0, 8, 3, 0),  /* TLBI VMALLE1IS */
	R(1, 0, 8, 3, 1),  /* TLBI VAE1IS */
	R(1, 4, 8, 7, 4),  /* TLBI ALLE1 (EL2 only) */
	R(1, 3, 7, 5, 1),  /* IC IVAU */
#undef R
};

static uint32_t gen_sysreg(unsigned cpu)
{
	unsigned rt = (unsigned)below(cpu, 32), l = (unsigned)below(cpu, 2);
	if (below(cpu, 2)) {
		uint16_t e = interesting[below(
		    cpu, sizeof(interesting) / sizeof(interesting[0]))];
		unsigned op0 = e >> 14;
		return sysreg(op0 == 1 ? 0 : l, op0, e >> 11 & 7, e >> 7 & 15,
			      e >> 3 & 15, e & 7, rt);
	}
	return sysreg(l, 1 + (unsigned)below(cpu, 3), (unsigned)below(cpu, 8),
		      (unsigned)below(cpu, 16), (unsigned)below(cpu, 16),
		      (unsigned)below(cpu, 8), rt);
}

/* A loaded register: MOVZ + 3 MOVK. */
static unsigned gen_mov(uint32_t *w, unsigned reg, uint64_t v)
{
	w[0] = 0xd2800000u | (uint32_t)(v & 0xffff) << 5 | reg;
	for (unsigned i = 1; i < 4; i++)
		w[i] = 0xf2800000u | i << 21 |
		       (uint32_t)(v >> (16 * i) & 0xffff) << 5 | reg;
	return 4;
}

/* An SMCCC function ID: PSCI above all, the ones that end things rare. */
static uint64_t gen_fid(unsigned cpu)
{
	for (;;) {
		switch (below(cpu, 8)) {
		case 0:
		case 1:
		case 2: {
			unsigned f = (unsigned)below(cpu, 0x20);
			uint64_t base =
			    below(cpu, 2) ? 0x84000000ull : 0xc4000000ull;
			/* SYSTEM_OFF, SYSTEM_RESET(2): rarely; CPU_OFF,
			 * CPU_SUSPEND and SYSTEM_SUSPEND: now and then. */
			if ((f == 8 || f == 9 || f == 0x12) && below(cpu, 2048))
				continue;
			if ((f == 2 || f == 1 || f == 0xe) && below(cpu, 256))
				continue;
			return base | f;
		}
		case 3:
			return 0x80000000ull | below(cpu, 2) << 30 |
			       (below(cpu, 2) ? below(cpu, 4)
					      : 0x7fff + below(cpu, 3));
		case 4: /* vendor hypervisor calls */
			return 0xc6000000ull | below(cpu, 0x10000);
		case 5:
			return next(cpu) & 0xffffffff;
		case 6:
			return next(cpu);
		default: /* another owning entity, fast or not */
			return 0x80000000ull | below(cpu, 64) << 24 |
			       below(cpu, 0x20);
		}
	}
}

static uint64_t gen_mpidr(unsigned cpu)
{
	static const uint64_t m[] = {
		0, 1, 2, 3, 4, 0x100, 0x10000, 0xff00000000ull, 0x80000001ull
	};
	return below(cpu, 4) ? m[below(cpu, sizeof(m) / sizeof(m[0]))]
			     : next(cpu);
}

static uint64_t gen_entry(unsigned cpu)
{
	switch (below(cpu, 6)) {
	case 0:
		return (uint64_t)_start;
	case 1:
		return SCRATCH + (next(cpu) & (SCRATCH_SIZE - 1)); /* zeroes */
	case 2:
		return 0x10000000; /* unmapped */
	case 3:
		return next(cpu) & 0x7ffffff; /* flash */
	case 4:
		return (uint64_t)_start + 2; /* misaligned */
	default:
		return next(cpu);
	}
}

/* An SMCCC call with chosen x0..x3: HVC mostly, SMC too. */
static unsigned gen_call(unsigned cpu, uint32_t *w)
{
	unsigned n = gen_mov(w, 0, gen_fid(cpu));
	n += gen_mov(w + n, 1, gen_mpidr(cpu));
	n += gen_mov(w + n, 2, gen_entry(cpu));
	n += gen_mov(w + n, 3, value(cpu));
	uint32_t imm = below(cpu, 4) ? 0 : (uint32_t)below(cpu, 0x10000);
	w[n++] = (below(cpu, 4) ? 0xd4000002u : 0xd4000003u) | imm << 5;
	return n;
}

/* A load or store with an unsigned offset, any size, any registers. */
static uint32_t gen_ldst(unsigned cpu)
{
	uint32_t w =
	    0x39000000u | (uint32_t)below(cpu, 4) << 30 |
	    (uint32_t)below(cpu, 4) << 22 |
	    (uint32_t)(below(cpu, 2) ? below(cpu, 8) : below(cpu, 4096)) << 10 |
	    (uint32_t)below(cpu, 32) << 5 | (uint32_t)below(cpu, 32);
	return w;
}

/* Fill up to `room` words at w; returns how many. */
static unsigned gen_one(unsigned cpu, uint32_t *w, unsigned room)
{
	unsigned k = (unsigned)below(cpu, 100);
	if (k < 22) {
		w[0] = (uint32_t)next(cpu);
	} else if (k < 40) {
		w[0] = gen_ldst(cpu);
	} else if (k < 46) { /* the rest of the load/store space */
		w[0] = ((uint32_t)next(cpu) & ~(1u << 25)) | 1u << 27;
	} else if (k < 64) {
		w[0] = gen_sysreg(cpu);
	} else if (k < 72 && room >= 17) {
		return gen_call(cpu, w);
	} else if (k < 78) {
		static const uint32_t hints[] = {
			0xd503207f, /* wfi */
			0xd503205f, /* wfe */
			0xd503203f, /* yield */
			0xd503209f, /* sev */
			0xd50320bf, /* sevl */
			0xd69f03e0, /* eret */
			0xd6bf03e0, /* drps */
			0xd50342df, /* msr daifset, #2 */
			0xd50342ff, /* msr daifclr, #2 */
			0xd50040bf, /* msr spsel, #0 */
			0xd503233f, /* paciasp */
			0xd4200000, /* brk #0 */
			0xd4400000, /* hlt #0 */
			0xd4000001, /* svc #0 */
		};
		w[0] = hints[below(cpu, sizeof(hints) / sizeof(hints[0]))];
	} else if (k < 84) { /* a short branch: loops the timer ends */
		w[0] = 0x54000000u |
		       ((uint32_t)(below(cpu, 16) - 8) & 0x7ffff) << 5 |
		       (uint32_t)below(cpu, 16);
	} else if (k < 92) { /* the data-processing spaces */
		w[0] =
		    ((uint32_t)next(cpu) & ~(3u << 26)) | 1u << 25 | 1u << 27;
	} else {
		w[0] = ((uint32_t)next(cpu) & ~(7u << 26)) | 4u << 26;
	}
	return 1;
}

static void make_block(unsigned cpu, struct hs_ctx *c)
{
	uint32_t *w = code(cpu);
	unsigned n = 0;
	while (n < BLOCK_WORDS)
		n += gen_one(cpu, w + n, 1024 - 1 - n);
	w[n] = SVC_END;
	__asm__ volatile("dsb ish\n ic iallu\n dsb ish\n isb" ::: "memory");
	for (unsigned i = 0; i < 31; i++)
		c->x[i] = value(cpu);
	c->sp_el0 = SCRATCH + (next(cpu) & (SCRATCH_SIZE - 1) & ~15ull);
	c->pc = (uint64_t)w;
	/* EL1t (or EL0 one time in four), IRQs unmasked for the timer. */
	c->spsr = below(cpu, 4) ? 0x344 : 0x340;
}

uint64_t hostile_trap(uint64_t kind, uint64_t *frame)
{
	unsigned cpu = (unsigned)(SYSREG_R(mpidr_el1) & 3);
	uint64_t elr = frame[31];
	uint64_t start = (uint64_t)code(cpu);
	if ((kind & 3) == 1 || (kind & 3) == 2) { /* IRQ, FIQ */
		uint64_t intid = SYSREG_R(icc_iar1_el1) & 0xffffff;
		if (intid < 1020)
			SYSREG_W(icc_eoir1_el1, intid);
		if (intid == 27) { /* the block's time is up */
			SYSREG_W(cntv_ctl_el0, 2);
			return 1;
		}
		return ++traps[cpu] > MAX_TRAPS;
	}
	/* On the handler's own stack (SPSel switched), or away from the
	 * block: nothing sensible to return to. */
	if ((kind >= 4 && kind < 8) || elr < start || elr >= start + 4096 ||
	    ++traps[cpu] > MAX_TRAPS)
		return 2;
	if ((kind & 3) == 3) /* SError: asynchronous, carry on */
		return 0;
	uint64_t esr = SYSREG_R(esr_el1);
	if (esr >> 26 == 0x15) { /* SVC: elr is past it already */
		if ((esr & 0xffff) == 0x4242)
			return 1;
		return 0;
	}
	frame[31] = elr + 4;
	return 0;
}

void hostile_main(uint64_t cpu_arg)
{
	unsigned cpu = (unsigned)cpu_arg % NCPU;
	struct hvc_ret r = hs_call(HS_HELLO, cpu);
	uint64_t period = r.x2 ? r.x2 : 16, flags = r.x3;
	rng[cpu] = r.x1 | 1;
	hostile_ctx[cpu] = &ctxs[cpu];
	uint64_t freq = SYSREG_R(cntfrq_el0);
	for (uint64_t blocks = 1;; blocks++) {
		struct hs_ctx *c = &ctxs[cpu];
		make_block(cpu, c);
		if (flags & HS_F_TRACE)
			hs_call(HS_BLOCK, blocks);
		/* What the last block may have changed and the next needs. */
		SYSREG_W(vbar_el1, (uint64_t)hostile_vectors);
		SYSREG_W(cpacr_el1, 3ull << 20);
		SYSREG_W(icc_pmr_el1, 0xff);
		SYSREG_W(icc_igrpen1_el1, 1);
		SYSREG_W(cntv_tval_el0, freq / 2000);
		SYSREG_W(cntv_ctl_el0, 1);
		traps[cpu] = 0;
		hostile_enter(c);
		SYSREG_W(cntv_ctl_el0, 0);
		if (blocks % period == 0)
			hs_call(HS_BEAT, blocks);
	}
}
