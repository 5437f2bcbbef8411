/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU VMX: what the CPU offers (the capability MSRs and the controls
 * adjusted against them), the feature-control MSR, the VMXON region, a
 * task register for hosts without one, CR0/CR4 fixed bits and VMXON.
 */
#include "src/arch/x86_64/x86_mode.h"
#include "vmx_internal.h"

#define CPUID_VMX_ECX (1u << 5) /* leaf 1 ECX */
#define CR4_VMXE (1ull << 13)

struct vmx_caps vmx_caps_global;
bool vmx_caps_known;

/*
 * A control word: `want` as far as the CPU allows, the bits it forces on
 * added; false if a bit of `need` is not allowed. The capability MSR has
 * the allowed 0-settings in bits 31:0 (1 = must be 1) and the allowed
 * 1-settings in 63:32.
 */
static bool percpu_ctl(uint32_t msr, uint32_t want, uint32_t need,
		       uint32_t *out)
{
	uint64_t cap = x86_cpu_rdmsr(msr);
	uint32_t must = (uint32_t)cap, may = (uint32_t)(cap >> 32);
	if ((need & may) != need)
		return false;
	*out = (want | need | must) & may;
	return true;
}

static int percpu_caps(struct vmx_caps *c)
{
	uint64_t basic = x86_cpu_rdmsr(VMX_MSR_BASIC);
	bool tru = basic & VMX_BASIC_TRUE_CTLS;
	*c = (struct vmx_caps){ 0 };
	c->revision = (uint32_t)basic & 0x7fffffffu;
	c->inout_info = basic & VMX_BASIC_INOUT_INFO;
	if (((basic >> 32) & 0x1fff) > AXVCPU_FRAME_SIZE)
		return AXVCPU_EUNSUPPORTED;
	if (!percpu_ctl(tru ? VMX_MSR_TRUE_PINBASED : VMX_MSR_PINBASED,
			VMX_PIN_PREEMPT,
			VMX_PIN_EXTINT | VMX_PIN_NMI | VMX_PIN_VNMI, &c->pin))
		return AXVCPU_EUNSUPPORTED;
	if (!percpu_ctl(tru ? VMX_MSR_TRUE_PROCBASED : VMX_MSR_PROCBASED,
			VMX_PROC_TSC_OFFSET | VMX_PROC_MWAIT | VMX_PROC_RDPMC |
			    VMX_PROC_MONITOR,
			VMX_PROC_HLT | VMX_PROC_UNCOND_IO |
			    VMX_PROC_MSR_BITMAP | VMX_PROC_SECONDARY |
			    VMX_PROC_INT_WINDOW | VMX_PROC_NMI_WINDOW,
			&c->proc))
		return AXVCPU_EUNSUPPORTED;
	/* Window exiting is turned on when needed. */
	c->proc &= ~(VMX_PROC_INT_WINDOW | VMX_PROC_NMI_WINDOW);
	c->cr3_exiting = c->proc & (VMX_PROC_CR3_LOAD | VMX_PROC_CR3_STORE);
	if (!percpu_ctl(VMX_MSR_PROCBASED2,
			VMX_PROC2_VPID | VMX_PROC2_UNRESTRICTED, VMX_PROC2_EPT,
			&c->proc2))
		return AXVCPU_EUNSUPPORTED;
	if (!percpu_ctl(tru ? VMX_MSR_TRUE_EXIT : VMX_MSR_EXIT,
			VMX_EXIT_SAVE_PAT | VMX_EXIT_LOAD_PAT |
			    VMX_EXIT_SAVE_DEBUG | VMX_EXIT_SAVE_PREEMPT,
			VMX_EXIT_HOST_64 | VMX_EXIT_ACK_INTR |
			    VMX_EXIT_SAVE_EFER | VMX_EXIT_LOAD_EFER,
			&c->exit))
		return AXVCPU_EUNSUPPORTED;
	if (!percpu_ctl(tru ? VMX_MSR_TRUE_ENTRY : VMX_MSR_ENTRY,
			VMX_ENTRY_LOAD_PAT | VMX_ENTRY_LOAD_DEBUG,
			VMX_ENTRY_LOAD_EFER, &c->entry))
		return AXVCPU_EUNSUPPORTED;
	c->entry &= ~VMX_ENTRY_IA32E; /* per guest */
	/* The preemption timer counts the TSC >> MISC[4:0]; its value is
	 * kept across exits (it counts the guest's time). */
	if ((c->pin & VMX_PIN_PREEMPT) && (c->exit & VMX_EXIT_SAVE_PREEMPT))
		c->preempt =
		    VMX_PREEMPT_TSC >> (x86_cpu_rdmsr(VMX_MSR_MISC) & 0x1f);
	else
		c->pin &= ~VMX_PIN_PREEMPT;
	c->pat = (c->exit & VMX_EXIT_SAVE_PAT) &&
		 (c->exit & VMX_EXIT_LOAD_PAT) &&
		 (c->entry & VMX_ENTRY_LOAD_PAT);
	c->ept_vpid = x86_cpu_rdmsr(VMX_MSR_EPT_VPID_CAP);
	const uint64_t ept_need = VMX_EPT_WALK4 | VMX_EPT_WB | VMX_EPT_INVEPT;
	if ((c->ept_vpid & ept_need) != ept_need ||
	    !(c->ept_vpid & (VMX_EPT_INVEPT_SINGLE | VMX_EPT_INVEPT_ALL)))
		return AXVCPU_EUNSUPPORTED;
	c->ept_1g = c->ept_vpid & VMX_EPT_1G;
	c->vpid =
	    (c->proc2 & VMX_PROC2_VPID) && (c->ept_vpid & VMX_VPID_INVVPID) &&
	    (c->ept_vpid & (VMX_VPID_INVVPID_SINGLE | VMX_VPID_INVVPID_ALL));
	if (!c->vpid)
		c->proc2 &= ~VMX_PROC2_VPID;
	c->unrestricted = c->proc2 & VMX_PROC2_UNRESTRICTED;
	c->cr0_fixed0 = x86_cpu_rdmsr(VMX_MSR_CR0_FIXED0);
	c->cr0_fixed1 = x86_cpu_rdmsr(VMX_MSR_CR0_FIXED1);
	c->cr4_fixed0 = x86_cpu_rdmsr(VMX_MSR_CR4_FIXED0);
	c->cr4_fixed1 = x86_cpu_rdmsr(VMX_MSR_CR4_FIXED1);
	return AXVCPU_OK;
}

static bool caps_equal(const struct vmx_caps *a, const struct vmx_caps *b)
{
	return a->revision == b->revision && a->pin == b->pin &&
	       a->proc == b->proc && a->proc2 == b->proc2 &&
	       a->exit == b->exit && a->entry == b->entry &&
	       a->ept_vpid == b->ept_vpid && a->cr0_fixed0 == b->cr0_fixed0 &&
	       a->cr0_fixed1 == b->cr0_fixed1 &&
	       a->cr4_fixed0 == b->cr4_fixed0 && a->cr4_fixed1 == b->cr4_fixed1;
}

int vmx_percpu_init(void *percpu, unsigned cpu)
{
	struct vmx_percpu *pc = percpu;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	uint32_t r[4];
	x86_cpu_cpuid(1, 0, r);
	if (!(r[2] & CPUID_VMX_ECX))
		return AXVCPU_EUNSUPPORTED;
	int err = x86_fpu_cpu_probe(&pc->fp);
	if (err)
		return err;
	pc->fp.dr6 = true; /* a VM exit leaves the guest's DR6 in the CPU */
	uint64_t fc = x86_cpu_rdmsr(VMX_MSR_FEATURE_CONTROL);
	if ((fc & VMX_FC_LOCK) && !(fc & VMX_FC_VMXON_OUTSIDE_SMX))
		return AXVCPU_EUNSUPPORTED; /* disabled by the firmware */
	if (!(fc & VMX_FC_LOCK))
		x86_cpu_wrmsr(VMX_MSR_FEATURE_CONTROL,
			      fc | VMX_FC_LOCK | VMX_FC_VMXON_OUTSIDE_SMX);
	err = percpu_caps(&pc->caps);
	if (err)
		return err;
	if (__atomic_load_n(&vmx_caps_known, __ATOMIC_ACQUIRE)) {
		if (!caps_equal(&pc->caps, &vmx_caps_global))
			return AXVCPU_EUNSUPPORTED; /* CPUs must agree */
	} else {
		vmx_caps_global = pc->caps;
		__atomic_store_n(&vmx_caps_known, true, __ATOMIC_RELEASE);
	}
	pc->cpu = cpu;
	if (!hal->alloc_frame(&pc->vmxon_pa))
		return AXVCPU_ENOMEM;
	uint32_t *region = hal->phys_to_virt(pc->vmxon_pa);
	if (!region) {
		hal->dealloc_frame(pc->vmxon_pa);
		pc->vmxon_pa = 0;
		return AXVCPU_ENOMEM;
	}
	region[0] = pc->caps.revision;
	return AXVCPU_OK;
}

/*
 * A task register for the host, which VM exits load (a null TR fails the
 * entry's host-state checks): the host's GDT copied into a frame with a
 * 64-bit TSS descriptor after it, and the TSS in the same frame.
 */
static int percpu_host_tr(struct vmx_percpu *pc)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} gdtr;
	uint16_t tr;
	__asm__ volatile("str %0" : "=r"(tr));
	if (tr)
		return AXVCPU_OK;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	/* The GDT (up to 2 KiB kept), the descriptor, the TSS at 3 KiB. */
	unsigned len = ((unsigned)gdtr.limit + 1 + 15) & ~15u;
	if (len > 2048 || !hal->alloc_frame(&pc->tss_pa))
		return AXVCPU_ENOMEM;
	uint8_t *f = hal->phys_to_virt(pc->tss_pa);
	if (!f)
		return AXVCPU_ENOMEM;
	const uint8_t *old = (const uint8_t *)gdtr.base;
	for (unsigned i = 0; i <= gdtr.limit; i++)
		f[i] = old[i];
	uint64_t tss = (uint64_t)(f + 3072);
	uint64_t *d = (uint64_t *)(f + len);
	/* TSS: no I/O bitmap (its base past the limit). */
	*(uint16_t *)(f + 3072 + 102) = 104;
	d[0] = 103 | (tss & 0xffffff) << 16 | 0x89ull << 40 |
	       ((tss >> 24) & 0xff) << 56;
	d[1] = tss >> 32;
	gdtr.base = (uint64_t)f;
	gdtr.limit = (uint16_t)(len + 16 - 1);
	__asm__ volatile("lgdt %0" ::"m"(gdtr) : "memory");
	tr = (uint16_t)len;
	__asm__ volatile("ltr %0" ::"r"(tr) : "memory");
	return AXVCPU_OK;
}

int vmx_percpu_enable(void *percpu)
{
	struct vmx_percpu *pc = percpu;
	const struct vmx_caps *c = &pc->caps;
	int err = percpu_host_tr(pc);
	if (err)
		return err;
	uint64_t cr4 = x86_cpu_read_cr4() | x86_fpu_cpu_cr4(&pc->fp) | CR4_VMXE;
	x86_cpu_write_cr4((cr4 | c->cr4_fixed0) & c->cr4_fixed1);
	x86_cpu_write_cr0((x86_cpu_read_cr0() | c->cr0_fixed0) & c->cr0_fixed1);
	x86_fpu_cpu_enable(&pc->fp);
	if (vmx_vmxon(pc->vmxon_pa)) {
		x86_cpu_write_cr4(x86_cpu_read_cr4() & ~CR4_VMXE);
		return AXVCPU_EHW;
	}
	/* Nothing of a previous VMXON is valid: old TLB entries neither. */
	if (c->ept_vpid & VMX_EPT_INVEPT_ALL)
		vmx_invept(VMX_INVEPT_ALL, 0);
	if (c->vpid && (c->ept_vpid & VMX_VPID_INVVPID_ALL))
		vmx_invvpid(VMX_INVVPID_ALL, 0);
	pc->on = true;
	if (pc->cpu < VMX_HOOK_CPUS)
		__atomic_store_n(&vmx_cpu_on[pc->cpu], true, __ATOMIC_RELEASE);
	pc->current = pc->msr_owner = 0;
	x86_fpu_cpu_forget(&pc->fp);
	return AXVCPU_OK;
}

int vmx_percpu_disable(void *percpu)
{
	struct vmx_percpu *pc = percpu;
	if (pc->cpu < VMX_HOOK_CPUS)
		__atomic_store_n(&vmx_cpu_on[pc->cpu], false, __ATOMIC_RELEASE);
	if (pc->on) {
		vmx_vmxoff();
		x86_cpu_write_cr4(x86_cpu_read_cr4() & ~CR4_VMXE);
	}
	pc->on = false;
	pc->current = pc->msr_owner = 0;
	x86_fpu_cpu_forget(&pc->fp);
	return AXVCPU_OK;
}

void vmx_percpu_fini(void *percpu)
{
	struct vmx_percpu *pc = percpu;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	if (hal && pc->vmxon_pa)
		hal->dealloc_frame(pc->vmxon_pa);
	/* The TSS frame stays: the host's TR points into it. */
	pc->vmxon_pa = 0;
}

unsigned vmx_percpu_levels(void *percpu)
{
	(void)percpu;
	return 4;
}
