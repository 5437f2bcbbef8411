/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/aarch64.h
 * The Armv8-A EL2 backend (non-VHE hypervisors with a GICv3).
 *
 * Registers (axvcpu_set_gpr / axvcpu_get_gpr): index N is xN, N = 0..30;
 * 31 is XZR (reads 0, writes ignored: an MmioRead into XZR reads and
 * drops the value); 32 (AXVCPU_AARCH64_REG_PC) the guest pc (writing it is
 * axvcpu_set_entry(); a pc not 4-aligned is AXVCPU_EINVAL); 33 SP_EL1, 34
 * SP_EL0; 35 the guest PSTATE as SPSR_EL2 holds it (M[3:0] must name EL1t,
 * EL1h or EL0t with M[4] = 0, else AXVCPU_EINVAL). An MmioRead exit names
 * its destination as an x-register number with reg_width 4 (a W register,
 * the upper half is zeroed) or 8, so set_gpr(exit.reg, v) completes it.
 *
 * Create and setup: the create config gives the MPIDR the guest reads
 * (default: Aff0 = vcpu_id % 16, Aff1 = vcpu_id / 16, the numbering PSCI
 * targets use here) and the value of x0 at the first entry (the Linux
 * boot protocol's DTB address). The vCPU starts at EL1h with DAIF masked
 * and its MMU off. The setup config gives the VMID and the stage-2 shape
 * (levels and IPA bits, as axvcpu_stage2_levels() / axvcpu_stage2_size()
 * of the address space whose root is `ept_root`); NULL means VMID 0 and
 * a 40-bit IPA space in 3 levels. axvcpu_setup() answers AXVCPU_EINVAL for
 * a shape VTCR_EL2 cannot describe, an ept_root not aligned to the root
 * table, or an entry not 4-aligned; axvcpu_bind() AXVCPU_EUNSUPPORTED on a
 * CPU whose VMID width cannot hold the VMID or whose physical address size
 * is below the IPA size (the vCPU stays Free).
 *
 * Guest state switched: x0-x30, SP_EL0, SP_EL1, pc and PSTATE at every
 * exit; the EL1 system registers the guest owns (SCTLR,
 * TTBR0/1, TCR, MAIR, AMAIR, VBAR, CONTEXTIDR, TPIDR_EL0/EL1, TPIDRRO,
 * CPACR, ESR, FAR, AFSR0/1, PAR, ELR, SPSR, CSSELR, CNTKCTL, the virtual
 * timer CNTV_CTL/CVAL, the pointer-authentication keys where the CPU has
 * them) and the GIC virtual CPU interface (list registers, ICH_VMCR_EL2,
 * active priorities) only when another vCPU runs on the CPU or at unbind;
 * FP/SIMD (v0-v31, FPCR, FPSR) lazily: the first FP instruction after
 * another vCPU used the unit traps and loads this vCPU's registers. No
 * guest sees the host's or another vCPU's values of any of them.
 * SVE, SME, MTE, the activity monitors and trace are hidden: their ID
 * register fields read 0 and their instructions and registers are
 * undefined in the guest. The PMU and debug registers (MDSCR_EL1, the
 * breakpoints, OS lock) trap: SysRegRead / SysRegWrite exits.
 *
 * Stage 2 and TLBs: VTTBR_EL2 = VMID | ept_root. The vCPUs of a VM share
 * its VMID: when another vCPU entered the guest on a CPU last, the backend
 * invalidates that VMID's stage-1 entries there (TLBI VMALLE1); nothing
 * else is flushed on entry. Guest TLB maintenance is broadcast (HCR_EL2.FB).
 * AXVCPU_FENCE_TLB and AXVCPU_FENCE_STAGE2 requests (axvcpu_request_fence)
 * invalidate the VMID's stage-1 and stage-1+2 entries before the next
 * entry; AXVCPU_FENCE_ICACHE invalidates the instruction cache.
 *
 * Exits:
 * - Data aborts at stage 2 with a valid syndrome (ISV = 1) -> MmioRead /
 *   MmioWrite with the width, register, register width (SF) and sign
 *   extension (SSE) of ESR_EL2; the address is HPFAR_EL2 | FAR_EL2[11:0].
 *   Without one (ISV = 0) the instruction is fetched (AT S12E1R/S12E0R)
 *   and decoded (src/decode/arm64_mem.h): a load or store of general
 *   registers is the same exit, its pre/post-index writeback applied by
 *   the backend; a pair (LDP/STP/LDPSW/LDNP/STNP) is two exits, the first
 *   register at the address and the second at address + width, whose
 *   writeback and pc advance come with the second (a pair that crosses a
 *   page, or faults on its second half, is declined). Anything else (FP,
 *   exclusive, atomic, an instruction it cannot read or decode, an AArch32
 *   EL0 access, a fault on the guest's own stage-1 table walk: S1PTW) is
 *   a NestedPageFault with the decoder's access flags and the pc left on
 *   the instruction. Instruction aborts -> NestedPageFault with
 *   AXVCPU_ACCESS_EXECUTE.
 *   axvcpu_reflect_fault() after any of these: the next entry takes a
 *   synchronous external abort in the guest's EL1 (ESR EC 0x24/0x25 data,
 *   0x20/0x21 instruction, FSC 0x10, FAR = the faulting virtual address,
 *   ELR = the instruction; registers, writeback and pc as before the
 *   access), as a machine without a device there would. After an
 *   axvcpu_set_entry() it answers AXVCPU_EBADSTATE.
 * - MSR/MRS traps -> SysRegRead (complete with
 *   axvcpu_complete_sysreg_read(); reg is the destination) or
 *   SysRegWrite; addr is AXVCPU_AARCH64_SYSREG(op0, op1, CRn, CRm, op2).
 *   Trapped: the physical EL1 timer (CNTP_*), ACTLR_EL1, PMU, debug, RAS
 *   error records, LORegions, implementation-defined registers. The ID
 *   registers are answered by the backend (hidden features masked), and
 *   writes of ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 / ICC_SGI0R_EL1 become
 *   SendIPI: vector = the SGI's INTID, target_cpu = the first vCPU id the
 *   target list can name (Aff1 * 16 + RS * 16), target_cpu_aux = the
 *   TargetList bits, send_to_self when the list names the sender; with
 *   IRM = 1 send_to_all is set and send_to_self is not ("all but self").
 * - WFI -> Halt, unless a virtual interrupt is pending or the virtual
 *   timer has fired (the guest goes on); halt.deadline is CNTV_CVAL_EL0 in
 *   physical-counter ticks (CNTPCT_EL0; the virtual offset is 0) when the
 *   timer is enabled and unmasked, else UINT64_MAX. WFE is not trapped
 *   unless the setup config sets AXVCPU_AARCH64_TRAP_WFE: then it is a
 *   Halt whose deadline is now (a yield point). (QEMU's TCG never traps
 *   WFE, which it runs as a yield: that path is untested here.)
 * - HVC and SMC (both) -> PSCI 1.1 and SMCCC 1.1, function id in w0,
 *   arguments x1-x3 (32-bit ones for the SMC32 ids), result in x0:
 *   PSCI_VERSION (1.1), PSCI_FEATURES, MIGRATE_INFO_TYPE (2: none) and
 *   SMCCC_VERSION (1.1) are answered here; CPU_ON -> CpuUp (target_cpu =
 *   the vCPU id of MPIDR x1: Aff0 + 16 * Aff1, higher affinities 0;
 *   entry_point x2, arg x3; an entry not 4-aligned is INVALID_ADDRESS
 *   without an exit; default answer SUCCESS); CPU_OFF -> CpuDown (state 0;
 *   its timer is stopped and its list registers dropped);
 *   AFFINITY_INFO (level 0) of itself -> ON, of another -> CpuStatus
 *   (answer with axvcpu_set_return_value(axvcpu_power_state(target)):
 *   ON_PENDING gives 2, OFF 1, anything else 0); CPU_SUSPEND -> Halt with
 *   halt.suspend (a power-down state, StateType 1, resumes at x2 with
 *   x0 = x3 in the CPU_ON state; standby returns SUCCESS); SYSTEM_OFF ->
 *   SystemDown, SYSTEM_RESET -> SystemReset (reason 0; if the VM layer
 *   lets the guest go on, the call returns INTERNAL_FAILURE);
 *   SYSTEM_SUSPEND -> SystemSuspend (type 0, entry_point x1, arg x2; an
 *   entry not 4-aligned is INVALID_ADDRESS without an exit; unanswered,
 *   NOT_SUPPORTED; the VM layer suspends with axvcpu_power_off() and
 *   resumes with axvcpu_power_on(entry, arg): the CPU_ON state). The vendor
 *   hypervisor range AXVCPU_AARCH64_HVC_VENDOR_BASE (SMC32 0x86000000..
 *   0x8600ffff and SMC64 0xc6000000..0xc600ffff) -> Hypercall with nr =
 *   the low 16 bits (function 0xffff, AXVCPU_AARCH64_HVC_NR_X7: nr = x7,
 *   any 64-bit number) and args x1..x6, answered like an SBI call: x0 =
 *   0 (SUCCESS) and x1 = the value, or x0 = a negative error code.
 *   Anything else answers NOT_SUPPORTED (-1).
 *   axvcpu_set_return_value(v): x0 = v after CpuUp; after a Hypercall
 *   x0 = 0 and x1 = v; after CpuStatus the power state as above (a
 *   negative v is passed as is).
 *   axvcpu_set_return_error(err): x0 = the PSCI code: AXVCPU_ENOTFOUND ->
 *   INVALID_PARAMETERS (-2); AXVCPU_EINVAL -> INVALID_ADDRESS (-9) after
 *   CpuUp and SystemSuspend, INVALID_PARAMETERS otherwise;
 *   AXVCPU_EBADSTATE -> ALREADY_ON (-4) after CpuUp, DENIED (-3)
 *   otherwise; AXVCPU_EUNSUPPORTED -> NOT_SUPPORTED (-1); anything else
 *   INTERNAL_FAILURE (-6) (after a Hypercall x1 = 0 too). After any
 *   other exit they answer AXVCPU_EINVAL / AXVCPU_EBADSTATE.
 *   axvcpu_power_on() gives PSCI CPU_ON's state: pc = entry, x0 = arg,
 *   other registers 0, EL1h with DAIF masked, SCTLR_EL1 with the MMU and
 *   caches off, every other EL1 register, the timer and the virtual CPU
 *   interface reset. axvcpu_reset() does the same at setup's entry with x0
 *   = the create config's x0, and clears the FP registers.
 * - Host interrupts taken while the guest runs (HCR_EL2.IMO): the backend
 *   calls the HAL's irq_fetch() (acknowledge, return the INTID; a 1023
 *   re-enters the guest) and keeps three for itself, acknowledged and
 *   ended (EOIR, DIR) by it: the kick SGI AXVCPU_AARCH64_KICK_SGI, the GIC
 *   maintenance interrupt (PPI 25) and the virtual timer (PPI 27, handed to
 *   the guest as a hardware-mapped list register: the guest's EOI
 *   deactivates it). Any other INTID -> ExternalInterrupt with vector = the
 *   INTID, not yet ended: the VM layer's handler writes ICC_EOIR1_EL1 and
 *   ICC_DIR_EL1 (the backend sets ICC_CTLR_EL1.EOImode = 1 on each CPU).
 *   A HAL without irq_fetch gets its irq_handler() called instead and the
 *   exit's vector is AXVCPU_AARCH64_IRQ_UNKNOWN. The kick SGI ends the run
 *   with Cancelled when axvcpu_kick() asked, is consumed silently for an
 *   injection or a fence request, and otherwise is an ExternalInterrupt
 *   with its number (already ended).
 *   The platform enables PPIs 25 and 27 and the kick SGI in its GIC
 *   redistributor on every CPU, and makes send_kick_ipi() raise the kick
 *   SGI on the target CPU.
 * - SErrors taken from the guest become a virtual SError in the guest;
 *   undefined or hidden instructions and registers an undefined-instruction
 *   exception in the guest (EC 0): never an exit, never a host fault.
 *
 * Interrupts (axvcpu_inject_interrupt): the vector is the GIC INTID the
 * guest acknowledges (0..15 SGIs, 16..31 PPIs, 32..1019 SPIs), delivered
 * as group 1 with priority AXVCPU_AARCH64_IRQ_PRIORITY through the list
 * registers of the GICv3 virtual CPU interface (the guest's ICC_*
 * accesses reach the hardware's ICV_* registers without an exit). One
 * injection is one edge: pending until the guest acknowledges it;
 * injecting an INTID the guest has active makes it pending again; injecting
 * one already pending is a no-op. When the list registers are full the
 * rest stay queued and the maintenance interrupt (no pending list
 * register) brings them in. Distributor and redistributor state
 * (enables, routing, levels) is the VM layer's (vmm/gicv3.h).
 *
 * Kicks: axvcpu_kick(), and axvcpu_inject_interrupt() or
 * axvcpu_request_fence() on a Running vCPU, call the HAL's send_kick_ipi;
 * without it a running vCPU sees them at its next exit.
 *
 * Hardware needed (axvcpu_percpu_init answers AXVCPU_EUNSUPPORTED
 * otherwise): running at EL2, AArch64 EL1, and the GICv3 system-register
 * CPU interface with its virtualization registers. qemu-system-aarch64
 * -M virt,virtualization=on,gic-version=3 -cpu max has them.
 *
 * Exits this backend never returns: IoRead/IoWrite, ConsoleWrite/
 * ConsoleRead, RemoteFence, FailEntry, Nothing; InternalError comes only
 * from the core's checks.
 */
#ifndef AXVCPU_AARCH64_H
#define AXVCPU_AARCH64_H

#include <axvcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct axvcpu_backend;

/** The Armv8-A EL2 backend ops. */
extern const struct axvcpu_backend axvcpu_backend_aarch64;

/** Create config. */
struct axvcpu_aarch64_create_config {
	/** MPIDR_EL1 the guest reads (VMPIDR_EL2); 0 means the default
	 * (Aff0 = vcpu_id % 16, Aff1 = vcpu_id / 16, bit 31 set). */
	uint64_t mpidr;
	/** x0 at the first entry and after a reset (Linux: the DTB). */
	uint64_t x0;
};

/** Setup config flag: trap WFE (a Halt due now) instead of running it. */
#define AXVCPU_AARCH64_TRAP_WFE 1u

/** Setup config; NULL means VMID 0, 40 IPA bits, 3 levels. */
struct axvcpu_aarch64_setup_config {
	/** VMID tagging the VM's TLB entries (checked at bind against the
	 * CPU's 8 or 16 bits). */
	uint32_t vmid;
	/** Stage-2 levels, 2..4 (axvcpu_stage2_levels()). */
	uint32_t levels;
	/** IPA bits, 25..48 (log2 of axvcpu_stage2_size()). */
	uint32_t ipa_bits;
	/** AXVCPU_AARCH64_TRAP_WFE, or 0. */
	uint32_t flags;
};

/** Number of registers for set_gpr/get_gpr. */
#define AXVCPU_AARCH64_GPR_COUNT 36u
/** XZR: reads as 0, writes are ignored. */
#define AXVCPU_AARCH64_REG_XZR 31u
/** The guest pc. */
#define AXVCPU_AARCH64_REG_PC 32u
/** SP_EL1. */
#define AXVCPU_AARCH64_REG_SP_EL1 33u
/** SP_EL0. */
#define AXVCPU_AARCH64_REG_SP_EL0 34u
/** PSTATE as in SPSR_EL2. */
#define AXVCPU_AARCH64_REG_PSTATE 35u

/** INTIDs that can be injected: 0..1019. */
#define AXVCPU_AARCH64_IRQ_COUNT 1020u
/** Priority of injected interrupts (the list register's field). */
#define AXVCPU_AARCH64_IRQ_PRIORITY 0xa0u
/** The host SGI that kicks a running vCPU (send_kick_ipi). */
#define AXVCPU_AARCH64_KICK_SGI 15u
/** The GIC maintenance interrupt (PPI). */
#define AXVCPU_AARCH64_MAINT_PPI 25u
/** The EL1 virtual timer's interrupt (PPI). */
#define AXVCPU_AARCH64_VTIMER_PPI 27u
/** ExternalInterrupt vector when the HAL has no irq_fetch. */
#define AXVCPU_AARCH64_IRQ_UNKNOWN 0xffffffffull

/** SysReg exit address of a system register (the MRS/MSR encoding). */
#define AXVCPU_AARCH64_SYSREG(op0, op1, crn, crm, op2)                         \
	((uint64_t)(op0) << 14 | (uint64_t)(op1) << 11 |                       \
	 (uint64_t)(crn) << 7 | (uint64_t)(crm) << 3 | (uint64_t)(op2))

/** First SMC64 function id of the vendor hypervisor range (Hypercall). */
#define AXVCPU_AARCH64_HVC_VENDOR_BASE 0xc6000000u
/** Vendor function number whose Hypercall nr is x7 (64 bits) instead. */
#define AXVCPU_AARCH64_HVC_NR_X7 0xffffu

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_AARCH64_H */
