/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest state the shared x86 code works on. A backend keeps the
 * general registers, rip and rflags in a struct x86_regs that is the truth
 * whenever the guest is not running (SVM copies rax, rsp, rip and rflags
 * from and to the VMCB around VMRUN; VMX does the same with its VMCS
 * fields), and describes the rest (control registers, segments) on demand
 * in a struct x86_sysview. Pure and freestanding.
 */
#ifndef AXVCPU_X86_REGS_H
#define AXVCPU_X86_REGS_H

#include "src/decode/x86_mem.h"
#include "x86_mode.h"

/* General registers (x86 order), rip and rflags. */
struct x86_regs {
	uint64_t gpr[16];
	uint64_t rip;
	uint64_t rflags;
};

/* One segment as linear addressing needs it. */
struct x86_segview {
	uint64_t base;
	uint32_t limit;
	uint16_t sel;
	bool l, db; /* CS: 64-bit, 32-bit default size */
};

/* The guest's system state at an exit (filled by the backend). */
struct x86_sysview {
	uint64_t cr0, cr3, cr4, efer;
	/* Indexed by enum x86_seg (ES CS SS DS FS GS). */
	struct x86_segview seg[6];
	uint8_t cpl;
};

/* The decoder's CPU mode for the guest in `v` with `rflags`. */
enum x86_cpu_mode x86_regs_cpu_mode(const struct x86_sysview *v,
				    uint64_t rflags);

/* Address/operand width of the code segment in bytes: 2, 4 or 8. */
unsigned x86_regs_code_size(const struct x86_sysview *v, uint64_t rflags);

/* Whether the guest is in 64-bit mode (EFER.LMA and CS.L). */
bool x86_regs_long64(const struct x86_sysview *v);

/*
 * Write `size` bytes (1, 2, 4, 8) of `val` to register `reg` as an
 * instruction would: 1 and 2 bytes merge into the register (with `high8`
 * the byte is bits 15:8 of register 0-3: AH CH DH BH), 4 bytes zero the
 * upper half, 8 bytes replace it.
 */
void x86_regs_write(struct x86_regs *r, unsigned reg, bool high8, unsigned size,
		    uint64_t val);

/* Read `size` bytes of register `reg` (`high8`: bits 15:8), zero-extended.
 */
uint64_t x86_regs_read(const struct x86_regs *r, unsigned reg, bool high8,
		       unsigned size);

/* `v` truncated to `size` bytes (1, 2, 4, 8). */
static inline uint64_t x86_trunc(uint64_t v, unsigned size)
{
	return size >= 8 ? v : v & ((1ull << (8 * size)) - 1);
}

/*
 * Add `delta` to register `reg` at `size` bytes' width (a string
 * instruction's rSI/rDI/rCX with a 16- or 32-bit address size wraps in the
 * low bytes; 32 bits zero the upper half as any 32-bit write does).
 */
void x86_regs_add(struct x86_regs *r, unsigned reg, unsigned size,
		  int64_t delta);

#endif /* AXVCPU_X86_REGS_H */
