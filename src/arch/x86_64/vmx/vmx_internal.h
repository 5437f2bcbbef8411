/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VMX backend's state and the prototypes of its files (the ops of
 * struct axvcpu_backend and what they share). Not installed.
 */
#ifndef AXVCPU_VMX_INTERNAL_H
#define AXVCPU_VMX_INTERNAL_H

#include "src/arch/x86_64/x86_cpu.h"
#include "src/arch/x86_64/x86_fpu_cpu.h"
#include "src/arch/x86_64/x86_vcpu.h"
#include "vmx_vmcs.h"

#include <axvcpu/backend.h>
#include <axvcpu/vmx.h>

/* What the CPU offers and the controls the backend runs with (the same
 * on every CPU: checked at percpu_init). */
struct vmx_caps {
	uint32_t revision;
	uint32_t pin, proc, proc2, exit, entry;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	uint64_t ept_vpid;
	bool unrestricted;
	bool vpid;
	bool ept_1g;
	bool cr3_exiting; /* forced on by the CPU */
	bool pat;         /* save/load PAT */
	bool inout_info;  /* INS/OUTS instruction information */
	/* VMX-preemption timer: the value armed at every entry (0: none). */
	uint32_t preempt;
};

struct vmx_vcpu;

/* One physical CPU. */
struct vmx_percpu {
	struct vmx_caps caps;
	axvcpu_hpa_t vmxon_pa;
	axvcpu_hpa_t tss_pa; /* host GDT copy + TSS, if the host had no TR */
	unsigned cpu;
	bool on;
	struct x86_fpu_cpu fp;
	/* The current VMCS (VMPTRLD) and whose guest state is in the
	 * registers the backend switches lazily (the MSRs and CR2). */
	struct vmx_vcpu *current;
	struct vmx_vcpu *msr_owner;
};

/*
 * TSC cycles a guest runs at most without an exit, where the CPU has the
 * VMX-preemption timer while the guest runs with RFLAGS.IF clear: a
 * backstop for host interrupts held back in the guest (bochs 2.7 does not
 * let an interrupt end the run of a guest that entered with IF clear, nor
 * the next entries', until the guest changes IF). Counted in the guest's
 * time, kept across exits. 2^20: ~0.35 ms at 3 GHz, 21 ms at bochs's
 * 50 MHz.
 */
#define VMX_PREEMPT_TSC (1u << 20)

/* The SYSCALL MSRs the backend switches (vmx_msr_switch). */
#define VMX_SWITCHED_MSRS 5u

/* The backend's part of a vCPU (axvcpu_arch()). */
struct vmx_vcpu {
	X86_VCPU_BASE; /* first: rsp, rip and rflags go through the VMCS */
	axvcpu_hpa_t vmcs_pa;
	uint8_t *msr_bitmap;
	axvcpu_hpa_t msr_bitmap_pa;
	axvcpu_hpa_t ept_root;
	uint64_t ept_gen; /* vmx_ept_generation at its last INVEPT */
	uint16_t vpid;
	int host_cpu; /* whose host state the VMCS holds (-1: none) */
	bool launched;
	bool initialised; /* controls written (once per VMCS) */
	bool state_dirty; /* `load` goes into the VMCS at the next entry */
	bool flush_vpid;  /* the guest's TLB at the next entry */
	/* Reset while its state was in a CPU: load it again there. */
	bool reload_msr;
	struct x86_sregs load;
	/* VMCS values the run loop keeps at hand. */
	uint32_t proc_ctl, entry_ctl;
	uint32_t intr_state;
	uint32_t idt_info, idt_error;
	uint64_t exit_rip;     /* rip when the last exit happened */
	uint32_t preempt_left; /* the preemption timer's count (0: full) */
	uint64_t cr0_mask, cr4_mask;
	/* Guest state outside the VMCS beside the shared part's. */
	uint64_t cr2;
	uint64_t msrs[VMX_SWITCHED_MSRS];
	uint64_t pat;
};

_Static_assert(offsetof(struct vmx_vcpu, x) == 0, "x86_vcpu_of()");
_Static_assert(sizeof(struct vmx_vcpu) <= AXVCPU_ARCH_SIZE_MAX,
	       "vmx arch state must fit in the vCPU frame");

static inline struct vmx_vcpu *vmx_of(struct axvcpu *vcpu)
{
	return axvcpu_arch(vcpu);
}

/* The capabilities every CPU reported (set by the first percpu_init). */
extern struct vmx_caps vmx_caps_global;
extern bool vmx_caps_known;

/* cpu.c: the VMX instructions. They return 0 on success, 1 for
 * VMfailInvalid, 2 for VMfailValid. */
int vmx_vmxon(axvcpu_hpa_t pa);
void vmx_vmxoff(void);
int vmx_vmclear(axvcpu_hpa_t pa);
int vmx_vmptrld(axvcpu_hpa_t pa);
uint64_t vmx_read(enum vmx_field f);
void vmx_write(enum vmx_field f, uint64_t v);
int vmx_invept(unsigned type, uint64_t eptp);
int vmx_invvpid(unsigned type, uint16_t vpid);

/* switch.S */
/* Enter the guest with `regs` (VMRESUME if `launched`, else VMLAUNCH);
 * 0 after a VM exit, 1 VMfailInvalid, 2 VMfailValid. */
int vmx_switch_run(struct x86_regs *regs, int launched);
/* Call the host's interrupt handler at `handler` as the CPU would. */
void vmx_host_irq(uint64_t handler);
/* A one-instruction STI window: the host takes a pending interrupt. */

/* percpu.c */
int vmx_percpu_init(void *percpu, unsigned cpu);
int vmx_percpu_enable(void *percpu);
int vmx_percpu_disable(void *percpu);
void vmx_percpu_fini(void *percpu);
unsigned vmx_percpu_levels(void *percpu);

/* vcpu.c */
int vmx_vcpu_create(struct axvcpu *vcpu, const void *config);
void vmx_vcpu_destroy(struct axvcpu *vcpu);
int vmx_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root, const void *config);
int vmx_vcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry);
int vmx_vcpu_bind(struct axvcpu *vcpu, void *percpu);
int vmx_vcpu_unbind(struct axvcpu *vcpu, void *percpu);
int vmx_vcpu_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg);
int vmx_vcpu_reset(struct axvcpu *vcpu);

/* vmcs.c: the VMCS of a vCPU made current and filled. */
int vmx_vmcs_enter(struct vmx_percpu *pc, struct vmx_vcpu *v);

/* state.c: the guest's system state. */
void vmx_state_stage(struct vmx_vcpu *v, const struct x86_sregs *s);
void vmx_state_apply(struct vmx_vcpu *v);
void vmx_state_view(const struct vmx_vcpu *v, struct x86_sysview *out);
void vmx_state_guest(struct vmx_vcpu *v, struct x86_guest *g);
int vmx_state_mode(struct vmx_vcpu *v, axvcpu_gpa_t entry);
unsigned vmx_state_code_size(const struct vmx_vcpu *v);
bool vmx_state_long64(const struct vmx_vcpu *v);
uint8_t vmx_state_cpl(void);
uint64_t vmx_state_cr0(const struct vmx_vcpu *v);
uint64_t vmx_state_cr4(const struct vmx_vcpu *v);
void vmx_state_pdptes(struct vmx_vcpu *v);

/* cr.c: control-register accesses; false: rip stays (a fault queued or
 * an exit filled, *exit_out true). */
bool vmx_cr_access(struct vmx_vcpu *v, struct axvcpu_exit *exit,
		   bool *exit_out);

/* gmem.c: guest-physical RAM through the EPT tables. */
int vmx_gmem_read(void *ctx, uint64_t gpa, void *buf, unsigned len);
int vmx_gmem_write(void *ctx, uint64_t gpa, const void *buf, unsigned len);

/* stage2.c: the EPT format and its TLB generation. */
extern const struct axvcpu_stage2_ops vmx_stage2_ops;
extern uint64_t vmx_ept_generation;
/* Which CPUs (by HAL id) are in VMX operation: where the hook may run
 * INVEPT. */
#define VMX_HOOK_CPUS 64u
extern bool vmx_cpu_on[VMX_HOOK_CPUS];

/* run.c */
int vmx_vcpu_run(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *exit);

/* exit.c: one VM exit; true if `exit` must go to the VM layer. */
bool vmx_exit_handle(struct axvcpu *vcpu, struct vmx_percpu *pc,
		     struct vmx_vcpu *v, uint32_t reason,
		     struct axvcpu_exit *exit);
/* An exception for the next entry. */
static inline void vmx_exit_raise(struct vmx_vcpu *v, uint8_t vector,
				  uint32_t error)
{
	x86_vcpu_raise(&v->x, vector, error);
}
/* rip past the instruction that exited (its length from the VMCS). */
uint64_t vmx_exit_next_rip(const struct vmx_vcpu *v);

/* msr.c: the MSR bitmap; an intercepted RDMSR/WRMSR (true: an exit). */
void vmx_msr_bitmap_init(struct vmx_vcpu *v);
bool vmx_msr_handle(struct vmx_vcpu *v, bool write, struct axvcpu_exit *exit);
/* The SYSCALL MSRs and CR2 of `v` into the CPU (lazily). */
void vmx_msr_switch(struct vmx_percpu *pc, struct vmx_vcpu *v);
void vmx_msr_leave_cpu(struct vmx_percpu *pc, struct vmx_vcpu *v);

#endif /* AXVCPU_VMX_INTERNAL_H */
