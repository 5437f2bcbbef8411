/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The stage-2 API on every table format in the tree (src/arch/
 * stage2_formats.c), checked by an independent software walk of the
 * tables from their root (stage2_walk.h, written from the specs' bits):
 * largest leaves where both addresses are aligned, splits on a partial
 * unmap, empty tables given back, refusals that change nothing, running
 * out of memory at every allocation (a HAL that fails the Nth) with the
 * tables unchanged, lookup, the TLB hook and break-before-make, the
 * frame count back at its start. Also the API's argument and state
 * checks, a backend with its own implementation, the HAL without
 * alloc_frames, threads, and each format's config resolution, VTCR_EL2,
 * EPTP and nCR3. Starts without a HAL (its own process).
 */
#include "tests/core/stage2_walk.h"
#include "tests/lib/tap.h"
#include "tests/mock/mock_backend.h"

#include "src/arch/aarch64/a64_stage2.h"
#include "src/arch/riscv64/rv_stage2.h"
#include "src/arch/stage2_formats.h"
#include "src/arch/x86_64/x86_stage2.h"
/* White-box: the busy word, to see EBUSY without a race. */
#include "src/core/stage2_internal.h"

#include <axvcpu/axvcpu.h>
#include <pthread.h>
#include <stdatomic.h>

#define KIB 0x400ull
#define MIB 0x100000ull
#define GIB 0x40000000ull
#define RW (AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE)
#define RWX (RW | AXVCPU_STAGE2_EXEC)
#define RX (AXVCPU_STAGE2_READ | AXVCPU_STAGE2_EXEC)

/* ---- a counting HAL that can fail its Nth allocation --------------------- */

static _Atomic long live;     /* frames held */
static _Atomic long runs;     /* alloc_frames runs held */
static _Atomic long nallocs;  /* allocations since fail_arm() */
static _Atomic long fail_nth; /* that allocation fails (0: none) */

static void fail_arm(long nth)
{
	atomic_store(&nallocs, 0);
	atomic_store(&fail_nth, nth);
}

static bool t_alloc_run(size_t count, size_t align, axvcpu_hpa_t *pa)
{
	long nth = atomic_load(&fail_nth);
	if (nth && atomic_fetch_add(&nallocs, 1) + 1 == nth)
		return false;
	void *p = NULL;
	if (posix_memalign(&p, align, count * AXVCPU_FRAME_SIZE))
		return false;
	memset(p, 0, count * AXVCPU_FRAME_SIZE);
	atomic_fetch_add(&live, (long)count);
	*pa = (axvcpu_hpa_t)(uintptr_t)p;
	return true;
}

static bool t_alloc_frame(axvcpu_hpa_t *pa)
{
	return t_alloc_run(1, AXVCPU_FRAME_SIZE, pa);
}

static void t_dealloc_frame(axvcpu_hpa_t pa)
{
	atomic_fetch_sub(&live, 1);
	free((void *)(uintptr_t)pa);
}

static bool t_alloc_frames(size_t count, size_t align, axvcpu_hpa_t *pa)
{
	bool ok = t_alloc_run(count, align, pa);
	if (ok)
		atomic_fetch_add(&runs, 1);
	return ok;
}

static void t_dealloc_frames(axvcpu_hpa_t pa, size_t count)
{
	atomic_fetch_sub(&live, (long)count);
	atomic_fetch_sub(&runs, 1);
	free((void *)(uintptr_t)pa);
}

static void *t_p2v(axvcpu_hpa_t pa)
{
	return (void *)(uintptr_t)pa;
}

static axvcpu_hpa_t t_v2p(const void *va)
{
	return (axvcpu_hpa_t)(uintptr_t)va;
}

static unsigned t_cpu(void)
{
	return 0;
}

static const struct axvcpu_hal hal_full = {
	.alloc_frame = t_alloc_frame,
	.dealloc_frame = t_dealloc_frame,
	.phys_to_virt = t_p2v,
	.virt_to_phys = t_v2p,
	.current_cpu_id = t_cpu,
	.alloc_frames = t_alloc_frames,
	.dealloc_frames = t_dealloc_frames,
};

/* The same without contiguous runs. */
static const struct axvcpu_hal hal_single = {
	.alloc_frame = t_alloc_frame,
	.dealloc_frame = t_dealloc_frame,
	.phys_to_virt = t_p2v,
	.virt_to_phys = t_v2p,
	.current_cpu_id = t_cpu,
};

/* The same, but its runs break the alignment promise by one frame. */
static bool bad_alloc_frames(size_t count, size_t align, axvcpu_hpa_t *pa)
{
	if (!t_alloc_run(count + 1, align, pa))
		return false;
	*pa += AXVCPU_FRAME_SIZE;
	return true;
}

static void bad_dealloc_frames(axvcpu_hpa_t pa, size_t count)
{
	atomic_fetch_sub(&live, (long)count + 1);
	free((void *)(uintptr_t)(pa - AXVCPU_FRAME_SIZE));
}

static const struct axvcpu_hal hal_misaligned = {
	.alloc_frame = t_alloc_frame,
	.dealloc_frame = t_dealloc_frame,
	.phys_to_virt = t_p2v,
	.virt_to_phys = t_v2p,
	.current_cpu_id = t_cpu,
	.alloc_frames = bad_alloc_frames,
	.dealloc_frames = bad_dealloc_frames,
};

/* ---- the format under test, with a recording TLB hook -------------------- */

static const struct stage2_format_entry *cur;
static struct walk_layout cur_layout;
static axvcpu_hpa_t cur_root;
static _Atomic unsigned tlb_calls;
static bool in_unmap;     /* hook calls now must see their range unmapped */
static unsigned tlb_live; /* ... and how many did not */

static void rec_tlb(axvcpu_hpa_t root, axvcpu_gpa_t gpa, uint64_t size)
{
	atomic_fetch_add(&tlb_calls, 1);
	if (root != cur_root)
		tlb_live++;
	if (!in_unmap)
		return;
	/* Break-before-make and the final flush: nothing of the range may
	 * still be mapped when the TLB is told to forget it. */
	struct walk_dump d = { 0 };
	walk_dump(&cur_layout, cur_root, &d);
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].gpa < gpa + size && gpa < d.v[i].gpa + d.v[i].size)
			tlb_live++;
	walk_free(&d);
}

static int rec_format(const struct axvcpu_stage2_config *cfg,
		      struct axvcpu_stage2_format *fmt)
{
	int err = cur->backend->stage2->format(cfg, fmt);
	if (!err)
		fmt->tlb_invalidate = rec_tlb;
	return err;
}

static const struct axvcpu_stage2_ops rec_ops = { .format = rec_format };
static const struct axvcpu_backend rec_backend = { .name = "rec",
						   .stage2 = &rec_ops };

/* What each format must look like. */
struct expect {
	const char *name;
	unsigned levels, size_bits, pa_bits, leaf_levels;
	bool bbm, write_only, exec_only;
};

static const struct expect expects[] = {
	{ "sv39x4", 3, 41, 56, 7, false, false, true },
	{ "sv48x4", 4, 50, 56, 15, false, false, true },
	{ "armv8-ipa33", 2, 33, 48, 3, true, true, true },
	{ "armv8-ipa36", 3, 36, 48, 7, true, true, true },
	{ "armv8-ipa40", 3, 40, 48, 7, true, true, true },
	{ "armv8-ipa48", 4, 48, 48, 7, true, true, true },
	{ "ept4", 4, 48, 52, 7, false, false, true },
	{ "npt4", 4, 48, 52, 7, false, false, false },
};

static const struct expect *expect_of(const char *name)
{
	for (size_t i = 0; i < sizeof(expects) / sizeof(expects[0]); i++)
		if (!strcmp(expects[i].name, name))
			return &expects[i];
	return NULL;
}

/* ---- checking the tables against the model ------------------------------- */

struct fmt_run {
	const struct expect *x;
	struct axvcpu_stage2 *s2;
	struct walk_model m;
	long base; /* live frames before create */
	unsigned root_frames;
	uint64_t space;
};

static size_t root_frames_of(unsigned root_bits)
{
	return root_bits > 9 ? (size_t)1 << (root_bits - 9) : 1;
}

/* The tables are the model, every frame is accounted for, lookups agree
 * with the walk. */
static bool tables_match(struct fmt_run *r, const char *what)
{
	struct walk_dump d = { 0 };
	walk_dump(&cur_layout, cur_root, &d);
	char why[256] = "";
	bool ok = !d.bad;
	if (!ok)
		snprintf(why, sizeof(why), "%s", d.why);
	if (ok)
		ok = walk_same(&d, &r->m, why, sizeof(why));
	long want = r->base + 1 + (long)r->root_frames + (long)d.tables;
	if (ok && atomic_load(&live) != want) {
		ok = false;
		snprintf(why, sizeof(why), "%ld frames held, tables need %ld",
			 atomic_load(&live), want);
	}
	/* Lookup of the first, a middle and the last page of each leaf. */
	for (size_t i = 0; ok && i < d.n; i++) {
		const struct walk_leaf *f = &d.v[i];
		uint64_t offs[3] = { 0, (f->size / 2) & ~0xfffull,
				     f->size - 0x1000 };
		for (int k = 0; ok && k < 3; k++) {
			axvcpu_hpa_t h = 0;
			uint32_t p = 0;
			uint64_t ls = 0;
			int err = axvcpu_stage2_lookup(
			    r->s2, f->gpa + offs[k] + 8, &h, &p, &ls);
			if (err || h != f->hpa + offs[k] + 8 || p != f->perm ||
			    ls != f->size) {
				ok = false;
				snprintf(
				    why, sizeof(why),
				    "lookup %#llx: err %d hpa %#llx perm %u "
				    "leaf %#llx; walk %#llx %u %#llx",
				    (unsigned long long)(f->gpa + offs[k]), err,
				    (unsigned long long)h, p,
				    (unsigned long long)ls,
				    (unsigned long long)(f->hpa + offs[k]),
				    f->perm, (unsigned long long)f->size);
			}
		}
		/* Just past a leaf that no leaf follows: not mapped. */
		uint64_t past = f->gpa + f->size;
		bool next_adjacent = i + 1 < d.n && d.v[i + 1].gpa == past;
		if (ok && !next_adjacent && past < r->space &&
		    axvcpu_stage2_lookup(r->s2, past, NULL, NULL, NULL) !=
			AXVCPU_ENOTFOUND) {
			ok = false;
			snprintf(why, sizeof(why), "lookup %#llx: mapped",
				 (unsigned long long)past);
		}
	}
	tap_ok(ok, "%s: %s: tables as the model", cur->name, what);
	if (!ok)
		tap_diag("%s", why);
	walk_free(&d);
	return ok;
}

/* The leaf size the walk finds at `gpa` (0: none). */
static uint64_t leaf_at(uint64_t gpa)
{
	struct walk_dump d = { 0 };
	walk_dump(&cur_layout, cur_root, &d);
	const struct walk_leaf *f = walk_find(&d, gpa);
	uint64_t size = f ? f->size : 0;
	walk_free(&d);
	return size;
}

static int map(struct fmt_run *r, uint64_t gpa, uint64_t hpa, uint64_t size,
	       uint32_t perm)
{
	int err = axvcpu_stage2_map(r->s2, gpa, hpa, size, perm);
	if (!err)
		walk_model_add(&r->m, gpa, hpa, size, perm);
	return err;
}

static int unmap(struct fmt_run *r, uint64_t gpa, uint64_t size)
{
	in_unmap = true;
	int err = axvcpu_stage2_unmap(r->s2, gpa, size);
	in_unmap = false;
	if (!err)
		walk_model_remove(&r->m, gpa, size);
	return err;
}

/* A call that must be refused with `want` (tables_match() afterwards
 * shows that it changed nothing). */
static void refused(int got, int want, const char *what)
{
	tap_is(got, want, "%s: %s refused", cur->name, what);
}

/* ---- per format -----------------------------------------------------------
 */

static void test_refusals(struct fmt_run *r)
{
	const struct expect *x = r->x;
	uint64_t pa_top = 1ull << x->pa_bits;
	refused(map(r, 0x3000, 0x9000, 0x1000, RW), AXVCPU_EINVAL,
		"map over a mapped 4 KiB page");
	refused(map(r, 0x0, 0x9000, 0x4000, RW), AXVCPU_EINVAL,
		"map partly over a mapped page");
	refused(map(r, 0x200000 + 0x5000, 0x9000, 0x1000, RW), AXVCPU_EINVAL,
		"map inside a 2 MiB leaf");
	refused(map(r, 0x0, 0x0, 8 * MIB, RW), AXVCPU_EINVAL,
		"map over several mappings");
	refused(map(r, 0x10800, 0x9000, 0x1000, RW), AXVCPU_EINVAL,
		"misaligned gpa");
	refused(map(r, 0x10000, 0x9800, 0x1000, RW), AXVCPU_EINVAL,
		"misaligned hpa");
	refused(map(r, 0x10000, 0x9000, 0x1800, RW), AXVCPU_EINVAL,
		"misaligned size");
	refused(map(r, 0x10000, 0x9000, 0, RW), AXVCPU_EINVAL, "size 0");
	refused(map(r, ~0xfffull, 0x9000, 0x2000, RW), AXVCPU_EINVAL,
		"a gpa range that wraps");
	refused(map(r, 0x10000, ~0xfffull, 0x2000, RW), AXVCPU_EINVAL,
		"an hpa range that wraps");
	refused(map(r, r->space - 0x1000, 0x9000, 0x2000, RW), AXVCPU_EINVAL,
		"a range past the address space");
	refused(map(r, r->space, 0x9000, 0x1000, RW), AXVCPU_EINVAL,
		"a gpa at the end of the address space");
	refused(map(r, 0x10000, pa_top - 0x1000, 0x2000, RW), AXVCPU_EINVAL,
		"an hpa past what the format holds");
	refused(map(r, 0x10000, 0x9000, 0x1000, 0), AXVCPU_EINVAL, "perm 0");
	refused(map(r, 0x10000, 0x9000, 0x1000, RW | 0x10), AXVCPU_EINVAL,
		"an unknown perm bit");
	refused(map(r, 0x10000, 0x9000, 0x1000, AXVCPU_STAGE2_DEVICE),
		AXVCPU_EINVAL, "DEVICE alone");
	refused(unmap(r, 0x10800, 0x1000), AXVCPU_EINVAL,
		"unmap: misaligned gpa");
	refused(unmap(r, 0x10000, 0), AXVCPU_EINVAL, "unmap: size 0");
	refused(unmap(r, ~0xfffull, 0x2000), AXVCPU_EINVAL,
		"unmap: a range that wraps");
	refused(unmap(r, r->space - 0x1000, 0x2000), AXVCPU_EINVAL,
		"unmap: past the address space");
	refused(axvcpu_stage2_lookup(r->s2, r->space, NULL, NULL, NULL),
		AXVCPU_ENOTFOUND, "lookup past the address space");
	/* What one format can express and another cannot. */
	int w = map(r, 0x20000, 0xa000, 0x1000, AXVCPU_STAGE2_WRITE);
	tap_is(w, x->write_only ? 0 : AXVCPU_EINVAL, "%s: write-only map %s",
	       cur->name, x->write_only ? "accepted" : "refused");
	int e = map(r, 0x21000, 0xb000, 0x1000, AXVCPU_STAGE2_EXEC);
	tap_is(e, x->exec_only ? 0 : AXVCPU_EINVAL, "%s: execute-only map %s",
	       cur->name, x->exec_only ? "accepted" : "refused");
	tables_match(r, "after the refusals");
	if (!w)
		tap_is(unmap(r, 0x20000, 0x1000), 0, "%s: unmap it", cur->name);
	if (!e)
		tap_is(unmap(r, 0x21000, 0x1000), 0, "%s: unmap it", cur->name);
}

/* Map something that needs tables, failing each allocation in turn. */
static void test_nomem_map(struct fmt_run *r, uint64_t gpa, uint64_t hpa,
			   uint64_t size)
{
	int fails = 0, err = AXVCPU_ENOMEM;
	bool unchanged = true;
	for (long nth = 1; err == AXVCPU_ENOMEM && nth < 64; nth++) {
		fail_arm(nth);
		err = map(r, gpa, hpa, size, RW);
		fail_arm(0);
		if (err == AXVCPU_ENOMEM) {
			fails++;
			struct walk_dump d = { 0 };
			walk_dump(&cur_layout, cur_root, &d);
			char why[256];
			long want =
			    r->base + 1 + (long)r->root_frames + (long)d.tables;
			unchanged &= !d.bad &&
				     walk_same(&d, &r->m, why, sizeof(why)) &&
				     atomic_load(&live) == want;
			walk_free(&d);
		}
	}
	tap_is(err, 0, "%s: map succeeds once memory is there", cur->name);
	tap_ok(fails >= 2 && unchanged,
	       "%s: map failing at each of its %d allocations: ENOMEM, "
	       "nothing changed",
	       cur->name, fails);
	tables_match(r, "after the ENOMEM sweep of a map");
}

static void test_nomem_unmap(struct fmt_run *r, uint64_t gpa, uint64_t size,
			     int want_fails)
{
	int fails = 0, err = AXVCPU_ENOMEM;
	bool unchanged = true;
	for (long nth = 1; err == AXVCPU_ENOMEM && nth < 64; nth++) {
		fail_arm(nth);
		err = unmap(r, gpa, size);
		fail_arm(0);
		if (err == AXVCPU_ENOMEM) {
			fails++;
			struct walk_dump d = { 0 };
			walk_dump(&cur_layout, cur_root, &d);
			char why[256];
			unchanged &=
			    !d.bad && walk_same(&d, &r->m, why, sizeof(why));
			walk_free(&d);
		}
	}
	tap_is(err, 0, "%s: split unmap succeeds once memory is there",
	       cur->name);
	tap_ok(fails == want_fails && unchanged,
	       "%s: split unmap failing at each of its %d allocations (of "
	       "%d): ENOMEM, nothing changed",
	       cur->name, fails, want_fails);
	tables_match(r, "after the ENOMEM sweep of a split");
}

static void test_format(const struct stage2_format_entry *fe)
{
	cur = fe;
	struct fmt_run r = { .x = expect_of(fe->name), .base = live };
	if (!r.x) {
		tap_ok(false, "%s: a format this test knows", fe->name);
		return;
	}
	struct axvcpu_stage2_config cfg = { 0 };
	tap_is(axvcpu_stage2_create(&rec_backend, &cfg, &r.s2), 0, "%s: create",
	       fe->name);
	if (!r.s2)
		return;
	unsigned levels = axvcpu_stage2_levels(r.s2);
	r.space = axvcpu_stage2_size(r.s2);
	tap_is(levels, r.x->levels, "%s: levels", fe->name);
	tap_is(r.space, 1ull << r.x->size_bits, "%s: address-space size",
	       fe->name);
	unsigned root_bits = r.x->size_bits - 12 - 9 * (levels - 1);
	r.root_frames = (unsigned)root_frames_of(root_bits);
	cur_root = axvcpu_stage2_root(r.s2);
	cur_layout =
	    (struct walk_layout){ walk_family_of(fe->name), levels, root_bits };
	tap_ok(cur_root && !(cur_root % (r.root_frames * AXVCPU_FRAME_SIZE)),
	       "%s: root of %u frame(s), aligned to its size", fe->name,
	       r.root_frames);
	tables_match(&r, "empty");

	/* Leaf sizes follow the alignment of both addresses. */
	tap_is(map(&r, 0x1000, 0x5000, 0x3000, RW), 0, "%s: map 12 KiB",
	       fe->name);
	tap_is(leaf_at(0x2000), 4 * KIB, "%s: ... as 4 KiB pages", fe->name);
	tap_is(map(&r, 0x200000, 0x40000000, 2 * MIB, RWX), 0,
	       "%s: map 2 MiB, both aligned", fe->name);
	tap_is(leaf_at(0x200000), 2 * MIB, "%s: ... one 2 MiB leaf", fe->name);
	tap_is(map(&r, 0x400000, 0x40201000, 2 * MIB, RX), 0,
	       "%s: map 2 MiB, hpa 4 KiB off", fe->name);
	tap_is(leaf_at(0x500000), 4 * KIB, "%s: ... as pages", fe->name);
	uint64_t m0 = 3 * GIB;
	tap_is(map(&r, m0 + 2 * MIB - 8 * KIB, 0x80000000 + 2 * MIB - 8 * KIB,
		   2 * MIB + 20 * KIB, RW | AXVCPU_STAGE2_DEVICE),
	       0, "%s: map a range around a 2 MiB boundary, device", fe->name);
	tap_ok(leaf_at(m0 + 2 * MIB - 4 * KIB) == 4 * KIB &&
		   leaf_at(m0 + 2 * MIB) == 2 * MIB &&
		   leaf_at(m0 + 4 * MIB + 8 * KIB) == 4 * KIB,
	       "%s: ... pages, one 2 MiB leaf, pages", fe->name);
	/* Every larger leaf the format has. */
	for (unsigned l = 2; l < levels; l++) {
		if (!(r.x->leaf_levels >> l & 1))
			continue;
		uint64_t span = 1ull << (12 + 9 * l);
		tap_is(map(&r, span, 2 * span, span, RWX), 0,
		       "%s: map one %#llx-byte aligned range", fe->name,
		       (unsigned long long)span);
		tap_is(leaf_at(span + span / 2), span, "%s: ... one leaf",
		       fe->name);
	}
	tables_match(&r, "after the maps");
	test_refusals(&r);

	/* A split: a page out of the middle of the largest leaf. */
	uint64_t big = r.x->leaf_levels & 4 ? GIB : 2 * MIB;
	uint64_t big_gpa = big == GIB ? GIB : 0x200000;
	unsigned calls = atomic_load(&tlb_calls);
	long before = atomic_load(&live);
	tlb_live = 0;
	tap_is(unmap(&r, big_gpa + big / 2 + 4 * KIB, 4 * KIB), 0,
	       "%s: unmap a page inside a %s leaf", fe->name,
	       big == GIB ? "1 GiB" : "2 MiB");
	unsigned splits = big == GIB ? 2 : 1;
	tap_is(atomic_load(&live) - before, splits,
	       "%s: ... %u table(s) made by the split", fe->name, splits);
	tap_is(atomic_load(&tlb_calls) - calls, r.x->bbm ? splits + 1 : 1,
	       "%s: ... TLB hook %s", fe->name,
	       r.x->bbm ? "per replaced leaf and after" : "once, after");
	tap_is(tlb_live, 0, "%s: ... each hook call saw its range unmapped",
	       fe->name);
	if (big == GIB)
		tap_ok(leaf_at(big_gpa) == 2 * MIB &&
			   leaf_at(big_gpa + big / 2) == 4 * KIB &&
			   leaf_at(big_gpa + big / 2 + 4 * KIB) == 0,
		       "%s: ... 2 MiB leaves, pages around the hole", fe->name);
	tables_match(&r, "after the split");
	/* Unmapping the rest of that 2 MiB gives its page table back. */
	before = atomic_load(&live);
	tap_is(unmap(&r, (big_gpa + big / 2) & ~(2 * MIB - 1), 2 * MIB), 0,
	       "%s: unmap the rest of the split 2 MiB", fe->name);
	tap_is(atomic_load(&live) - before, -1,
	       "%s: ... its emptied page table went back", fe->name);
	tables_match(&r, "after emptying a table");

	/* Holes are fine; then running out of memory everywhere. */
	tap_is(unmap(&r, 0, 8 * MIB), 0, "%s: unmap [0, 8 MiB) with holes",
	       fe->name);
	tables_match(&r, "after unmapping with holes");
	uint64_t g = 6 * GIB + 4 * KIB; /* inside even the 8 GiB space */
	test_nomem_map(&r, g, 0x12345000, 2 * MIB + 8 * KIB);
	uint64_t s = r.x->leaf_levels & 4 ? GIB : 2 * MIB;
	tap_is(map(&r, 4 * GIB, 4 * GIB, s, RWX), 0, "%s: map a %s leaf",
	       fe->name, s == GIB ? "1 GiB" : "2 MiB");
	test_nomem_unmap(&r, 4 * GIB + s / 2 + 4 * KIB, 4 * KIB,
			 s == GIB ? 2 : 1);
	tap_is(map(&r, 4 * GIB + s / 2 + 4 * KIB, 0x777000, 4 * KIB, RX), 0,
	       "%s: map the hole again (another hpa)", fe->name);
	tables_match(&r, "after filling the hole");

	/* Everything away: back to the object and its root. */
	calls = atomic_load(&tlb_calls);
	tlb_live = 0;
	tap_is(unmap(&r, 0, r.space), 0, "%s: unmap the whole space", fe->name);
	tap_ok(atomic_load(&tlb_calls) > calls && tlb_live == 0,
	       "%s: ... after the TLB hook", fe->name);
	tap_is(atomic_load(&live), r.base + 1 + r.root_frames,
	       "%s: ... every table frame back", fe->name);
	tables_match(&r, "after unmapping everything");

	/* Destroy with mappings in place. */
	map(&r, 0x1000, 0x1000, 64 * MIB, RWX);
	map(&r, 2 * GIB, 0x3000, 4 * MIB, RW);
	tap_is(axvcpu_stage2_destroy(r.s2), 0, "%s: destroy (still mapped)",
	       fe->name);
	tap_is(atomic_load(&live), r.base, "%s: ... every frame back",
	       fe->name);
	tap_is(atomic_load(&runs), 0, "%s: ... roots given back as runs",
	       fe->name);
	walk_model_free(&r.m);
}

/* ---- the API itself -------------------------------------------------------
 */

static void test_no_hal(void)
{
	struct axvcpu_stage2_config cfg = { 0 };
	struct axvcpu_stage2 *s2 = (struct axvcpu_stage2 *)&cfg;
	cur = &stage2_formats[0];
	tap_is(axvcpu_stage2_create(&rec_backend, &cfg, &s2), AXVCPU_EBADSTATE,
	       "create without a HAL");
	tap_ok(s2 == NULL, "... *out NULL");
}

/* An implementation of its own: records what reaches it. */
static unsigned own_calls, own_size_bits = 40;
static uint64_t own_last_gpa, own_last_size;
static int own_create(const struct axvcpu_stage2_config *cfg, void **priv,
		      unsigned *size_bits)
{
	(void)cfg;
	*priv = &own_calls;
	*size_bits = own_size_bits;
	own_calls++;
	return 0;
}
static void own_destroy(void *priv)
{
	(*(unsigned *)priv) += 100;
}
static int own_map(void *priv, axvcpu_gpa_t gpa, axvcpu_hpa_t hpa,
		   uint64_t size, uint32_t perm)
{
	(void)hpa;
	(void)perm;
	(*(unsigned *)priv)++;
	own_last_gpa = gpa;
	own_last_size = size;
	return 0;
}
static int own_unmap(void *priv, axvcpu_gpa_t gpa, uint64_t size)
{
	(*(unsigned *)priv)++;
	own_last_gpa = gpa;
	own_last_size = size;
	return 0;
}
static int own_lookup(void *priv, axvcpu_gpa_t gpa, axvcpu_hpa_t *hpa,
		      uint32_t *perm, uint64_t *leaf_size)
{
	(*(unsigned *)priv)++;
	*hpa = gpa + 0x1000;
	*perm = RW;
	*leaf_size = 4096;
	return gpa == 0x5000 ? AXVCPU_ENOTFOUND : 0;
}
static const struct axvcpu_stage2_ops own_ops = {
	.create = own_create,
	.destroy = own_destroy,
	.map = own_map,
	.unmap = own_unmap,
	.lookup = own_lookup,
};
static const struct axvcpu_backend own_backend = { .name = "own",
						   .stage2 = &own_ops };
static const struct axvcpu_stage2_ops half_ops = { .map = own_map };
static const struct axvcpu_backend half_backend = { .name = "half",
						    .stage2 = &half_ops };

/* A format the walker cannot serve (no decode). */
static int broken_format(const struct axvcpu_stage2_config *cfg,
			 struct axvcpu_stage2_format *fmt)
{
	int err = x86_ept_format_fill(cfg->levels, cfg->addr_bits, fmt);
	fmt->decode = NULL;
	return err;
}
static const struct axvcpu_stage2_ops broken_ops = { .format = broken_format };
static const struct axvcpu_backend broken_backend = { .name = "broken",
						      .stage2 = &broken_ops };

static void test_api(void)
{
	long base = atomic_load(&live);
	struct axvcpu_stage2_config cfg = { 0 };
	struct axvcpu_stage2 *s2 = (struct axvcpu_stage2 *)&cfg;
	cur = &stage2_formats[0];
	tap_is(axvcpu_stage2_create(NULL, &cfg, &s2), AXVCPU_EINVAL,
	       "create: NULL backend");
	tap_ok(s2 == NULL, "... *out NULL on error");
	tap_is(axvcpu_stage2_create(&rec_backend, NULL, &s2), AXVCPU_EINVAL,
	       "create: NULL config");
	tap_is(axvcpu_stage2_create(&rec_backend, &cfg, NULL), AXVCPU_EINVAL,
	       "create: NULL out");
	cfg.flags = 1;
	tap_is(axvcpu_stage2_create(&rec_backend, &cfg, &s2), AXVCPU_EINVAL,
	       "create: nonzero flags");
	cfg.flags = 0;
	cfg.reserved = 1;
	tap_is(axvcpu_stage2_create(&rec_backend, &cfg, &s2), AXVCPU_EINVAL,
	       "create: nonzero reserved");
	cfg.reserved = 0;
	tap_is(axvcpu_stage2_create(&mock_backend, &cfg, &s2),
	       AXVCPU_EUNSUPPORTED, "create: a backend without stage 2");
	tap_is(axvcpu_stage2_create(&half_backend, &cfg, &s2), AXVCPU_EINVAL,
	       "create: ops with neither a format nor every own op");
	tap_is(axvcpu_stage2_create(&broken_backend, &cfg, &s2),
	       AXVCPU_EUNSUPPORTED, "create: a format the walker cannot use");
	cfg.levels = 2;
	tap_is(axvcpu_stage2_create(&rec_backend, &cfg, &s2), AXVCPU_EINVAL,
	       "create: the format's refusal (Sv39x4 with 2 levels)");
	cfg.levels = 0;
	fail_arm(1);
	tap_is(axvcpu_stage2_create(&rec_backend, &cfg, &s2), AXVCPU_ENOMEM,
	       "create: no frame for the object");
	fail_arm(2);
	tap_is(axvcpu_stage2_create(&rec_backend, &cfg, &s2), AXVCPU_ENOMEM,
	       "create: no frames for the root");
	fail_arm(0);
	tap_is(atomic_load(&live), base, "create failures leaked nothing");

	tap_is(axvcpu_stage2_map(NULL, 0, 0, 4096, RW), AXVCPU_EINVAL,
	       "map NULL");
	tap_is(axvcpu_stage2_unmap(NULL, 0, 4096), AXVCPU_EINVAL, "unmap NULL");
	tap_is(axvcpu_stage2_lookup(NULL, 0, NULL, NULL, NULL), AXVCPU_EINVAL,
	       "lookup NULL");
	tap_is(axvcpu_stage2_destroy(NULL), AXVCPU_EINVAL, "destroy NULL");
	tap_ok(!axvcpu_stage2_root(NULL) && !axvcpu_stage2_levels(NULL) &&
		   !axvcpu_stage2_size(NULL),
	       "root/levels/size of NULL: 0");

	/* Busy: every call that takes it answers EBUSY, changing nothing. */
	tap_is(axvcpu_stage2_create(&rec_backend, &cfg, &s2), 0, "create");
	tap_is(axvcpu_stage2_map(s2, 0x1000, 0x2000, 4096, RW), 0, "map");
	atomic_store(&s2->busy, 1);
	tap_is(axvcpu_stage2_map(s2, 0x3000, 0x2000, 4096, RW), AXVCPU_EBUSY,
	       "map while busy");
	tap_is(axvcpu_stage2_unmap(s2, 0x1000, 4096), AXVCPU_EBUSY,
	       "unmap while busy");
	axvcpu_hpa_t h = 7;
	tap_is(axvcpu_stage2_lookup(s2, 0x1000, &h, NULL, NULL), AXVCPU_EBUSY,
	       "lookup while busy");
	tap_is(h, 7, "... *hpa untouched");
	tap_is(axvcpu_stage2_destroy(s2), AXVCPU_EBUSY, "destroy while busy");
	atomic_store(&s2->busy, 0);
	tap_ok(axvcpu_stage2_lookup(s2, 0x1000, &h, NULL, NULL) == 0 &&
		   h == 0x2000,
	       "the mapping survived the busy calls");
	tap_is(axvcpu_stage2_lookup(s2, 0x3000, &h, NULL, NULL),
	       AXVCPU_ENOTFOUND, "lookup unmapped: ENOTFOUND");
	tap_is(axvcpu_hal_register(&hal_single), AXVCPU_EBUSY,
	       "another HAL while an address space lives");
	tap_is(axvcpu_stage2_destroy(s2), 0, "destroy");
	tap_is(atomic_load(&live), base, "all frames back");

	/* Own implementation: checked calls reach it, root and levels 0. */
	own_calls = 0;
	tap_is(axvcpu_stage2_create(&own_backend, &cfg, &s2), 0,
	       "own implementation: create");
	tap_ok(!axvcpu_stage2_root(s2) && !axvcpu_stage2_levels(s2) &&
		   axvcpu_stage2_size(s2) == 1ull << 40,
	       "own implementation: root 0, levels 0, its size");
	tap_is(axvcpu_stage2_map(s2, 0x1800, 0x1000, 4096, RW), AXVCPU_EINVAL,
	       "own implementation: a misaligned map is refused first");
	tap_is(axvcpu_stage2_map(s2, 1ull << 40, 0x1000, 4096, RW),
	       AXVCPU_EINVAL, "... past its size too");
	tap_is(axvcpu_stage2_map(s2, 0x1000, 0x1000, 4096, 0x40), AXVCPU_EINVAL,
	       "... and unknown perm bits");
	tap_is(own_calls, 1, "... none of them reached it");
	tap_ok(axvcpu_stage2_map(s2, 0x2000, 0x1000, 8192, RW) == 0 &&
		   own_last_gpa == 0x2000 && own_last_size == 8192,
	       "own implementation: map reaches it");
	tap_ok(axvcpu_stage2_unmap(s2, 0x3000, 4096) == 0 &&
		   own_last_gpa == 0x3000 && own_last_size == 4096,
	       "own implementation: unmap reaches it");
	uint32_t p = 0;
	uint64_t ls = 0;
	tap_ok(axvcpu_stage2_lookup(s2, 0x4000, &h, &p, &ls) == 0 &&
		   h == 0x5000 && p == RW && ls == 4096,
	       "own implementation: lookup reaches it");
	tap_is(axvcpu_stage2_lookup(s2, 0x5000, &h, &p, &ls), AXVCPU_ENOTFOUND,
	       "own implementation: its ENOTFOUND");
	tap_is(axvcpu_stage2_destroy(s2), 0, "own implementation: destroy");
	tap_is(own_calls, 105, "... its destroy ran");
	own_size_bits = 70;
	tap_is(axvcpu_stage2_create(&own_backend, &cfg, &s2),
	       AXVCPU_EUNSUPPORTED, "own implementation: a size too wide");
	own_size_bits = 40;
	tap_is(atomic_load(&live), base, "... and no frame left behind");
}

/* The HAL without alloc_frames: one-frame roots still work. */
static void test_single_frames(void)
{
	tap_is(axvcpu_hal_register(&hal_single), 0,
	       "register a HAL without alloc_frames");
	struct axvcpu_stage2_config cfg = { 0 };
	struct axvcpu_stage2 *s2 = NULL;
	for (unsigned i = 0; i < stage2_format_count; i++) {
		cur = &stage2_formats[i];
		const struct expect *x = expect_of(cur->name);
		unsigned rb = x->size_bits - 12 - 9 * (x->levels - 1);
		int want = rb > 9 ? AXVCPU_EUNSUPPORTED : 0;
		int err = axvcpu_stage2_create(&rec_backend, &cfg, &s2);
		tap_is(err, want, "%s without alloc_frames: %s", cur->name,
		       want ? "EUNSUPPORTED (multi-frame root)" : "works");
		if (!err) {
			tap_is(axvcpu_stage2_map(s2, 0, 0, 4 * MIB, RWX), 0,
			       "%s: ... maps", cur->name);
			axvcpu_stage2_destroy(s2);
		}
	}
	tap_is(atomic_load(&live), 0, "no frame left");
	tap_is(axvcpu_hal_register(&hal_misaligned), 0,
	       "register a HAL whose runs are misaligned");
	cur = &stage2_formats[0];
	tap_is(axvcpu_stage2_create(&rec_backend, &cfg, &s2), AXVCPU_ENOMEM,
	       "a misaligned root run: ENOMEM, not a corrupt table");
	tap_is(atomic_load(&live), 0, "... and the run went back");
	tap_is(axvcpu_hal_register(&hal_full), 0, "the full HAL again");
}

/* Threads: map, look up and unmap at once; the losers get EBUSY. */
#define THREADS 4
#define PAGES 48
static struct axvcpu_stage2 *thr_s2;
static _Atomic long thr_busy;

static int retry(int (*op)(void *), void *arg)
{
	int err;
	while ((err = op(arg)) == AXVCPU_EBUSY)
		atomic_fetch_add(&thr_busy, 1);
	return err;
}

struct thr_op {
	uint64_t gpa;
	bool unmap;
};

static int thr_do(void *arg)
{
	struct thr_op *o = arg;
	if (o->unmap)
		return axvcpu_stage2_unmap(thr_s2, o->gpa, 4096);
	return axvcpu_stage2_map(thr_s2, o->gpa, o->gpa + 0x100000000ull, 4096,
				 RW);
}

static int thr_look(void *arg)
{
	axvcpu_hpa_t h = 0;
	int err =
	    axvcpu_stage2_lookup(thr_s2, *(uint64_t *)arg, &h, NULL, NULL);
	if (!err && h != *(uint64_t *)arg + 0x100000000ull)
		return -100;
	return err == AXVCPU_ENOTFOUND ? 0 : err;
}

static void *thr_main(void *arg)
{
	unsigned t = (unsigned)(uintptr_t)arg;
	long bad = 0;
	for (int round = 0; round < 4; round++) {
		for (unsigned i = 0; i < PAGES; i++) {
			/* Threads share 2 MiB tables: pages interleave. */
			struct thr_op o = { (i * THREADS + t) * 4096ull,
					    false };
			bad += retry(thr_do, &o) != 0;
			uint64_t g = ((i + 1) * THREADS + t) * 4096ull;
			bad += retry(thr_look, &g) != 0;
		}
		for (unsigned i = 0; i < PAGES; i++) {
			struct thr_op o = { (i * THREADS + t) * 4096ull, true };
			bad += retry(thr_do, &o) != 0;
		}
	}
	return (void *)(uintptr_t)bad;
}

static void test_threads(void)
{
	long base = atomic_load(&live);
	struct axvcpu_stage2_config cfg = { 0 };
	cur = &stage2_formats[1]; /* sv48x4 */
	tap_is(axvcpu_stage2_create(&rec_backend, &cfg, &thr_s2), 0,
	       "threads: create");
	pthread_t th[THREADS];
	for (unsigned t = 0; t < THREADS; t++)
		pthread_create(&th[t], NULL, thr_main, (void *)(uintptr_t)t);
	long bad = 0;
	for (unsigned t = 0; t < THREADS; t++) {
		void *r;
		pthread_join(th[t], &r);
		bad += (long)(uintptr_t)r;
	}
	tap_is(bad, 0,
	       "threads: every call succeeded after its EBUSY "
	       "retries (%ld retries)",
	       atomic_load(&thr_busy));
	tap_is(atomic_load(&live), base + 1 + 4,
	       "threads: all unmapped, only the object and root held");
	tap_is(axvcpu_stage2_destroy(thr_s2), 0, "threads: destroy");
}

/* ---- config resolution and register values --------------------------------
 */

static void test_riscv_config(void)
{
	struct axvcpu_stage2_format f;
	struct axvcpu_stage2_config c = { 0 };
	tap_ok(!rv_stage2_format_fill(&c, 4, &f) && f.levels == 4,
	       "rv: levels 0 on an Sv48x4 hart: Sv48x4");
	tap_ok(!rv_stage2_format_fill(&c, 3, &f) && f.levels == 3 &&
		   f.root_bits == 11,
	       "rv: levels 0 on an Sv39x4-only hart: Sv39x4, 2048-entry root");
	c.addr_bits = 41;
	tap_ok(!rv_stage2_format_fill(&c, 4, &f) && f.levels == 3,
	       "rv: 41 address bits: Sv39x4");
	c.addr_bits = 42;
	tap_ok(!rv_stage2_format_fill(&c, 3, &f) && f.levels == 4,
	       "rv: 42 address bits: Sv48x4");
	c.addr_bits = 51;
	tap_is(rv_stage2_format_fill(&c, 4, &f), AXVCPU_EUNSUPPORTED,
	       "rv: 51 address bits (Sv57x4): EUNSUPPORTED");
	c.addr_bits = 45;
	c.levels = 3;
	tap_is(rv_stage2_format_fill(&c, 4, &f), AXVCPU_EINVAL,
	       "rv: 3 levels cannot hold 45 bits");
	c.addr_bits = 0;
	c.levels = 2;
	tap_is(rv_stage2_format_fill(&c, 4, &f), AXVCPU_EINVAL,
	       "rv: 2 levels: EINVAL");
	c.levels = 5;
	tap_is(rv_stage2_format_fill(&c, 4, &f), AXVCPU_EUNSUPPORTED,
	       "rv: 5 levels: EUNSUPPORTED");
}

static void test_arm_config(void)
{
	struct axvcpu_stage2_format f;
	struct {
		unsigned ipa, levels, cpu, want_levels, want_root;
		int err;
	} cases[] = {
		{ 40, 0, 0, 3, 10, 0 }, /* two concatenated tables */
		{ 43, 0, 0, 3, 13, 0 }, /* sixteen */
		{ 44, 0, 0, 4, 5, 0 },  /* 32 would be too many */
		{ 48, 0, 0, 4, 9, 0 },
		{ 32, 0, 0, 2, 11, 0 },
		{ 34, 0, 0, 2, 13, 0 },
		{ 36, 0, 0, 3, 6, 0 },
		{ 25, 0, 0, 2, 4, 0 },
		{ 40, 4, 0, 4, 1, 0 }, /* a 2-entry level-0 root */
		{ 0, 0, 0, 3, 10, 0 }, /* default: 40 bits */
		{ 0, 0, 44, 4, 5, 0 }, /* the CPU's PA size */
		{ 0, 3, 0, 3, 13, 0 }, /* the most 3 levels reach */
		{ 0, 4, 42, 4, 3, 0 }, /* ... capped by the CPU */
		{ 40, 2, 0, 0, 0, AXVCPU_EINVAL },
		{ 30, 4, 0, 0, 0, AXVCPU_EINVAL },
		{ 24, 0, 0, 0, 0, AXVCPU_EINVAL },
		{ 49, 0, 0, 0, 0, AXVCPU_EUNSUPPORTED },
		{ 40, 1, 0, 0, 0, AXVCPU_EUNSUPPORTED },
		{ 44, 0, 40, 0, 0, AXVCPU_EINVAL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int err = a64_stage2_format_fill(cases[i].ipa, cases[i].levels,
						 cases[i].cpu, &f);
		tap_ok(err == cases[i].err &&
			   (err || (f.levels == cases[i].want_levels &&
				    f.root_bits == cases[i].want_root)),
		       "arm: ipa %u levels %u cpu %u -> %d, %u levels, %u "
		       "root bits",
		       cases[i].ipa, cases[i].levels, cases[i].cpu, err,
		       err ? 0 : f.levels, err ? 0 : f.root_bits);
	}
	uint64_t v = 0;
	tap_ok(!a64_stage2_vtcr(3, 40, 40, &v) && v == 0x80023558ull,
	       "arm: VTCR_EL2 of 3 levels, 40-bit IPA, 40-bit PA: %#llx",
	       (unsigned long long)v);
	tap_ok(!a64_stage2_vtcr(4, 48, 48, &v) && v == 0x80053590ull,
	       "arm: VTCR_EL2 of 4 levels, 48-bit IPA and PA: %#llx",
	       (unsigned long long)v);
	tap_ok(!a64_stage2_vtcr(2, 32, 32, &v) && v == 0x80003520ull,
	       "arm: VTCR_EL2 of 2 levels, 32-bit IPA and PA: %#llx",
	       (unsigned long long)v);
	tap_is(a64_stage2_vtcr(3, 40, 41, &v), AXVCPU_EINVAL,
	       "arm: VTCR_EL2 for a PA size it has no code for");
	tap_is(a64_stage2_vtcr(2, 40, 40, &v), AXVCPU_EINVAL,
	       "arm: VTCR_EL2 for a layout with 2^19 root entries");
}

static void test_x86_config(void)
{
	struct axvcpu_stage2_format f;
	tap_ok(!x86_ept_format_fill(0, 0, &f) && f.levels == 4 &&
		   f.root_bits == 9,
	       "ept: 4 levels");
	tap_is(x86_ept_format_fill(5, 0, &f), AXVCPU_EUNSUPPORTED,
	       "ept: 5 levels: EUNSUPPORTED");
	tap_is(x86_ept_format_fill(0, 52, &f), AXVCPU_EUNSUPPORTED,
	       "ept: 52 bits: EUNSUPPORTED");
	tap_is(x86_ept_format_fill(3, 0, &f), AXVCPU_EINVAL,
	       "ept: 3 levels: EINVAL");
	tap_is(x86_ept_eptp(0x12345000), 0x1234501eull,
	       "ept: EPTP = root | walk length 4 | write-back");
	tap_ok(!x86_npt_format_fill(4, 48, &f) && f.levels == 4,
	       "npt: 4 levels, 48 bits");
	tap_is(x86_npt_format_fill(5, 0, &f), AXVCPU_EUNSUPPORTED,
	       "npt: 5 levels: EUNSUPPORTED");
	tap_is(x86_npt_ncr3(0x12345000), 0x12345000ull,
	       "npt: nCR3 = root, write-back walks");
}

int main(void)
{
	test_no_hal();
	if (axvcpu_hal_register(&hal_full)) {
		printf("Bail out! HAL registration\n");
		return 2;
	}
	test_api();
	for (unsigned i = 0; i < stage2_format_count; i++)
		test_format(&stage2_formats[i]);
	test_single_frames();
	test_threads();
	test_riscv_config();
	test_arm_config();
	test_x86_config();
	tap_is(atomic_load(&live), 0, "no frame leaked");
	return tap_done(0);
}
