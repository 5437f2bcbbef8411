/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The MSR policy of the bare-metal x86 backends: which MSRs the guest
 * reaches in hardware (switched with the rest of its state), which the
 * backend emulates itself (EFER, PAT, the APIC base, TSC writes, the
 * MTRRs), which are the hypervisor's own (#GP), and which
 * go to the VM layer as SysRegRead / SysRegWrite exits; and the checks of
 * the emulated ones. Pure and freestanding.
 */
#ifndef AXVCPU_X86_MSR_H
#define AXVCPU_X86_MSR_H

#include <stdbool.h>
#include <stdint.h>

/* Architectural MSR numbers the layer knows. */
#define X86_MSR_TSC 0x10u
#define X86_MSR_APIC_BASE 0x1bu
#define X86_MSR_SYSENTER_CS 0x174u
#define X86_MSR_SYSENTER_ESP 0x175u
#define X86_MSR_SYSENTER_EIP 0x176u
#define X86_MSR_PAT 0x277u
#define X86_MSR_VMX_FIRST 0x480u
#define X86_MSR_VMX_LAST 0x493u
#define X86_MSR_X2APIC_FIRST 0x800u
#define X86_MSR_X2APIC_LAST 0x8ffu
#define X86_MSR_XSS 0xda0u
#define X86_MSR_EFER 0xc0000080u
#define X86_MSR_STAR 0xc0000081u
#define X86_MSR_LSTAR 0xc0000082u
#define X86_MSR_CSTAR 0xc0000083u
#define X86_MSR_SFMASK 0xc0000084u
#define X86_MSR_FS_BASE 0xc0000100u
#define X86_MSR_GS_BASE 0xc0000101u
#define X86_MSR_KERNEL_GS_BASE 0xc0000102u
#define X86_MSR_TSC_AUX 0xc0000103u
#define X86_MSR_SVM_VM_CR 0xc0010114u
#define X86_MSR_SVM_HSAVE_PA 0xc0010117u

/* How a guest access to an MSR is served. */
enum x86_msr_class {
	/* A SysRegRead / SysRegWrite exit: the VM layer's. */
	X86_MSR_EXIT = 0,
	/* The hardware, no intercept: the world switch keeps it per vCPU. */
	X86_MSR_PASS,
	/* The backend emulates it (x86_msr_* below and the VMCB/VMCS). */
	X86_MSR_BACKEND,
	/* #GP: the hypervisor's own MSRs and features the guest lacks. */
	X86_MSR_FAULT,
};

/* The class of a read (`write` false) or write of `msr`. */
enum x86_msr_class x86_msr_class(uint32_t msr, bool write);

/* The APIC base MSR after reset: 0xfee00000, enabled, BSP for vCPU 0. */
uint64_t x86_msr_apic_base_reset(bool bsp);

/*
 * Whether the guest may write `val` to the APIC base MSR (only the base,
 * the enable bit and BSP; x2APIC mode is not virtualized; the base within
 * `phys_bits` physical address bits).
 */
bool x86_msr_apic_base_valid(uint64_t val, unsigned phys_bits);

/* Whether `val` is a valid PAT (each byte a memory type 0, 1, 4-7). */
bool x86_msr_pat_valid(uint64_t val);

/* The PAT after reset. */
#define X86_MSR_PAT_RESET 0x0007040600070406ull

/*
 * A guest write of `val` to EFER, whose value is `old`, with `allowed` the
 * bits the guest may set (SCE LME NXE...; LMA is the CPU's): false if it
 * must #GP (reserved bits, LME changed while CR0.PG is set). Otherwise
 * *out is the new EFER the guest sees (LMA kept from `old`).
 */
bool x86_msr_efer_write(uint64_t old, uint64_t val, uint64_t allowed,
			uint64_t cr0, uint64_t *out);

#endif /* AXVCPU_X86_MSR_H */
