/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SVM benchmark program's floor (the rest is bench_hook.c): a loop on
 * a VMCB written here by hand, running platform/pc/floor.S.
 */
#include "tests/x86/hv/bench_hook.h"
#include <axvcpu/stage2.h>

/* The floor's VMCB, written here by hand (APM vol. 2 appendix B): the
 * floor owes nothing to the library. */
#define VMCB_ICPT2 0x010
#define VMCB_ASID 0x058
#define VMCB_TLB 0x05c
#define VMCB_INT_CTL 0x060
#define VMCB_NP 0x090
#define VMCB_NCR3 0x0b0
/* Segments: ES CS SS DS FS GS GDTR LDTR IDTR TR, 16 bytes each. */
#define VMCB_SEG(i) (0x400 + 16 * (i))
#define VMCB_EFER 0x4d0
#define VMCB_CR0 0x558
#define VMCB_DR7 0x560
#define VMCB_DR6 0x568
#define VMCB_RFLAGS 0x570
#define VMCB_RIP 0x578
#define VMCB_RSP 0x5d8
#define VMCB_GPAT 0x668

void hv_floor_run(uint64_t vmcb_pa, void *vmcb, uint64_t n);

static uint8_t *floor_vmcb;
static axvcpu_hpa_t floor_pa;

static void put(unsigned off, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		floor_vmcb[off + i] = (uint8_t)(v >> (8 * i));
}

static void seg(unsigned i, uint16_t attr)
{
	put(VMCB_SEG(i), 0, 2);
	put(VMCB_SEG(i) + 2, attr, 2);
	put(VMCB_SEG(i) + 4, 0xffff, 4);
	put(VMCB_SEG(i) + 8, 0, 8);
}

/* A real-mode guest on "vmmcall; jmp -5" at FLOOR_CODE_GPA, on the VM's
 * own NPT tables. */
static void floor_setup(struct hv_vm *hv)
{
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	static const uint8_t code[] = { 0x0f, 0x01, 0xd9, 0xeb, 0xfb };
	if (!hal->alloc_frame(&floor_pa))
		hv_panic("floor VMCB");
	floor_vmcb = hal->phys_to_virt(floor_pa);
	vmm_mem_write(&hv->vm.mem, FLOOR_CODE_GPA, code, sizeof(code));
	put(VMCB_ICPT2, 3, 4); /* VMRUN (mandatory), VMMCALL */
	put(VMCB_ASID, 1, 4);
	put(VMCB_TLB, 1, 1);
	put(VMCB_INT_CTL, 1u << 24, 4);
	put(VMCB_NP, 1, 8);
	put(VMCB_NCR3, axvcpu_stage2_root(hv->s2), 8);
	for (unsigned i = 0; i < 6; i++)
		seg(i, i == 1 ? 0x9b : 0x93);
	seg(6, 0);
	seg(7, 0x82);
	seg(8, 0);
	seg(9, 0x8b);
	put(VMCB_EFER, 1u << 12, 8);
	put(VMCB_CR0, 0x10, 8);
	put(VMCB_DR7, 0x400, 8);
	put(VMCB_DR6, 0xffff0ff0, 8);
	put(VMCB_RFLAGS, 2, 8);
	put(VMCB_RIP, FLOOR_CODE_GPA, 8);
	put(VMCB_RSP, 0x6000, 8);
	put(VMCB_GPAT, 0x0007040600070406ull, 8);
}

uint64_t bench_floor_cycles(struct hv_vm *hv, uint64_t n)
{
	if (!floor_vmcb)
		floor_setup(hv);
	put(VMCB_RIP, FLOOR_CODE_GPA, 8);
	uint64_t t = hv_rdtsc();
	hv_floor_run(floor_pa, floor_vmcb, n);
	t = hv_rdtsc() - t;
	/* The first run flushed this ASID's TLB; the rest need not. */
	put(VMCB_TLB, 0, 1);
	return t;
}
