/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The x86 instructions the backend's C code uses. VMX instructions report
 * failure in the flags: CF for VMfailInvalid (no current VMCS, bad
 * pointer), ZF for VMfailValid (the VM-instruction error field says why).
 */
#include "vmx_internal.h"

/* 0, or 1 (CF) / 2 (ZF) from the flags a VMX instruction left. */
#define VMX_STATUS(cf, zf) ((cf) ? 1 : (zf) ? 2 : 0)

int vmx_vmxon(axvcpu_hpa_t pa)
{
	uint8_t cf, zf;
	__asm__ volatile("vmxon %2; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf)
			 : "m"(pa)
			 : "cc", "memory");
	return VMX_STATUS(cf, zf);
}

void vmx_vmxoff(void)
{
	__asm__ volatile("vmxoff" ::: "cc", "memory");
}

int vmx_vmclear(axvcpu_hpa_t pa)
{
	uint8_t cf, zf;
	__asm__ volatile("vmclear %2; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf)
			 : "m"(pa)
			 : "cc", "memory");
	return VMX_STATUS(cf, zf);
}

int vmx_vmptrld(axvcpu_hpa_t pa)
{
	uint8_t cf, zf;
	__asm__ volatile("vmptrld %2; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf)
			 : "m"(pa)
			 : "cc", "memory");
	return VMX_STATUS(cf, zf);
}

uint64_t vmx_read(enum vmx_field f)
{
	uint64_t v;
	__asm__ volatile("vmread %1, %0" : "=r"(v) : "r"((uint64_t)f) : "cc");
	return v;
}

void vmx_write(enum vmx_field f, uint64_t v)
{
	__asm__ volatile("vmwrite %1, %0" ::"r"((uint64_t)f), "r"(v) : "cc");
}

int vmx_invept(unsigned type, uint64_t eptp)
{
	struct {
		uint64_t eptp, zero;
	} d = { eptp, 0 };
	uint8_t cf, zf;
	__asm__ volatile("invept %2, %3; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf)
			 : "m"(d), "r"((uint64_t)type)
			 : "cc", "memory");
	return VMX_STATUS(cf, zf);
}

int vmx_invvpid(unsigned type, uint16_t vpid)
{
	struct {
		uint64_t vpid, addr;
	} d = { vpid, 0 };
	uint8_t cf, zf;
	__asm__ volatile("invvpid %2, %3; setc %0; setz %1"
			 : "=qm"(cf), "=qm"(zf)
			 : "m"(d), "r"((uint64_t)type)
			 : "cc", "memory");
	return VMX_STATUS(cf, zf);
}

uint64_t vmx_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

void vmx_wrmsr(uint32_t msr, uint64_t val)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)val),
			 "d"((uint32_t)(val >> 32)));
}

void vmx_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

uint64_t vmx_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

uint64_t vmx_read_cr0(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

void vmx_write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" ::"r"(v) : "memory");
}

uint64_t vmx_read_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

void vmx_write_cr2(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr2" ::"r"(v) : "memory");
}

uint64_t vmx_read_cr3(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

uint64_t vmx_read_cr4(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

void vmx_write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" ::"r"(v) : "memory");
}

void vmx_dr_save(uint64_t dr[4], uint64_t *dr6)
{
	__asm__ volatile("mov %%dr0, %0" : "=r"(dr[0]));
	__asm__ volatile("mov %%dr1, %0" : "=r"(dr[1]));
	__asm__ volatile("mov %%dr2, %0" : "=r"(dr[2]));
	__asm__ volatile("mov %%dr3, %0" : "=r"(dr[3]));
	__asm__ volatile("mov %%dr6, %0" : "=r"(*dr6));
}

void vmx_dr_load(const uint64_t dr[4], uint64_t dr6)
{
	__asm__ volatile("mov %0, %%dr0" ::"r"(dr[0]));
	__asm__ volatile("mov %0, %%dr1" ::"r"(dr[1]));
	__asm__ volatile("mov %0, %%dr2" ::"r"(dr[2]));
	__asm__ volatile("mov %0, %%dr3" ::"r"(dr[3]));
	__asm__ volatile("mov %0, %%dr6" ::"r"(dr6));
}
