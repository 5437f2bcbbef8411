/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The stage-2 API (stage2.h): argument checks, the busy word, and the
 * dispatch to the page-table walker or to a backend's own implementation.
 */
#include "stage2_internal.h"
#include "vcpu_internal.h"

#define S2_PAGE_MASK ((uint64_t)AXVCPU_FRAME_SIZE - 1)
/* Widest address space the arithmetic below allows (2^63 bytes). */
#define S2_SIZE_BITS_MAX 63u

static bool s2_is_table(const struct axvcpu_stage2 *s2)
{
	return s2->ops->format != 0;
}

static bool s2_ops_usable(const struct axvcpu_stage2_ops *ops)
{
	return ops->format || (ops->create && ops->destroy && ops->map &&
			       ops->unmap && ops->lookup);
}

bool stage2_format_usable(const struct axvcpu_stage2_format *f)
{
	if (!f->perm_valid || !f->table || !f->leaf || !f->decode)
		return false;
	if (f->levels < 1 || f->levels > 5 || f->root_bits < 1 ||
	    f->root_bits > 13 || f->pa_bits < 12 || f->pa_bits > 63)
		return false;
	/* Leaves from level 0 up without a gap, none above the root. */
	unsigned leaves = f->leaf_levels;
	if (!(leaves & 1) || (leaves & (leaves + 1)) ||
	    leaves >= (1u << f->levels))
		return false;
	if (12u + 9u * (f->levels - 1u) + f->root_bits > S2_SIZE_BITS_MAX)
		return false;
	/* The walker unmaps with 0 and parks freed frames' links (page
	 * addresses) in their first entry: both must read as invalid. */
	for (unsigned l = 0; l < f->levels; l++) {
		axvcpu_hpa_t addr;
		uint32_t perm;
		if (f->decode(0, l, &addr, &perm) !=
			AXVCPU_STAGE2_PTE_INVALID ||
		    f->decode((uint64_t)AXVCPU_FRAME_SIZE << 4, l, &addr,
			      &perm) != AXVCPU_STAGE2_PTE_INVALID)
			return false;
	}
	return true;
}

static void s2_zero(struct axvcpu_stage2 *s2)
{
	volatile unsigned char *p = (volatile unsigned char *)s2;
	for (size_t i = 0; i < sizeof(*s2); i++)
		p[i] = 0;
}

/* The backend's part: a table format with its root, or its own state. */
static int s2_backend_create(struct axvcpu_stage2 *s2,
			     const struct axvcpu_stage2_config *cfg)
{
	const struct axvcpu_stage2_ops *ops = s2->ops;
	if (!s2_is_table(s2)) {
		int err = ops->create(cfg, &s2->priv, &s2->size_bits);
		if (!err &&
		    (s2->size_bits < 12 || s2->size_bits > S2_SIZE_BITS_MAX)) {
			ops->destroy(s2->priv);
			err = AXVCPU_EUNSUPPORTED;
		}
		return err;
	}
	int err = ops->format(cfg, &s2->fmt);
	if (err)
		return err;
	if (!stage2_format_usable(&s2->fmt))
		return AXVCPU_EUNSUPPORTED;
	s2->size_bits = 12u + 9u * (s2->fmt.levels - 1u) + s2->fmt.root_bits;
	return stage2_table_create(s2);
}

int axvcpu_stage2_create(const struct axvcpu_backend *backend,
			 const struct axvcpu_stage2_config *cfg,
			 struct axvcpu_stage2 **out)
{
	if (out)
		*out = 0;
	if (!backend || !cfg || !out || cfg->flags || cfg->reserved)
		return AXVCPU_EINVAL;
	if (!backend->stage2)
		return AXVCPU_EUNSUPPORTED;
	if (!s2_ops_usable(backend->stage2))
		return AXVCPU_EINVAL;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!hal)
		return AXVCPU_EBADSTATE;
	axvcpu_hpa_t frame = 0;
	if (!hal->alloc_frame(&frame))
		return AXVCPU_ENOMEM;
	struct axvcpu_stage2 *s2 = hal->phys_to_virt(frame);
	if (!s2) {
		hal->dealloc_frame(frame);
		return AXVCPU_ENOMEM;
	}
	s2_zero(s2);
	s2->ops = backend->stage2;
	s2->frame = frame;
	int err = s2_backend_create(s2, cfg);
	if (err) {
		hal->dealloc_frame(frame);
		return err;
	}
	atomic_store(&s2->busy, 0);
	hal_users_add(1);
	*out = s2;
	return AXVCPU_OK;
}

/* Take the address space for one call, or AXVCPU_EBUSY. */
static int s2_take(const struct axvcpu_stage2 *cs2)
{
	struct axvcpu_stage2 *s2 = (struct axvcpu_stage2 *)cs2;
	uint32_t idle = 0;
	return atomic_compare_exchange_strong(&s2->busy, &idle, 1)
		   ? AXVCPU_OK
		   : AXVCPU_EBUSY;
}

static void s2_give(const struct axvcpu_stage2 *cs2)
{
	atomic_store(&((struct axvcpu_stage2 *)cs2)->busy, 0);
}

int axvcpu_stage2_destroy(struct axvcpu_stage2 *s2)
{
	if (!s2)
		return AXVCPU_EINVAL;
	int err = s2_take(s2);
	if (err)
		return err;
	if (s2_is_table(s2))
		stage2_table_destroy(s2);
	else
		s2->ops->destroy(s2->priv);
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	hal->dealloc_frame(s2->frame);
	hal_users_add(-1);
	return AXVCPU_OK;
}

/* [gpa, gpa + size): page-aligned, nonempty, inside the address space. */
static bool s2_range_ok(const struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
			uint64_t size)
{
	uint64_t space = (uint64_t)1 << s2->size_bits;
	return size && !((gpa | size) & S2_PAGE_MASK) && size <= space &&
	       gpa <= space - size;
}

static bool s2_map_args_ok(const struct axvcpu_stage2 *s2, axvcpu_hpa_t hpa,
			   uint64_t size, uint32_t perm)
{
	if ((hpa & S2_PAGE_MASK) || hpa + (size - 1) < hpa)
		return false;
	if ((perm & ~(uint32_t)AXVCPU_STAGE2_PERM_ALL) ||
	    !(perm &
	      (AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE | AXVCPU_STAGE2_EXEC)))
		return false;
	if (!s2_is_table(s2))
		return true;
	uint64_t pa_space = (uint64_t)1 << s2->fmt.pa_bits;
	return size <= pa_space && hpa <= pa_space - size &&
	       s2->fmt.perm_valid(perm);
}

int axvcpu_stage2_map(struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
		      axvcpu_hpa_t hpa, uint64_t size, uint32_t perm)
{
	if (!s2 || !s2_range_ok(s2, gpa, size) ||
	    !s2_map_args_ok(s2, hpa, size, perm))
		return AXVCPU_EINVAL;
	int err = s2_take(s2);
	if (err)
		return err;
	if (s2_is_table(s2))
		err = stage2_table_map(s2, gpa, hpa, size, perm);
	else
		err = s2->ops->map(s2->priv, gpa, hpa, size, perm);
	s2_give(s2);
	return err;
}

int axvcpu_stage2_unmap(struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
			uint64_t size)
{
	if (!s2 || !s2_range_ok(s2, gpa, size))
		return AXVCPU_EINVAL;
	int err = s2_take(s2);
	if (err)
		return err;
	if (s2_is_table(s2))
		err = stage2_table_unmap(s2, gpa, size);
	else
		err = s2->ops->unmap(s2->priv, gpa, size);
	s2_give(s2);
	return err;
}

int axvcpu_stage2_lookup(const struct axvcpu_stage2 *s2, axvcpu_gpa_t gpa,
			 axvcpu_hpa_t *hpa, uint32_t *perm, uint64_t *leaf_size)
{
	if (!s2)
		return AXVCPU_EINVAL;
	if (gpa >> s2->size_bits)
		return AXVCPU_ENOTFOUND;
	int err = s2_take(s2);
	if (err)
		return err;
	axvcpu_hpa_t h = 0;
	uint32_t p = 0;
	uint64_t leaf = 0;
	if (s2_is_table(s2))
		err = stage2_table_lookup(s2, gpa, &h, &p, &leaf);
	else
		err = s2->ops->lookup(s2->priv, gpa, &h, &p, &leaf);
	s2_give(s2);
	if (err)
		return err;
	if (hpa)
		*hpa = h;
	if (perm)
		*perm = p;
	if (leaf_size)
		*leaf_size = leaf;
	return AXVCPU_OK;
}

axvcpu_hpa_t axvcpu_stage2_root(const struct axvcpu_stage2 *s2)
{
	return s2 && s2_is_table(s2) ? s2->root : 0;
}

unsigned axvcpu_stage2_levels(const struct axvcpu_stage2 *s2)
{
	return s2 && s2_is_table(s2) ? s2->fmt.levels : 0;
}

uint64_t axvcpu_stage2_size(const struct axvcpu_stage2 *s2)
{
	return s2 ? (uint64_t)1 << s2->size_bits : 0;
}
