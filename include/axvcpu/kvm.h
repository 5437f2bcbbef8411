/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/kvm.h
 * The Linux KVM backend: axvcpu as a type-2 VMM in a Linux process (x86-64).
 *
 * Objects: a VM (struct axvcpu_kvm_vm) owns the KVM VM file descriptor and
 * the guest memory slots; each vCPU is an axvcpu created with
 * axvcpu_backend_kvm and a struct axvcpu_kvm_create_config naming its VM.
 * KVM owns stage 2 (the memslots are the guest-physical map), so the
 * `ept_root` argument of axvcpu_setup() must be 0 (anything else is
 * refused with AXVCPU_EINVAL).
 *
 * Stage 2 (stage2.h) on this backend is the VM's memory slots: create the
 * address space with axvcpu_backend_kvm and cfg.backend_vm = the VM (one
 * per VM; levels and addr_bits are ignored). axvcpu_stage2_map() makes one
 * slot whose userspace_addr is the HAL's phys_to_virt(hpa) (with the
 * hosted HAL, hpa is the host address); READ is required, a mapping
 * without WRITE is a read-only slot (guest writes exit as MMIO_WRITE;
 * needs KVM_CAP_READONLY_MEM, else AXVCPU_EUNSUPPORTED), EXEC is ignored
 * (KVM memory is always executable), DEVICE is only recorded. Each map
 * takes a slot of AXVCPU_KVM_MEM_SLOTS_MAX (AXVCPU_ENOMEM when none is
 * free). axvcpu_stage2_unmap() deletes the slots it covers and re-creates
 * what is left of them on either side; a running vCPU touching one of
 * those remaining pieces at that moment may see an MMIO exit for it (KVM
 * cannot shrink a slot in place), so split slots with the vCPUs stopped
 * or be ready to retry such an access. Slots made by
 * axvcpu_kvm_vm_map_memory() / axvcpu_kvm_vm_alloc_memory() are seen by
 * axvcpu_stage2_lookup() but not unmapped through it (AXVCPU_EINVAL).
 * root and levels are 0, size is 2^ the guest physical-address width KVM
 * reports (CPUID 0x80000008). axvcpu_stage2_destroy() deletes the slots
 * it made. No TLB fence is needed (KVM keeps slot changes coherent);
 * AXVCPU_FENCE_STAGE2 is accepted and does nothing.
 *
 * Errors of the core calls on this backend: axvcpu_create() answers
 * AXVCPU_EINVAL without a create config or VM, AXVCPU_EHW if KVM refuses
 * the vCPU (KVM_CREATE_VCPU: e.g. the vcpu_id is already used in that VM,
 * also by a vCPU destroyed since: KVM frees vCPUs only with their VM, so
 * reset a vCPU with axvcpu_reset() rather than re-create it;
 * KVM_SET_CPUID2), AXVCPU_ENOMEM if kvm_run cannot be mapped.
 * axvcpu_setup() answers AXVCPU_EINVAL for ept_root != 0, an unknown mode,
 * a nonzero reserved field, a system area that is not page-aligned or not
 * inside one writable memslot (PROT32/LONG64), or an entry or system
 * area beyond what the mode can reach (see enum axvcpu_kvm_mode), and
 * AXVCPU_EHW if a KVM ioctl fails; axvcpu_set_entry() answers AXVCPU_EINVAL
 * on the same mode and system-area grounds (it rewrites the system area).
 * axvcpu_bind() answers AXVCPU_EHW if the kick signal cannot be unblocked
 * or the affinity cannot be read or set. axvcpu_percpu_init() does no KVM
 * work; axvcpu_percpu_hardware_enable() answers AXVCPU_EHW when /dev/kvm
 * is unusable (see axvcpu_kvm_available()) or the kick signal handler
 * cannot be installed. axvcpu_percpu_max_guest_page_table_levels() is 4.
 *
 * Threads: register axvcpu_hosted_hal(); every thread that runs vCPUs
 * calls axvcpu_percpu_init(&axvcpu_backend_kvm) and
 * axvcpu_percpu_hardware_enable() once (each thread is its own "physical
 * CPU" of the hosted HAL). axvcpu_bind(), axvcpu_run() and axvcpu_unbind()
 * must be called from the thread that bound the vCPU; from any other thread
 * they fail with AXVCPU_EWRONGCPU (also from a thread that shares the
 * vCPU's hosted CPU id through axvcpu_hosted_cpu_set(): a KVM_RUN there
 * could not be kicked). axvcpu_kick() and
 * axvcpu_inject_interrupt() work from any thread: a running KVM_RUN is
 * interrupted with a signal (axvcpu_kvm_kick_signal()) and immediate_exit;
 * after axvcpu_kick() axvcpu_run() returns AXVCPU_EXIT_CANCELLED, after an
 * injection it enters the guest again with the vector. The vCPU thread
 * must not block that signal (bind unblocks it). Several vCPUs of one VM may
 * run at once, one per thread. axvcpu_request_fence() needs no work here
 * (KVM keeps guest TLBs coherent): the request is taken at the next entry,
 * a running vCPU re-entering KVM_RUN without leaving axvcpu_run().
 *
 * Registers (set_gpr/get_gpr index, AXVCPU_KVM_REG_*, the same numbers as
 * AXVCPU_X86_REG_* of axvcpu/x86.h): 0..15 are the
 * general registers in x86 encoding order (rax, rcx, rdx, rbx, rsp, rbp,
 * rsi, rdi, r8..r15), 16 is rip, 17 is rflags. They are exchanged with KVM
 * through KVM_CAP_SYNC_REGS: reading or writing them costs no ioctl.
 * 18 (AXVCPU_KVM_REG_READ_DATA) is not a CPU register: it is the value of
 * the pending MMIO or MSR read, which KVM itself writes to the guest's
 * destination register (KVM does not say which one) on the next run.
 *
 * Hypercalls (work on every KVM host, vmcall not needed): an OUT of one
 * element (KVM cannot tell a REP OUTS of one from a plain OUT), any width,
 * to the VM's hypercall port (default 0xEC, an 8-bit port so that
 * `out %al, $0xEC` leaves rdx free) exits with AXVCPU_EXIT_HYPERCALL.
 * In 64-bit code nr = rax and args = rdi, rsi, rdx, r10, r8, r9 (the Linux
 * syscall registers); in 16/32-bit code nr = eax and args = ebx, ecx, edx,
 * esi, edi, ebp (zero-extended). The code size is that of the guest's CS
 * at the time of the call. axvcpu_set_return_value() writes rax. An IN
 * from the port is an ordinary AXVCPU_EXIT_IO_READ. Where the host enables
 * KVM_EXIT_HYPERCALL (KVM_CAP_EXIT_HYPERCALL), that exit is reported the
 * same way (its nr and args) and the return value goes back through KVM.
 *
 * Exits: port I/O -> IO_READ/IO_WRITE, one exit per element of a string
 * or REP access (`count` = elements in that access; each IN element is
 * completed by axvcpu_complete_io_read() before the next is reported);
 * MMIO (an access outside every memslot, or a write to a read-only slot)
 * -> MMIO_READ/MMIO_WRITE; an MMIO read is completed with
 * axvcpu_complete_mmio_read() (or the seed's way, set_gpr of its `reg`) and
 * KVM extends and writes the destination, so mmio_read.reg is
 * AXVCPU_KVM_REG_READ_DATA and reg_width == width. An access KVM hands
 * over with a length that is no access width (3, 5, 6 or 7 bytes: the
 * part of a guest access on one side of a page boundary) is reported as
 * consecutive pieces of 4, 2 and 1 bytes at rising addresses, one exit
 * each (each read piece completed before the next is reported); HLT ->
 * HALT (only without an in-kernel irqchip: with one, KVM halts inside
 * KVM_RUN until an interrupt; halt.deadline is UINT64_MAX); triple fault
 * (KVM_EXIT_SHUTDOWN) -> SYSTEM_DOWN with reason
 * AXVCPU_KVM_SYSTEM_TRIPLE_FAULT; KVM_EXIT_SYSTEM_EVENT -> SYSTEM_RESET
 * for a reset, SYSTEM_DOWN otherwise, reason = the KVM event type;
 * KVM_EXIT_FAIL_ENTRY -> FAIL_ENTRY with the hardware reason; MSR
 * accesses KVM sends to user space (see AXVCPU_KVM_VM_USER_MSRS) ->
 * SYSREG_READ/SYSREG_WRITE, addr = MSR index, reg =
 * AXVCPU_KVM_REG_READ_DATA, completed with axvcpu_complete_sysreg_read()
 * (KVM loads edx:eax); anything else ->
 * INTERNAL_ERROR with a code of enum axvcpu_kvm_internal_code (a
 * KVM_RUN that fails with an errno other than EINTR/EAGAIN is such an
 * exit, AXVCPU_KVM_INTERNAL_RUN_FAILED, not an error of axvcpu_run()).
 * Never returned by this backend: NestedPageFault, ExternalInterrupt,
 * CpuUp, CpuDown, SendIPI, ConsoleWrite/ConsoleRead, RemoteFence and
 * Nothing. axvcpu_reflect_fault() answers AXVCPU_EUNSUPPORTED after an
 * MmioRead/MmioWrite (KVM owns the access) and AXVCPU_ENOTFOUND after any
 * other exit. axvcpu_set_return_value() writes rax after any exit (the
 * result of a KVM_EXIT_HYPERCALL goes through kvm_run), so it never
 * answers AXVCPU_EUNSUPPORTED here.
 *
 * Interrupts: axvcpu_inject_interrupt() takes vectors 0..255. Without an
 * in-kernel irqchip the vector is injected with KVM_INTERRUPT as soon as
 * the guest can take it (interrupt window requested until then); a vector
 * that is still queued when the guest halts wakes it. With an in-kernel
 * irqchip it is sent as a fixed-delivery MSI to this vCPU's local APIC
 * (APIC id = vcpu_id; the guest must have its APIC enabled); device
 * interrupts then belong on axvcpu_kvm_vm_irq_line().
 *
 * Power: with an in-kernel irqchip, axvcpu_power_off() puts the vCPU in
 * KVM_MP_STATE_INIT_RECEIVED and leaves it runnable: KVM_RUN then waits in
 * the kernel for the guest's own INIT/SIPI (no CpuUp exit on this
 * backend), and the power state turns ON after the first run that returns
 * with the vCPU started. Without one the core holds a parked vCPU Blocked.
 * axvcpu_power_on() sets the entry as axvcpu_set_entry() does (arg is
 * unused: a SIPI carries none) and makes the vCPU runnable.
 * axvcpu_reset() sets the setup's mode, entry and stack again, clears the
 * x87/SSE state (FNINIT values), and with an irqchip resets the local
 * APIC (its ID kept, software-disabled, every LVT masked, APIC base
 * 0xfee00000, enabled, BSP for vCPU 0); axvcpu_kvm_vm_reset_devices()
 * resets the rest of the in-kernel devices. axvcpu_set_return_error()
 * puts -1 in rax (or in the KVM_EXIT_HYPERCALL result), after any exit
 * as axvcpu_set_return_value() does (never AXVCPU_EBADSTATE for "the
 * last exit was no call").
 * Binding: axvcpu_bind() pins the calling thread (sched_setaffinity) to
 * the host CPUs of the create config's host_cpu_mask, or of the vCPU's
 * phys_cpu_set when that is 0, intersected with the CPUs the thread may
 * use; when that leaves nothing (hosted CPU ids are per thread and may
 * exceed the real CPUs) the thread is not pinned. The pin is recorded
 * (axvcpu_kvm_vcpu_affinity()) and undone by axvcpu_unbind(). When several
 * pinned vCPUs are bound to one thread, the thread keeps the pin of the
 * last bound until the last of them is unbound, which gives back the
 * affinity it had before the first.
 */
#ifndef AXVCPU_KVM_H
#define AXVCPU_KVM_H

#include <axvcpu/axvcpu.h>
#include <axvcpu/x86.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The KVM backend, for axvcpu_percpu_init() and axvcpu_create(). */
extern const struct axvcpu_backend axvcpu_backend_kvm;

/**
 * Whether /dev/kvm can be used by this process. On false, *why (if not
 * NULL) points to a static, human-readable reason (for `# SKIP`).
 */
bool axvcpu_kvm_available(const char **why);

/* ---- VM ------------------------------------------------------------- */

/** A KVM VM: the VM fd, its memslots, optional in-kernel devices. */
struct axvcpu_kvm_vm;

/** VM flags (struct axvcpu_kvm_vm_config.flags), a bit mask. */
enum axvcpu_kvm_vm_flags {
	/**
	 * Create the in-kernel PIC, IOAPIC and local APICs. They (and the
	 * PIT) are made with the VM's first vCPU, or at the first
	 * axvcpu_kvm_vm_irq_line()/_reset_devices() if earlier (a failure
	 * is then that call's AXVCPU_EHW): making them starts a kernel
	 * grace period that memory slots added afterwards wait for (~8 ms
	 * each here), so map memory before creating vCPUs.
	 */
	AXVCPU_KVM_VM_IRQCHIP = 1u << 0,
	/** Create the in-kernel PIT (i8254); needs AXVCPU_KVM_VM_IRQCHIP. */
	AXVCPU_KVM_VM_PIT = 1u << 1,
	/**
	 * Send MSR accesses KVM does not handle (unknown or invalid MSRs,
	 * and those listed in trap_msrs) to the VM layer as SYSREG exits
	 * instead of injecting #GP (KVM_CAP_X86_USER_SPACE_MSR).
	 */
	AXVCPU_KVM_VM_USER_MSRS = 1u << 2,
	/** No hypercall port: every OUT is an ordinary IO_WRITE exit. */
	AXVCPU_KVM_VM_NO_HYPERCALL_PORT = 1u << 3,
};

/** Default port of the hypercall doorbell. */
#define AXVCPU_KVM_HYPERCALL_PORT 0xECu

/** Default address of the TSS pages KVM needs for real mode on VMX. */
#define AXVCPU_KVM_TSS_ADDR 0xfffbd000u

/** Most MSRs that can be listed in trap_msrs. */
#define AXVCPU_KVM_TRAP_MSRS_MAX 16u

/** Most memory slots of one VM. */
#define AXVCPU_KVM_MEM_SLOTS_MAX 32u

/** Parameters of axvcpu_kvm_vm_create(). Zero-initialise, then set. */
struct axvcpu_kvm_vm_config {
	/** enum axvcpu_kvm_vm_flags. */
	uint32_t flags;
	/** Hypercall doorbell port; 0 = AXVCPU_KVM_HYPERCALL_PORT. */
	uint16_t hypercall_port;
	/** Must be 0. */
	uint16_t reserved;
	/** KVM_SET_TSS_ADDR (3 pages); 0 = AXVCPU_KVM_TSS_ADDR. */
	uint64_t tss_addr;
	/**
	 * MSR indices whose every access (read and write) exits as
	 * SYSREG_READ/SYSREG_WRITE, even if KVM knows them (needs
	 * AXVCPU_KVM_VM_USER_MSRS and KVM_CAP_X86_MSR_FILTER).
	 */
	uint32_t trap_msrs[AXVCPU_KVM_TRAP_MSRS_MAX];
	/** Entries used in trap_msrs. */
	uint32_t trap_msr_count;
};

/**
 * Create a VM. The config is copied.
 * @return 0 and *out set; AXVCPU_EINVAL (NULL, unknown flags, nonzero
 *         reserved, PIT without IRQCHIP, too many trap_msrs, trap_msrs
 *         without AXVCPU_KVM_VM_USER_MSRS); AXVCPU_EUNSUPPORTED (the host
 *         lacks a capability the library or the config needs);
 *         AXVCPU_EHW (a KVM ioctl failed, /dev/kvm missing);
 *         AXVCPU_ENOMEM. On error *out is NULL (if `out` is not NULL).
 */
int axvcpu_kvm_vm_create(const struct axvcpu_kvm_vm_config *cfg,
			 struct axvcpu_kvm_vm **out);

/**
 * Destroy a VM and the memory it allocated (axvcpu_kvm_vm_alloc_memory).
 * Memory mapped with axvcpu_kvm_vm_map_memory stays the caller's.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBUSY while vCPUs of it or its
 *         stage-2 address space exist.
 */
int axvcpu_kvm_vm_destroy(struct axvcpu_kvm_vm *vm);

/** Memory flags. */
enum axvcpu_kvm_mem_flags {
	/** Guest reads hit memory, guest writes exit as MMIO_WRITE (ROM). */
	AXVCPU_KVM_MEM_READONLY = 1u << 0,
};

/**
 * Make `size` bytes at `host` guest RAM at `gpa` (a KVM memslot). The
 * slot-level call under the stage-2 API (stage2.h), for programs that
 * want KVM's own view; the two may be mixed in one VM. gpa,
 * host and size must be page-aligned and must not overlap another slot.
 * The caller keeps ownership of `host` and must keep it mapped until the
 * slot is unmapped or the VM destroyed. Any thread (slots are locked).
 * @return 0; AXVCPU_EINVAL (NULL vm or host, size 0, unknown flags,
 *         misaligned, wrapping, or overlapping a slot); AXVCPU_ENOMEM (all
 *         slots used);
 *         AXVCPU_EUNSUPPORTED (READONLY without KVM_CAP_READONLY_MEM);
 *         AXVCPU_EHW.
 */
int axvcpu_kvm_vm_map_memory(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa,
			     void *host, size_t size, uint32_t flags);

/**
 * Allocate `size` bytes of zeroed, page-aligned memory owned by the VM
 * and map it at `gpa` as axvcpu_kvm_vm_map_memory() does; *host (if not
 * NULL) receives its address. Freed by unmap or VM destroy.
 * @return as axvcpu_kvm_vm_map_memory(), and AXVCPU_ENOMEM if the memory
 *         cannot be allocated; on error *host (if not NULL) is NULL.
 */
int axvcpu_kvm_vm_alloc_memory(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa,
			       size_t size, uint32_t flags, void **host);

/**
 * Remove the slot that starts at `gpa` (freeing it if the VM allocated
 * it). Only while no vCPU of the VM runs (not checked).
 * @return 0; AXVCPU_EINVAL (NULL vm); AXVCPU_ENOTFOUND (no slot starts
 *         at `gpa`); AXVCPU_EHW.
 */
int axvcpu_kvm_vm_unmap_memory(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa);

/**
 * The host address of guest-physical range [gpa, gpa+len) if it lies in
 * one slot (read-only slots too), else NULL (also for a NULL vm).
 */
void *axvcpu_kvm_vm_gpa_to_hva(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa,
			       size_t len);

/**
 * Set the level of input `gsi` of the in-kernel irqchip (KVM_IRQ_LINE):
 * GSIs 0..15 reach the PIC and IOAPIC, 16..23 the IOAPIC. For an edge
 * interrupt raise then lower. Any thread.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBADSTATE (no irqchip);
 *         AXVCPU_EHW.
 */
int axvcpu_kvm_vm_irq_line(struct axvcpu_kvm_vm *vm, uint32_t gsi, bool level);

/**
 * Put the VM's in-kernel devices in their power-on state for a machine
 * reset (with axvcpu_reset() of each vCPU, which resets its local APIC):
 * both 8259s and the IOAPIC with every line masked, the 8254 with no mode
 * programmed. Only while no vCPU of the VM runs. A VM without an irqchip
 * has nothing to reset.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EHW (a KVM ioctl failed).
 */
int axvcpu_kvm_vm_reset_devices(struct axvcpu_kvm_vm *vm);

/** Whether the VM has an in-kernel irqchip (false for NULL). */
bool axvcpu_kvm_vm_has_irqchip(const struct axvcpu_kvm_vm *vm);

/** The KVM VM file descriptor (for ioctls this API lacks), or -1 for
 * NULL. */
int axvcpu_kvm_vm_fd(const struct axvcpu_kvm_vm *vm);

/* ---- vCPU ----------------------------------------------------------- */

/**
 * axvcpu_create() arch_config for the kvm backend (required). The KVM
 * vCPU id and the APIC id are the axvcpu vcpu_id.
 */
struct axvcpu_kvm_create_config {
	/** The VM the vCPU belongs to (must outlive the vCPU). */
	struct axvcpu_kvm_vm *vm;
	/**
	 * Host CPUs (bit N = CPU N) axvcpu_bind() pins the thread to; 0 =
	 * use the vCPU's phys_cpu_set (see "Binding" above).
	 */
	uint64_t host_cpu_mask;
};

/**
 * CPU mode axvcpu_setup() and axvcpu_set_entry() put the vCPU in: the
 * modes every x86 backend shares (enum axvcpu_x86_mode in axvcpu/x86.h,
 * which describes them and the system area).
 */
enum axvcpu_kvm_mode {
	/** 16-bit real mode (AXVCPU_X86_MODE_REAL16). */
	AXVCPU_KVM_MODE_REAL16 = AXVCPU_X86_MODE_REAL16,
	/** 32-bit protected mode, flat (AXVCPU_X86_MODE_PROT32). */
	AXVCPU_KVM_MODE_PROT32 = AXVCPU_X86_MODE_PROT32,
	/** 64-bit long mode (AXVCPU_X86_MODE_LONG64). */
	AXVCPU_KVM_MODE_LONG64 = AXVCPU_X86_MODE_LONG64,
};

/** GDT selector of the system area: 64-bit code (AXVCPU_X86_SEL_CODE64). */
#define AXVCPU_KVM_SEL_CODE64 AXVCPU_X86_SEL_CODE64
/** GDT selector: flat data (AXVCPU_X86_SEL_DATA). */
#define AXVCPU_KVM_SEL_DATA AXVCPU_X86_SEL_DATA
/** GDT selector: 32-bit flat code (AXVCPU_X86_SEL_CODE32). */
#define AXVCPU_KVM_SEL_CODE32 AXVCPU_X86_SEL_CODE32
/** GDT selector: the TSS (AXVCPU_X86_SEL_TSS). */
#define AXVCPU_KVM_SEL_TSS AXVCPU_X86_SEL_TSS

/** Default guest-physical address of the system area
 * (AXVCPU_X86_SYS_AREA_DEFAULT). */
#define AXVCPU_KVM_SYS_AREA_DEFAULT AXVCPU_X86_SYS_AREA_DEFAULT
/** Bytes of the system area (AXVCPU_X86_SYS_AREA_SIZE). */
#define AXVCPU_KVM_SYS_AREA_SIZE AXVCPU_X86_SYS_AREA_SIZE

/** axvcpu_setup() setup_config (optional; NULL = REAL16, sp 0). */
struct axvcpu_kvm_setup_config {
	/** enum axvcpu_kvm_mode. */
	uint32_t mode;
	/** Must be 0. */
	uint32_t reserved;
	/**
	 * Page-aligned GPA of the system area, which must lie in writable
	 * guest RAM (a memslot); 0 = AXVCPU_KVM_SYS_AREA_DEFAULT. Unused in
	 * REAL16.
	 */
	axvcpu_gpa_t sys_area_gpa;
	/** Initial rsp/esp/sp. */
	uint64_t stack;
};

/**
 * Register indices for axvcpu_set_gpr()/axvcpu_get_gpr(): the x86
 * numbering of axvcpu/x86.h (enum axvcpu_x86_reg) under the kvm names.
 */
enum axvcpu_kvm_reg {
	AXVCPU_KVM_REG_RAX = AXVCPU_X86_REG_RAX,
	AXVCPU_KVM_REG_RCX = AXVCPU_X86_REG_RCX,
	AXVCPU_KVM_REG_RDX = AXVCPU_X86_REG_RDX,
	AXVCPU_KVM_REG_RBX = AXVCPU_X86_REG_RBX,
	AXVCPU_KVM_REG_RSP = AXVCPU_X86_REG_RSP,
	AXVCPU_KVM_REG_RBP = AXVCPU_X86_REG_RBP,
	AXVCPU_KVM_REG_RSI = AXVCPU_X86_REG_RSI,
	AXVCPU_KVM_REG_RDI = AXVCPU_X86_REG_RDI,
	AXVCPU_KVM_REG_R8 = AXVCPU_X86_REG_R8,
	AXVCPU_KVM_REG_R9 = AXVCPU_X86_REG_R9,
	AXVCPU_KVM_REG_R10 = AXVCPU_X86_REG_R10,
	AXVCPU_KVM_REG_R11 = AXVCPU_X86_REG_R11,
	AXVCPU_KVM_REG_R12 = AXVCPU_X86_REG_R12,
	AXVCPU_KVM_REG_R13 = AXVCPU_X86_REG_R13,
	AXVCPU_KVM_REG_R14 = AXVCPU_X86_REG_R14,
	AXVCPU_KVM_REG_R15 = AXVCPU_X86_REG_R15,
	AXVCPU_KVM_REG_RIP = AXVCPU_X86_REG_RIP,
	AXVCPU_KVM_REG_RFLAGS = AXVCPU_X86_REG_RFLAGS,
	/**
	 * The data of the pending MMIO/MSR read (the `reg` of those exits).
	 * Setting it completes the read; without one pending, set and get
	 * fail with AXVCPU_EINVAL.
	 */
	AXVCPU_KVM_REG_READ_DATA = AXVCPU_X86_REG_READ_DATA,
	/** Number of register indices (the backend's gpr_count). */
	AXVCPU_KVM_REG_COUNT = AXVCPU_X86_REG_COUNT,
};

/** system.reason of SYSTEM_DOWN/SYSTEM_RESET exits. */
enum axvcpu_kvm_system_reason {
	/* 1..: KVM_SYSTEM_EVENT_* type of a KVM_EXIT_SYSTEM_EVENT. */
	/** KVM_EXIT_SHUTDOWN: a triple fault
	 * (AXVCPU_X86_SYSTEM_TRIPLE_FAULT). */
	AXVCPU_KVM_SYSTEM_TRIPLE_FAULT = AXVCPU_X86_SYSTEM_TRIPLE_FAULT,
};

/** internal_error.code values of the kvm backend. */
enum axvcpu_kvm_internal_code {
	/** KVM_EXIT_INTERNAL_ERROR: data[0] = suberror, data[1] = first
	 *  word of KVM's data (0 if none). */
	AXVCPU_KVM_INTERNAL_KVM = 0x100,
	/** An exit reason the backend does not handle: data[0] = KVM exit
	 *  reason, data[1] = hardware exit reason (KVM_EXIT_UNKNOWN). */
	AXVCPU_KVM_INTERNAL_UNKNOWN_EXIT = 0x101,
	/** KVM_EXIT_EXCEPTION: data[0] = vector, data[1] = error code. */
	AXVCPU_KVM_INTERNAL_EXCEPTION = 0x102,
	/** KVM_RUN failed: data[0] = errno. */
	AXVCPU_KVM_INTERNAL_RUN_FAILED = 0x103,
	/** Injecting a queued interrupt failed: data[0] = vector,
	 *  data[1] = errno. */
	AXVCPU_KVM_INTERNAL_INJECT_FAILED = 0x104,
};

/** The signal a kick sends to a vCPU thread inside KVM_RUN. */
int axvcpu_kvm_kick_signal(void);

/**
 * Make the MSR access of the last SYSREG_READ/SYSREG_WRITE exit fail
 * with #GP in the guest instead of completing. Call between that exit
 * and the next axvcpu_run(), from the vCPU's thread.
 * Not checked against the vCPU's state or thread: calling it while the
 * vCPU runs is a race.
 * @return 0; AXVCPU_EINVAL (NULL, not a kvm vCPU, or the last exit was
 *         not an MSR access).
 */
int axvcpu_kvm_sysreg_fault(struct axvcpu *vcpu);

/**
 * The host CPUs the vCPU's thread was pinned to by axvcpu_bind() (0 when
 * not bound or not pinned).
 */
uint64_t axvcpu_kvm_vcpu_affinity(const struct axvcpu *vcpu);

/** The KVM vCPU file descriptor, or -1 (not a kvm vCPU / NULL). */
int axvcpu_kvm_vcpu_fd(const struct axvcpu *vcpu);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_KVM_H */
