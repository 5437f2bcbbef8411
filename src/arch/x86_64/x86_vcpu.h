/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vendor-neutral part of a bare-metal x86 vCPU (SVM and VMX): the
 * register file, the instruction in progress, the exception to inject,
 * the guest state that lives outside the VMCB / VMCS, what setup was
 * given; and the ops that only touch it (registers, completions, answers,
 * INIT's state, the setup checks). A backend's vCPU struct starts with
 * X86_VCPU_BASE: its code names the fields as its own (`v->r`), the shared
 * code gets them as `&v->x`. Freestanding.
 */
#ifndef AXVCPU_X86_VCPU_H
#define AXVCPU_X86_VCPU_H

#include "src/arch/x86_64/x86_cpuid.h"
#include "src/arch/x86_64/x86_emul.h"
#include "src/arch/x86_64/x86_mode.h"
#include "src/arch/x86_64/x86_msr.h"
#include "src/arch/x86_64/x86_mtrr.h"

#include <axvcpu/backend.h>

/* What the last exit asks of set_return_value / set_return_error. */
enum x86_ret {
	X86_RET_NONE = 0,
	X86_RET_HYPERCALL,
	X86_RET_SYSREG,
};

/* The shared fields, in one list for the struct and the backends' view. */
#define X86_VCPU_FIELDS                                                        \
	/* Guest GPRs, rip, rflags: the truth outside the guest (the           \
	 * backend copies what its world switch loads to and from the          \
	 * VMCB / VMCS around an entry). First: switch.S gets &v->r. */        \
	struct x86_regs r;                                                     \
	void *fpu;                                                             \
	axvcpu_hpa_t fpu_pa;                                                   \
	uint64_t serial; /* unique, from 1 */                                  \
	int last_cpu;    /* the CPU it entered last (-1: none) */              \
	bool bsp;                                                              \
	bool exc_pending; /* `exc` goes in at the next entry */                \
	uint8_t ret;      /* enum x86_ret */                                   \
	struct x86_fault exc;                                                  \
	/* Guest state outside the VMCB / VMCS. */                             \
	uint64_t xcr0;                                                         \
	uint64_t dr[4];                                                        \
	uint64_t dr6;                                                          \
	bool reload_fp; /* reset while its FP state was in a CPU */            \
	uint64_t apic_base;                                                    \
	struct x86_mtrr mtrr;                                                  \
	struct x86_emul emul;                                                  \
	struct x86_cpuid_ctx cpuid;                                            \
	/* What setup was given: reset goes back to it. */                     \
	uint32_t mode;                                                         \
	axvcpu_gpa_t sys_area;                                                 \
	axvcpu_gpa_t boot_entry;                                               \
	uint64_t boot_stack;                                                   \
	/* Interrupts queued at the last entry: x86_vcpu_irq_is_host(). */     \
	uint64_t irq_entered[4];

struct x86_vcpu {
	X86_VCPU_FIELDS
};

/* The first member of struct svm_vcpu / vmx_vcpu: the fields by name, and
 * all of them as `x`. */
#define X86_VCPU_BASE                                                          \
	union {                                                                \
		struct x86_vcpu x;                                             \
		struct {                                                       \
			X86_VCPU_FIELDS                                        \
		};                                                             \
	}

/* The create and setup configs of SVM and VMX (the same fields; each
 * backend asserts its own matches). */
struct x86_vcpu_create_config {
	uint32_t apic_id;
	uint32_t ncpus;
};

struct x86_vcpu_setup_config {
	uint32_t mode;
	uint32_t reserved;
	axvcpu_gpa_t sys_area_gpa;
	uint64_t stack;
};

/* Create: serial, CPU-to-be, CPUID topology from `config` (may be NULL). */
void x86_vcpu_create(struct axvcpu *vcpu, struct x86_vcpu *x,
		     const struct x86_vcpu_create_config *config);

/* Setup's checks (stage-2 root, mode, entry, system area) and what reset
 * goes back to; the backend then resets. */
int x86_vcpu_setup(struct x86_vcpu *x, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root,
		   const struct x86_vcpu_setup_config *config);

/* What INIT leaves beside the mode and the vendor's state (SDM vol. 3
 * table 10-1, APM vol. 2 table 14-1): GPRs 0 but rdx = the CPU
 * signature, XCR0 = x87, the FP state initial (loaded again at the next
 * entry), the APIC base, MTRRs and DR0-DR3, DR6 reset, nothing pending. */
void x86_vcpu_init_state(struct x86_vcpu *x);

/* power_on: the segments of a started AP in `s`, its rip and rflags in
 * x->r (a SIPI for a 4 KiB-aligned entry below 1 MiB, else real mode at
 * `entry`); AXVCPU_EINVAL above 4 GiB, with nothing changed. INIT's
 * state is the backend's to add. */
int x86_vcpu_start_state(struct x86_vcpu *x, axvcpu_gpa_t entry,
			 struct x86_sregs *s);

/* setup, reset, set_entry: the setup mode's system area written to guest
 * RAM through `mem` (AXVCPU_EINVAL where it is not writable RAM), its
 * segments and control registers in `s` for the backend to load, rip at
 * `entry`, nothing in progress or pending. */
int x86_vcpu_mode_state(struct x86_vcpu *x, axvcpu_gpa_t entry,
			const struct x86_gmem *mem, struct x86_sregs *s);

/* The shared part of `vcpu`: the backend's struct starts with it
 * (X86_VCPU_BASE, asserted by each backend). */
static inline struct x86_vcpu *x86_vcpu_of(struct axvcpu *vcpu)
{
	return axvcpu_arch(vcpu);
}

/* Ops of struct axvcpu_backend that only touch the shared part: a
 * backend puts them in its table as they are. set_return_error: rax = -1
 * after a hypercall, #GP after an MSR access, whatever the error. kick:
 * the HAL's IPI to the bound CPU (its exit ends the run). */
int x86_vcpu_set_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t val);
int x86_vcpu_get_gpr(struct axvcpu *vcpu, unsigned reg, uint64_t *val);
int x86_vcpu_complete_read(struct axvcpu *vcpu,
			   const struct axvcpu_read_completion *c);
int x86_vcpu_reflect_fault(struct axvcpu *vcpu, const struct axvcpu_exit *exit);
int x86_vcpu_set_return_value(struct axvcpu *vcpu, uint64_t val);
int x86_vcpu_set_return_error(struct axvcpu *vcpu, int err);
void x86_vcpu_kick(struct axvcpu *vcpu);

/* An exception for the next entry. */
void x86_vcpu_raise(struct x86_vcpu *x, uint8_t vector, uint32_t error);

/* What an emulation step returned: true for an exit to the VM layer; a
 * fault becomes the exception of the next entry. */
static inline bool x86_vcpu_emul_done(struct x86_vcpu *x,
				      enum x86_emul_status st)
{
	if (st == X86_EMUL_FAULT) {
		x->exc = x->emul.fault;
		x->exc_pending = true;
	}
	return st == X86_EMUL_EXIT;
}

/* x86_vcpu_msr.c: an intercepted RDMSR/WRMSR. The backend takes the
 * access (x86_vcpu_msr_op), emulates a BACKEND-class MSR (its own EFER,
 * PAT, TSC; x86_vcpu_msr_emulate for the rest) and finishes with
 * x86_vcpu_msr_finish: true for a SysRegRead/SysRegWrite exit. */
struct x86_msr_op {
	uint32_t msr;
	bool write;
	uint64_t val; /* edx:eax of a write */
	enum x86_msr_class cls;
};

struct x86_msr_op x86_vcpu_msr_op(const struct x86_vcpu *x, bool write);
/* The MTRRs and the APIC base: false for #GP or another MSR. */
bool x86_vcpu_msr_emulate(struct x86_vcpu *x, const struct x86_msr_op *op,
			  uint64_t *out);
/* EFER bits a guest may set: SCE, LME, and NXE where the CPU has NX. */
uint64_t x86_vcpu_msr_efer_allowed(void);
/* `done`: the backend emulated a BACKEND-class MSR (`out` for a read). */
bool x86_vcpu_msr_finish(struct x86_vcpu *x, const struct x86_msr_op *op,
			 bool done, uint64_t out, uint64_t next_rip,
			 struct axvcpu_exit *exit);

/* x86_vcpu_exit.c: what the backends' exits share. */
/* CPUID answered by the policy into rax..rdx (rip is the caller's). */
void x86_vcpu_cpuid(struct x86_vcpu *x, bool osxsave);
/* A hypercall exit from rax and rdi, rsi, rdx, r10, r8, r9 (64-bit code)
 * or eax and ebx, ecx, edx, esi, edi, ebp (else); the answer goes to rax
 * (rip past the instruction is the caller's). Inline: the round trip
 * every benchmark counts. */
static inline void x86_vcpu_hypercall(struct x86_vcpu *x, bool long64,
				      struct axvcpu_exit *exit)
{
	const uint64_t *g = x->r.gpr;
	exit->reason = AXVCPU_EXIT_HYPERCALL;
	if (long64) {
		const uint64_t a[6] = { g[7], g[6], g[2], g[10], g[8], g[9] };
		exit->hypercall.nr = g[0];
		for (unsigned i = 0; i < 6; i++)
			exit->hypercall.args[i] = a[i];
	} else {
		const uint64_t a[6] = { g[3], g[1], g[2], g[6], g[7], g[5] };
		exit->hypercall.nr = (uint32_t)g[0];
		for (unsigned i = 0; i < 6; i++)
			exit->hypercall.args[i] = (uint32_t)a[i];
	}
	x->ret = X86_RET_HYPERCALL;
}

struct x86_fpu_cpu;
/* XSETBV with the guest's CR4.OSXSAVE and CPL: true when done (the caller
 * moves rip), else #UD or #GP raised. */
bool x86_vcpu_xsetbv(struct x86_vcpu *x, struct x86_fpu_cpu *f, bool osxsave,
		     unsigned cpl);
/* A NestedPageFault exit at `gpa` (a fetch, or an access the decoder does
 * not take: the guest's own page tables), rip unchanged. */
void x86_vcpu_npf(struct x86_vcpu *x, uint64_t gpa, bool fetch, bool write,
		  struct axvcpu_exit *exit);
/* A string I/O instruction's prefixes: p->seg from a segment override;
 * true if it has an address-size override (0x67). */
bool x86_vcpu_pio_prefixes(const struct x86_guest *g, unsigned code_size,
			   struct x86_pio *p);
/*
 * Right before an entry: what is queued then (x86_vcpu_irq_is_host()).
 * On every entry, so plain loads of the entry state (backend.h), not four
 * calls: relaxed is enough, an injection this misses only looks newer at
 * the exit, and that exit delivers it either way.
 */
static inline void x86_vcpu_irq_entering(struct axvcpu *vcpu)
{
	struct x86_vcpu *x = x86_vcpu_of(vcpu);
	const struct axvcpu_entry_state *s =
	    (const struct axvcpu_entry_state *)(const void *)vcpu;
	for (unsigned w = 0; w < 4; w++)
		x->irq_entered[w] =
		    atomic_load_explicit(&s->irq[w], memory_order_relaxed);
}

_Static_assert(AXVCPU_MAX_VECTORS / 64 >= 4,
	       "x86_vcpu_irq_entering: the entry state holds 256 vectors");

/* After a host interrupt ended the run (and was taken): true if it is the
 * VM layer's (ExternalInterrupt), false if it was the library's own kick,
 * injection or fence IPI (the loop goes on, or returns Cancelled). */
bool x86_vcpu_irq_is_host(struct axvcpu *vcpu);

#endif /* AXVCPU_X86_VCPU_H */
