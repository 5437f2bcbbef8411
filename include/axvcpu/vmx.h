/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/vmx.h
 * The Intel VMX backend: a vCPU per VMCS, with EPT and a VPID per vCPU,
 * for a bare-metal hypervisor on x86-64 (freestanding, like the core).
 *
 * Host requirements (checked by axvcpu_percpu_init(), AXVCPU_EUNSUPPORTED
 * otherwise): VMX (CPUID 1 ECX bit 5) not locked off by the firmware in
 * IA32_FEATURE_CONTROL (an unlocked one is enabled and locked); secondary
 * controls with EPT (4-level walks, write-back tables, INVEPT); VM-exit
 * and VM-entry controls that load and save EFER; external-interrupt and
 * NMI exiting with virtual NMIs, interrupt-window exiting, HLT and
 * unconditional I/O exiting, MSR bitmaps. Every control is adjusted
 * against the capability MSRs (the IA32_VMX_TRUE_* ones where
 * IA32_VMX_BASIC bit 55 says they exist): what the backend asks and the
 * CPU must have refused is EUNSUPPORTED, bits the CPU forces on are kept
 * and handled (CR3-load/store exiting). Used where offered: VPID (else the
 * guest's TLB is flushed at every entry), unrestricted guest (else only
 * LONG64 guests run, below), save/load PAT, TSC offsetting. Bochs 2.7
 * (cpu model corei7_sandy_bridge_2600k and later) offers everything.
 * Long mode with the library's code at CPL 0; the HAL must have
 * alloc_frames. axvcpu_percpu_hardware_enable() fixes CR0 and CR4 to the
 * VMX fixed bits (CR0.NE), sets CR4.VMXE, CR4.OSFXSR and, where the CPU
 * has XSAVE, CR4.OSXSAVE, and executes VMXON; it also gives the host a
 * task register when it has none (VM exits load TR and need a non-null
 * one): a copy of the host's GDT with a TSS descriptor appended, in a
 * frame of its own, then LGDT and LTR. disable executes VMXOFF and clears
 * CR4.VMXE. The host must not use the x87/SSE/AVX registers (build with
 * -mno-sse), the debug registers DR0-DR3/DR6, CR2 (no page faults), nor
 * the SYSCALL MSRs (STAR LSTAR CSTAR SFMASK KERNEL_GS_BASE): the backend
 * switches them between vCPUs lazily. max_guest_page_table_levels is 4.
 *
 * Interrupts on the host: external-interrupt exiting with "acknowledge
 * interrupt on exit": a host interrupt that arrives while the guest runs
 * ends its run, and the backend hands it to the host's own IDT handler
 * for its vector (as the CPU would, with an interrupt frame), so the
 * host's IDT must have a handler that acknowledges (EOI) every interrupt
 * that can arrive (the platform's timer, the kick IPI of send_kick_ipi,
 * devices). A kick IPI (axvcpu_kick(), and axvcpu_inject_interrupt() /
 * axvcpu_request_fence() on a running vCPU) makes run return
 * AXVCPU_EXIT_CANCELLED (for a kick) or re-enter the guest with the new
 * work; any other host interrupt ends the run with
 * AXVCPU_EXIT_EXTERNAL_INTERRUPT, vector = its vector (2 for an NMI,
 * which is not handed to the host's IDT). The host keeps interrupts off
 * while it runs a vCPU (an interrupt pending at VM entry exits at once).
 *
 * Memory: the stage-2 tables are the library's (axvcpu_stage2_create()
 * with axvcpu_backend_vmx: Intel EPT, 4 levels, 2 MiB and 1 GiB leaves
 * where IA32_VMX_EPT_VPID_CAP has them, write-back for RAM, uncacheable
 * for AXVCPU_STAGE2_DEVICE); axvcpu_setup() takes axvcpu_stage2_root()
 * as ept_root. The format's TLB hook runs INVEPT (single-context for the
 * root, else all-context) on the calling CPU when it is in VMX operation,
 * and moves a generation every vCPU compares at entry (INVEPT there).
 * Per vCPU the backend takes, from the HAL, a frame for the VMCS, one for
 * the MSR bitmap and one for the FP save area. Each vCPU gets its own
 * VPID (1..65535, wrapping); its guest TLB entries are flushed
 * (INVVPID single-context) when it moves to another CPU, when the guest
 * changes CR0.PG/WP or CR4 paging bits through an emulated write, and on
 * AXVCPU_FENCE_TLB; AXVCPU_FENCE_STAGE2 runs INVEPT for its root.
 *
 * Configs: struct axvcpu_vmx_create_config (optional: NULL means APIC id
 * = vcpu_id, one vCPU in the VM) and struct axvcpu_vmx_setup_config
 * (optional: NULL means REAL16, stack 0); the same fields as SVM's.
 * Modes and the system area are those of axvcpu/x86.h; in PROT32/LONG64
 * the system area must be RAM mapped writable in the stage-2 tables at
 * setup, set_entry and reset (else AXVCPU_EINVAL), as must be the entry's
 * page. REAL16 and PROT32 (paging off) need unrestricted guest: without
 * it setup refuses them with AXVCPU_EUNSUPPORTED, as does power_on
 * (an AP starts in real mode), and a guest that clears CR0.PE or CR0.PG
 * gets an InternalError exit (AXVCPU_VMX_INTERNAL_NO_UNRESTRICTED).
 *
 * Registers: enum axvcpu_x86_reg (axvcpu/x86.h): rax..r15, rip, rflags,
 * and AXVCPU_X86_REG_READ_DATA for the pending MMIO/MSR read the backend
 * applies itself.
 *
 * Exits (the same as the SVM backend's, axvcpu/svm.h, unless said):
 * - Port I/O (unconditional I/O exiting) -> IoRead/IoWrite, one exit per
 *   element of INS/OUTS and their REP forms (count = the elements left).
 * - EPT violations on data accesses -> MmioRead/MmioWrite decoded from
 *   the instruction (fetched through the guest's own paging, in real,
 *   protected and long mode), as on SVM; instruction fetches, faults on
 *   the guest's page-table walk and what the decoder declines ->
 *   NestedPageFault. axvcpu_reflect_fault() raises #GP(0).
 * - An EPT misconfiguration -> InternalError
 *   AXVCPU_VMX_INTERNAL_EPT_MISCONFIG (data[0] = the guest-physical
 *   address): the tables are the library's, so it is a bug.
 * - CPUID: answered by the backend (the x86 layer's policy). Never an exit.
 * - RDMSR/WRMSR (MSR bitmap): segment-base, SYSCALL and SYSENTER MSRs and
 *   TSC reads in hardware; EFER, PAT, the APIC base, TSC writes and the
 *   MTRRs emulated; the hypervisor's own MSRs #GP; the rest -> SysRegRead
 *   (reg = AXVCPU_X86_REG_READ_DATA, completed with
 *   axvcpu_complete_sysreg_read(): edx:eax) / SysRegWrite;
 *   axvcpu_set_return_error() after either raises #GP(0).
 * - HLT -> Halt (deadline UINT64_MAX). VMCALL -> Hypercall (registers as
 *   axvcpu/x86.h says); axvcpu_set_return_value() writes rax,
 *   set_return_error() -1. AMD's VMMCALL, which raises #UD on Intel
 *   CPUs, is taken as VMCALL too (#UD is intercepted for it; any other
 *   #UD goes back to the guest), so guests written for the SVM backend
 *   run unchanged.
 * - A triple fault -> SystemDown with AXVCPU_X86_SYSTEM_TRIPLE_FAULT.
 * - Host interrupts -> ExternalInterrupt (above).
 * - A VM entry the CPU refuses -> FailEntry: hardware_entry_failure_reason
 *   is the VM-instruction error number (7 bad control fields, 8 bad host
 *   state...) when VMLAUNCH/VMRESUME failed, or AXVCPU_VMX_FAIL_EXIT |
 *   the exit reason (33 bad guest state, 34 MSR loading, 41 machine
 *   check) when the entry failed as a VM exit.
 * - Anything else unexpected (a task switch...) -> InternalError
 *   AXVCPU_VMX_INTERNAL_UNKNOWN_EXIT (data = exit reason, qualification).
 * Instructions the guest may not use (the VMX instructions, GETSEC,
 * MONITOR, MWAIT, RDPMC, RSM; RDTSCP, INVPCID and XSAVES are not enabled)
 * raise #UD; XSETBV is checked against the XSAVE components the backend
 * switches; INVD is skipped. The guest's CR0 and CR4 are shadowed: it
 * sees its own values, while the hardware keeps the VMX fixed bits
 * (CR0.NE, CR4.VMXE); a write changing CR0.PG (the backend sets EFER.LMA
 * and the IA-32e entry control itself), a fixed bit or a CR4 bit the CPU
 * lacks is emulated (#GP where the architecture has one).
 * Never returned: CpuUp, CpuDown, CpuStatus, SendIPI, RemoteFence,
 * ConsoleWrite/ConsoleRead, SystemReset (the guest's local APIC and
 * reset ports are devices of the VM layer: vmm/pc.h).
 *
 * Interrupts: axvcpu_inject_interrupt() takes 0..255: external
 * interrupts (a real-mode BIOS takes IRQs at 8-15), but 2 is an NMI. The
 * highest queued vector is injected when the guest can take it
 * (RFLAGS.IF, no STI / MOV SS blocking), with interrupt-window exiting
 * until then; NMIs when no NMI is blocked (virtual NMIs), with NMI-window
 * exiting until then; an event whose delivery an exit interrupted is
 * delivered again first (software interrupts run their instruction again).
 *
 * Power: power_off parks the vCPU (the core holds it Blocked).
 * axvcpu_power_on(vcpu, entry, arg) gives the state of an AP after
 * INIT-SIPI (as on SVM: real mode at entry >> 4 : 0 for a 4 KiB-aligned
 * entry below 1 MiB, every other register as after INIT); axvcpu_reset()
 * goes back to the setup state. The VMCS is cleared (VMCLEAR) at unbind,
 * so a vCPU can move between CPUs.
 */
#ifndef AXVCPU_VMX_H
#define AXVCPU_VMX_H

#include <axvcpu/types.h>
#include <axvcpu/x86.h>

#ifdef __cplusplus
extern "C" {
#endif

struct axvcpu_backend;

/** The VMX backend ops. */
extern const struct axvcpu_backend axvcpu_backend_vmx;

/** axvcpu_create() config (optional). */
struct axvcpu_vmx_create_config {
	/** The vCPU's APIC id (CPUID leaf 1 EBX 31:24). */
	uint32_t apic_id;
	/** vCPUs of the VM, for the topology CPUID reports (0 = 1). */
	uint32_t ncpus;
};

/** axvcpu_setup() config (optional; NULL = REAL16 with stack 0). */
struct axvcpu_vmx_setup_config {
	/** enum axvcpu_x86_mode. */
	uint32_t mode;
	/** Must be 0. */
	uint32_t reserved;
	/** Page-aligned GPA of the system area (PROT32/LONG64); 0 =
	 * AXVCPU_X86_SYS_AREA_DEFAULT. */
	axvcpu_gpa_t sys_area_gpa;
	/** Initial rsp. */
	uint64_t stack;
};

/** internal_error.code values of the VMX backend. */
enum axvcpu_vmx_internal_code {
	/** An exit the backend does not handle: data[0] = exit reason,
	 * data[1] = exit qualification. */
	AXVCPU_VMX_INTERNAL_UNKNOWN_EXIT = 0x100,
	/** An EPT misconfiguration: data[0] = guest-physical address. */
	AXVCPU_VMX_INTERNAL_EPT_MISCONFIG = 0x101,
	/** The guest left paged protected mode (CR0.PE or PG cleared) on a
	 * CPU without unrestricted guest: data[0] = the CR0 it wrote. */
	AXVCPU_VMX_INTERNAL_NO_UNRESTRICTED = 0x102,
};

/** fail_entry.hardware_entry_failure_reason: the entry failed as an exit
 * (the exit reason is in the low bits). */
#define AXVCPU_VMX_FAIL_EXIT 0x80000000u

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMX_H */
