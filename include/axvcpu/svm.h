/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/svm.h
 * The AMD SVM backend: a vCPU per VMCB, with nested paging (NPT), for a
 * bare-metal hypervisor on x86-64 (freestanding, like the core).
 *
 * Host requirements (checked by axvcpu_percpu_init(), AXVCPU_EUNSUPPORTED
 * otherwise): SVM (CPUID 0x80000001 ECX bit 2) not disabled by VM_CR, NPT,
 * at least 2 ASIDs; long mode with the library's code at CPL 0. nrip-save
 * and decode assists are used where offered and not needed (QEMU TCG
 * offers neither: the next rip is computed from the instruction). The HAL
 * must have alloc_frames (the 12 KiB I/O and 8 KiB MSR permission maps of
 * each vCPU). axvcpu_percpu_hardware_enable() sets EFER.SVME, VM_HSAVE_PA,
 * CR4.OSFXSR and, where the CPU has XSAVE, CR4.OSXSAVE; disable clears
 * SVME. The host must not use the x87/SSE/AVX registers (build with
 * -mno-sse) nor the debug registers DR0-DR3: the backend switches them
 * between vCPUs lazily. max_guest_page_table_levels is 4.
 *
 * Interrupts on the host: run enters the guest with the host's RFLAGS.IF
 * set (inside CLGI), so that a host interrupt ends the guest's run
 * (intercepted, not taken). The backend then takes it with a one-
 * instruction STI window: the host's IDT must have a handler that
 * acknowledges every interrupt that can arrive (the platform's timer, the
 * kick IPI of send_kick_ipi, devices). A kick IPI (axvcpu_kick(), and
 * axvcpu_inject_interrupt()/axvcpu_request_fence() on a running vCPU)
 * makes run return AXVCPU_EXIT_CANCELLED (for a kick) or re-enter the
 * guest with the new work; any other host interrupt ends the run with
 * AXVCPU_EXIT_EXTERNAL_INTERRUPT, vector = the HAL's irq_fetch() (0 if it
 * has none). Outside run the host may keep interrupts off.
 *
 * Memory: the stage-2 tables are the library's (axvcpu_stage2_create()
 * with axvcpu_backend_svm: AMD NPT, 4 levels, 2 MiB and 1 GiB leaves where
 * the CPU has them); axvcpu_setup() takes axvcpu_stage2_root() as
 * ept_root (page-aligned, non-zero). Per vCPU the backend takes, from the
 * HAL, a frame for the VMCB, one for the FP save area, and contiguous runs
 * of 3 and 2 frames for the I/O and MSR permission maps. Each vCPU gets
 * its own ASID (wrapping around the CPU's ASIDs, with a flush where two
 * vCPUs share one); its TLB entries are flushed when it moves to another
 * CPU, when another vCPU ran here since, and on AXVCPU_FENCE_TLB /
 * AXVCPU_FENCE_STAGE2 requests.
 *
 * Configs: struct axvcpu_svm_create_config (optional: NULL means APIC id =
 * vcpu_id, one vCPU in the VM) and struct axvcpu_svm_setup_config
 * (optional: NULL means REAL16, stack 0). Modes and the system area are
 * those of axvcpu/x86.h; in PROT32/LONG64 the system area must be RAM
 * mapped writable in the stage-2 tables at setup, set_entry and reset
 * (else AXVCPU_EINVAL), as must be the entry's page.
 *
 * Registers: enum axvcpu_x86_reg (axvcpu/x86.h): rax..r15, rip, rflags,
 * and AXVCPU_X86_REG_READ_DATA for the pending MMIO/MSR read the backend
 * applies itself.
 *
 * Exits:
 * - Port I/O (every port is intercepted) -> IoRead/IoWrite, one exit per
 *   element of INS/OUTS and their REP forms (count = the elements left);
 *   an IN is completed with axvcpu_complete_io_read() (AL/AX merged, EAX
 *   zero-extended), an INS element is written to ES:[rDI].
 * - Nested page faults on data accesses -> MmioRead/MmioWrite, decoded
 *   from the instruction (fetched through the guest's own paging, in real,
 *   protected and long mode): MOV, MOVZX/MOVSX/MOVSXD, MOVS/STOS/LODS
 *   (one exit per element), the ALU forms with a memory operand (ADD OR
 *   ADC SBB AND SUB XOR CMP TEST NOT NEG INC DEC BT XCHG; a read-modify-
 *   write is an MmioRead and then an MmioWrite exit). mmio_read.reg is the
 *   destination GPR of a load (reg_width = the operand size) or
 *   AXVCPU_X86_REG_READ_DATA (the raw data, reg_width = width) when the
 *   backend applies the value itself. The rest (instruction fetches, faults
 *   on the guest's page-table walk, instructions the decoder declines, an
 *   access crossing a page) -> NestedPageFault with the access flags
 *   (UNDECODED when declined), rip on the instruction.
 *   axvcpu_reflect_fault() after those raises #GP(0) at the instruction
 *   (x86 has no bus-error exception the guest could handle instead).
 * - CPUID: answered by the backend (the x86 layer's policy: a coherent
 *   virtual CPU with the hypervisor bit, signature "AxVCpuAxVCpu" at
 *   0x40000000, only the features the backend virtualizes; APIC id and
 *   CPU count from the create config). Never an exit.
 * - RDMSR/WRMSR: segment-base, SYSCALL and SYSENTER MSRs and TSC reads
 *   run in hardware; EFER, PAT, the APIC base and TSC writes are emulated;
 *   the hypervisor's own MSRs (SVM, VMX, x2APIC, XSS) raise #GP; anything
 *   else -> SysRegRead (reg = AXVCPU_X86_REG_READ_DATA, completed with
 *   axvcpu_complete_sysreg_read(): edx:eax) / SysRegWrite (value =
 *   edx:eax). axvcpu_set_return_error() after either raises #GP(0) in the
 *   guest instead.
 * - HLT -> Halt (deadline UINT64_MAX: the guest's timers are the VM
 *   layer's devices). VMMCALL -> Hypercall (registers as axvcpu/x86.h
 *   says); axvcpu_set_return_value() writes rax, set_return_error() -1.
 * - A triple fault (shutdown) -> SystemDown with reason
 *   AXVCPU_X86_SYSTEM_TRIPLE_FAULT (reset the vCPU to run it again).
 * - Host interrupts -> ExternalInterrupt (above). A VMRUN the hardware
 *   refuses -> FailEntry (hardware reason = the exit code, -1).
 * - Anything else unexpected -> InternalError with code
 *   AXVCPU_SVM_INTERNAL_UNKNOWN_EXIT (data = exit code, exit_info1).
 * Instructions the guest may not use (VMRUN, VMLOAD, VMSAVE, STGI, CLGI,
 * SKINIT, INVLPGA, RDTSCP, MONITOR, MWAIT, RDPMC, RDPRU) raise #UD; XSETBV
 * is checked against the XSAVE components the backend switches; INVD is
 * skipped. An exit leaves rip on its instruction until the next
 * axvcpu_run() finishes it (as KVM does), so a fault can replace it.
 * Never returned: CpuUp, CpuDown, CpuStatus, SendIPI, RemoteFence,
 * ConsoleWrite/ConsoleRead, SystemReset (the guest's local APIC and reset
 * ports are devices of the VM layer: vmm/pc.h).
 *
 * Interrupts: axvcpu_inject_interrupt() takes 0..255: external
 * interrupts (a real-mode BIOS takes IRQs at 8-15), but 2 is an NMI. The
 * highest queued vector is injected when the guest can take it (RFLAGS.IF and
 * no interrupt shadow), with the interrupt window intercepted (VINTR) until
 * then; an event whose delivery an exit interrupted is delivered again first.
 * NMIs are held back from the injection of one until the guest's next IRET.
 *
 * Power: power_off parks the vCPU (the core holds it Blocked).
 * axvcpu_power_on(vcpu, entry, arg) gives the state of an AP after
 * INIT-SIPI: real mode at CS = entry >> 4, IP = 0 for a 4 KiB-aligned
 * entry below 1 MiB (the SIPI vector << 12), otherwise REAL16's split;
 * every other register as after INIT (rdx = the CPU signature, EFER and
 * the FP state reset); `arg` is not used. axvcpu_reset() goes back to the
 * setup state (mode, entry, stack, system area) with the INIT values for
 * the rest, and the APIC base, PAT, XCR0 and FP state reset.
 */
#ifndef AXVCPU_SVM_H
#define AXVCPU_SVM_H

#include <axvcpu/types.h>
#include <axvcpu/x86.h>

#ifdef __cplusplus
extern "C" {
#endif

struct axvcpu_backend;

/** The SVM backend ops. */
extern const struct axvcpu_backend axvcpu_backend_svm;

/** axvcpu_create() config (optional). */
struct axvcpu_svm_create_config {
	/** The vCPU's APIC id (CPUID leaf 1 EBX 31:24). */
	uint32_t apic_id;
	/** vCPUs of the VM, for the topology CPUID reports (0 = 1). */
	uint32_t ncpus;
};

/** axvcpu_setup() config (optional; NULL = REAL16 with stack 0). */
struct axvcpu_svm_setup_config {
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

/** internal_error.code values of the SVM backend. */
enum axvcpu_svm_internal_code {
	/** An exit the backend does not handle: data[0] = exit code,
	 * data[1] = exit_info1. */
	AXVCPU_SVM_INTERNAL_UNKNOWN_EXIT = 0x100,
};

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_SVM_H */
