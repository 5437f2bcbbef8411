/* SPDX-License-Identifier: Apache-2.0 */
/* GICv3 distributor and redistributor model (see vmm/gicv3.h). */
#include "vmm/gicv3.h"

/* GICD_CTLR with DS = 1: EnableGrp0, EnableGrp1, ARE (RAO), DS (RAO). */
#define CTLR_GRP0 (1u << 0)
#define CTLR_GRP1 (1u << 1)
#define CTLR_ARE (1u << 4)
#define CTLR_DS (1u << 6)

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IGRPMODR 0x0d00
#define GICD_IROUTER 0x6000
#define GIC_PIDR2 0xffe8

#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000 /* SGI_base frame */

#define IIDR_ARM 0x0300043bu /* Arm, product 3 */
#define PIDR2_V3 0x3bu

static void gic_lock(struct vmm_gicv3 *g)
{
	vmm_lock_take(&g->lock, 0, 0);
}

static void gic_unlock(struct vmm_gicv3 *g)
{
	vmm_lock_give(&g->lock);
}

int vmm_gicv3_init(struct vmm_gicv3 *g, unsigned ncpu, unsigned nspi,
		   void (*inject)(void *ctx, unsigned cpu, uint32_t intid),
		   void *ctx)
{
	if (!g || !inject || ncpu == 0 || ncpu > VMM_GICV3_MAX_CPUS)
		return AXVCPU_EINVAL;
	if (nspi > VMM_GICV3_MAX_SPIS)
		nspi = VMM_GICV3_MAX_SPIS;
	nspi = (nspi + 31) / 32 * 32;
	*g = (struct vmm_gicv3){
		.ncpu = ncpu, .nspi = nspi, .inject = inject, .ctx = ctx
	};
	vmm_gicv3_reset(g);
	return 0;
}

void vmm_gicv3_reset(struct vmm_gicv3 *g)
{
	if (!g)
		return;
	gic_lock(g);
	g->ctlr = 0;
	for (unsigned i = 0; i < 32; i++)
		g->group[i] = g->enable[i] = g->pending[i] = g->grpmod[i] = 0;
	for (unsigned i = 0; i < 64; i++)
		g->cfg[i] = 0;
	for (unsigned i = 0; i < 1024; i++) {
		g->prio[i] = 0;
		g->router[i] = 0;
	}
	for (unsigned c = 0; c < VMM_GICV3_MAX_CPUS; c++) {
		g->cpu[c] = (struct vmm_gicv3_redist){ .sleep = true };
		/* SGIs are edge-triggered: ICFGR0 reads all ones. */
		g->cpu[c].cfg[0] = 0xaaaaaaaau;
	}
	gic_unlock(g);
}

/* The number of INTIDs the distributor implements (SGIs, PPIs, SPIs). */
static unsigned gic_lines(const struct vmm_gicv3 *g)
{
	return 32 + g->nspi;
}

/* The CPU an SPI goes to. */
static unsigned gic_target(const struct vmm_gicv3 *g, uint32_t intid)
{
	uint64_t r = g->router[intid];
	if (r & (1ull << 31))
		return 0; /* IRM: any CPU; the first will do */
	uint64_t cpu = (r & 0xff) + 16 * ((r >> 8) & 0xff);
	if ((r & 0xff) >= 16 || (r & 0xff00ff0000ull) || cpu >= g->ncpu)
		return 0;
	return (unsigned)cpu;
}

/* Hand every deliverable SPI in word `w` to its CPU. */
static void gic_deliver_spis(struct vmm_gicv3 *g, unsigned w)
{
	if (!(g->ctlr & CTLR_GRP1))
		return;
	uint32_t ready = g->pending[w] & g->enable[w] & g->group[w];
	while (ready) {
		unsigned b = (unsigned)__builtin_ctz(ready);
		ready &= ready - 1;
		uint32_t intid = w * 32 + b;
		g->pending[w] &= ~(1u << b);
		g->delivered++;
		g->inject(g->ctx, gic_target(g, intid), intid);
	}
}

static void gic_deliver_cpu(struct vmm_gicv3 *g, unsigned cpu)
{
	struct vmm_gicv3_redist *r = &g->cpu[cpu];
	if (!(g->ctlr & CTLR_GRP1))
		return;
	uint32_t ready = r->pending & r->enable & r->group;
	while (ready) {
		unsigned b = (unsigned)__builtin_ctz(ready);
		ready &= ready - 1;
		r->pending &= ~(1u << b);
		g->delivered++;
		g->inject(g->ctx, cpu, b);
	}
}

static void gic_deliver_all(struct vmm_gicv3 *g)
{
	for (unsigned w = 1; w < gic_lines(g) / 32; w++)
		gic_deliver_spis(g, w);
	for (unsigned c = 0; c < g->ncpu; c++)
		gic_deliver_cpu(g, c);
}

int vmm_gicv3_set_spi(struct vmm_gicv3 *g, uint32_t intid, bool level)
{
	if (!g || intid < 32 || intid >= gic_lines(g))
		return AXVCPU_EINVAL;
	gic_lock(g);
	unsigned w = intid / 32;
	uint32_t bit = 1u << (intid % 32);
	bool was = g->level[w] & bit;
	if (level) {
		g->level[w] |= bit;
		if (!was) {
			g->pending[w] |= bit;
			gic_deliver_spis(g, w);
		}
	} else {
		g->level[w] &= ~bit;
	}
	gic_unlock(g);
	return 0;
}

/* ---- the banks of one-bit and byte registers ------------------------- */

/* The 32-bit word of bank `reg` (group, enable, ...) for INTIDs 32w..:
 * word 0 is the redistributor's (cpu), the others the distributor's. */
static uint32_t *gic_bank(struct vmm_gicv3 *g, struct vmm_gicv3_redist *r,
			  unsigned bank, unsigned w)
{
	switch (bank) {
	case GICD_IGROUPR:
		return r ? &r->group : &g->group[w];
	case GICD_ISENABLER:
		return r ? &r->enable : &g->enable[w];
	case GICD_ISPENDR:
		return r ? &r->pending : &g->pending[w];
	default: /* GICD_IGRPMODR */
		return r ? &r->grpmod : &g->grpmod[w];
	}
}

/*
 * The bit banks at `off` (relative to the bank start of GICD or SGI_base):
 * set/clear pairs share one word. Returns false if `off` is no bank.
 */
static bool gic_bits_access(struct vmm_gicv3 *g, struct vmm_gicv3_redist *r,
			    uint64_t off, bool write, uint32_t *val)
{
	unsigned bank, w = (unsigned)(off & 0x7f) / 4;
	bool clear = false;
	if (off >= GICD_IGROUPR && off < GICD_IGROUPR + 0x80)
		bank = GICD_IGROUPR;
	else if (off >= GICD_ISENABLER && off < GICD_ISENABLER + 0x100)
		bank = GICD_ISENABLER, clear = off >= GICD_ICENABLER;
	else if (off >= GICD_ISPENDR && off < GICD_ISPENDR + 0x100)
		bank = GICD_ISPENDR, clear = off >= GICD_ICPENDR;
	else if (off >= 0x300 && off < 0x400)
		bank = 0; /* ISACTIVER/ICACTIVER: the CPU interface's */
	else if (off >= GICD_IGRPMODR && off < GICD_IGRPMODR + 0x80)
		bank = GICD_IGRPMODR;
	else
		return false;
	/* Redistributor: word 0 only; distributor: SPI words that exist. */
	bool exists = r ? w == 0 : (w >= 1 && w < gic_lines(g) / 32);
	if (!exists || bank == 0) {
		if (!write)
			*val = 0;
		return true;
	}
	uint32_t *p = gic_bank(g, r, bank, w);
	if (!write) {
		*val = *p;
		return true;
	}
	if (bank == GICD_IGROUPR || bank == GICD_IGRPMODR)
		*p = *val;
	else if (clear)
		*p &= ~*val;
	else
		*p |= *val;
	return true;
}

/* IPRIORITYR (bytes) and ICFGR (2 bits each) at `off`. */
static bool gic_byte_access(struct vmm_gicv3 *g, struct vmm_gicv3_redist *r,
			    uint64_t off, unsigned width, bool write,
			    uint32_t *val)
{
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
		unsigned first = (unsigned)(off - GICD_IPRIORITYR);
		unsigned n = width >= 4 ? 4 : width;
		uint8_t *prio = r ? r->prio : g->prio;
		unsigned lim = r ? 32 : gic_lines(g);
		if (!write)
			*val = 0;
		for (unsigned i = 0; i < n; i++) {
			unsigned id = first + i;
			/* The redistributor's are SGIs and PPIs, the
			 * distributor's SPIs. */
			if (id >= lim || (!r && id < 32))
				continue;
			if (write)
				prio[id] = (uint8_t)(*val >> (8 * i));
			else
				*val |= (uint32_t)prio[id] << (8 * i);
		}
		return true;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		unsigned w = (unsigned)(off - GICD_ICFGR) / 4;
		uint32_t *p = 0;
		if (r && w < 2)
			p = &r->cfg[w];
		else if (!r && w >= 2 && w < gic_lines(g) / 16)
			p = &g->cfg[w];
		if (!write)
			*val = p ? *p : 0;
		else if (p && !(r && w == 0)) /* SGIs: always edge */
			*p = *val & 0xaaaaaaaau;
		return true;
	}
	return false;
}

/* ---- distributor ------------------------------------------------------ */

static uint32_t gic_typer(const struct vmm_gicv3 *g)
{
	/* ITLinesNumber, IDbits = 9 (10 bits of INTID), No1N. */
	return (gic_lines(g) / 32 - 1) | 9u << 19 | 1u << 25;
}

static int gicd_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct vmm_gicv3 *g = dev;
	uint32_t v = 0;
	gic_lock(g);
	if (off >= GICD_IROUTER + 32 * 8 && off < GICD_IROUTER + 1020 * 8) {
		unsigned id = (unsigned)(off - GICD_IROUTER) / 8;
		uint64_t r = id < gic_lines(g) ? g->router[id] : 0;
		*val = (off & 4) ? r >> 32 : (width == 8 ? r : (uint32_t)r);
		gic_unlock(g);
		return 0;
	}
	off &= ~3ull;
	if (off == GICD_CTLR)
		v = g->ctlr | CTLR_ARE | CTLR_DS;
	else if (off == GICD_TYPER)
		v = gic_typer(g);
	else if (off == GICD_IIDR)
		v = IIDR_ARM;
	else if (off == GIC_PIDR2)
		v = PIDR2_V3;
	else if (!gic_bits_access(g, 0, off, false, &v))
		gic_byte_access(g, 0, off, 4, false, &v);
	gic_unlock(g);
	*val = v;
	return 0;
}

static int gicd_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct vmm_gicv3 *g = dev;
	uint32_t v = (uint32_t)val;
	gic_lock(g);
	if (off >= GICD_IROUTER + 32 * 8 && off < GICD_IROUTER + 1020 * 8) {
		unsigned id = (unsigned)(off - GICD_IROUTER) / 8;
		if (id < gic_lines(g)) {
			uint64_t *r = &g->router[id];
			/* Aff3.Aff2.Aff1.Aff0 and IRM: what is writable. */
			const uint64_t mask = 0xff80ffffffull;
			if (width == 8)
				*r = val & mask;
			else if (off & 4)
				*r = (*r & 0xffffffffu) |
				     ((uint64_t)v << 32 & mask);
			else
				*r = (*r & ~0xffffffffull) | (v & mask);
		}
		gic_unlock(g);
		return 0;
	}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
		gic_byte_access(g, 0, off, width, true, &v);
	} else {
		off &= ~3ull;
		if (off == GICD_CTLR)
			g->ctlr = v & (CTLR_GRP0 | CTLR_GRP1);
		else
			gic_bits_access(g, 0, off, true, &v) ||
			    gic_byte_access(g, 0, off, 4, true, &v);
	}
	gic_deliver_all(g);
	gic_unlock(g);
	return 0;
}

const struct vmm_device_ops vmm_gicv3_dist_ops = { gicd_read, gicd_write };

/* ---- redistributors --------------------------------------------------- */

static uint64_t gicr_typer(const struct vmm_gicv3 *g, unsigned cpu)
{
	uint64_t aff = (cpu % 16) | (uint64_t)(cpu / 16) << 8;
	uint64_t last = cpu + 1 == g->ncpu ? 1u << 4 : 0;
	return aff << 32 | (uint64_t)cpu << 8 | last;
}

static int gicr_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct vmm_gicv3 *g = dev;
	unsigned cpu = (unsigned)(off / VMM_GICV3_REDIST_STRIDE);
	uint32_t v = 0;
	off %= VMM_GICV3_REDIST_STRIDE;
	if (cpu >= g->ncpu) {
		*val = 0;
		return 0;
	}
	gic_lock(g);
	struct vmm_gicv3_redist *r = &g->cpu[cpu];
	if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		uint64_t t = gicr_typer(g, cpu);
		*val = off & 4 ? t >> 32 : (width == 8 ? t : (uint32_t)t);
		gic_unlock(g);
		return 0;
	}
	off &= ~3ull;
	if (off == GICR_IIDR)
		v = IIDR_ARM;
	else if (off == GICR_WAKER)
		v = r->sleep ? 6u : 0u; /* ProcessorSleep, ChildrenAsleep */
	else if (off == GIC_PIDR2)
		v = PIDR2_V3;
	else if (off >= GICR_SGI &&
		 !gic_bits_access(g, r, off - GICR_SGI, false, &v))
		gic_byte_access(g, r, off - GICR_SGI, 4, false, &v);
	gic_unlock(g);
	*val = v;
	return 0;
}

static int gicr_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct vmm_gicv3 *g = dev;
	unsigned cpu = (unsigned)(off / VMM_GICV3_REDIST_STRIDE);
	uint32_t v = (uint32_t)val;
	off %= VMM_GICV3_REDIST_STRIDE;
	if (cpu >= g->ncpu)
		return 0;
	gic_lock(g);
	struct vmm_gicv3_redist *r = &g->cpu[cpu];
	if (off >= GICR_SGI + GICD_IPRIORITYR &&
	    off < GICR_SGI + GICD_IPRIORITYR + 32) {
		gic_byte_access(g, r, off - GICR_SGI, width, true, &v);
	} else {
		off &= ~3ull;
		if (off == GICR_WAKER)
			r->sleep = (v >> 1) & 1;
		else if (off >= GICR_SGI)
			gic_bits_access(g, r, off - GICR_SGI, true, &v) ||
			    gic_byte_access(g, r, off - GICR_SGI, 4, true, &v);
	}
	gic_deliver_cpu(g, cpu);
	gic_unlock(g);
	return 0;
}

const struct vmm_device_ops vmm_gicv3_redist_ops = { gicr_read, gicr_write };
