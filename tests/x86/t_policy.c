/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The x86 layer's policies: the CPUID the guest sees (checked against the
 * host's own answers and against synthetic ones with every bit set), the
 * MSR classes and the checks of the emulated MSRs, the event rules
 * (error codes, double and triple faults, interrupt priority over the
 * core's queue), register writes with x86's width rules, and the FP area's
 * initial state put through the host's FXRSTOR/FXSAVE.
 */
#include "src/arch/x86_64/x86_cpuid.h"
#include "src/arch/x86_64/x86_event.h"
#include "src/arch/x86_64/x86_fpu.h"
#include "src/arch/x86_64/x86_msr.h"
#include "src/arch/x86_64/x86_mtrr.h"
#include "src/arch/x86_64/x86_regs.h"
#include "tests/lib/tap.h"

#include <axvcpu/hosted.h>
#include <cpuid.h>
#include <stdlib.h>
#include <string.h>

/* A "host" that answers all-ones (except vendor and max leaves). */
static void cpuid_ones(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	(void)sub;
	r[0] = r[1] = r[2] = r[3] = 0xffffffffu;
	if (leaf == 0) {
		r[0] = 0x1f;
		r[1] = 0x68747541u; /* AuthenticAMD */
		r[3] = 0x69746e65u;
		r[2] = 0x444d4163u;
	} else if (leaf == 0x80000000u) {
		r[0] = 0x80000021u;
	} else if (leaf == 0xd && sub >= 2) {
		r[0] = 0x100 + sub * 0x40;  /* size */
		r[1] = 0x240 + sub * 0x100; /* offset */
	}
}

static void cpuid_host(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
}

static void t_cpuid(void)
{
	struct x86_cpuid_ctx c = { .apic_id = 3, .ncpus = 4 };
	x86_cpuid_probe(&c, cpuid_ones);
	uint32_t r[4];
	tap_ok(c.amd && c.host_max_basic == 0x1f &&
		   c.host_max_ext == 0x80000021u,
	       "probe: AMD, maximum leaves");
	cpuid_ones(0, 0, r);
	x86_cpuid_filter(&c, 0, 0, r);
	tap_ok(r[0] == X86_CPUID_MAX_BASIC && r[1] == 0x68747541u,
	       "leaf 0: max basic leaf capped, vendor kept");
	cpuid_ones(1, 0, r);
	x86_cpuid_filter(&c, 1, 0, r);
	tap_ok((r[2] & (1u << 31)) && !(r[2] & (1u << 5)) &&
		   !(r[2] & (1u << 21)) && !(r[2] & (1u << 24)) &&
		   !(r[2] & (1u << 3)),
	       "leaf 1 ECX: hypervisor, no VMX, x2APIC, TSC deadline, "
	       "MONITOR");
	tap_ok(!(r[2] & (1u << 26)) && !(r[2] & (1u << 28)),
	       "leaf 1 ECX: no XSAVE/AVX when the backend allows none");
	tap_ok((r[3] & (1u << 12)) && !(r[3] & (1u << 7)) &&
		   !(r[3] & (1u << 14)) && (r[3] & (1u << 9)) &&
		   (r[3] & (1u << 28)),
	       "leaf 1 EDX: MTRR, no MCE/MCA, APIC, HTT with 4 vCPUs");
	tap_ok(r[1] >> 24 == 3 && ((r[1] >> 16) & 0xff) == 4,
	       "leaf 1 EBX: APIC id 3, 4 logical CPUs");
	cpuid_ones(0x80000001u, 0, r);
	x86_cpuid_filter(&c, 0x80000001u, 0, r);
	tap_ok(!(r[2] & (1u << 2)) && (r[3] & (1u << 29)) &&
		   (r[3] & (1u << 20)) && !(r[3] & (1u << 27)),
	       "0x80000001: no SVM, LM and NX kept, no RDTSCP");
	cpuid_ones(0x8000000au, 0, r);
	x86_cpuid_filter(&c, 0x8000000au, 0, r);
	tap_ok(r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0,
	       "0x8000000a (SVM features): hidden");
	cpuid_ones(0x80000008u, 0, r);
	x86_cpuid_filter(&c, 0x80000008u, 0, r);
	tap_ok(r[2] == 3 && r[1] == 0, "0x80000008: 4 cores, no IBPB bits");
	x86_cpuid_filter(&c, 0x40000000u, 0, r);
	char sig[13] = { 0 };
	memcpy(sig, &r[1], 4);
	memcpy(sig + 4, &r[2], 4);
	memcpy(sig + 8, &r[3], 4);
	tap_ok(r[0] == 0x40000001u && strcmp(sig, X86_CPUID_SIGNATURE) == 0,
	       "0x40000000: the hypervisor's signature");
	tap_ok(!x86_cpuid_needs_host(&c, 0x1f) &&
		   x86_cpuid_needs_host(&c, 0xd) &&
		   !x86_cpuid_needs_host(&c, 0x80000009u),
	       "leaves past the guest's maximum need no host");

	c.xcr0_allowed = X86_XCR0_X87 | X86_XCR0_SSE | X86_XCR0_AVX;
	c.xcr0 = X86_XCR0_X87 | X86_XCR0_SSE;
	c.osxsave = true;
	cpuid_ones(1, 0, r);
	x86_cpuid_filter(&c, 1, 0, r);
	tap_ok((r[2] & (1u << 26)) && (r[2] & (1u << 27)) &&
		   (r[2] & (1u << 28)),
	       "leaf 1: XSAVE, OSXSAVE, AVX when allowed");
	cpuid_ones(0xd, 0, r);
	x86_cpuid_filter(&c, 0xd, 0, r);
	tap_ok(r[0] == 7 && r[1] == 576 && r[2] == 0x440 + 0x180,
	       "leaf 0xd: components, size for XCR0 now and at most");
	cpuid_ones(0xd, 1, r);
	x86_cpuid_filter(&c, 0xd, 1, r);
	tap_is(r[0], 1, "leaf 0xd.1: XSAVEOPT only");
	cpuid_ones(7, 0, r);
	x86_cpuid_filter(&c, 7, 0, r);
	tap_ok((r[1] & (1u << 5)) && !(r[1] & (1u << 16)) &&
		   !(r[1] & (1u << 10)) && r[3] == 0 && r[0] == 0,
	       "leaf 7: AVX2 but no AVX-512, INVPCID or EDX bits");
	tap_ok(x86_cpuid_xcr0_valid(7, 7) && !x86_cpuid_xcr0_valid(5, 7) &&
		   !x86_cpuid_xcr0_valid(2, 7) &&
		   !x86_cpuid_xcr0_valid(0xe7, 7) &&
		   !x86_cpuid_xcr0_valid(0x27, 0xe7) &&
		   x86_cpuid_xcr0_valid(0xe7, 0xe7),
	       "XCR0 checks: x87 needed, AVX needs SSE, AVX-512 whole");

	/* The host's own answers: still coherent. */
	struct x86_cpuid_ctx h = { .apic_id = 1, .ncpus = 2 };
	x86_cpuid_probe(&h, cpuid_host);
	cpuid_host(1, 0, r);
	uint32_t host_ecx = r[2];
	x86_cpuid_filter(&h, 1, 0, r);
	tap_ok((r[2] & ~(1u << 31)) == (r[2] & host_ecx & ~(1u << 31)) &&
		   (r[2] >> 31),
	       "host leaf 1: a subset of the host's bits plus the "
	       "hypervisor bit");
}

static void t_msr(void)
{
	tap_ok(x86_msr_class(X86_MSR_TSC, false) == X86_MSR_PASS &&
		   x86_msr_class(X86_MSR_TSC, true) == X86_MSR_BACKEND,
	       "TSC: reads in hardware, writes emulated");
	tap_ok(x86_msr_class(X86_MSR_LSTAR, true) == X86_MSR_PASS &&
		   x86_msr_class(X86_MSR_KERNEL_GS_BASE, false) == X86_MSR_PASS,
	       "syscall and segment-base MSRs: hardware");
	tap_ok(x86_msr_class(X86_MSR_EFER, false) == X86_MSR_BACKEND &&
		   x86_msr_class(X86_MSR_PAT, true) == X86_MSR_BACKEND &&
		   x86_msr_class(X86_MSR_APIC_BASE, true) == X86_MSR_BACKEND,
	       "EFER, PAT, APIC base: emulated");
	tap_ok(x86_msr_class(X86_MSR_SVM_HSAVE_PA, true) == X86_MSR_FAULT &&
		   x86_msr_class(X86_MSR_SVM_VM_CR, false) == X86_MSR_FAULT &&
		   x86_msr_class(0x480, false) == X86_MSR_FAULT &&
		   x86_msr_class(0x830, true) == X86_MSR_FAULT,
	       "the hypervisor's own MSRs and x2APIC: #GP");
	tap_ok(x86_msr_class(0xc0011029u, false) == X86_MSR_EXIT &&
		   x86_msr_class(0x8b, true) == X86_MSR_EXIT,
	       "anything else: to the VM layer");
	tap_ok(x86_msr_class(0xfe, false) == X86_MSR_BACKEND &&
		   x86_msr_class(0x2ff, true) == X86_MSR_BACKEND &&
		   x86_msr_class(0x20f, true) == X86_MSR_BACKEND &&
		   x86_msr_class(0x26f, false) == X86_MSR_BACKEND &&
		   x86_msr_class(0x210, false) == X86_MSR_EXIT,
	       "MTRRs: emulated");
	struct x86_mtrr m;
	uint64_t v = 0;
	x86_mtrr_reset(&m);
	tap_ok(x86_mtrr_read(&m, 0xfe, &v) && v == 0x508 &&
		   !x86_mtrr_write(&m, 0xfe, 0, 40),
	       "MTRRcap: 8 variable ranges, fixed, WC; read-only");
	tap_ok(x86_mtrr_write(&m, 0x200, 0x80000006ull, 40) &&
		   x86_mtrr_write(&m, 0x201, 0xff80000800ull, 40) &&
		   x86_mtrr_read(&m, 0x201, &v) && v == 0xff80000800ull,
	       "variable MTRR written and read back");
	tap_ok(!x86_mtrr_write(&m, 0x200, 0x2, 40) &&
		   !x86_mtrr_write(&m, 0x201, 1ull << 45, 40) &&
		   !x86_mtrr_write(&m, 0x2ff, 0x1000, 40) &&
		   !x86_mtrr_write(&m, 0x250, 0x0707070707070707ull, 40),
	       "MTRR writes with bad types or reserved bits: #GP");
	tap_ok(x86_mtrr_write(&m, 0x2ff, 0xc06, 40) &&
		   x86_mtrr_write(&m, 0x268, 0x0606060606060606ull, 40) &&
		   x86_mtrr_read(&m, 0x268, &v) && v == 0x0606060606060606ull,
	       "default type and fixed ranges");
	tap_ok(x86_msr_apic_base_reset(true) == 0xfee00900ull &&
		   x86_msr_apic_base_reset(false) == 0xfee00800ull,
	       "APIC base after reset");
	tap_ok(x86_msr_apic_base_valid(0xfee00900ull, 40) &&
		   !x86_msr_apic_base_valid(0xfee00c00ull, 40) &&
		   !x86_msr_apic_base_valid(1ull << 45, 40),
	       "APIC base: no x2APIC, base within the physical width");
	tap_ok(x86_msr_pat_valid(X86_MSR_PAT_RESET) &&
		   !x86_msr_pat_valid(0x0207040600070406ull) &&
		   !x86_msr_pat_valid(0x0800000000000000ull),
	       "PAT: memory types 2, 3 and > 7 refused");
	uint64_t out = 0;
	const uint64_t allowed = X86_EFER_SCE | X86_EFER_LME | X86_EFER_NXE;
	tap_ok(x86_msr_efer_write(0, X86_EFER_LME | X86_EFER_SCE, allowed, 0,
				  &out) &&
		   out == (X86_EFER_LME | X86_EFER_SCE),
	       "EFER: LME and SCE set with paging off");
	tap_ok(!x86_msr_efer_write(X86_EFER_LME | X86_EFER_LMA, 0, allowed,
				   X86_CR0_PG, &out),
	       "EFER: LME cleared with paging on: #GP");
	tap_ok(!x86_msr_efer_write(0, X86_EFER_SVME, allowed, 0, &out),
	       "EFER: SVME refused");
	tap_ok(x86_msr_efer_write(X86_EFER_LME | X86_EFER_LMA,
				  X86_EFER_LME | X86_EFER_NXE, allowed,
				  X86_CR0_PG, &out) &&
		   out == (X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE),
	       "EFER: LMA is the CPU's (kept)");
}

static void t_event(void)
{
	tap_ok(x86_event_has_error(13) && x86_event_has_error(14) &&
		   x86_event_has_error(8) && !x86_event_has_error(6) &&
		   !x86_event_has_error(3),
	       "error codes: #DF #GP #PF have one, #UD #BP not");
	tap_ok(x86_event_combine(13, 11) == X86_COMBINE_DOUBLE &&
		   x86_event_combine(14, 14) == X86_COMBINE_DOUBLE &&
		   x86_event_combine(14, 13) == X86_COMBINE_DOUBLE &&
		   x86_event_combine(13, 14) == X86_COMBINE_SECOND &&
		   x86_event_combine(8, 13) == X86_COMBINE_SHUTDOWN &&
		   x86_event_combine(6, 13) == X86_COMBINE_SECOND,
	       "double and triple fault rules");
	tap_is(x86_event_word(14, X86_EVENT_EXCEPTION, true), 0x80000b0eu,
	       "event word: #PF with an error code");
	tap_ok(x86_event_vector_valid(2) && x86_event_vector_valid(8) &&
		   x86_event_vector_valid(255) && !x86_event_vector_valid(256),
	       "injectable vectors: 0..255 (2 is the NMI)");
	tap_ok(x86_event_irq_window(0x202, false) &&
		   !x86_event_irq_window(0x002, false) &&
		   !x86_event_irq_window(0x202, true),
	       "interrupt window: IF and no shadow");
}

/* The event queue needs a vCPU of the core: a minimal backend. */
static int nop_create(struct axvcpu *v, const void *c)
{
	(void)v;
	(void)c;
	return 0;
}
static int nop_setup(struct axvcpu *v, axvcpu_gpa_t e, axvcpu_hpa_t r,
		     const void *c)
{
	(void)v, (void)e, (void)r, (void)c;
	return 0;
}
static int nop_entry(struct axvcpu *v, axvcpu_gpa_t e)
{
	(void)v, (void)e;
	return 0;
}
static int nop_reg(struct axvcpu *v, unsigned r, uint64_t x)
{
	(void)v, (void)r, (void)x;
	return 0;
}
static int nop_getreg(struct axvcpu *v, unsigned r, uint64_t *x)
{
	(void)v, (void)r;
	*x = 0;
	return 0;
}
static int nop_bind(struct axvcpu *v, void *p)
{
	(void)v, (void)p;
	return 0;
}
static int nop_run(struct axvcpu *v, void *p, struct axvcpu_exit *e)
{
	(void)v, (void)p, (void)e;
	return 0;
}
static const struct axvcpu_backend nop_backend = {
	.name = "nop",
	.gpr_count = 1,
	.vector_count = 256,
	.vector_valid = x86_event_vector_valid,
	.create = nop_create,
	.setup = nop_setup,
	.set_entry = nop_entry,
	.set_gpr = nop_reg,
	.get_gpr = nop_getreg,
	.bind = nop_bind,
	.unbind = nop_bind,
	.run = nop_run,
};

static void t_irq_order(void)
{
	struct axvcpu *v = NULL;
	struct axvcpu_create_params p = { .favor_phys_cpu = -1 };
	if (axvcpu_hal_register(axvcpu_hosted_hal()) ||
	    axvcpu_create(&nop_backend, &p, &v) ||
	    axvcpu_setup(v, 0, 0, NULL, 0)) {
		tap_ok(0, "a vCPU for the queue");
		return;
	}
	tap_is(x86_event_next_irq(v), -1, "empty queue: -1");
	axvcpu_inject_interrupt(v, 0x30);
	axvcpu_inject_interrupt(v, 0xef);
	axvcpu_inject_interrupt(v, 0x81);
	axvcpu_inject_interrupt(v, 2);
	tap_is(x86_event_next_irq(v), 0xef, "highest vector first");
	tap_ok(x86_event_nmi_pending(v), "NMI seen apart");
	axvcpu_irq_clear(v, 0xef);
	axvcpu_irq_clear(v, 0x81);
	tap_is(x86_event_next_irq(v), 0x30, "then the next");
	axvcpu_irq_clear(v, 0x30);
	axvcpu_inject_interrupt(v, 8);
	tap_is(x86_event_next_irq(v), 8,
	       "a real-mode BIOS's IRQ vector, not the NMI");
	axvcpu_destroy(v);
}

static void t_regs(void)
{
	struct x86_regs r = { .gpr = { 0x1111222233334444ull } };
	x86_regs_write(&r, 0, false, 1, 0xaa);
	tap_is(r.gpr[0], 0x11112222333344aaull, "byte write merges");
	x86_regs_write(&r, 0, true, 1, 0xbb);
	tap_is(r.gpr[0], 0x111122223333bbaaull, "high byte write");
	x86_regs_write(&r, 0, false, 4, 0xfffffffff0000000ull);
	tap_is(r.gpr[0], 0xf0000000ull, "dword write zero-extends");
	tap_is(x86_regs_read(&r, 0, true, 1), 0,
	       "high byte read of 0xf0000000");
	r.gpr[6] = 0xffff;
	x86_regs_add(&r, 6, 2, 1);
	tap_is(r.gpr[6], 0, "16-bit add wraps in the low word");
	struct x86_sysview v = { .cr0 = X86_CR0_PE };
	v.seg[X86_SEG_CS].db = true;
	tap_ok(x86_regs_cpu_mode(&v, 2) == X86_MODE_PROT32 &&
		   x86_regs_cpu_mode(&v, 2 | X86_RFLAGS_VM) == X86_MODE_REAL,
	       "mode: prot32, virtual-8086 decodes as real");
	v.efer = X86_EFER_LMA;
	v.seg[X86_SEG_CS].l = true;
	v.seg[X86_SEG_CS].db = false;
	tap_ok(x86_regs_cpu_mode(&v, 2) == X86_MODE_LONG64 &&
		   x86_regs_code_size(&v, 2) == 8,
	       "mode: long64");
}

static void t_fpu(void)
{
	uint8_t *area = aligned_alloc(64, X86_FPU_AREA_SIZE);
	uint8_t *back = aligned_alloc(64, X86_FPU_AREA_SIZE);
	uint8_t *mine = aligned_alloc(64, X86_FPU_AREA_SIZE);
	x86_fpu_area_init(area);
	uint16_t fcw;
	uint32_t mxcsr;
	memcpy(&fcw, area, 2);
	memcpy(&mxcsr, area + 24, 4);
	tap_ok(fcw == 0x37f && mxcsr == 0x1f80, "initial FCW and MXCSR");
	/* Through the host's registers and back (keeping the test's own). */
	x86_fpu_fxsave(mine);
	x86_fpu_fxrstor(area);
	x86_fpu_fxsave(back);
	x86_fpu_fxrstor(mine);
	memcpy(&fcw, back, 2);
	memcpy(&mxcsr, back + 24, 4);
	tap_ok(fcw == 0x37f && mxcsr == 0x1f80 && back[4] == 0,
	       "FXRSTOR then FXSAVE gives the initial state back");
	free(area);
	free(back);
	free(mine);
}

int main(void)
{
	t_cpuid();
	t_msr();
	t_event();
	t_irq_order();
	t_regs();
	t_fpu();
	return tap_done(0);
}
