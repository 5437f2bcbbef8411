/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page-table implementation of stage 2: one radix-table walker for
 * every hardware format, driven by struct axvcpu_stage2_format.
 *
 * Every change is made in two passes over the same decisions: the first
 * only reads, refuses what is not allowed and counts the table frames the
 * second will need; those are taken from the HAL before anything is
 * written, so running out of memory changes nothing. The hardware walks
 * the tables while they change: a new table is filled before the entry
 * pointing to it is stored, every entry is one atomic store, and frames
 * unlinked from the tree go back to the HAL only after the TLB hook.
 */
#include "hal_internal.h"
#include "stage2_internal.h"

#define S2_PAGE_SHIFT 12u
#define S2_INDEX_BITS 9u
#define S2_TABLE_ENTRIES (1u << S2_INDEX_BITS)

/* One call's view of the tables, and the frames it holds on the side. */
struct s2_walk {
	const struct axvcpu_stage2 *s2;
	const struct axvcpu_stage2_format *f;
	const struct axvcpu_hal *hal;
	axvcpu_hpa_t pool;  /* reserved zeroed frames, linked via entry 0 */
	axvcpu_hpa_t freed; /* unlinked frames, linked via entry 0 */
	uint32_t perm;      /* map: the permission being mapped */
	bool changed;       /* an entry was cleared or replaced */
};

static unsigned s2_shift(unsigned level)
{
	return S2_PAGE_SHIFT + S2_INDEX_BITS * level;
}

static uint64_t s2_span(unsigned level)
{
	return (uint64_t)1 << s2_shift(level);
}

/* The first address past the level-`level` entry that holds `a`. */
static uint64_t s2_entry_end(uint64_t a, unsigned level)
{
	return (a | (s2_span(level) - 1)) + 1;
}

static uint64_t s2_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static unsigned s2_entries(const struct s2_walk *w, unsigned level)
{
	return level == w->f->levels - 1u ? 1u << w->f->root_bits
					  : S2_TABLE_ENTRIES;
}

static uint64_t *s2_slot(const struct s2_walk *w, uint64_t *table,
			 unsigned level, uint64_t gpa)
{
	return &table[(gpa >> s2_shift(level)) & (s2_entries(w, level) - 1u)];
}

static uint64_t *s2_virt(const struct s2_walk *w, axvcpu_hpa_t pa)
{
	return w->hal->phys_to_virt(pa);
}

static uint64_t pte_load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* Release: a table's contents are visible before the entry naming it. */
static void pte_store(uint64_t *p, uint64_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static enum axvcpu_stage2_pte_kind s2_decode(const struct s2_walk *w,
					     const uint64_t *slot,
					     unsigned level, axvcpu_hpa_t *addr,
					     uint32_t *perm)
{
	enum axvcpu_stage2_pte_kind k =
	    w->f->decode(pte_load(slot), level, addr, perm);
	/* A format bug must not send the walker below the leaves. */
	return k == AXVCPU_STAGE2_PTE_TABLE && level == 0
		   ? AXVCPU_STAGE2_PTE_INVALID
		   : k;
}

/* Whether [a, end) at `level` (within one entry) is one leaf for hpa h. */
static bool s2_leaf_fits(const struct s2_walk *w, unsigned level, uint64_t a,
			 uint64_t end, axvcpu_hpa_t h)
{
	uint64_t mask = s2_span(level) - 1;
	return (w->f->leaf_levels >> level & 1u) && !(a & mask) &&
	       !(h & mask) && end - a == mask + 1;
}

static void s2_tlb(const struct s2_walk *w, axvcpu_gpa_t gpa, uint64_t size)
{
	if (w->f->tlb_invalidate)
		w->f->tlb_invalidate(w->s2->root, gpa, size);
}

/* ---- frames on the side ------------------------------------------------ */

static void s2_frames_release(struct s2_walk *w, axvcpu_hpa_t *list)
{
	while (*list) {
		axvcpu_hpa_t pa = *list;
		uint64_t *t = s2_virt(w, pa);
		*list = t[0];
		t[0] = 0;
		w->hal->dealloc_frame(pa);
	}
}

/* Take `n` frames from the HAL now, or none (AXVCPU_ENOMEM). */
static int s2_reserve(struct s2_walk *w, uint64_t n)
{
	for (; n; n--) {
		axvcpu_hpa_t pa = 0;
		if (!w->hal->alloc_frame(&pa))
			goto fail;
		uint64_t *t = s2_virt(w, pa);
		if (!t) {
			w->hal->dealloc_frame(pa);
			goto fail;
		}
		t[0] = w->pool;
		w->pool = pa;
	}
	return AXVCPU_OK;
fail:
	s2_frames_release(w, &w->pool);
	return AXVCPU_ENOMEM;
}

/* A reserved frame (zeroed) and its address; the count pass made sure
 * there is one. */
static axvcpu_hpa_t s2_pool_take(struct s2_walk *w, uint64_t **table)
{
	axvcpu_hpa_t pa = w->pool;
	uint64_t *t = s2_virt(w, pa);
	w->pool = t[0];
	t[0] = 0;
	*table = t;
	return pa;
}

/* Park a frame unlinked from the tree until the TLB is invalidated. Its
 * entry 0 becomes a page address, which every format reads as invalid:
 * a walk still under way in it finds nothing. */
static void s2_free_later(struct s2_walk *w, axvcpu_hpa_t pa, uint64_t *t)
{
	pte_store(&t[0], w->freed);
	w->freed = pa;
}

static bool s2_table_empty(const uint64_t *t, unsigned entries)
{
	for (unsigned i = 0; i < entries; i++)
		if (pte_load(&t[i]))
			return false;
	return true;
}

/* ---- map ------------------------------------------------------------------
 */

/*
 * Tables needed to map [gpa, end) -> hpa below `table` at `level` (NULL:
 * a table the map itself will make), or AXVCPU_EINVAL if a page of the
 * range is mapped. Non-root tables are never empty (unmap frees them),
 * so a table where a whole leaf would fit always holds an overlap.
 */
static int64_t s2_map_count(const struct s2_walk *w, uint64_t *table,
			    unsigned level, uint64_t gpa, uint64_t end,
			    axvcpu_hpa_t hpa)
{
	if (!table && level == 0)
		return 0; /* pages always fit */
	int64_t n = 0;
	for (uint64_t a = gpa; a < end;) {
		uint64_t next = s2_min(s2_entry_end(a, level), end);
		axvcpu_hpa_t h = hpa + (a - gpa);
		axvcpu_hpa_t addr = 0;
		uint32_t perm = 0;
		enum axvcpu_stage2_pte_kind k =
		    table ? s2_decode(w, s2_slot(w, table, level, a), level,
				      &addr, &perm)
			  : AXVCPU_STAGE2_PTE_INVALID;
		if (k == AXVCPU_STAGE2_PTE_LEAF)
			return AXVCPU_EINVAL;
		if (k == AXVCPU_STAGE2_PTE_TABLE) {
			int64_t r = s2_map_count(w, s2_virt(w, addr), level - 1,
						 a, next, h);
			if (r < 0)
				return r;
			n += r;
		} else if (!s2_leaf_fits(w, level, a, next, h)) {
			n += 1 + s2_map_count(w, 0, level - 1, a, next, h);
		}
		a = next;
	}
	return n;
}

static void s2_map_apply(struct s2_walk *w, uint64_t *table, unsigned level,
			 uint64_t gpa, uint64_t end, axvcpu_hpa_t hpa)
{
	for (uint64_t a = gpa; a < end;) {
		uint64_t next = s2_min(s2_entry_end(a, level), end);
		axvcpu_hpa_t h = hpa + (a - gpa);
		uint64_t *slot = s2_slot(w, table, level, a);
		axvcpu_hpa_t addr = 0;
		uint32_t perm = 0;
		if (s2_decode(w, slot, level, &addr, &perm) ==
		    AXVCPU_STAGE2_PTE_TABLE) {
			s2_map_apply(w, s2_virt(w, addr), level - 1, a, next,
				     h);
		} else if (s2_leaf_fits(w, level, a, next, h)) {
			pte_store(slot, w->f->leaf(h, w->perm, level));
		} else {
			uint64_t *sub;
			axvcpu_hpa_t pa = s2_pool_take(w, &sub);
			s2_map_apply(w, sub, level - 1, a, next, h);
			pte_store(slot, w->f->table(pa, level));
		}
		a = next;
	}
}

int stage2_table_map(struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
		     axvcpu_hpa_t hpa, uint64_t size, uint32_t perm)
{
	struct s2_walk w = { s2, &s2->fmt, axvcpu_hal_get(), 0, 0, perm, 0 };
	uint64_t *root = s2_virt(&w, s2->root);
	unsigned top = s2->fmt.levels - 1u;
	int64_t n = s2_map_count(&w, root, top, gpa, gpa + size, hpa);
	if (n < 0)
		return (int)n;
	int err = s2_reserve(&w, (uint64_t)n);
	if (err)
		return err;
	s2_map_apply(&w, root, top, gpa, gpa + size, hpa);
	s2_frames_release(&w, &w.pool); /* none left: the count was exact */
	if (s2->fmt.flags & AXVCPU_STAGE2_FMT_FENCE_MAP)
		s2_tlb(&w, gpa, size);
	return AXVCPU_OK;
}

/* ---- unmap ----------------------------------------------------------------
 */

/*
 * Tables needed to split the leaf at `level` holding [a, end), a part of
 * it, down to where [a, end) is whole leaves: one for the leaf, and those
 * of the (at most two) smaller leaves its edges cut in turn.
 */
static int64_t s2_split_count(unsigned level, uint64_t a, uint64_t end)
{
	int64_t n = 1;
	unsigned sub = level - 1;
	uint64_t span = s2_span(sub);
	uint64_t first_end = s2_min(s2_entry_end(a, sub), end);
	if (first_end - a < span)
		n += s2_split_count(sub, a, first_end);
	uint64_t last = (end - 1) & ~(span - 1);
	if (last >= first_end && end - last < span)
		n += s2_split_count(sub, last, end);
	return n;
}

static int64_t s2_unmap_count(const struct s2_walk *w, uint64_t *table,
			      unsigned level, uint64_t gpa, uint64_t end)
{
	int64_t n = 0;
	for (uint64_t a = gpa; a < end;) {
		uint64_t next = s2_min(s2_entry_end(a, level), end);
		axvcpu_hpa_t addr = 0;
		uint32_t perm = 0;
		switch (s2_decode(w, s2_slot(w, table, level, a), level, &addr,
				  &perm)) {
		case AXVCPU_STAGE2_PTE_TABLE:
			n += s2_unmap_count(w, s2_virt(w, addr), level - 1, a,
					    next);
			break;
		case AXVCPU_STAGE2_PTE_LEAF:
			if (next - a < s2_span(level))
				n += s2_split_count(level, a, next);
			break;
		default:
			break;
		}
		a = next;
	}
	return n;
}

/*
 * Replace the leaf in `slot` (mapping `addr` with `perm`, at `base`) by a
 * table of the same mappings one level down; returns the table.
 */
static axvcpu_hpa_t s2_split(struct s2_walk *w, uint64_t *slot, unsigned level,
			     axvcpu_hpa_t addr, uint32_t perm, uint64_t base)
{
	uint64_t *t;
	axvcpu_hpa_t pa = s2_pool_take(w, &t);
	uint64_t span = s2_span(level - 1);
	for (unsigned i = 0; i < S2_TABLE_ENTRIES; i++)
		t[i] = w->f->leaf(addr + i * span, perm, level - 1);
	if (w->f->flags & AXVCPU_STAGE2_FMT_BBM) {
		pte_store(slot, 0);
		s2_tlb(w, base, s2_span(level));
	}
	pte_store(slot, w->f->table(pa, level));
	return pa;
}

static void s2_unmap_apply(struct s2_walk *w, uint64_t *table, unsigned level,
			   uint64_t gpa, uint64_t end)
{
	for (uint64_t a = gpa; a < end;) {
		uint64_t next = s2_min(s2_entry_end(a, level), end);
		uint64_t *slot = s2_slot(w, table, level, a);
		axvcpu_hpa_t addr = 0;
		uint32_t perm = 0;
		enum axvcpu_stage2_pte_kind k =
		    s2_decode(w, slot, level, &addr, &perm);
		if (k == AXVCPU_STAGE2_PTE_LEAF && next - a == s2_span(level)) {
			pte_store(slot, 0);
			w->changed = true;
		} else if (k != AXVCPU_STAGE2_PTE_INVALID) {
			if (k == AXVCPU_STAGE2_PTE_LEAF) {
				addr = s2_split(w, slot, level, addr, perm,
						a & ~(s2_span(level) - 1));
				w->changed = true;
			}
			uint64_t *sub = s2_virt(w, addr);
			s2_unmap_apply(w, sub, level - 1, a, next);
			if (s2_table_empty(sub, S2_TABLE_ENTRIES)) {
				pte_store(slot, 0);
				s2_free_later(w, addr, sub);
			}
		}
		a = next;
	}
}

int stage2_table_unmap(struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
		       uint64_t size)
{
	struct s2_walk w = { s2, &s2->fmt, axvcpu_hal_get(), 0, 0, 0, 0 };
	uint64_t *root = s2_virt(&w, s2->root);
	unsigned top = s2->fmt.levels - 1u;
	int err = s2_reserve(
	    &w, (uint64_t)s2_unmap_count(&w, root, top, gpa, gpa + size));
	if (err)
		return err;
	s2_unmap_apply(&w, root, top, gpa, gpa + size);
	if (w.changed)
		s2_tlb(&w, gpa, size);
	s2_frames_release(&w, &w.freed);
	s2_frames_release(&w, &w.pool);
	return AXVCPU_OK;
}

/* ---- the rest -------------------------------------------------------------
 */

int stage2_table_lookup(const struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
			axvcpu_hpa_t *hpa, uint32_t *perm, uint64_t *leaf_size)
{
	struct s2_walk w = { s2, &s2->fmt, axvcpu_hal_get(), 0, 0, 0, 0 };
	uint64_t *table = s2_virt(&w, s2->root);
	for (unsigned level = s2->fmt.levels - 1u;; level--) {
		axvcpu_hpa_t addr = 0;
		uint32_t p = 0;
		switch (s2_decode(&w, s2_slot(&w, table, level, gpa), level,
				  &addr, &p)) {
		case AXVCPU_STAGE2_PTE_LEAF:
			*hpa = addr + (gpa & (s2_span(level) - 1));
			*perm = p;
			*leaf_size = s2_span(level);
			return AXVCPU_OK;
		case AXVCPU_STAGE2_PTE_TABLE:
			table = s2_virt(&w, addr);
			break;
		default:
			return AXVCPU_ENOTFOUND;
		}
	}
}

static size_t s2_root_frames(const struct axvcpu_stage2_format *f)
{
	return f->root_bits > S2_INDEX_BITS
		   ? (size_t)1 << (f->root_bits - S2_INDEX_BITS)
		   : 1;
}

int stage2_table_create(struct axvcpu_stage2 *s2)
{
	size_t frames = s2_root_frames(&s2->fmt);
	axvcpu_hpa_t root = 0;
	/* Aligned to its size: the x4 and concatenated roots need it. */
	int err = hal_frames_alloc(frames, frames * AXVCPU_FRAME_SIZE, &root);
	if (err)
		return err;
	if (!axvcpu_hal_get()->phys_to_virt(root)) {
		hal_frames_free(root, frames, frames * AXVCPU_FRAME_SIZE);
		return AXVCPU_ENOMEM;
	}
	s2->root = root;
	s2->root_frames = frames;
	return AXVCPU_OK;
}

/* Give back every table below `table` (not `table` itself). */
static void s2_free_tree(const struct s2_walk *w, uint64_t *table,
			 unsigned level)
{
	if (level == 0)
		return;
	for (unsigned i = 0; i < s2_entries(w, level); i++) {
		axvcpu_hpa_t addr = 0;
		uint32_t perm = 0;
		if (s2_decode(w, &table[i], level, &addr, &perm) !=
		    AXVCPU_STAGE2_PTE_TABLE)
			continue;
		pte_store(&table[i], 0);
		s2_free_tree(w, s2_virt(w, addr), level - 1);
		w->hal->dealloc_frame(addr);
	}
}

void stage2_table_destroy(struct axvcpu_stage2 *s2)
{
	struct s2_walk w = { s2, &s2->fmt, axvcpu_hal_get(), 0, 0, 0, 0 };
	s2_tlb(&w, 0, (uint64_t)1 << s2->size_bits);
	s2_free_tree(&w, s2_virt(&w, s2->root), s2->fmt.levels - 1u);
	hal_frames_free(s2->root, s2->root_frames,
			s2->root_frames * AXVCPU_FRAME_SIZE);
}
