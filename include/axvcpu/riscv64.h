/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/riscv64.h
 * The RISC-V H-extension backend (HS-mode hypervisors).
 *
 * Registers (axvcpu_set_gpr / axvcpu_get_gpr): index N is register xN,
 * N = 0..31 (a0 = 10, a1 = 11, ...). Writes to x0 are ignored and it reads
 * as 0. Index 32 (AXVCPU_RISCV64_REG_PC) is the guest pc; writing it is
 * axvcpu_set_entry() (an odd pc is AXVCPU_EINVAL). An MmioRead exit
 * names its destination as an x-register number, so set_gpr(exit.reg, v)
 * completes it (the seed's way). Unlike the Rust riscv_vcpu (index 0 =
 * a0), index 0 is x0 here: to start a secondary vCPU after a CpuUp exit
 * (the seed's vcpu_on), set_entry(entry_point) and set_gpr(11, arg) — a1
 * is SBI hart_start's opaque; a0 already holds the create config's hart id.
 *
 * Create and setup: without a create config the hart id is the vcpu_id
 * and a1 is 0; the vCPU starts in VS-mode. axvcpu_setup() answers
 * AXVCPU_EINVAL for an unknown mode, a VMID >= 2^14, an ept_root not
 * 16 KiB-aligned or an odd entry (axvcpu_set_entry() too for an odd
 * entry); axvcpu_bind() answers AXVCPU_EUNSUPPORTED on a hart whose VMID
 * width cannot hold the VMID or that lacks Sv48x4 for an Sv48x4 vCPU (the
 * vCPU stays Free).
 *
 * Interrupts (axvcpu_inject_interrupt): the vector is the supervisor
 * interrupt cause the guest sees: 1 software (VSSIP), 5 timer (VSTIP),
 * 9 external (VSEIP). Software and timer stay pending until the guest
 * clears them (sip.SSIP write; an SBI set_timer call); an injected
 * external interrupt stays pending until the guest's next trap to the
 * hypervisor (an MMIO access, an SBI call: its handler touching the
 * device) after it was injected — host interrupts do not count — which
 * models an edge-triggered line without an interrupt controller. Any
 * other vector is AXVCPU_EINVAL (>= 10) or AXVCPU_EUNSUPPORTED.
 *
 * Kicks: axvcpu_kick(), and axvcpu_inject_interrupt() or
 * axvcpu_request_fence() on a Running vCPU, call the HAL's send_kick_ipi
 * (without it a running vCPU sees them only at its next trap). The IPI is
 * the host's supervisor software interrupt. The backend takes it as the
 * kick when one is pending (the run returns AXVCPU_EXIT_CANCELLED at once),
 * as an injection's when vectors are queued (the guest is re-entered with
 * them, no exit), or as a fence request's (below), and clears sip.SSIP
 * itself. Any other software interrupt ends the run with
 * AXVCPU_EXIT_EXTERNAL_INTERRUPT, vector 1, and the VM layer clears
 * sip.SSIP. So a platform should use send_kick_ipi for these only.
 *
 * Guest timer: SBI set_timer programs the guest's own vstimecmp (Sstc),
 * never the host's stimecmp; a Halt exit carries the deadline in `time`
 * ticks. Every entry also asserts hvip.VSTIP while the deadline has
 * passed, so the pending bit shows in hip and in the guest's sip until a
 * later deadline is set, as on a hart without a hypervisor. Where the
 * hart's VS-mode sip read hides STIP/SEIP (QEMU 7.2 shows only SSIP there)
 * and Ssaia is present, the backend sets hvictl.VTI and answers the
 * guest's sip and sie accesses itself (a trap each, never an exit).
 *
 * Hardware needed (checked by axvcpu_percpu_init, AXVCPU_EUNSUPPORTED
 * otherwise): the H extension and Sstc enabled for HS-mode
 * (menvcfg.STCE, which OpenSBI sets). qemu-system-riscv64 -M virt has
 * both by default.
 *
 * TLB: the vCPUs of a VM share its VMID, so before a vCPU enters the
 * guest on a hart where another vCPU ran last (even across unbind/bind),
 * or after it ran on another hart, the backend flushes that VMID's
 * VS-stage entries on this hart (hfence.vvma).
 *
 * SBI calls served (a7 = extension, a6 = function, results a0/a1):
 * - BASE: spec version 3.0, impl id AXVCPU_RISCV64_SBI_IMPL_ID, impl
 *   version, probe_extension, mvendorid/marchid/mimpid (0) — handled.
 * - TIME set_timer, legacy set_timer — handled (vstimecmp).
 * - IPI send_ipi -> AXVCPU_EXIT_SEND_IPI (target_cpu = hart_mask_base,
 *   target_cpu_aux = hart_mask, send_to_all when base is -1, vector 1).
 * - RFENCE remote fence.i / sfence.vma[_asid]: the caller, if the mask
 *   names it, is fenced at once (fence.i / hfence.vvma of its VMID). A
 *   mask naming only the caller (or no hart) ends there: success, no
 *   exit. A mask naming any other hart (or hart_mask_base -1: all) ->
 *   AXVCPU_EXIT_REMOTE_FENCE with target_cpu = hart_mask_base,
 *   target_cpu_aux = hart_mask, send_to_all when base is -1, kinds
 *   AXVCPU_FENCE_ICACHE (fence.i) or AXVCPU_FENCE_TLB (sfence.vma),
 *   start/size from a2/a3 (0 / UINT64_MAX for fence.i) and asid from a4
 *   (UINT64_MAX unless _asid). Hart N is the vCPU whose create config has
 *   hart_id N; ids are base + bit, never wrapped past 2^64. The VM layer
 *   calls axvcpu_request_fence() on the other named vCPUs and waits for
 *   axvcpu_fence_pending() to clear on the running ones; the guest gets
 *   SBI_SUCCESS unless axvcpu_set_return_value() gives an SBI error (e.g.
 *   -3 INVALID_PARAM for harts the VM does not have). Every fence flushes
 *   the vCPU's whole VMID: range and ASID are hints. A requested fence is
 *   done before the next guest entry; a running vCPU is interrupted by the
 *   kick IPI, which the backend consumes without ending axvcpu_run() (no
 *   Cancelled exit unless axvcpu_kick() was also called). The hfence
 *   functions (3..6) and unknown ones are NOT_SUPPORTED.
 * - HSM hart_start -> AXVCPU_EXIT_CPU_UP (an odd start_addr is answered
 *   SBI_ERR_INVALID_ADDRESS without an exit, as is an odd resume_addr of
 *   a non-retentive suspend); hart_stop -> AXVCPU_EXIT_CPU_DOWN
 *   (state 0; the power state turns OFF_PENDING until the VM layer
 *   parks the vCPU with axvcpu_power_off()); hart_suspend ->
 *   AXVCPU_EXIT_HALT with halt.suspend (power SUSPENDED until it runs
 *   again; non-retentive suspend resumes at resume_addr with a0 = hart
 *   id, a1 = opaque); hart_get_status of the caller -> STARTED, of
 *   another hart -> AXVCPU_EXIT_CPU_STATUS: answer with
 *   axvcpu_set_return_value(axvcpu_power_state(target)) (the power states
 *   are HSM's), or axvcpu_set_return_error(AXVCPU_ENOTFOUND) for no such
 *   hart. axvcpu_power_on() gives the hart_start state: pc = entry,
 *   a0 = hart id, a1 = arg, VS-mode, vsatp, vsie and vsstatus.SIE 0, no
 *   timer armed, no interrupt asserted by the host.
 *   axvcpu_set_return_error() after CpuUp: AXVCPU_ENOTFOUND ->
 *   INVALID_PARAM, AXVCPU_EINVAL -> INVALID_ADDRESS, AXVCPU_EBADSTATE ->
 *   ALREADY_AVAILABLE; after CpuDown AXVCPU_EBADSTATE -> ALREADY_STOPPED;
 *   after other calls ENOTFOUND/EINVAL -> INVALID_PARAM,
 *   EUNSUPPORTED -> NOT_SUPPORTED, anything else -> FAILED (a legacy
 *   call gets -1). axvcpu_reset() goes back to setup's entry with
 *   a0 = hart id and a1 = the create config's dtb_addr, every VS CSR,
 *   FP register and GPR cleared.
 * - SUSP system_suspend(0 = SUSPEND_TO_RAM, resume_addr, opaque) ->
 *   AXVCPU_EXIT_SYSTEM_SUSPEND (type 0, entry_point, arg); other sleep
 *   types are INVALID_PARAM and an odd resume_addr INVALID_ADDRESS,
 *   without an exit. axvcpu_set_return_error(): AXVCPU_EBADSTATE ->
 *   DENIED (another hart not stopped), AXVCPU_EINVAL -> INVALID_ADDRESS;
 *   left unanswered the guest gets NOT_SUPPORTED. The resume is
 *   axvcpu_power_on(entry_point, arg) (hart_start's state).
 * - FWFT (SBI v3.0) get/set: MISALIGNED_EXC_DELEG (default 1, per
 *   vCPU, back to 1 at power_on/reset): 1 delegates misaligned load/store
 *   exceptions straight to the guest (hedeleg), 0 sends those the
 *   firmware below lets reach HS to the backend, which does plain loads
 *   and stores byte by byte through the guest's translation and passes
 *   the rest (atomics, FP, a byte that faults) to the guest; LOCK (flags
 *   bit 0) makes later sets DENIED until power_on/reset; other flag bits
 *   or values > 1 are INVALID_PARAM. Features 1..5 (landing pad, shadow
 *   stack, double trap, A/D updating, pointer masking) are NOT_SUPPORTED;
 *   reserved and platform-specific ids are DENIED. No exit.
 * - SRST shutdown -> AXVCPU_EXIT_SYSTEM_DOWN (reason = SBI reason), cold /
 *   warm reboot -> AXVCPU_EXIT_SYSTEM_RESET (reason = reset type).
 * - Legacy console_putchar / DBCN write_byte -> AXVCPU_EXIT_CONSOLE_WRITE
 *   with len 0; DBCN write -> CONSOLE_WRITE with gpa/len (gpa = base_lo;
 *   a nonzero base_hi is SBI_ERR_INVALID_PARAM, no exit). gpa and len are
 *   the guest's: the VM layer must bound-check them against its memory
 *   and may write fewer bytes than asked (SBI allows partial writes); legacy
 *   console_getchar / DBCN read -> AXVCPU_EXIT_CONSOLE_READ.
 * - Vendor extension AXVCPU_RISCV64_SBI_EXT_HYPERCALL -> HYPERCALL with
 *   nr = a6 and args = a0..a5.
 * - Anything else returns SBI_ERR_NOT_SUPPORTED (-2) to the guest.
 *
 * axvcpu_set_return_value(v) after an SBI exit: for HSM start/stop,
 * send_ipi and a RemoteFence it is the SBI error code (a0); after
 * CpuStatus a status (a1) or a negative SBI error (a0); for
 * legacy putchar/getchar it is a0; after DBCN and the vendor Hypercall
 * a0 = 0 (success) and a1 = v. The default, if the VM layer sets
 * nothing, is success. After any other exit (Halt, also from
 * hart_suspend; SystemDown/SystemReset; MMIO, NestedPageFault,
 * ExternalInterrupt...) or before the first run it returns AXVCPU_EINVAL
 * (a run the core cancels before entering keeps the earlier call's
 * convention: that call is still unanswered).
 * Console reads are finished with axvcpu_complete_console_read() (the
 * byte or -1 for getchar; the number of bytes read, or -1 for
 * SBI_ERR_FAILED, for DBCN). One left uncompleted gets -1 at the next
 * run: getchar returns -1, a DBCN read SBI_ERR_FAILED.
 *
 * Exits from guest-page faults: loads and stores decoded from the faulting
 * instruction (fetched with HLVX, as htinst may be 0) become MmioRead /
 * MmioWrite and the pc moves past the instruction; instruction fetches,
 * AMOs, LR/SC, FP accesses and undecodable instructions become
 * NestedPageFault with access flags and leave the pc on the instruction,
 * as does a fault on the guest's own page-table walk (its vsatp tables in
 * unmapped memory: addr is the PTE's, told by htinst or, where htinst is
 * 0, by a page offset differing from the faulting virtual address's)
 * (the VM layer maps the page or moves the pc with axvcpu_set_entry()).
 * axvcpu_reflect_fault() after an MmioRead, MmioWrite or NestedPageFault
 * exit: the next entry delivers to the guest's own trap handler (VS-mode,
 * as the hart would: vsepc = the faulting instruction, also after an MMIO
 * exit that had moved the pc past it; vscause; vstval = the faulting
 * guest virtual address, 0 where hstatus.GVA did not give one; vsstatus
 * SPP = the mode it faulted in, SPIE = SIE, SIE = 0; pc = vstvec's base,
 * in vectored mode too) the access fault of the access: instruction
 * access fault (1) for a fetch, load access fault (5) for a load, LR and
 * an MmioRead, store/AMO access fault (7) for a store, SC, AMO and an
 * MmioWrite. The cause follows the decoded access, not the trap (QEMU 7.2
 * reports AMOs as load guest-page faults). A fault on the guest's own
 * page-table walk becomes the access fault of the original access with
 * its virtual address, as the privileged spec has for a failing PTE
 * access. An MmioRead's destination register keeps its value even if the
 * read was completed first. It can be called after unbind or on another
 * hart: the fault is raised where the vCPU next runs (till then the pc
 * reads as the faulting instruction). axvcpu_set_entry()
 * (or set_gpr of the pc) afterwards cancels it (the guest resumes there);
 * called after the pc was moved since the exit, reflect_fault answers
 * AXVCPU_EBADSTATE and changes nothing, as it does when the backend no
 * longer holds the trap of that exit.
 * WFI -> Halt (the vCPU is Blocked until woken; not if an enabled
 * interrupt is already pending: the guest just goes on). Host interrupts taken
 * while the guest runs -> ExternalInterrupt with vector = the host scause
 * interrupt number (5 = host timer); the VM layer handles the source.
 * The exception: a host software interrupt (1) that arrives while a
 * fence asked with axvcpu_request_fence() is pending or was done in the
 * same axvcpu_run() is taken as that request's kick IPI: the backend
 * clears sip.SSIP itself and goes on running the guest.
 *
 * Exits this backend never returns: IoRead/IoWrite, SysRegRead/SysRegWrite,
 * FailEntry and Nothing (so axvcpu_complete_io_read() and
 * axvcpu_complete_sysreg_read() always answer AXVCPU_EINVAL);
 * InternalError comes only from the core's checks.
 */
#ifndef AXVCPU_RISCV64_H
#define AXVCPU_RISCV64_H

#include <axvcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct axvcpu_backend;

/** The RISC-V H-extension backend ops. */
extern const struct axvcpu_backend axvcpu_backend_riscv64;

/** Create config: the SBI boot arguments of the hart. */
struct axvcpu_riscv64_create_config {
	/** Hart id the guest sees in a0 (and mhartid-equivalent in SBI). */
	uint64_t hart_id;
	/** Guest-physical device-tree address, given in a1. */
	uint64_t dtb_addr;
};

/** Stage-2 translation modes (hgatp.MODE values). */
enum axvcpu_riscv64_stage2_mode {
	/** Sv39x4: 41-bit guest-physical addresses, 3 levels. */
	AXVCPU_RISCV64_SV39X4 = 8,
	/** Sv48x4: 50-bit guest-physical addresses, 4 levels (the hart
	 * must support it: checked at bind). */
	AXVCPU_RISCV64_SV48X4 = 9,
};

/** Setup config; NULL means Sv39x4 with VMID 0. */
struct axvcpu_riscv64_setup_config {
	/** enum axvcpu_riscv64_stage2_mode. */
	uint32_t mode;
	/** VMID tagging the VM's stage-2 TLB entries (< 2^14; checked
	 * against what the hart implements at bind time). */
	uint32_t vmid;
};

/** Number of registers for set_gpr/get_gpr: x0..x31 and the pc. */
#define AXVCPU_RISCV64_GPR_COUNT 33u
/** Register index of the guest pc. */
#define AXVCPU_RISCV64_REG_PC 32u

/** Interrupt vector for axvcpu_inject_interrupt(): supervisor software
 * (VSSIP). */
#define AXVCPU_RISCV64_IRQ_SOFTWARE 1u
/** Supervisor timer (VSTIP). */
#define AXVCPU_RISCV64_IRQ_TIMER 5u
/** Supervisor external (VSEIP). */
#define AXVCPU_RISCV64_IRQ_EXTERNAL 9u

/** The SBI vendor extension that becomes AXVCPU_EXIT_HYPERCALL. */
#define AXVCPU_RISCV64_SBI_EXT_HYPERCALL 0x09415856u
/** The SBI implementation id the guest sees (unregistered, local use). */
#define AXVCPU_RISCV64_SBI_IMPL_ID 0x4158u

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_RISCV64_H */
