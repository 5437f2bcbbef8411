/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VMCS of a vCPU: made current on the CPU that runs it (VMCLEAR and
 * VMPTRLD when it arrives there), its controls written once, the host
 * state of the CPU written whenever the CPU changes, and the guest state
 * staged by setup/reset/power_on (which may run on another CPU, or before
 * any VMCS is current) applied before the entry.
 */
#include "src/arch/x86_64/x86_msr.h"
#include "src/arch/x86_64/x86_stage2.h"
#include "vmx_internal.h"

extern char vmx_switch_exit[];

static void vmcs_controls(struct vmx_vcpu *v)
{
	const struct vmx_caps *c = &vmx_caps_global;
	vmx_write(VMCS_PIN_CTLS, c->pin);
	v->proc_ctl = c->proc;
	vmx_write(VMCS_PROC_CTLS, v->proc_ctl);
	vmx_write(VMCS_PROC2_CTLS, c->proc2);
	/* #DB and #AC: a guest can make their delivery loop forever inside
	 * the CPU; intercepted, they are given back one at a time. #UD:
	 * AMD's VMMCALL is a hypercall here too (exit.c). */
	vmx_write(VMCS_EXC_BITMAP, (1u << AXVCPU_X86_EXC_DB) |
				       (1u << AXVCPU_X86_EXC_AC) |
				       (1u << AXVCPU_X86_EXC_UD));
	vmx_write(VMCS_PF_MASK, 0);
	vmx_write(VMCS_PF_MATCH, 0);
	vmx_write(VMCS_CR3_TARGET_COUNT, 0);
	vmx_write(VMCS_EXIT_CTLS, c->exit);
	vmx_write(VMCS_EXIT_MSR_STORE_COUNT, 0);
	vmx_write(VMCS_EXIT_MSR_LOAD_COUNT, 0);
	vmx_write(VMCS_ENTRY_MSR_LOAD_COUNT, 0);
	vmx_write(VMCS_ENTRY_INTR_INFO, 0);
	v->entry_ctl = c->entry;
	vmx_write(VMCS_ENTRY_CTLS, v->entry_ctl);
	vmx_write(VMCS_MSR_BITMAP, v->msr_bitmap_pa);
	vmx_write(VMCS_EPTP, x86_ept_eptp(v->ept_root));
	if (c->vpid)
		vmx_write(VMCS_VPID, v->vpid);
	vmx_write(VMCS_LINK_POINTER, ~0ull);
	vmx_write(VMCS_TSC_OFFSET, 0);
	/*
	 * CR0/CR4 bits the guest owns are the rest: the fixed ones (NE,
	 * VMXE; PE and PG too without unrestricted guest), the ones the CPU
	 * lacks, and PG (EFER.LMA and the IA-32e control follow it).
	 */
	uint64_t fixed0 = c->cr0_fixed0;
	if (c->unrestricted)
		fixed0 &= ~(X86_CR0_PE | X86_CR0_PG);
	v->cr0_mask = fixed0 | (~c->cr0_fixed1 & 0xffffffffull) | X86_CR0_PG;
	v->cr4_mask = c->cr4_fixed0 | ~c->cr4_fixed1;
	vmx_write(VMCS_CR0_MASK, v->cr0_mask);
	vmx_write(VMCS_CR4_MASK, v->cr4_mask);
}

/* The TR base from its descriptor in the GDT at `gdt`. */
static uint64_t vmcs_tr_base(uint64_t gdt, uint16_t tr)
{
	const uint64_t *d = (const uint64_t *)(gdt + (tr & ~7u));
	return ((d[0] >> 16) & 0xffffff) | ((d[0] >> 56) & 0xff) << 24 |
	       (d[1] & 0xffffffffull) << 32;
}

static void vmcs_host(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} gdtr, idtr;
	uint16_t cs, ss, ds, es, fs, gs, tr;
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	__asm__ volatile("sidt %0" : "=m"(idtr));
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	__asm__ volatile("mov %%ss, %0" : "=r"(ss));
	__asm__ volatile("mov %%ds, %0" : "=r"(ds));
	__asm__ volatile("mov %%es, %0" : "=r"(es));
	__asm__ volatile("mov %%fs, %0" : "=r"(fs));
	__asm__ volatile("mov %%gs, %0" : "=r"(gs));
	__asm__ volatile("str %0" : "=r"(tr));
	vmx_write(VMCS_HOST_CR0, x86_cpu_read_cr0());
	vmx_write(VMCS_HOST_CR3, x86_cpu_read_cr3());
	vmx_write(VMCS_HOST_CR4, x86_cpu_read_cr4());
	vmx_write(VMCS_HOST_CS_SEL, cs & 0xf8);
	vmx_write(VMCS_HOST_SS_SEL, ss & 0xf8);
	vmx_write(VMCS_HOST_DS_SEL, ds & 0xf8);
	vmx_write(VMCS_HOST_ES_SEL, es & 0xf8);
	vmx_write(VMCS_HOST_FS_SEL, fs & 0xf8);
	vmx_write(VMCS_HOST_GS_SEL, gs & 0xf8);
	vmx_write(VMCS_HOST_TR_SEL, tr & 0xf8);
	vmx_write(VMCS_HOST_FS_BASE, x86_cpu_rdmsr(X86_MSR_FS_BASE));
	vmx_write(VMCS_HOST_GS_BASE, x86_cpu_rdmsr(X86_MSR_GS_BASE));
	vmx_write(VMCS_HOST_TR_BASE, vmcs_tr_base(gdtr.base, tr));
	vmx_write(VMCS_HOST_GDTR_BASE, gdtr.base);
	vmx_write(VMCS_HOST_IDTR_BASE, idtr.base);
	vmx_write(VMCS_HOST_SYSENTER_CS, x86_cpu_rdmsr(X86_MSR_SYSENTER_CS));
	vmx_write(VMCS_HOST_SYSENTER_ESP, x86_cpu_rdmsr(X86_MSR_SYSENTER_ESP));
	vmx_write(VMCS_HOST_SYSENTER_EIP, x86_cpu_rdmsr(X86_MSR_SYSENTER_EIP));
	vmx_write(VMCS_HOST_EFER, x86_cpu_rdmsr(X86_MSR_EFER));
	if (vmx_caps_global.pat)
		vmx_write(VMCS_HOST_PAT, x86_cpu_rdmsr(X86_MSR_PAT));
	vmx_write(VMCS_HOST_RIP, (uint64_t)vmx_switch_exit);
}

int vmx_vmcs_enter(struct vmx_percpu *pc, struct vmx_vcpu *v)
{
	if (v->host_cpu != (int)pc->cpu) {
		/* Arriving on this CPU: cleared (launch state clear) and
		 * loaded, with this CPU's host state. */
		if (vmx_vmclear(v->vmcs_pa) || vmx_vmptrld(v->vmcs_pa))
			return AXVCPU_EHW;
		pc->current = v;
		v->launched = false;
		v->host_cpu = (int)pc->cpu;
		if (!v->initialised) {
			vmcs_controls(v);
			v->initialised = true;
		}
		vmcs_host();
	} else if (pc->current != v) {
		if (vmx_vmptrld(v->vmcs_pa))
			return AXVCPU_EHW;
		pc->current = v;
	}
	if (v->state_dirty)
		vmx_state_apply(v);
	return AXVCPU_OK;
}
