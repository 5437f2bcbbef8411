/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's CPUID: the host's answer through a whitelist per leaf and
 * register (bit numbers from the SDM vol. 2 CPUID pages and the APM vol. 3
 * appendix E).
 */
#include "x86_cpuid.h"

#define B(n) (1u << (n))

enum { EAX, EBX, ECX, EDX };

/* Leaf 1 ECX: SSE3 PCLMULQDQ SSSE3 CX16 SSE4.1 SSE4.2 MOVBE POPCNT AES
 * RDRAND; FMA and F16C need AVX. XSAVE, OSXSAVE, AVX: see below. */
#define L1_ECX_KEEP                                                            \
	(B(0) | B(1) | B(9) | B(13) | B(19) | B(20) | B(22) | B(23) | B(25) |  \
	 B(30))
#define L1_ECX_AVX (B(12) | B(29))
#define L1_ECX_XSAVE B(26)
#define L1_ECX_OSXSAVE B(27)
#define L1_ECX_AVX_BIT B(28)
#define L1_ECX_HYPERVISOR B(31)
/* Leaf 1 EDX: FPU VME DE PSE TSC MSR PAE CX8 APIC SEP MTRR PGE CMOV PAT
 * PSE36 CLFSH MMX FXSR SSE SSE2 SS (no MCE, MCA, PSN, DS, ACPI, TM, PBE).
 * MTRRs are registers the backend keeps (x86_mtrr.c). */
#define L1_EDX_KEEP                                                            \
	(B(0) | B(1) | B(2) | B(3) | B(4) | B(5) | B(6) | B(8) | B(9) |        \
	 B(11) | B(12) | B(13) | B(15) | B(16) | B(17) | B(19) | B(23) |       \
	 B(24) | B(25) | B(26) | B(27))
#define L1_EDX_HTT B(28)

/* Leaf 7.0 EBX: FSGSBASE BMI1 FDP_EXCPTN_ONLY SMEP BMI2 ERMS FCS/FDS
 * deprecation RDSEED ADX SMAP CLFLUSHOPT CLWB SHA; AVX2 needs AVX, the
 * AVX-512 bits need the ZMM state. */
#define L7_EBX_KEEP                                                            \
	(B(0) | B(3) | B(6) | B(7) | B(8) | B(9) | B(13) | B(18) | B(19) |     \
	 B(20) | B(23) | B(24) | B(29))
#define L7_EBX_AVX B(5)
#define L7_EBX_AVX512                                                          \
	(B(16) | B(17) | B(21) | B(26) | B(27) | B(28) | B(30) | B(31))
/* Leaf 7.0 ECX: GFNI; VAES VPCLMULQDQ with AVX; VBMI VBMI2 VNNI BITALG
 * VPOPCNTDQ with AVX-512. */
#define L7_ECX_KEEP B(8)
#define L7_ECX_AVX (B(9) | B(10))
#define L7_ECX_AVX512 (B(1) | B(6) | B(11) | B(12) | B(14))

/* 0x80000001 ECX: LAHF ABM SSE4A MisAlignSse 3DNowPrefetch TBM; XOP and
 * FMA4 need AVX. */
#define E1_ECX_KEEP (B(0) | B(5) | B(6) | B(7) | B(8) | B(21))
#define E1_ECX_AVX (B(11) | B(16))
/* 0x80000001 EDX: AMD's copies of leaf 1 EDX, SYSCALL NX MmxExt Page1GB
 * LM 3DNowExt 3DNow (no RDTSCP, FFXSR). */
#define E1_EDX_KEEP                                                            \
	((L1_EDX_KEEP & 0x0183ffffu) | B(11) | B(20) | B(22) | B(26) | B(29) | \
	 B(30) | B(31))
/* 0x80000007 EDX: invariant TSC. */
#define E7_EDX_KEEP B(8)

static uint32_t umin(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

void x86_cpuid_probe(struct x86_cpuid_ctx *ctx,
		     void (*cpuid)(uint32_t leaf, uint32_t sub,
				   uint32_t regs[4]))
{
	uint32_t r[4];
	cpuid(0, 0, r);
	ctx->host_max_basic = r[EAX];
	/* "AuthenticAMD" (EBX EDX ECX = "Auth" "enti" "cAMD"). */
	ctx->amd = r[EBX] == 0x68747541u && r[EDX] == 0x69746e65u &&
		   r[ECX] == 0x444d4163u;
	cpuid(0x80000000u, 0, r);
	ctx->host_max_ext = r[EAX];
	for (unsigned n = 0; n < 8; n++)
		ctx->xsave_size[n] = ctx->xsave_offset[n] = 0;
	if (ctx->host_max_basic < 0xd)
		return;
	for (unsigned n = 2; n < 8; n++) {
		cpuid(0xd, n, r);
		ctx->xsave_size[n] = r[EAX];
		ctx->xsave_offset[n] = r[EBX];
	}
}

uint32_t x86_cpuid_xsave_size(const struct x86_cpuid_ctx *ctx, uint64_t xcr0)
{
	uint32_t size = 512 + 64; /* legacy area and XSAVE header */
	for (unsigned n = 2; n < 8; n++) {
		uint32_t end = ctx->xsave_offset[n] + ctx->xsave_size[n];
		if ((xcr0 >> n & 1) && end > size)
			size = end;
	}
	return size;
}

bool x86_cpuid_xcr0_valid(uint64_t xcr0, uint64_t allowed)
{
	const uint64_t zmm =
	    X86_XCR0_OPMASK | X86_XCR0_ZMM_HI256 | X86_XCR0_HI16_ZMM;
	if (!(xcr0 & X86_XCR0_X87) || (xcr0 & ~allowed))
		return false;
	if ((xcr0 & X86_XCR0_AVX) && !(xcr0 & X86_XCR0_SSE))
		return false;
	if ((xcr0 & zmm) && ((xcr0 & zmm) != zmm || !(xcr0 & X86_XCR0_AVX)))
		return false;
	return true;
}

static uint32_t guest_max_basic(const struct x86_cpuid_ctx *ctx)
{
	return umin(ctx->host_max_basic, X86_CPUID_MAX_BASIC);
}

static uint32_t guest_max_ext(const struct x86_cpuid_ctx *ctx)
{
	return ctx->host_max_ext >= 0x80000000u
		   ? umin(ctx->host_max_ext, X86_CPUID_MAX_EXT)
		   : 0x80000000u;
}

bool x86_cpuid_needs_host(const struct x86_cpuid_ctx *ctx, uint32_t leaf)
{
	if (leaf < 0x40000000u)
		return leaf <= guest_max_basic(ctx);
	if (leaf >= 0x80000000u)
		return leaf <= guest_max_ext(ctx);
	return false;
}

static void zero(uint32_t r[4])
{
	r[0] = r[1] = r[2] = r[3] = 0;
}

static void leaf1(const struct x86_cpuid_ctx *c, uint32_t r[4], bool avx,
		  bool xsave)
{
	uint32_t ecx = (r[ECX] & L1_ECX_KEEP) | L1_ECX_HYPERVISOR;
	if (avx)
		ecx |= r[ECX] & (L1_ECX_AVX | L1_ECX_AVX_BIT);
	if (xsave) {
		ecx |= r[ECX] & L1_ECX_XSAVE;
		if (c->osxsave)
			ecx |= L1_ECX_OSXSAVE;
	}
	uint32_t edx = r[EDX] & L1_EDX_KEEP;
	uint32_t n = c->ncpus ? c->ncpus : 1;
	if (n > 1)
		edx |= L1_EDX_HTT;
	/* APIC id, logical processors, CLFLUSH line size; brand index 0. */
	r[EBX] = (c->apic_id << 24) | (umin(n, 255) << 16) | (r[EBX] & 0xff00);
	r[ECX] = ecx;
	r[EDX] = edx;
}

static void leaf7(uint32_t sub, uint32_t r[4], bool avx, bool avx512)
{
	if (sub != 0) {
		zero(r);
		return;
	}
	uint32_t ebx = r[EBX] & L7_EBX_KEEP;
	uint32_t ecx = r[ECX] & L7_ECX_KEEP;
	if (avx) {
		ebx |= r[EBX] & L7_EBX_AVX;
		ecx |= r[ECX] & L7_ECX_AVX;
	}
	if (avx512) {
		ebx |= r[EBX] & L7_EBX_AVX512;
		ecx |= r[ECX] & L7_ECX_AVX512;
	}
	r[EAX] = 0; /* no subleaf 1 */
	r[EBX] = ebx;
	r[ECX] = ecx;
	r[EDX] = 0;
}

static void leaf_d(const struct x86_cpuid_ctx *c, uint32_t sub, uint32_t r[4])
{
	uint64_t allowed = c->xcr0_allowed;
	if (!allowed) {
		zero(r);
		return;
	}
	if (sub == 0) {
		r[EAX] = (uint32_t)allowed;
		r[EDX] = (uint32_t)(allowed >> 32);
		r[EBX] = x86_cpuid_xsave_size(c, c->xcr0);
		r[ECX] = x86_cpuid_xsave_size(c, allowed);
	} else if (sub == 1) {
		r[EAX] &= B(0); /* XSAVEOPT only: no XSAVEC, XSAVES */
		r[EBX] = r[ECX] = r[EDX] = 0;
	} else if (sub >= 64 || !(allowed >> sub & 1)) {
		zero(r);
	} else {
		r[EDX] = 0;
	}
}

void x86_cpuid_filter(const struct x86_cpuid_ctx *c, uint32_t leaf,
		      uint32_t sub, uint32_t r[4])
{
	bool xsave = c->xcr0_allowed != 0;
	bool avx = xsave && (c->xcr0_allowed & X86_XCR0_AVX);
	bool avx512 = avx && (c->xcr0_allowed & X86_XCR0_OPMASK);
	if (!x86_cpuid_needs_host(c, leaf)) {
		zero(r);
		if (leaf == 0x40000000u) {
			const char *s = X86_CPUID_SIGNATURE;
			r[EAX] = 0x40000001u;
			for (unsigned i = 0; i < 12; i++)
				r[1 + i / 4] |= (uint32_t)(uint8_t)s[i]
						<< (8 * (i % 4));
		}
		return;
	}
	uint32_t n = c->ncpus ? c->ncpus : 1;
	switch (leaf) {
	case 0:
		r[EAX] = guest_max_basic(c);
		return;
	case 1:
		leaf1(c, r, avx, xsave);
		return;
	case 2:
		return; /* cache descriptors */
	case 4:
		/* Deterministic cache parameters: cores in the package. */
		if (!c->amd && (r[EAX] & 0x1f))
			r[EAX] = (r[EAX] & 0x03ffffffu) | (umin(n, 64) - 1)
							      << 26;
		return;
	case 7:
		leaf7(sub, r, avx, avx512);
		return;
	case 0xd:
		leaf_d(c, sub, r);
		return;
	case 0x80000000u:
		r[EAX] = guest_max_ext(c);
		return;
	case 0x80000001u: {
		uint32_t ecx = r[ECX] & E1_ECX_KEEP;
		if (avx)
			ecx |= r[ECX] & E1_ECX_AVX;
		r[EBX] = 0;
		r[ECX] = ecx;
		r[EDX] &= E1_EDX_KEEP;
		return;
	}
	case 0x80000002u:
	case 0x80000003u:
	case 0x80000004u:
	case 0x80000005u:
	case 0x80000006u:
		return; /* brand string, caches */
	case 0x80000007u:
		r[EAX] = r[EBX] = r[ECX] = 0;
		r[EDX] &= E7_EDX_KEEP;
		return;
	case 0x80000008u:
		/* Address sizes; cores per package (AMD); nothing else. */
		r[EAX] &= 0xffffu;
		r[EBX] = 0;
		r[ECX] = c->amd ? umin(n, 256) - 1 : 0;
		r[EDX] = 0;
		return;
	default:
		zero(r); /* 3, 5, 6, 8..0xc, 0x80000000 + the rest: hidden */
		return;
	}
}
