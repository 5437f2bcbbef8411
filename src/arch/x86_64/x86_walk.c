/* SPDX-License-Identifier: Apache-2.0 */
/* The guest's page-table walk (Intel SDM vol. 3 ch. 4, APM vol. 2 ch. 5). */
#include "x86_walk.h"

#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_PS (1ull << 7)
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

/* Permissions gathered on the way down. */
struct walk_perm {
	bool w, u, nx;
};

static bool walk_denied(const struct x86_sysview *v, const struct walk_perm *p,
			unsigned access)
{
	if (access & X86_WALK_NOCHECK)
		return false;
	bool user = access & X86_WALK_USER;
	if (user && !p->u)
		return true;
	if ((access & X86_WALK_WRITE) && !p->w &&
	    (user || (v->cr0 & X86_CR0_WP)))
		return true;
	if ((access & X86_WALK_FETCH) && p->nx && (v->efer & X86_EFER_NXE))
		return true;
	return false;
}

static uint32_t walk_pf(unsigned access, bool present, bool rsvd)
{
	uint32_t e = present ? X86_PF_P : 0;
	if (access & X86_WALK_WRITE)
		e |= X86_PF_W;
	if (access & X86_WALK_USER)
		e |= X86_PF_U;
	if (rsvd)
		e |= X86_PF_RSVD;
	if (access & X86_WALK_FETCH)
		e |= X86_PF_I;
	return e;
}

/* 32-bit paging: two levels of 4-byte entries, 4 MiB pages with PSE. */
static enum x86_walk_result walk32(const struct x86_sysview *v,
				   const struct x86_gmem *m, uint32_t la,
				   unsigned access, uint64_t *gpa, uint32_t *pf)
{
	struct walk_perm p = { true, true, false };
	uint32_t pde, pte;
	uint64_t a = (v->cr3 & 0xfffff000u) + ((la >> 22) << 2);
	if (m->read(m->ctx, a, &pde, 4))
		return X86_WALK_BAD_TABLE;
	if (!(pde & PTE_P))
		goto not_present;
	p.w = pde & PTE_RW;
	p.u = pde & PTE_US;
	if ((pde & PTE_PS) && (v->cr4 & X86_CR4_PSE)) {
		if (walk_denied(v, &p, access))
			goto denied;
		/* PSE-36: bits 20:13 hold physical bits 39:32. */
		uint64_t hi = (uint64_t)((pde >> 13) & 0xff) << 32;
		*gpa = hi | (pde & 0xffc00000u) | (la & 0x3fffff);
		return X86_WALK_OK;
	}
	a = (pde & 0xfffff000u) + (((la >> 12) & 0x3ff) << 2);
	if (m->read(m->ctx, a, &pte, 4))
		return X86_WALK_BAD_TABLE;
	if (!(pte & PTE_P))
		goto not_present;
	p.w = p.w && (pte & PTE_RW);
	p.u = p.u && (pte & PTE_US);
	if (walk_denied(v, &p, access))
		goto denied;
	*gpa = (pte & 0xfffff000u) | (la & 0xfff);
	return X86_WALK_OK;
not_present:
	*pf = walk_pf(access, false, false);
	return X86_WALK_PAGE_FAULT;
denied:
	*pf = walk_pf(access, true, false);
	return X86_WALK_PAGE_FAULT;
}

/*
 * PAE, 4-level and 5-level paging: 8-byte entries, 9 bits a level. PAE
 * starts at the PDPT (its 4 entries at CR3 bits 31:5; they have no RW/US/NX
 * bits), the others at the PML4/PML5.
 */
static enum x86_walk_result walk64(const struct x86_sysview *v,
				   const struct x86_gmem *m, uint64_t la,
				   unsigned access, uint64_t *gpa, uint32_t *pf)
{
	bool lma = v->efer & X86_EFER_LMA;
	int top = !lma ? 2 : (v->cr4 & X86_CR4_LA57) ? 4 : 3;
	struct walk_perm p = { true, true, false };
	uint64_t table = lma ? (v->cr3 & PTE_ADDR) : (v->cr3 & 0xffffffe0u);
	for (int level = top; level >= 0; level--) {
		unsigned idx = (la >> (12 + 9 * level)) & 511;
		if (!lma && level == 2)
			idx &= 3;
		uint64_t e;
		if (m->read(m->ctx, table + idx * 8, &e, 8))
			return X86_WALK_BAD_TABLE;
		if (!(e & PTE_P)) {
			*pf = walk_pf(access, false, false);
			return X86_WALK_PAGE_FAULT;
		}
		/* A PAE PDPTE has no permission bits. */
		if (lma || level < 2) {
			p.w = p.w && (e & PTE_RW);
			p.u = p.u && (e & PTE_US);
			p.nx = p.nx || (e & PTE_NX);
		}
		bool leaf = level == 0 ||
			    ((e & PTE_PS) && level <= 2 && (lma || level == 1));
		if (!leaf) {
			table = e & PTE_ADDR;
			continue;
		}
		if (walk_denied(v, &p, access)) {
			*pf = walk_pf(access, true, false);
			return X86_WALK_PAGE_FAULT;
		}
		uint64_t span = 1ull << (12 + 9 * level);
		/* A large leaf's bit 12 is its PAT bit, not an address bit. */
		uint64_t base = e & PTE_ADDR & ~(span - 1);
		*gpa = base | (la & (span - 1));
		return X86_WALK_OK;
	}
	return X86_WALK_BAD_TABLE; /* not reached */
}

enum x86_walk_result x86_walk(const struct x86_sysview *v,
			      const struct x86_gmem *m, uint64_t la,
			      unsigned access, uint64_t *gpa,
			      uint32_t *pf_error)
{
	uint32_t pf = 0;
	if (!(v->cr0 & X86_CR0_PG) || !(v->cr0 & X86_CR0_PE)) {
		/* No paging: linear is physical (32 bits outside long mode). */
		*gpa = (v->efer & X86_EFER_LMA) ? la : (uint32_t)la;
		return X86_WALK_OK;
	}
	enum x86_walk_result r;
	if (v->cr4 & X86_CR4_PAE)
		r = walk64(v, m, la, access, gpa, &pf);
	else
		r = walk32(v, m, (uint32_t)la, access, gpa, &pf);
	if (r == X86_WALK_PAGE_FAULT && pf_error)
		*pf_error = pf;
	return r;
}

/* Copy one piece that stays within a page, in either direction. */
static enum x86_walk_result walk_copy(const struct x86_sysview *v,
				      const struct x86_gmem *m, uint64_t la,
				      void *rbuf, const void *wbuf,
				      unsigned len, unsigned access,
				      uint32_t *pf_error, uint64_t *pf_la)
{
	unsigned done = 0;
	while (done < len) {
		uint64_t a = la + done;
		unsigned chunk = 0x1000 - (unsigned)(a & 0xfff);
		if (chunk > len - done)
			chunk = len - done;
		uint64_t gpa;
		enum x86_walk_result r =
		    x86_walk(v, m, a, access, &gpa, pf_error);
		if (r != X86_WALK_OK) {
			if (pf_la)
				*pf_la = a;
			return r;
		}
		int err = rbuf
			      ? m->read(m->ctx, gpa, (char *)rbuf + done, chunk)
			      : m->write(m->ctx, gpa, (const char *)wbuf + done,
					 chunk);
		if (err)
			return X86_WALK_BAD_TABLE;
		done += chunk;
	}
	return X86_WALK_OK;
}

enum x86_walk_result x86_walk_read(const struct x86_sysview *v,
				   const struct x86_gmem *m, uint64_t la,
				   void *buf, unsigned len, unsigned access,
				   uint32_t *pf_error, uint64_t *pf_la)
{
	return walk_copy(v, m, la, buf, 0, len, access & ~X86_WALK_WRITE,
			 pf_error, pf_la);
}

enum x86_walk_result x86_walk_write(const struct x86_sysview *v,
				    const struct x86_gmem *m, uint64_t la,
				    const void *buf, unsigned len,
				    unsigned access, uint32_t *pf_error,
				    uint64_t *pf_la)
{
	return walk_copy(v, m, la, 0, buf, len, access | X86_WALK_WRITE,
			 pf_error, pf_la);
}
