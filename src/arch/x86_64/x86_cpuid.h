/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPUID policy of the bare-metal x86 backends: the guest sees a
 * coherent virtual CPU built from the host's answers, with only the
 * features the backend really virtualizes. Each leaf is a whitelist over
 * the host's bits; what the backend does not virtualize (VMX, SVM, x2APIC,
 * TSC deadline, MONITOR/MWAIT, performance counters, machine checks,
 * PCID/INVPCID, RDTSCP, protection keys, XSAVES, Intel PT, speculation-control
 * MSRs...) is hidden; the hypervisor bit is set and leaf 0x40000000 names the
 * hypervisor. Pure and freestanding: the backend executes CPUID on the host and
 * hands the answer here.
 */
#ifndef AXVCPU_X86_CPUID_H
#define AXVCPU_X86_CPUID_H

#include <stdbool.h>
#include <stdint.h>

/* The hypervisor signature of leaf 0x40000000 (EBX ECX EDX). */
#define X86_CPUID_SIGNATURE "AxVCpuAxVCpu"

/* XCR0 components the backends save and restore for a guest. */
#define X86_XCR0_X87 (1ull << 0)
#define X86_XCR0_SSE (1ull << 1)
#define X86_XCR0_AVX (1ull << 2)
#define X86_XCR0_OPMASK (1ull << 5)
#define X86_XCR0_ZMM_HI256 (1ull << 6)
#define X86_XCR0_HI16_ZMM (1ull << 7)
#define X86_XCR0_GUEST_MAX                                                     \
	(X86_XCR0_X87 | X86_XCR0_SSE | X86_XCR0_AVX | X86_XCR0_OPMASK |        \
	 X86_XCR0_ZMM_HI256 | X86_XCR0_HI16_ZMM)

/* What the policy needs to know about the vCPU and the backend. */
struct x86_cpuid_ctx {
	/* The vCPU's APIC id and how many vCPUs the VM has (topology). */
	uint32_t apic_id;
	uint32_t ncpus;
	/* XCR0 bits the guest may enable (0: no XSAVE for the guest). */
	uint64_t xcr0_allowed;
	/* The guest's current XCR0 and CR4.OSXSAVE (for OSXSAVE and the
	 * XSAVE area size). */
	uint64_t xcr0;
	bool osxsave;
	/* The host's answer to CPUID(0xd, n) for n = 2..7: size (EAX) and
	 * offset (EBX) of each component, for the area size of an XCR0. */
	uint32_t xsave_size[8], xsave_offset[8];
	/* Host maximum basic and extended leaves. */
	uint32_t host_max_basic, host_max_ext;
	/* The host is an AMD CPU (topology in 0x80000008, not leaf 4). */
	bool amd;
};

/* Highest basic and extended leaves the guest sees. */
#define X86_CPUID_MAX_BASIC 0xdu
#define X86_CPUID_MAX_EXT 0x80000008u

/*
 * Fill `ctx`'s host fields (maximum leaves, vendor, XSAVE layout) from a
 * host CPUID function `cpuid(leaf, subleaf, regs)`.
 */
void x86_cpuid_probe(struct x86_cpuid_ctx *ctx,
		     void (*cpuid)(uint32_t leaf, uint32_t sub,
				   uint32_t regs[4]));

/*
 * Whether the guest would execute CPUID(leaf) with the host's own answer
 * at all: leaves past the guest's maximum (and the hypervisor range)
 * answer without asking the host.
 */
bool x86_cpuid_needs_host(const struct x86_cpuid_ctx *ctx, uint32_t leaf);

/*
 * Turn the host's answer `r` (EAX EBX ECX EDX) to CPUID(leaf, sub) into
 * the guest's. For leaves x86_cpuid_needs_host() says need no host, `r`
 * is ignored and overwritten.
 */
void x86_cpuid_filter(const struct x86_cpuid_ctx *ctx, uint32_t leaf,
		      uint32_t sub, uint32_t r[4]);

/* The size of an XSAVE area (legacy + header + components) for `xcr0`. */
uint32_t x86_cpuid_xsave_size(const struct x86_cpuid_ctx *ctx, uint64_t xcr0);

/*
 * Whether the guest may set XCR0 to `xcr0` (XSETBV): x87 set, AVX only
 * with SSE, the AVX-512 bits together and only with AVX, nothing outside
 * `allowed`.
 */
bool x86_cpuid_xcr0_valid(uint64_t xcr0, uint64_t allowed);

#endif /* AXVCPU_X86_CPUID_H */
