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
