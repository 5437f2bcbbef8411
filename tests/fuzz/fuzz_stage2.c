/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer: random map/unmap/lookup sequences on every stage-2 table
 * format against a plain interval model. After each step the tables,
 * walked in software from the root (tests/core/stage2_walk.h, not the
 * library's decode), must be the model exactly, hold no reserved or
 * faulting encodings and no empty table, use no frame the tree does not
 * account for, and agree with axvcpu_stage2_lookup(). Steps may run with
 * the HAL failing its Nth allocation: then the call either succeeds or
 * answers ENOMEM with nothing changed. Any difference aborts.
 *
 * Input: a format selector byte, then steps of a few bytes each.
 */
#include "tests/core/stage2_walk.h"
#include "tests/fuzz/fuzz_input.h"

#include "src/arch/stage2_formats.h"

#include <axvcpu/axvcpu.h>
#include <stdatomic.h>

#define GIB (1ull << 30)
#define MIB (1ull << 20)
#define MAX_STEPS 48

static _Atomic long live;
static long nallocs, fail_nth;

static bool f_alloc_run(size_t count, size_t align, axvcpu_hpa_t *pa)
{
	if (fail_nth && ++nallocs == fail_nth)
		return false;
	void *p = NULL;
	if (posix_memalign(&p, align, count * AXVCPU_FRAME_SIZE))
		return false;
	memset(p, 0, count * AXVCPU_FRAME_SIZE);
	live += (long)count;
	*pa = (axvcpu_hpa_t)(uintptr_t)p;
	return true;
}

static bool f_alloc_frame(axvcpu_hpa_t *pa)
{
	return f_alloc_run(1, AXVCPU_FRAME_SIZE, pa);
}

static void f_dealloc_frames(axvcpu_hpa_t pa, size_t count)
{
	live -= (long)count;
	free((void *)(uintptr_t)pa);
}

static void f_dealloc_frame(axvcpu_hpa_t pa)
{
	f_dealloc_frames(pa, 1);
}

static void *f_p2v(axvcpu_hpa_t pa)
{
	return (void *)(uintptr_t)pa;
}

static axvcpu_hpa_t f_v2p(const void *va)
{
	return (axvcpu_hpa_t)(uintptr_t)va;
}

static unsigned f_cpu(void)
{
	return 0;
}

static const struct axvcpu_hal f_hal = {
	.alloc_frame = f_alloc_frame,
	.dealloc_frame = f_dealloc_frame,
	.phys_to_virt = f_p2v,
	.virt_to_phys = f_v2p,
	.current_cpu_id = f_cpu,
	.alloc_frames = f_alloc_run,
	.dealloc_frames = f_dealloc_frames,
};

struct fz {
	struct axvcpu_stage2 *s2;
	struct walk_layout layout;
	axvcpu_hpa_t root;
	uint64_t space;
	unsigned root_frames, pa_bits;
	struct walk_model m;
};

static void fz_fail(const char *what, const char *why)
{
	fprintf(stderr, "fuzz_stage2: %s: %s\n", what, why);
	abort();
}

/* What the format itself refuses (beyond the core's checks). */
static bool fz_perm_ok(const struct fz *f, uint32_t perm)
{
	bool r = perm & AXVCPU_STAGE2_READ, w = perm & AXVCPU_STAGE2_WRITE;
	switch (f->layout.fam) {
	case WALK_RV:
	case WALK_EPT:
		return !(w && !r);
	case WALK_NPT:
		return r;
	default:
		return true;
	}
}

static void fz_check(struct fz *f, const char *step)
{
	struct walk_dump d = { 0 };
	walk_dump(&f->layout, f->root, &d);
	char why[256];
	if (d.bad)
		fz_fail(step, d.why);
	if (!walk_same(&d, &f->m, why, sizeof(why)))
		fz_fail(step, why);
	if (live != 1 + (long)f->root_frames + (long)d.tables) {
		snprintf(why, sizeof(why), "%ld frames held, tree needs %u",
			 (long)live, 1 + f->root_frames + d.tables);
		fz_fail(step, why);
	}
	/* Lookup at leaves' edges and just past them (some 64 leaves). */
	for (size_t i = 0; i < d.n; i += d.n / 64 + 1) {
		const struct walk_leaf *l = &d.v[i];
		uint64_t probe[2] = { l->gpa, l->gpa + l->size - 8 };
		for (int k = 0; k < 2; k++) {
			axvcpu_hpa_t h = 0;
			uint32_t p = 0;
			uint64_t ls = 0;
			if (axvcpu_stage2_lookup(f->s2, probe[k], &h, &p,
						 &ls) ||
			    h != l->hpa + (probe[k] - l->gpa) || p != l->perm ||
			    ls != l->size)
				fz_fail(step, "lookup differs from the walk");
		}
		uint64_t past = l->gpa + l->size;
		if (past < f->space && !walk_find(&d, past) &&
		    axvcpu_stage2_lookup(f->s2, past, NULL, NULL, NULL) !=
			AXVCPU_ENOTFOUND)
			fz_fail(step, "lookup finds an unmapped page");
	}
	walk_free(&d);
}

/* A page-aligned quantity in one of three units. */
static uint64_t fz_unit(uint8_t sel)
{
	static const uint64_t units[4] = { 4096, 2 * MIB, GIB, 4096 };
	return units[sel & 3];
}

static void fz_step(struct fz *f, struct in *in)
{
	uint8_t op = take8(in);
	uint8_t sel = take8(in);
	uint64_t unit = fz_unit(sel);
	uint64_t window = f->space < 8 * GIB ? f->space : 8 * GIB;
	uint64_t gpa = (take16(in) * unit) % window;
	if (sel & 0x40) /* near the end of the space: the range checks */
		gpa = f->space - unit * ((sel >> 2) & 3);
	uint64_t count = (take8(in) % 8) + 1;
	uint64_t size = count * fz_unit(sel >> 4);
	if (sel & 0x80)
		size += 4096; /* a ragged end */
	/* hpa: as aligned as gpa, 2 MiB or 4 KiB apart from it. */
	static const uint64_t shifts[4] = { 0, 3 * GIB, 5 * 2 * MIB, 7 * 4096 };
	uint8_t h = take8(in);
	uint64_t hpa = gpa + shifts[h & 3] + (uint64_t)(h >> 2) * GIB;
	if ((h & 3) == 3 && size > 64 * MIB)
		size = 64 * MIB; /* 4 KiB leaves: keep the tables small */
	uint32_t perm = take8(in) & 0x1f;
	long nth = (op & 0x8) ? (op >> 4) + 1 : 0;
	bool range_ok = size && gpa < f->space && size <= f->space - gpa;

	nallocs = 0;
	fail_nth = nth;
	if ((op & 3) == 0 || (op & 3) == 3) {
		uint32_t p = perm & AXVCPU_STAGE2_PERM_ALL;
		if (!(p & 7))
			p |= AXVCPU_STAGE2_READ;
		if ((op & 3) == 3)
			perm = p; /* mostly valid ones */
		bool ok = range_ok && !(perm & ~AXVCPU_STAGE2_PERM_ALL) &&
			  (perm & 7) && fz_perm_ok(f, perm) &&
			  hpa + size <= (1ull << f->pa_bits) &&
			  !walk_model_overlaps(&f->m, gpa, size);
		int err = axvcpu_stage2_map(f->s2, gpa, hpa, size, perm);
		fail_nth = 0;
		if (err == AXVCPU_ENOMEM && nth && ok) {
			fz_check(f, "map ENOMEM");
			return;
		}
		if (err != (ok ? 0 : AXVCPU_EINVAL))
			fz_fail("map", axvcpu_error_name(err));
		if (!err)
			walk_model_add(&f->m, gpa, hpa, size, perm);
		fz_check(f, "map");
	} else if ((op & 3) == 1) {
		int err = axvcpu_stage2_unmap(f->s2, gpa, size);
		fail_nth = 0;
		if (err == AXVCPU_ENOMEM && nth && range_ok) {
			fz_check(f, "unmap ENOMEM");
			return;
		}
		if (err != (range_ok ? 0 : AXVCPU_EINVAL))
			fz_fail("unmap", axvcpu_error_name(err));
		if (!err)
			walk_model_remove(&f->m, gpa, size);
		fz_check(f, "unmap");
	} else {
		fail_nth = 0;
		/* A lookup of any address agrees with the model. */
		uint64_t probe = gpa + (size & ~0xfffull) / 2;
		axvcpu_hpa_t got = 0;
		uint32_t p = 0;
		int err = axvcpu_stage2_lookup(f->s2, probe, &got, &p, NULL);
		const struct walk_leaf *r = NULL;
		for (size_t i = 0; i < f->m.n; i++)
			if (probe >= f->m.v[i].gpa &&
			    probe - f->m.v[i].gpa < f->m.v[i].size)
				r = &f->m.v[i];
		if (r ? (err || got != r->hpa + (probe - r->gpa) ||
			 p != r->perm)
		      : err != AXVCPU_ENOTFOUND)
			fz_fail("lookup", "differs from the model");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool registered;
	if (!registered) {
		if (axvcpu_hal_register(&f_hal))
			abort();
		registered = true;
	}
	struct in in = { data, size };
	const struct stage2_format_entry *fe =
	    &stage2_formats[take8(&in) % stage2_format_count];
	struct axvcpu_stage2_config cfg = { 0 };
	struct fz f = { 0 };
	if (axvcpu_stage2_create(fe->backend, &cfg, &f.s2))
		fz_fail(fe->name, "create");
	f.space = axvcpu_stage2_size(f.s2);
	f.root = axvcpu_stage2_root(f.s2);
	unsigned levels = axvcpu_stage2_levels(f.s2);
	unsigned bits = (unsigned)__builtin_ctzll(f.space);
	unsigned root_bits = bits - 12 - 9 * (levels - 1);
	f.layout =
	    (struct walk_layout){ walk_family_of(fe->name), levels, root_bits };
	f.root_frames = root_bits > 9 ? 1u << (root_bits - 9) : 1;
	f.pa_bits = f.layout.fam == WALK_RV    ? 56
		    : f.layout.fam == WALK_ARM ? 48
					       : 52;
	for (int step = 0; step < MAX_STEPS && in.n; step++)
		fz_step(&f, &in);
	if (axvcpu_stage2_destroy(f.s2) || live != 0)
		fz_fail(fe->name, "destroy left frames behind");
	walk_model_free(&f.m);
	return 0;
}
