/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VMX benchmark program's floor (the rest is bench_hook.c, for the
 * bench guest of the SVM bench built with VMCALL): a loop on a VMCS
 * written here by hand, running floor_vmx.S in bochs.
 */
#include "tests/x86/hv/bench_hook.h"
#include <axvcpu/stage2.h>

int hv_vmx_floor_run(uint64_t n);

static uint64_t floor_pa, floor_eptp;

/* ---- the floor's VMCS, by hand (SDM vol. 3 appendix B) ----------------- */

static void vw(uint32_t f, uint64_t v)
{
	__asm__ volatile("vmwrite %1, %0" ::"r"((uint64_t)f), "r"(v) : "cc");
}

/* A control word: `want` with what the capability MSR forces. */
static uint32_t ctl(uint32_t msr, uint32_t want)
{
	uint64_t cap = hv_rdmsr(msr);
	return (want | (uint32_t)cap) & (uint32_t)(cap >> 32);
}

static uint64_t cr(int n)
{
	uint64_t v = 0;
	if (n == 0)
		__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	else if (n == 3)
		__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	else
		__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/* A real-mode guest on "vmcall; jmp -5" at FLOOR_CODE_GPA, on the VM's
 * own EPT tables; the host state is this CPU's. */
static void floor_fill(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} gdtr, idtr;
	uint16_t tr, sel;
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	__asm__ volatile("sidt %0" : "=m"(idtr));
	__asm__ volatile("str %0" : "=r"(tr));
	bool tru = hv_rdmsr(0x480) & (1ull << 55);
	vw(0x4000, ctl(tru ? 0x48d : 0x481, 0));
	vw(0x4002, ctl(tru ? 0x48e : 0x482, 1u << 31));
	vw(0x401e, ctl(0x48b, (1u << 1) | (1u << 7))); /* EPT, unrestricted */
	vw(0x400c, ctl(tru ? 0x48f : 0x483, (1u << 9) | (1u << 21)));
	vw(0x4012, ctl(tru ? 0x490 : 0x484, 0));
	vw(0x4004, 0);
	vw(0x201a, floor_eptp);
	vw(0x2800, ~0ull);
	/* Host: this CPU as it is. */
	vw(0x6c00, cr(0));
	vw(0x6c02, cr(3));
	vw(0x6c04, cr(4));
	__asm__ volatile("mov %%cs, %0" : "=r"(sel));
	vw(0x0c02, sel);
	__asm__ volatile("mov %%ss, %0" : "=r"(sel));
	vw(0x0c04, sel);
	__asm__ volatile("mov %%ds, %0" : "=r"(sel));
	vw(0x0c06, sel);
	vw(0x0c00, sel);
	vw(0x0c0c, tr);
	const uint64_t *d = (const uint64_t *)(gdtr.base + (tr & ~7u));
	vw(0x6c0a, ((d[0] >> 16) & 0xffffff) | ((d[0] >> 56) & 0xff) << 24 |
		       (d[1] & 0xffffffffull) << 32);
	vw(0x6c0c, gdtr.base);
	vw(0x6c0e, idtr.base);
	vw(0x2c02, hv_rdmsr(0xc0000080));
	/* Guest: real mode, segments based at 0. */
	for (unsigned i = 0; i < 6; i++) {
		vw(0x0800 + 2 * i, 0);
		vw(0x4800 + 2 * i, 0xffff);
		vw(0x4814 + 2 * i, i == 1 ? 0x9b : 0x93);
		vw(0x6806 + 2 * i, 0);
	}
	vw(0x480c, 0xffff); /* LDTR unusable */
	vw(0x4820, 1u << 16);
	vw(0x480e, 0xffff); /* TR: busy 16-bit TSS */
	vw(0x4822, 0x8b);
	vw(0x6814, 0);
	vw(0x4810, 0xffff);
	vw(0x4812, 0xffff);
	vw(0x6816, 0);
	vw(0x6818, 0);
	uint64_t f0 = hv_rdmsr(0x486) & ~0x80000001ull, f1 = hv_rdmsr(0x487);
	vw(0x6800, (0x10 | f0) & f1);
	vw(0x6802, 0);
	vw(0x6804, hv_rdmsr(0x488) & hv_rdmsr(0x489));
	vw(0x2806, 0); /* EFER */
	vw(0x681a, 0x400);
	vw(0x681c, 0x6000);
	vw(0x681e, FLOOR_CODE_GPA);
	vw(0x6820, 2);
	vw(0x4824, 0);
	vw(0x4826, 0);
	vw(0x6822, 0);
}

uint64_t bench_floor_cycles(struct hv_vm *hv, uint64_t n)
{
	static const uint8_t code[] = { 0x0f, 0x01, 0xc1, 0xeb, 0xfb };
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	uint64_t lib = 0;
	if (!floor_pa) {
		if (!hal->alloc_frame(&floor_pa))
			hv_panic("floor VMCS");
		*(uint32_t *)hal->phys_to_virt(floor_pa) =
		    (uint32_t)hv_rdmsr(0x480) & 0x7fffffffu;
		vmm_mem_write(&hv->vm.mem, FLOOR_CODE_GPA, code, sizeof(code));
		floor_eptp = axvcpu_stage2_root(hv->s2) | (3u << 3) | 6u;
	}
	/* The library's VMCS is current: put it back afterwards. */
	__asm__ volatile("vmptrst %0" : "=m"(lib));
	__asm__ volatile("vmclear %0; vmptrld %0" ::"m"(floor_pa) : "cc");
	floor_fill();
	uint64_t t = hv_rdtsc();
	int err = hv_vmx_floor_run(n);
	t = hv_rdtsc() - t;
	__asm__ volatile("vmclear %0" ::"m"(floor_pa) : "cc");
	__asm__ volatile("vmptrld %0" ::"m"(lib) : "cc");
	if (err)
		hv_panic("the floor's VM entry failed");
	return t;
}
