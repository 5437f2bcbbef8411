/* SPDX-License-Identifier: Apache-2.0 */
/* PLIC model (QEMU virt layout): see vmm/plic.h for the behaviour. */
#include "vmm/plic.h"

#define PLIC_PENDING 0x1000u
#define PLIC_ENABLE 0x2000u
#define PLIC_ENABLE_STRIDE 0x80u
#define PLIC_CONTEXT 0x200000u
#define PLIC_CONTEXT_STRIDE 0x1000u

static bool bit_get(const uint32_t *w, unsigned id)
{
	return (w[id / 32] >> (id % 32)) & 1;
}

static void bit_put(uint32_t *w, unsigned id, bool v)
{
	if (v)
		w[id / 32] |= 1u << (id % 32);
	else
		w[id / 32] &= ~(1u << (id % 32));
}

/*
 * The source a claim by `c` would get: pending, enabled for `c`, of the
 * highest priority (> `floor`), the lowest id among equals; 0 if none.
 */
static unsigned plic_best(const struct vmm_plic *p, unsigned c, uint32_t floor)
{
	unsigned best = 0;
	uint32_t best_prio = floor;
	for (unsigned w = 0; w < VMM_PLIC_WORDS; w++) {
		uint32_t bits = p->pending[w] & p->enable[c][w];
		while (bits) {
			unsigned id = w * 32 + (unsigned)__builtin_ctz(bits);
			bits &= bits - 1;
			if (p->priority[id] > best_prio) {
				best = id;
				best_prio = p->priority[id];
			}
		}
	}
	return best;
}

bool vmm_plic_output(const struct vmm_plic *p, unsigned context)
{
	if (!p || context >= p->ncontexts)
		return false;
	return plic_best(p, context, p->threshold[context]) != 0;
}

/* Tell the owner about every context whose output changed. */
static void plic_update(struct vmm_plic *p)
{
	for (unsigned c = 0; c < p->ncontexts; c++) {
		bool out = vmm_plic_output(p, c);
		if (out == p->out[c])
			continue;
		p->out[c] = out;
		if (p->output)
			p->output(p->ctx, c, out);
	}
}

void vmm_plic_init(struct vmm_plic *p, unsigned ndev, unsigned ncontexts,
		   void (*output)(void *ctx, unsigned context, bool level),
		   void *ctx)
{
	*p = (struct vmm_plic){ 0 };
	p->ndev = ndev < VMM_PLIC_MAX_SOURCES ? ndev : VMM_PLIC_MAX_SOURCES - 1;
	p->ncontexts = ncontexts < VMM_PLIC_MAX_CONTEXTS
			   ? ncontexts
			   : VMM_PLIC_MAX_CONTEXTS;
	p->output = output;
	p->ctx = ctx;
}

void vmm_plic_reset(struct vmm_plic *p)
{
	for (unsigned i = 0; i < VMM_PLIC_MAX_SOURCES; i++)
		p->priority[i] = 0;
	for (unsigned w = 0; w < VMM_PLIC_WORDS; w++) {
		p->pending[w] = p->level[w];
		p->active[w] = 0;
		for (unsigned c = 0; c < VMM_PLIC_MAX_CONTEXTS; c++)
			p->enable[c][w] = 0;
	}
	for (unsigned c = 0; c < VMM_PLIC_MAX_CONTEXTS; c++) {
		p->threshold[c] = 0;
		p->claims[c] = 0;
	}
	plic_update(p);
}

void vmm_plic_set_irq(struct vmm_plic *p, unsigned id, bool level)
{
	if (!p || id == 0 || id > p->ndev)
		return;
	bit_put(p->level, id, level);
	/* The gateway: a served source waits for its complete. */
	bit_put(p->pending, id, level && !bit_get(p->active, id));
	plic_update(p);
}

static uint32_t plic_claim(struct vmm_plic *p, unsigned c)
{
	unsigned id = plic_best(p, c, 0);
	if (id) {
		bit_put(p->pending, id, false);
		bit_put(p->active, id, true);
		p->claims[c]++;
		plic_update(p);
	}
	return id;
}

static void plic_complete(struct vmm_plic *p, unsigned c, uint32_t id)
{
	/* The spec ignores completes of sources not enabled for `c`. */
	if (id == 0 || id > p->ndev || !bit_get(p->enable[c], id) ||
	    !bit_get(p->active, id))
		return;
	bit_put(p->active, id, false);
	bit_put(p->pending, id, bit_get(p->level, id));
	plic_update(p);
}

/* Mask of the valid source bits in enable/pending word `w`. */
static uint32_t plic_word_mask(const struct vmm_plic *p, unsigned w)
{
	uint32_t m = ~0u;
	if (w == 0)
		m &= ~1u; /* source 0 does not exist */
	unsigned first = w * 32;
	if (first > p->ndev)
		return 0;
	if (p->ndev - first < 31)
		m &= (2u << (p->ndev - first)) - 1;
	return m;
}

static int plic_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct vmm_plic *p = dev;
	*val = 0;
	if (width != 4 || (off & 3))
		return 0;
	if (off < PLIC_PENDING) {
		unsigned id = (unsigned)(off / 4);
		if (id >= 1 && id <= p->ndev)
			*val = p->priority[id];
	} else if (off < PLIC_ENABLE) {
		unsigned w = (unsigned)((off - PLIC_PENDING) / 4);
		if (w < VMM_PLIC_WORDS)
			*val = p->pending[w];
	} else if (off < PLIC_CONTEXT) {
		uint64_t rel = off - PLIC_ENABLE;
		unsigned c = (unsigned)(rel / PLIC_ENABLE_STRIDE);
		unsigned w = (unsigned)(rel % PLIC_ENABLE_STRIDE / 4);
		if (c < p->ncontexts && w < VMM_PLIC_WORDS)
			*val = p->enable[c][w];
	} else {
		uint64_t rel = off - PLIC_CONTEXT;
		uint64_t c = rel / PLIC_CONTEXT_STRIDE;
		unsigned reg = (unsigned)(rel % PLIC_CONTEXT_STRIDE);
		if (c >= p->ncontexts)
			return 0;
		if (reg == 0)
			*val = p->threshold[c];
		else if (reg == 4)
			*val = plic_claim(p, (unsigned)c);
	}
	return 0;
}

static int plic_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct vmm_plic *p = dev;
	uint32_t v = (uint32_t)val;
	if (width != 4 || (off & 3))
		return 0;
	if (off < PLIC_PENDING) {
		unsigned id = (unsigned)(off / 4);
		if (id >= 1 && id <= p->ndev)
			p->priority[id] = v & VMM_PLIC_MAX_PRIORITY;
	} else if (off < PLIC_ENABLE) {
		return 0; /* pending bits are read-only */
	} else if (off < PLIC_CONTEXT) {
		uint64_t rel = off - PLIC_ENABLE;
		unsigned c = (unsigned)(rel / PLIC_ENABLE_STRIDE);
		unsigned w = (unsigned)(rel % PLIC_ENABLE_STRIDE / 4);
		if (c < p->ncontexts && w < VMM_PLIC_WORDS)
			p->enable[c][w] = v & plic_word_mask(p, w);
		else
			return 0;
	} else {
		uint64_t rel = off - PLIC_CONTEXT;
		uint64_t c = rel / PLIC_CONTEXT_STRIDE;
		unsigned reg = (unsigned)(rel % PLIC_CONTEXT_STRIDE);
		if (c >= p->ncontexts)
			return 0;
		if (reg == 4) {
			plic_complete(p, (unsigned)c, v);
			return 0;
		}
		if (reg != 0)
			return 0;
		p->threshold[c] = v & VMM_PLIC_MAX_PRIORITY;
	}
	plic_update(p);
	return 0;
}

const struct vmm_device_ops vmm_plic_ops = { plic_read, plic_write };
