/* SPDX-License-Identifier: Apache-2.0 */
/* Guest memory map: sorted regions, checked translation and copies. */
#include "vmm/guest_mem.h"
#include "vmm/libc.h"
#include <axvcpu/hal.h>

void vmm_mem_init(struct vmm_mem *mem)
{
	if (mem) {
		mem->count = 0;
		mem->s2 = NULL;
	}
}

static uint32_t mem_default_perm(enum vmm_mem_kind kind)
{
	/* ROM: guest writes fault (an MMIO write exit), reads and fetches
	 * hit memory. */
	return kind == VMM_MEM_ROM ? AXVCPU_STAGE2_READ | AXVCPU_STAGE2_EXEC
				   : AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE |
					 AXVCPU_STAGE2_EXEC;
}

static int mem_map(struct axvcpu_stage2 *s2, const struct vmm_mem_region *r)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (!hal)
		return AXVCPU_EBADSTATE;
	return axvcpu_stage2_map(s2, r->gpa, hal->virt_to_phys(r->host),
				 r->size, r->perm);
}

int vmm_mem_attach_stage2(struct vmm_mem *mem, struct axvcpu_stage2 *s2)
{
	if (!mem || (s2 && mem->s2))
		return AXVCPU_EINVAL;
	if (!s2) {
		mem->s2 = NULL;
		return 0;
	}
	for (unsigned i = 0; i < mem->count; i++) {
		int err = mem_map(s2, &mem->regions[i]);
		if (err) {
			while (i--)
				axvcpu_stage2_unmap(s2, mem->regions[i].gpa,
						    mem->regions[i].size);
			return err;
		}
	}
	mem->s2 = s2;
	return 0;
}

static uint64_t region_last(const struct vmm_mem_region *r)
{
	return r->gpa + (r->size - 1);
}

int vmm_mem_add(struct vmm_mem *mem, uint64_t gpa, uint64_t size, void *host,
		enum vmm_mem_kind kind)
{
	return vmm_mem_add_perm(mem, gpa, size, host, kind, 0);
}

int vmm_mem_add_perm(struct vmm_mem *mem, uint64_t gpa, uint64_t size,
		     void *host, enum vmm_mem_kind kind, uint32_t perm)
{
	if (!mem || !host || size == 0 || gpa + (size - 1) < gpa ||
	    mem->count > VMM_MEM_MAX_REGIONS)
		return AXVCPU_EINVAL;
	if (kind != VMM_MEM_RAM && kind != VMM_MEM_ROM)
		return AXVCPU_EINVAL;
	uint64_t last = gpa + (size - 1);
	unsigned pos = 0;
	while (pos < mem->count && mem->regions[pos].gpa < gpa)
		pos++;
	if (pos > 0 && region_last(&mem->regions[pos - 1]) >= gpa)
		return AXVCPU_EINVAL;
	if (pos < mem->count && mem->regions[pos].gpa <= last)
		return AXVCPU_EINVAL;
	if (mem->count == VMM_MEM_MAX_REGIONS)
		return AXVCPU_ENOMEM;
	struct vmm_mem_region r = {
		.gpa = gpa,
		.size = size,
		.host = host,
		.kind = kind,
		.perm = perm ? perm : mem_default_perm(kind),
	};
	/* Mapped before it is recorded: a refusal leaves both unchanged. */
	if (mem->s2) {
		int err = mem_map(mem->s2, &r);
		if (err)
			return err;
	}
	for (unsigned i = mem->count; i > pos; i--)
		mem->regions[i] = mem->regions[i - 1];
	mem->regions[pos] = r;
	mem->count++;
	return 0;
}

int vmm_mem_remove(struct vmm_mem *mem, uint64_t gpa)
{
	if (!mem || mem->count > VMM_MEM_MAX_REGIONS)
		return AXVCPU_EINVAL;
	unsigned i = 0;
	while (i < mem->count && mem->regions[i].gpa != gpa)
		i++;
	if (i == mem->count)
		return AXVCPU_ENOTFOUND;
	if (mem->s2) {
		int err =
		    axvcpu_stage2_unmap(mem->s2, gpa, mem->regions[i].size);
		if (err)
			return err;
	}
	for (; i + 1 < mem->count; i++)
		mem->regions[i] = mem->regions[i + 1];
	mem->count--;
	return 0;
}

const struct vmm_mem_region *vmm_mem_find(const struct vmm_mem *mem,
					  uint64_t gpa)
{
	if (!mem || mem->count > VMM_MEM_MAX_REGIONS)
		return NULL;
	for (unsigned i = 0; i < mem->count; i++) {
		const struct vmm_mem_region *r = &mem->regions[i];
		if (gpa >= r->gpa && gpa <= region_last(r))
			return r;
	}
	return NULL;
}

void *vmm_mem_translate(const struct vmm_mem *mem, uint64_t gpa, uint64_t len)
{
	const struct vmm_mem_region *r = vmm_mem_find(mem, gpa);
	if (!r)
		return NULL;
	uint64_t off = gpa - r->gpa;
	if (len > r->size - off)
		return NULL;
	return r->host + off;
}

/* Walk [gpa, gpa+len) region by region; with `op` NULL only check. */
typedef void (*chunk_fn)(uint8_t *host, uint64_t done, uint64_t n, void *arg);

static int mem_walk(const struct vmm_mem *mem, uint64_t gpa, uint64_t len,
		    chunk_fn op, void *arg)
{
	uint64_t done = 0;
	while (done < len) {
		uint64_t at = gpa + done;
		if (at < gpa)
			return AXVCPU_ENOTFOUND; /* wrapped past 2^64 */
		const struct vmm_mem_region *r = vmm_mem_find(mem, at);
		if (!r)
			return AXVCPU_ENOTFOUND;
		uint64_t off = at - r->gpa;
		uint64_t n = r->size - off;
		if (n > len - done)
			n = len - done;
		if (op)
			op(r->host + off, done, n, arg);
		done += n;
	}
	return 0;
}

bool vmm_mem_covers(const struct vmm_mem *mem, uint64_t gpa, uint64_t len)
{
	return mem && mem_walk(mem, gpa, len, NULL, NULL) == 0;
}

static void chunk_write(uint8_t *host, uint64_t done, uint64_t n, void *arg)
{
	memcpy(host, (const uint8_t *)arg + done, (size_t)n);
}

static void chunk_read(uint8_t *host, uint64_t done, uint64_t n, void *arg)
{
	memcpy((uint8_t *)arg + done, host, (size_t)n);
}

static void chunk_fill(uint8_t *host, uint64_t done, uint64_t n, void *arg)
{
	(void)done;
	memset(host, *(const uint8_t *)arg, (size_t)n);
}

/* Check first, so that a failed copy leaves guest memory untouched. */
static int mem_copy(const struct vmm_mem *mem, uint64_t gpa, uint64_t len,
		    chunk_fn op, void *arg)
{
	if (!mem || (!arg && len))
		return AXVCPU_EINVAL;
	int err = mem_walk(mem, gpa, len, NULL, NULL);
	if (err)
		return err;
	return mem_walk(mem, gpa, len, op, arg);
}

int vmm_mem_write(struct vmm_mem *mem, uint64_t gpa, const void *src,
		  uint64_t len)
{
	return mem_copy(mem, gpa, len, chunk_write, (void *)(uintptr_t)src);
}

int vmm_mem_read(const struct vmm_mem *mem, uint64_t gpa, void *dst,
		 uint64_t len)
{
	return mem_copy(mem, gpa, len, chunk_read, dst);
}

int vmm_mem_fill(struct vmm_mem *mem, uint64_t gpa, uint8_t byte, uint64_t len)
{
	return mem_copy(mem, gpa, len, chunk_fill, &byte);
}

uint64_t vmm_mem_total(const struct vmm_mem *mem, enum vmm_mem_kind kind)
{
	uint64_t total = 0;
	if (!mem || mem->count > VMM_MEM_MAX_REGIONS)
		return 0;
	for (unsigned i = 0; i < mem->count; i++)
		if (mem->regions[i].kind == kind)
			total += mem->regions[i].size;
	return total;
}
