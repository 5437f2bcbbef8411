/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An independent software walker of every stage-2 format in the tree,
 * written from the specifications' bits (not from the library's decode),
 * shared by tests/core/t_stage2.c and tests/fuzz/fuzz_stage2.c.
 *
 * walk_dump() reads a whole tree from its root as the hardware would and
 * lists every leaf (guest-physical range, host-physical address, the
 * permission and memory type the hardware applies), counts the tables,
 * and flags what the library must never write: reserved bits, encodings
 * the hardware treats as misconfigured, entries it would fault on, and
 * empty tables below the root. walk_merge() turns a leaf list into
 * maximal runs (adjacent in both address spaces, same permission), the
 * form a plain interval model compares against. Header-only; tables are
 * read through host pointers (the test HALs are identity-mapped).
 */
#ifndef AXVCPU_TESTS_STAGE2_WALK_H
#define AXVCPU_TESTS_STAGE2_WALK_H

#include <axvcpu/stage2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Table format families, by their names in src/arch/stage2_formats.c. */
enum walk_family { WALK_RV, WALK_ARM, WALK_EPT, WALK_NPT };

struct walk_layout {
	enum walk_family fam;
	unsigned levels;    /* level 0: 4 KiB pages */
	unsigned root_bits; /* index bits of the root table */
};

struct walk_leaf {
	uint64_t gpa, hpa, size;
	uint32_t perm;
};

struct walk_dump {
	struct walk_leaf *v;
	size_t n, cap;
	unsigned tables; /* non-root tables */
	int bad;         /* a violation was found; `why` says which */
	char why[160];
};

static inline enum walk_family walk_family_of(const char *name)
{
	if (!strncmp(name, "sv", 2))
		return WALK_RV;
	if (!strncmp(name, "armv8", 5))
		return WALK_ARM;
	if (!strncmp(name, "ept", 3))
		return WALK_EPT;
	return WALK_NPT;
}

static inline void walk_bad(struct walk_dump *d, const char *what,
			    unsigned level, uint64_t gpa, uint64_t e)
{
	if (d->bad++)
		return;
	snprintf(d->why, sizeof(d->why), "%s: level %u gpa %#llx entry %#llx",
		 what, level, (unsigned long long)gpa, (unsigned long long)e);
}

/* What one entry is; for a table *next, for a leaf *oa and *perm. The
 * hierarchical permission bits of x86 tables go to *tperm. */
enum walk_kind { WALK_INVALID, WALK_TABLE, WALK_LEAF };

/* RISC-V G-stage (Sv39x4/Sv48x4): V R W X U G A D, RSW[9:8], PPN[53:10],
 * bits 63:54 reserved here (no Svpbmt, no Svnapot). */
static inline enum walk_kind walk_rv(struct walk_dump *d, uint64_t e,
				     unsigned level, uint64_t gpa,
				     uint64_t *next, uint64_t *oa,
				     uint32_t *perm)
{
	if (!(e & 1))
		return WALK_INVALID;
	if (e >> 54)
		walk_bad(d, "rv: reserved bits 63:54 set", level, gpa, e);
	uint64_t pa = ((e >> 10) & ((1ull << 44) - 1)) << 12;
	unsigned r = e >> 1 & 1, w = e >> 2 & 1, x = e >> 3 & 1;
	unsigned u = e >> 4 & 1, g = e >> 5 & 1, a = e >> 6 & 1,
		 dd = e >> 7 & 1;
	if (g)
		walk_bad(d, "rv: G set in a G-stage entry", level, gpa, e);
	if (!r && !w && !x) {
		if (level == 0)
			walk_bad(d, "rv: pointer at the last level", level, gpa,
				 e);
		if (u || a || dd)
			walk_bad(d, "rv: U/A/D set in a pointer", level, gpa,
				 e);
		*next = pa;
		return WALK_TABLE;
	}
	if (w && !r)
		walk_bad(d, "rv: W without R (reserved)", level, gpa, e);
	if (!u)
		walk_bad(d, "rv: leaf without U (G-stage needs it)", level, gpa,
			 e);
	if (!a || (w && !dd))
		walk_bad(d, "rv: A/D not preset", level, gpa, e);
	if (pa & ((1ull << (12 + 9 * level)) - 1))
		walk_bad(d, "rv: misaligned superpage", level, gpa, e);
	if (e >> 9 & 1)
		walk_bad(d, "rv: RSW bit 9 set", level, gpa, e);
	*oa = pa;
	*perm = (r ? AXVCPU_STAGE2_READ : 0) | (w ? AXVCPU_STAGE2_WRITE : 0) |
		(x ? AXVCPU_STAGE2_EXEC : 0) |
		((e >> 8 & 1) ? AXVCPU_STAGE2_DEVICE : 0);
	return WALK_LEAF;
}

/* Armv8 stage 2, 4 KiB granule. Arm lookup level = 3 - level. */
static inline enum walk_kind walk_arm(struct walk_dump *d, uint64_t e,
				      unsigned level, uint64_t gpa,
				      uint64_t *next, uint64_t *oa,
				      uint32_t *perm)
{
	unsigned type = e & 3;
	if (type == 0 || type == 2)
		return WALK_INVALID;
	uint64_t addr = e & 0x0000fffffffff000ull;
	if (level > 0 && type == 3) {
		if (e & 0xfff0000000000ffcull)
			walk_bad(d, "arm: attribute bits in a table descriptor",
				 level, gpa, e);
		*next = addr;
		return WALK_TABLE;
	}
	if (level == 0 && type == 1) {
		walk_bad(d, "arm: block descriptor at lookup level 3", level,
			 gpa, e);
		return WALK_INVALID;
	}
	if (level == 3) {
		walk_bad(d, "arm: block at lookup level 0", level, gpa, e);
		return WALK_INVALID;
	}
	unsigned memattr = e >> 2 & 0xf, s2ap = e >> 6 & 3, sh = e >> 8 & 3;
	unsigned af = e >> 10 & 1, xn = e >> 53 & 3;
	if (!af)
		walk_bad(d, "arm: AF clear", level, gpa, e);
	if (sh != 3)
		walk_bad(d, "arm: not inner shareable", level, gpa, e);
	if (memattr != 0xf && memattr != 0x1)
		walk_bad(d, "arm: MemAttr neither normal WB nor nGnRE", level,
			 gpa, e);
	if (xn != 0 && xn != 2)
		walk_bad(d, "arm: XN neither 00 nor 10", level, gpa, e);
	if (addr & ((1ull << (12 + 9 * level)) - 1))
		walk_bad(d, "arm: output address bits below the block set",
			 level, gpa, e);
	if (e & 0xff9f000000000800ull) /* 63:55, 52:48, 11 */
		walk_bad(d, "arm: reserved or software bits set", level, gpa,
			 e);
	*oa = addr;
	*perm = ((s2ap & 1) ? AXVCPU_STAGE2_READ : 0) |
		((s2ap & 2) ? AXVCPU_STAGE2_WRITE : 0) |
		(xn == 0 ? AXVCPU_STAGE2_EXEC : 0) |
		(memattr == 0x1 ? AXVCPU_STAGE2_DEVICE : 0);
	return WALK_LEAF;
}

/* Intel EPT. */
static inline enum walk_kind walk_ept(struct walk_dump *d, uint64_t e,
				      unsigned level, uint64_t gpa,
				      uint64_t *next, uint64_t *oa,
				      uint32_t *perm)
{
	unsigned rwx = e & 7;
	if (!rwx)
		return WALK_INVALID;
	if ((rwx & 2) && !(rwx & 1))
		walk_bad(d, "ept: write without read (misconfiguration)", level,
			 gpa, e);
	uint64_t addr = e & 0x000ffffffffff000ull;
	bool large = e >> 7 & 1;
	if (level == 3 && large)
		walk_bad(d, "ept: bit 7 set in a PML4 entry", level, gpa, e);
	*perm = (rwx & 1 ? AXVCPU_STAGE2_READ : 0) |
		(rwx & 2 ? AXVCPU_STAGE2_WRITE : 0) |
		(rwx & 4 ? AXVCPU_STAGE2_EXEC : 0);
	if (level > 0 && !large) {
		if (e & 0xf8)
			walk_bad(d, "ept: reserved bits 7:3 of a table entry",
				 level, gpa, e);
		*next = addr;
		return WALK_TABLE;
	}
	unsigned type = e >> 3 & 7;
	if (type != 6 && type != 0)
		walk_bad(d, "ept: memory type neither WB nor UC", level, gpa,
			 e);
	if (!(e >> 6 & 1))
		walk_bad(d, "ept: ignore-PAT clear", level, gpa, e);
	if (addr & ((1ull << (12 + 9 * level)) - 1))
		walk_bad(d, "ept: reserved address bits of a large page", level,
			 gpa, e);
	*oa = addr;
	if (type == 0)
		*perm |= AXVCPU_STAGE2_DEVICE;
	return WALK_LEAF;
}

/* AMD NPT: long-mode tables walked as user accesses. *perm of a table
 * holds its RW (WRITE) and !NX (EXEC), which narrow what is below. */
static inline enum walk_kind walk_npt(struct walk_dump *d, uint64_t e,
				      unsigned level, uint64_t gpa,
				      uint64_t *next, uint64_t *oa,
				      uint32_t *perm)
{
	if (!(e & 1))
		return WALK_INVALID;
	if (!(e >> 2 & 1))
		walk_bad(d, "npt: US clear (the nested walk is a user access)",
			 level, gpa, e);
	if (e & 0x7ff0000000000000ull)
		walk_bad(d, "npt: reserved high bits", level, gpa, e);
	uint64_t addr = e & 0x000ffffffffff000ull;
	bool ps = e >> 7 & 1;
	*perm = AXVCPU_STAGE2_READ | ((e >> 1 & 1) ? AXVCPU_STAGE2_WRITE : 0) |
		((e >> 63) ? 0 : AXVCPU_STAGE2_EXEC);
	if (level > 0 && !ps) {
		*next = addr;
		return WALK_TABLE;
	}
	if (level == 3)
		walk_bad(d, "npt: PS in a PML4 entry", level, gpa, e);
	if (level > 0 && (e >> 12 & 1))
		walk_bad(d, "npt: PAT bit of a large page", level, gpa, e);
	if (level == 0 && ps)
		walk_bad(d, "npt: PAT bit of a 4 KiB page", level, gpa, e);
	if (addr & ((1ull << (12 + 9 * level)) - 1))
		walk_bad(d, "npt: reserved address bits of a large page", level,
			 gpa, e);
	unsigned pcd = e >> 4 & 1, pwt = e >> 3 & 1;
	if (pcd != pwt)
		walk_bad(d, "npt: PCD/PWT neither WB nor UC", level, gpa, e);
	if ((e >> 1 & 1) && !(e >> 6 & 1))
		walk_bad(d, "npt: writable leaf without D preset", level, gpa,
			 e);
	*oa = addr;
	if (pcd)
		*perm |= AXVCPU_STAGE2_DEVICE;
	return WALK_LEAF;
}

static inline enum walk_kind walk_entry(const struct walk_layout *l,
					struct walk_dump *d, uint64_t e,
					unsigned level, uint64_t gpa,
					uint64_t *next, uint64_t *oa,
					uint32_t *perm)
{
	switch (l->fam) {
	case WALK_RV:
		return walk_rv(d, e, level, gpa, next, oa, perm);
	case WALK_ARM:
		return walk_arm(d, e, level, gpa, next, oa, perm);
	case WALK_EPT:
		return walk_ept(d, e, level, gpa, next, oa, perm);
	default:
		return walk_npt(d, e, level, gpa, next, oa, perm);
	}
}

static inline void walk_push(struct walk_dump *d, uint64_t gpa, uint64_t hpa,
			     uint64_t size, uint32_t perm)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 256;
		d->v = realloc(d->v, d->cap * sizeof(*d->v));
		if (!d->v)
			abort();
	}
	d->v[d->n++] = (struct walk_leaf){ gpa, hpa, size, perm };
}

/* Hierarchical x86 permissions: a table entry's bits narrow the leaf's. */
static inline uint32_t walk_narrow(const struct walk_layout *l, uint32_t above,
				   uint32_t here)
{
	if (l->fam != WALK_EPT && l->fam != WALK_NPT)
		return here;
	uint32_t rwx =
	    AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE | AXVCPU_STAGE2_EXEC;
	return (here & ~rwx) | (here & above & rwx);
}

static inline void walk_table(const struct walk_layout *l, struct walk_dump *d,
			      const uint64_t *t, unsigned level, uint64_t base,
			      uint32_t above)
{
	unsigned n = level == l->levels - 1 ? 1u << l->root_bits : 512u;
	uint64_t span = 1ull << (12 + 9 * level);
	for (unsigned i = 0; i < n; i++) {
		uint64_t gpa = base + i * span, next = 0, oa = 0;
		uint32_t perm = 0;
		switch (walk_entry(l, d, t[i], level, gpa, &next, &oa, &perm)) {
		case WALK_TABLE: {
			const uint64_t *sub = (const uint64_t *)(uintptr_t)next;
			bool any = false;
			for (unsigned j = 0; j < 512; j++)
				any |= sub[j] != 0;
			if (!any)
				walk_bad(d, "empty table left in the tree",
					 level, gpa, t[i]);
			d->tables++;
			walk_table(l, d, sub, level - 1, gpa,
				   walk_narrow(l, above, perm));
			break;
		}
		case WALK_LEAF:
			walk_push(d, gpa, oa, span,
				  walk_narrow(l, above, perm));
			break;
		default:
			if (t[i])
				walk_bad(d, "invalid entry not zero", level,
					 gpa, t[i]);
			break;
		}
	}
}

/* The whole tree at `root` (host pointer = physical address). */
static inline void walk_dump(const struct walk_layout *l, uint64_t root,
			     struct walk_dump *d)
{
	d->n = 0;
	d->tables = 0;
	d->bad = 0;
	d->why[0] = 0;
	uint32_t all =
	    AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE | AXVCPU_STAGE2_EXEC;
	walk_table(l, d, (const uint64_t *)(uintptr_t)root, l->levels - 1, 0,
		   all);
}

static inline void walk_free(struct walk_dump *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* Merge adjacent runs in place (the list must be sorted by gpa). */
static inline void walk_merge(struct walk_leaf *v, size_t *n)
{
	size_t out = 0;
	for (size_t i = 0; i < *n; i++) {
		struct walk_leaf *p = out ? &v[out - 1] : NULL;
		if (p && p->gpa + p->size == v[i].gpa &&
		    p->hpa + p->size == v[i].hpa && p->perm == v[i].perm)
			p->size += v[i].size;
		else
			v[out++] = v[i];
	}
	*n = out;
}

/* The leaf of the dump that holds `gpa`, or NULL (list sorted). */
static inline const struct walk_leaf *walk_find(const struct walk_dump *d,
						uint64_t gpa)
{
	size_t lo = 0, hi = d->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct walk_leaf *f = &d->v[mid];
		if (gpa < f->gpa)
			hi = mid;
		else if (gpa - f->gpa >= f->size)
			lo = mid + 1;
		else
			return f;
	}
	return NULL;
}

/* ---- a plain interval model: sorted, non-overlapping (gpa, hpa, size,
 * perm) runs, the reference the library's tables are compared with ---- */

struct walk_model {
	struct walk_leaf *v;
	size_t n, cap;
};

static inline void walk_model_insert(struct walk_model *m, size_t at,
				     struct walk_leaf r)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->v = realloc(m->v, m->cap * sizeof(*m->v));
		if (!m->v)
			abort();
	}
	if (m->n > at)
		memmove(&m->v[at + 1], &m->v[at], (m->n - at) * sizeof(*m->v));
	m->v[at] = r;
	m->n++;
}

/* Whether any byte of [gpa, gpa + size) is in the model. */
static inline bool walk_model_overlaps(const struct walk_model *m, uint64_t gpa,
				       uint64_t size)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].gpa < gpa + size &&
		    gpa < m->v[i].gpa + m->v[i].size)
			return true;
	return false;
}

static inline void walk_model_add(struct walk_model *m, uint64_t gpa,
				  uint64_t hpa, uint64_t size, uint32_t perm)
{
	size_t at = 0;
	while (at < m->n && m->v[at].gpa < gpa)
		at++;
	walk_model_insert(m, at, (struct walk_leaf){ gpa, hpa, size, perm });
}

/* Remove [gpa, gpa + size), cutting runs that straddle its ends. */
static inline void walk_model_remove(struct walk_model *m, uint64_t gpa,
				     uint64_t size)
{
	uint64_t end = gpa + size;
	for (size_t i = 0; i < m->n;) {
		struct walk_leaf r = m->v[i];
		uint64_t rend = r.gpa + r.size;
		if (rend <= gpa || r.gpa >= end) {
			i++;
			continue;
		}
		memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof(r));
		m->n--;
		if (r.gpa < gpa)
			walk_model_insert(m, i++,
					  (struct walk_leaf){ r.gpa, r.hpa,
							      gpa - r.gpa,
							      r.perm });
		if (rend > end)
			walk_model_insert(
			    m, i++,
			    (struct walk_leaf){ end, r.hpa + (end - r.gpa),
						rend - end, r.perm });
	}
}

static inline void walk_model_free(struct walk_model *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/*
 * Whether the dump's leaves, merged, are exactly the model's runs,
 * merged. On a difference, a description goes to `why`.
 */
static inline bool walk_same(const struct walk_dump *d,
			     const struct walk_model *m, char *why,
			     size_t why_size)
{
	size_t na = d->n, nb = m->n;
	struct walk_leaf *a = malloc((na + 1) * sizeof(*a));
	struct walk_leaf *b = malloc((nb + 1) * sizeof(*b));
	if (!a || !b)
		abort();
	if (na)
		memcpy(a, d->v, na * sizeof(*a));
	if (nb)
		memcpy(b, m->v, nb * sizeof(*b));
	walk_merge(a, &na);
	walk_merge(b, &nb);
	bool same = na == nb;
	size_t i = 0;
	for (; same && i < na; i++)
		same = a[i].gpa == b[i].gpa && a[i].hpa == b[i].hpa &&
		       a[i].size == b[i].size && a[i].perm == b[i].perm;
	if (!same) {
		size_t k = i ? i - 1 : 0;
		snprintf(why, why_size,
			 "tables %zu runs, model %zu; at run %zu: tables "
			 "%#llx->%#llx +%#llx p%u, model %#llx->%#llx +%#llx "
			 "p%u",
			 na, nb, k,
			 k < na ? (unsigned long long)a[k].gpa : 0ull,
			 k < na ? (unsigned long long)a[k].hpa : 0ull,
			 k < na ? (unsigned long long)a[k].size : 0ull,
			 k < na ? a[k].perm : 0u,
			 k < nb ? (unsigned long long)b[k].gpa : 0ull,
			 k < nb ? (unsigned long long)b[k].hpa : 0ull,
			 k < nb ? (unsigned long long)b[k].size : 0ull,
			 k < nb ? b[k].perm : 0u);
	}
	free(a);
	free(b);
	return same;
}

#endif /* AXVCPU_TESTS_STAGE2_WALK_H */
