/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the guest memory map as a parser of ranges. A
 * byte-coded sequence of vmm_mem_add / remove / find / translate / covers /
 * read / write / fill / total with addresses and sizes biased to the edges (0,
 * 4 GiB, 2^64, the first and last byte of a region already added) is
 * checked against a brute-force reference computed in 128-bit arithmetic:
 * the same answer, regions sorted, disjoint and not wrapping, copies that
 * land exactly where the reference says, and refused copies that change
 * nothing.
 *
 * Regions the copies may touch are backed by SLAB-byte host buffers; adds
 * with arbitrary 64-bit sizes go to a scratch copy of the map that is
 * only queried, never copied into.
 */
#include "vmm/guest_mem.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"

#define SLAB 512u
#define NSLABS VMM_MEM_MAX_REGIONS
#define MAXLEN (3u * SLAB)

typedef unsigned __int128 u128;

static uint8_t slabs[NSLABS][SLAB];
static uint8_t before[NSLABS][SLAB];
static uint8_t pattern[MAXLEN], buf[MAXLEN];

static void check(int cond)
{
	if (!cond)
		abort();
}

/* An address near something interesting. */
static uint64_t take_addr(struct in *in, const struct vmm_mem *m)
{
	uint8_t b = take8(in);
	uint64_t d = take16(in);
	switch (b & 7) {
	case 0:
		return d;
	case 1:
		return UINT64_MAX - d;
	case 2:
		return 0x100000000ull - 0x8000 + d;
	case 3:
		return take64(in);
	default:
		if (m->count) {
			const struct vmm_mem_region *r =
			    &m->regions[(b >> 3) % m->count];
			/* Around its first or its last byte. */
			uint64_t at = (b & 1) ? r->gpa + (r->size - 1) : r->gpa;
			return at + d - 0x8000;
		}
		return d * 16;
	}
}

static uint64_t take_len(struct in *in)
{
	uint8_t b = take8(in);
	if (b == 0xff)
		return take64(in); /* queries only */
	return take16(in) % (MAXLEN + 1);
}

static u128 end_of(const struct vmm_mem_region *r)
{
	return (u128)r->gpa + r->size;
}

static const struct vmm_mem_region *ref_find(const struct vmm_mem *m,
					     uint64_t gpa)
{
	for (unsigned i = 0; i < m->count; i++)
		if (gpa >= m->regions[i].gpa && gpa < end_of(&m->regions[i]))
			return &m->regions[i];
	return NULL;
}

static bool ref_covers(const struct vmm_mem *m, uint64_t gpa, uint64_t len)
{
	u128 cur = gpa, end = (u128)gpa + len;
	while (cur < end) {
		if (cur > UINT64_MAX)
			return false;
		const struct vmm_mem_region *r = ref_find(m, (uint64_t)cur);
		if (!r)
			return false;
		cur = end_of(r);
	}
	return true;
}

/* What vmm_mem_add must answer, in its documented order. */
static int ref_add(const struct vmm_mem *m, uint64_t gpa, uint64_t size,
		   int kind)
{
	if (size == 0 || (u128)gpa + size > (u128)UINT64_MAX + 1)
		return AXVCPU_EINVAL;
	if (kind != VMM_MEM_RAM && kind != VMM_MEM_ROM)
		return AXVCPU_EINVAL;
	for (unsigned i = 0; i < m->count; i++) {
		const struct vmm_mem_region *r = &m->regions[i];
		if (gpa < end_of(r) && r->gpa < (u128)gpa + size)
			return AXVCPU_EINVAL;
	}
	return m->count == VMM_MEM_MAX_REGIONS ? AXVCPU_ENOMEM : 0;
}

static void invariants(const struct vmm_mem *m)
{
	check(m->count <= VMM_MEM_MAX_REGIONS);
	for (unsigned i = 0; i < m->count; i++) {
		const struct vmm_mem_region *r = &m->regions[i];
		check(r->size > 0 && end_of(r) <= (u128)UINT64_MAX + 1);
		if (i)
			check(end_of(&m->regions[i - 1]) <= r->gpa);
	}
}

/* Where guest byte `gpa` lives on the host (the reference's answer). */
static uint8_t *ref_host(const struct vmm_mem *m, uint64_t gpa)
{
	const struct vmm_mem_region *r = ref_find(m, gpa);
	return r->host + (gpa - r->gpa);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	struct vmm_mem m, scratch;
	unsigned slab = 0;

	memset(slabs, 0, sizeof(slabs));
	for (unsigned i = 0; i < MAXLEN; i++)
		pattern[i] = (uint8_t)(i * 7 + 1);
	vmm_mem_init(&m);

	while (in.n) {
		uint8_t op = take8(&in);
		uint64_t gpa = take_addr(&in, &m), len;
		int err, want;
		switch (op % 10) {
		case 0: { /* add a backed region */
			len = 1 + take16(&in) % SLAB;
			int kind = (op & 0x80) ? VMM_MEM_ROM : VMM_MEM_RAM;
			if (op & 0x40)
				kind = 2 + (op & 1); /* not a kind */
			if (slab == NSLABS)
				break;
			want = ref_add(&m, gpa, len, kind);
			err = vmm_mem_add(&m, gpa, len, slabs[slab],
					  (enum vmm_mem_kind)kind);
			check(err == want);
			if (!err)
				slab++;
			break;
		}
		case 1: /* add of any size to a copy that is only queried */
			scratch = m;
			len = take64(&in);
			want = ref_add(&scratch, gpa, len, VMM_MEM_RAM);
			err = vmm_mem_add(&scratch, gpa, len, slabs[0],
					  VMM_MEM_RAM);
			check(err == want);
			invariants(&scratch);
			gpa = take_addr(&in, &scratch);
			check(vmm_mem_find(&scratch, gpa) ==
			      ref_find(&scratch, gpa));
			len = take64(&in);
			check(vmm_mem_covers(&scratch, gpa, len) ==
			      ref_covers(&scratch, gpa, len));
			break;
		case 2:
			check(vmm_mem_find(&m, gpa) == ref_find(&m, gpa));
			break;
		case 3: { /* translate: one region, whole range */
			len = take_len(&in);
			const struct vmm_mem_region *r = ref_find(&m, gpa);
			uint8_t *want_p = NULL;
			if (r && len <= end_of(r) - gpa)
				want_p = r->host + (gpa - r->gpa);
			check(vmm_mem_translate(&m, gpa, len) == want_p);
			break;
		}
		case 4:
			len = take_len(&in);
			check(vmm_mem_covers(&m, gpa, len) ==
			      ref_covers(&m, gpa, len));
			break;
		case 5:
		case 6: { /* write or fill: all or nothing */
			len = take16(&in) % (MAXLEN + 1);
			bool ok = ref_covers(&m, gpa, len);
			uint8_t byte = op;
			memcpy(before, slabs, sizeof(slabs));
			err = (op % 10) == 5
				  ? vmm_mem_write(&m, gpa, pattern, len)
				  : vmm_mem_fill(&m, gpa, byte, len);
			if (!ok) {
				check(err == AXVCPU_ENOTFOUND);
				check(!memcmp(before, slabs, sizeof(slabs)));
				break;
			}
			check(err == 0);
			for (uint64_t i = 0; i < len; i++)
				check(*ref_host(&m, gpa + i) ==
				      ((op % 10) == 5 ? pattern[i] : byte));
			break;
		}
		case 7: { /* read: all or nothing */
			len = take16(&in) % (MAXLEN + 1);
			bool ok = ref_covers(&m, gpa, len);
			memset(buf, 0xa5, sizeof(buf));
			err = vmm_mem_read(&m, gpa, buf, len);
			if (!ok) {
				check(err == AXVCPU_ENOTFOUND);
				for (unsigned i = 0; i < MAXLEN; i++)
					check(buf[i] == 0xa5);
				break;
			}
			check(err == 0);
			for (uint64_t i = 0; i < len; i++)
				check(buf[i] == *ref_host(&m, gpa + i));
			break;
		}
		case 8: { /* remove: by a region's start, or anywhere */
			if ((op & 0x80) && m.count)
				gpa = m.regions[(op >> 3) % m.count].gpa;
			unsigned n = m.count;
			bool starts = false;
			for (unsigned i = 0; i < n; i++)
				starts |= m.regions[i].gpa == gpa;
			err = vmm_mem_remove(&m, gpa);
			check(err == (starts ? 0 : AXVCPU_ENOTFOUND));
			check(m.count == n - (starts ? 1 : 0));
			check(!starts || !ref_find(&m, gpa));
			break;
		}
		default: { /* totals */
			u128 ram = 0, rom = 0;
			for (unsigned i = 0; i < m.count; i++)
				*(m.regions[i].kind == VMM_MEM_RAM ? &ram
								   : &rom) +=
				    m.regions[i].size;
			check(vmm_mem_total(&m, VMM_MEM_RAM) == ram &&
			      vmm_mem_total(&m, VMM_MEM_ROM) == rom);
			break;
		}
		}
		invariants(&m);
	}
	return 0;
}
