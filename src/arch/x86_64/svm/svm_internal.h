/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SVM backend's state and the prototypes of its files (the ops of
 * struct axvcpu_backend and what they share). Not installed.
 */
#ifndef AXVCPU_SVM_INTERNAL_H
#define AXVCPU_SVM_INTERNAL_H

#include "src/arch/x86_64/x86_cpu.h"
#include "src/arch/x86_64/x86_fpu_cpu.h"
#include "src/arch/x86_64/x86_vcpu.h"
#include "svm_vmcb.h"

#include <axvcpu/backend.h>
#include <axvcpu/svm.h>

/* Frames of the permission maps. */
#define SVM_IOPM_FRAMES 3u
#define SVM_MSRPM_FRAMES 2u

struct svm_vcpu;

/* One physical CPU. */
struct svm_percpu {
	axvcpu_hpa_t hsave_pa;     /* VM_HSAVE_PA */
	axvcpu_hpa_t host_vmcb_pa; /* host state for VMSAVE/VMLOAD */
	unsigned cpu;
	uint32_t nasid;
	bool nrips;
	bool flush_asid;
	struct x86_fpu_cpu fp;
	/* The vCPU that entered here last (its ASID's entries are here). */
	uint64_t last_serial;
};

/* The backend's part of a vCPU (axvcpu_arch()). */
struct svm_vcpu {
	X86_VCPU_BASE; /* first: rax, rsp, rip and rflags go through the VMCB */
	struct vmcb *vmcb;
	axvcpu_hpa_t vmcb_pa;
	uint8_t *iopm;
	axvcpu_hpa_t iopm_pa;
	uint8_t *msrpm;
	axvcpu_hpa_t msrpm_pa;
	axvcpu_hpa_t npt_root;
	uint64_t npt_gen; /* svm_npt_generation at its last flush */
	uint32_t asid;
	/* NMI injected, not yet IRET: hold further NMIs. */
	bool nmi_blocked;
};

_Static_assert(offsetof(struct svm_vcpu, x) == 0, "x86_vcpu_of()");
_Static_assert(sizeof(struct svm_vcpu) <= AXVCPU_ARCH_SIZE_MAX,
	       "svm arch state must fit in the vCPU frame");

static inline struct svm_vcpu *svm_of(struct axvcpu *vcpu)
{
	return axvcpu_arch(vcpu);
}

/* switch.S: enter the guest of `vmcb_pa` with `regs`, back on #VMEXIT. */
void svm_switch_run(struct x86_regs *regs, axvcpu_hpa_t vmcb_pa,
		    axvcpu_hpa_t host_vmcb_pa);
/* switch.S: the one-instruction STI window that takes a pending host
 * interrupt; VMSAVE of the host state. */
void svm_vmsave(axvcpu_hpa_t pa);

/* percpu.c */
int svm_percpu_init(void *percpu, unsigned cpu);
int svm_percpu_enable(void *percpu);
int svm_percpu_disable(void *percpu);
void svm_percpu_fini(void *percpu);
unsigned svm_percpu_levels(void *percpu);

/* vcpu.c */
int svm_vcpu_create(struct axvcpu *vcpu, const void *config);
void svm_vcpu_destroy(struct axvcpu *vcpu);
int svm_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root, const void *config);
int svm_vcpu_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry);
int svm_vcpu_bind(struct axvcpu *vcpu, void *percpu);
int svm_vcpu_unbind(struct axvcpu *vcpu, void *percpu);
int svm_vcpu_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg);
int svm_vcpu_reset(struct axvcpu *vcpu);

/* state.c: the VMCB's guest state. */
void svm_state_load(struct svm_vcpu *v, const struct x86_sregs *s);
void svm_state_view(const struct svm_vcpu *v, struct x86_sysview *out);
void svm_state_guest(struct svm_vcpu *v, struct x86_guest *g);
int svm_state_mode(struct svm_vcpu *v, axvcpu_gpa_t entry);

/* gmem.c: guest-physical RAM through the NPT tables. */
int svm_gmem_read(void *ctx, uint64_t gpa, void *buf, unsigned len);
int svm_gmem_write(void *ctx, uint64_t gpa, const void *buf, unsigned len);

/* perm.c: the I/O and MSR permission maps. */
void svm_perm_init(struct svm_vcpu *v);

/* stage2.c: the NPT format and its TLB generation. */
extern const struct axvcpu_stage2_ops svm_stage2_ops;
extern uint64_t svm_npt_generation;

/* run.c */
int svm_vcpu_run(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *exit);

/* exit.c: one #VMEXIT; true if `exit` must go to the VM layer. */
bool svm_exit_handle(struct axvcpu *vcpu, struct svm_percpu *pc,
		     struct svm_vcpu *v, struct axvcpu_exit *exit);
/* An exception for the next entry. */
static inline void svm_exit_raise(struct svm_vcpu *v, uint8_t vector,
				  uint32_t error)
{
	x86_vcpu_raise(&v->x, vector, error);
}

/* msr.c: an intercepted RDMSR/WRMSR; true if it is an exit. */
bool svm_msr_handle(struct svm_vcpu *v, uint64_t next_rip,
		    struct axvcpu_exit *exit);

#endif /* AXVCPU_SVM_INTERNAL_H */
