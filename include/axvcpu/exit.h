/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/exit.h
 * The decoded exit record returned by axvcpu_run().
 *
 * Every reason of the Rust crate's AxVCpuExitReason is here, plus the ones a
 * backend needs to say honestly what happened (a reset request, a cancelled
 * run, console I/O, an internal error) instead of folding them into Halt.
 * Not every backend produces every reason: riscv64.h and kvm.h list theirs.
 */
#ifndef AXVCPU_EXIT_H
#define AXVCPU_EXIT_H

#include <axvcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Why axvcpu_run() returned. */
enum axvcpu_exit_reason {
	/** Nothing to do; just run again. No backend returns it today; it is
	 * what *exit holds after a run the backend refused. */
	AXVCPU_EXIT_NOTHING = 0,
	/** The guest made a hypercall (vendor SBI extension, port doorbell...).
	 */
	AXVCPU_EXIT_HYPERCALL,
	/** The guest read emulated MMIO; finish with
	   axvcpu_complete_mmio_read(). */
	AXVCPU_EXIT_MMIO_READ,
	/** The guest wrote emulated MMIO. */
	AXVCPU_EXIT_MMIO_WRITE,
	/** The guest read a system register / MSR; finish with
	   axvcpu_complete_sysreg_read() (kvm only so far). */
	AXVCPU_EXIT_SYSREG_READ,
	/** The guest wrote a system register / MSR (kvm only so far). */
	AXVCPU_EXIT_SYSREG_WRITE,
	/** The guest read an I/O port (x86: kvm); finish with
	 * axvcpu_complete_io_read(). */
	AXVCPU_EXIT_IO_READ,
	/** The guest wrote an I/O port (x86: kvm). */
	AXVCPU_EXIT_IO_WRITE,
	/** A host interrupt arrived while the guest ran (bare-metal backends;
	 * the VM layer handles its source, then runs again). */
	AXVCPU_EXIT_EXTERNAL_INTERRUPT,
	/** A stage-2 fault the backend could not turn into MMIO. */
	AXVCPU_EXIT_NESTED_PAGE_FAULT,
	/** The guest halted (WFI/HLT); the vCPU is now Blocked, or Ready if
	 * an interrupt was already queued for it. */
	AXVCPU_EXIT_HALT,
	/** The guest asked to start another vCPU (SBI HSM, PSCI CPU_ON, SIPI).
	 */
	AXVCPU_EXIT_CPU_UP,
	/** The guest stopped this vCPU (SBI hart_stop, PSCI CPU_OFF). */
	AXVCPU_EXIT_CPU_DOWN,
	/** The guest asked to power the whole system off. */
	AXVCPU_EXIT_SYSTEM_DOWN,
	/** Entering the guest failed in hardware (kvm only so far). */
	AXVCPU_EXIT_FAIL_ENTRY,
	/** The guest sent an inter-processor interrupt. */
	AXVCPU_EXIT_SEND_IPI,
	/** The guest asked to reset the system (SBI SRST reboot, PSCI RESET).
	 */
	AXVCPU_EXIT_SYSTEM_RESET,
	/** The run was cancelled by axvcpu_kick() (from any thread); the
	 * guest state is unchanged by it. */
	AXVCPU_EXIT_CANCELLED,
	/** The guest wrote to the hypervisor console (SBI putchar / DBCN). */
	AXVCPU_EXIT_CONSOLE_WRITE,
	/** The guest read the hypervisor console; finish with
	   axvcpu_complete_console_read(). */
	AXVCPU_EXIT_CONSOLE_READ,
	/** The backend or host hit an error it can describe but not handle. */
	AXVCPU_EXIT_INTERNAL_ERROR,
	/**
	 * The guest asked other vCPUs to fence their TLB / instruction cache
	 * (SBI RFENCE); see the remote_fence member for what to do.
	 */
	AXVCPU_EXIT_REMOTE_FENCE,
	/**
	 * The guest asked whether another vCPU is on (SBI HSM
	 * hart_get_status, PSCI AFFINITY_INFO): answer with
	 * axvcpu_set_return_value(vcpu, axvcpu_power_state(target)), or
	 * axvcpu_set_return_error(vcpu, AXVCPU_ENOTFOUND) if there is none.
	 */
	AXVCPU_EXIT_CPU_STATUS,
	/**
	 * The guest asked to suspend the whole system to RAM (SBI SUSP,
	 * PSCI SYSTEM_SUSPEND): every other vCPU must be off (else answer
	 * axvcpu_set_return_error(vcpu, AXVCPU_EBADSTATE): "denied"), and
	 * the entry must be valid (else AXVCPU_EINVAL: "invalid address").
	 * To suspend: axvcpu_power_off() this vCPU, wait for a wake-up
	 * interrupt, then axvcpu_power_on(vcpu, entry_point, arg): it resumes
	 * as a started CPU. Left unanswered, the guest is told "not
	 * supported" (see the backend's header).
	 */
	AXVCPU_EXIT_SYSTEM_SUSPEND,
	/** Number of reasons; not a reason. */
	AXVCPU_EXIT_REASON_COUNT
};

/** Access flags of a nested page fault (bit mask). */
enum axvcpu_access_flags {
	/** The access reads (a load). */
	AXVCPU_ACCESS_READ = 1u << 0,
	/** The access writes (a store). */
	AXVCPU_ACCESS_WRITE = 1u << 1,
	/** An instruction fetch. */
	AXVCPU_ACCESS_EXECUTE = 1u << 2,
	/** An atomic read-modify-write (RISC-V AMO, LR/SC, x86 LOCK). */
	AXVCPU_ACCESS_ATOMIC = 1u << 3,
	/** A floating-point/vector load or store (not emulated as MMIO). */
	AXVCPU_ACCESS_FP = 1u << 4,
	/** The faulting instruction could not be decoded. */
	AXVCPU_ACCESS_UNDECODED = 1u << 5,
};

/** What a remote fence (AXVCPU_EXIT_REMOTE_FENCE) must flush (bit mask). */
enum axvcpu_fence_kind {
	/** The instruction cache (RISC-V FENCE.I). */
	AXVCPU_FENCE_ICACHE = 1u << 0,
	/** The guest's address translations (VS-stage TLB of its VMID). */
	AXVCPU_FENCE_TLB = 1u << 1,
	/**
	 * The stage-2 (guest-physical) translations cached on the CPU the
	 * vCPU runs on, after the VM layer removed or narrowed a mapping with
	 * axvcpu_stage2_unmap() (see stage2.h): riscv64 hfence.gvma; kvm
	 * nothing (KVM keeps memslot changes coherent).
	 */
	AXVCPU_FENCE_STAGE2 = 1u << 2,
};

/**
 * A decoded exit. Only the member named by `reason` is meaningful.
 * axvcpu_run() zeroes the record before the backend fills it, so fields
 * the backend does not set read as 0.
 */
struct axvcpu_exit {
	/** Why the run ended; selects the member of the union. */
	enum axvcpu_exit_reason reason;
	union {
		/** AXVCPU_EXIT_HYPERCALL: call number and six arguments
		 * (which guest registers: see the backend's header). */
		struct {
			uint64_t nr;      /**< call number */
			uint64_t args[6]; /**< arguments, unused ones 0 */
		} hypercall;
		/**
		 * AXVCPU_EXIT_MMIO_READ. `width` bytes (1/2/4/8) are read from
		 * `addr` into register `reg`, which is `reg_width` bytes wide;
		 * `sign_ext` says whether the value is sign- or zero-extended.
		 * `reg` is a set_gpr index of the backend (kvm: not a CPU
		 * register but AXVCPU_KVM_REG_READ_DATA).
		 */
		struct {
			axvcpu_gpa_t addr; /**< guest-physical address */
			uint8_t width;     /**< access width in bytes */
			uint8_t reg_width; /**< destination width in bytes */
			bool sign_ext;     /**< sign- (true) or zero-extend */
			uint32_t reg;      /**< destination register index */
		} mmio_read;
		/** AXVCPU_EXIT_MMIO_WRITE: `width` bytes of `data` to `addr`
		 * (`data` zero above the width). Nothing to complete. */
		struct {
			axvcpu_gpa_t addr; /**< guest-physical address */
			uint8_t width; /**< access width in bytes (1/2/4/8) */
			uint64_t data; /**< the value written */
		} mmio_write;
		/** AXVCPU_EXIT_SYSREG_READ: system register `addr` into `reg`
		 * (8 bytes, written whole). */
		struct {
			uint64_t addr; /**< register number (x86: MSR index) */
			uint32_t reg;  /**< destination register index */
		} sysreg_read;
		/** AXVCPU_EXIT_SYSREG_WRITE: `value` to system register `addr`.
		 */
		struct {
			uint64_t addr;  /**< register number (x86: MSR index) */
			uint64_t value; /**< the value written */
		} sysreg_write;
		/**
		 * AXVCPU_EXIT_IO_READ: `width` bytes (1/2/4) from `port`.
		 * `count` > 1 for a string (INS/REP INS) access; each element
		 * is completed by its own exit.
		 */
		struct {
			uint16_t port;  /**< I/O port */
			uint8_t width;  /**< bytes per element (1/2/4) */
			uint32_t count; /**< elements in the guest's access */
		} io_read;
		/** AXVCPU_EXIT_IO_WRITE: `width` bytes of `data` to `port`;
		 * `count` as for io_read, one exit per element. */
		struct {
			uint16_t port;  /**< I/O port */
			uint8_t width;  /**< bytes per element (1/2/4) */
			uint32_t count; /**< elements in the guest's access */
			uint64_t data;  /**< this element's value */
		} io_write;
		/** AXVCPU_EXIT_EXTERNAL_INTERRUPT: the host interrupt
		 * number/cause. */
		struct {
			uint64_t vector; /**< host interrupt number / cause */
		} external_interrupt;
		/** AXVCPU_EXIT_NESTED_PAGE_FAULT: a guest access to `addr` that
		 * stage 2 does not map (or allow) and that was not turned into
		 * MMIO; the pc stays on the instruction. Map the page and run
		 * again, move the pc, or axvcpu_reflect_fault(). */
		struct {
			axvcpu_gpa_t addr;     /**< guest-physical address */
			uint32_t access_flags; /**< enum axvcpu_access_flags */
		} nested_page_fault;
		/**
		 * AXVCPU_EXIT_HALT. `deadline` is the guest timer deadline in
		 * the backend's time base (RISC-V `time` ticks, ...), or
		 * UINT64_MAX if the guest armed no timer: the VM layer wakes
		 * the vCPU then.
		 */
		struct {
			uint64_t deadline; /**< timer deadline or UINT64_MAX */
			/** The guest suspended itself (SBI hart_suspend,
			 * PSCI CPU_SUSPEND): power SUSPENDED till it runs. */
			bool suspend;
		} halt;
		/** AXVCPU_EXIT_CPU_UP: start `target_cpu` at `entry_point` with
		 * `arg`. */
		struct {
			uint64_t target_cpu;      /**< guest CPU id (hart id) */
			axvcpu_gpa_t entry_point; /**< where it starts */
			uint64_t arg;             /**< opaque argument for it */
		} cpu_up;
		/** AXVCPU_EXIT_CPU_DOWN: backend-specific power state. */
		struct {
			uint64_t state; /**< power state (riscv64: 0) */
		} cpu_down;
		/** AXVCPU_EXIT_SYSTEM_DOWN / SYSTEM_RESET: backend reason code.
		 */
		struct {
			uint64_t reason; /**< see the backend's header */
		} system;
		/** AXVCPU_EXIT_FAIL_ENTRY. */
		struct {
			/** the hardware's (KVM's) entry failure code */
			uint64_t hardware_entry_failure_reason;
		} fail_entry;
		/**
		 * AXVCPU_EXIT_SEND_IPI. `target_cpu` is a vCPU id (or the base
		 * of a mask in `target_cpu_aux`, RISC-V hart_mask semantics).
		 */
		struct {
			uint64_t target_cpu;     /**< vCPU id, or mask base */
			uint64_t target_cpu_aux; /**< mask (bit N: base + N) */
			bool send_to_all;        /**< every vCPU of the VM */
			bool send_to_self;       /**< the sender too */
			uint64_t vector;         /**< vector to inject */
		} send_ipi;
		/**
		 * AXVCPU_EXIT_CONSOLE_WRITE: `len` == 0 means the single byte
		 * `byte`; otherwise `len` bytes at guest-physical `gpa`. Report
		 * how many were consumed with axvcpu_set_return_value().
		 */
		struct {
			axvcpu_gpa_t gpa; /**< guest buffer (len > 0) */
			uint64_t len;     /**< bytes at gpa, or 0 */
			uint8_t byte;     /**< the byte (len == 0) */
		} console_write;
		/**
		 * AXVCPU_EXIT_CONSOLE_READ: `len` == 0 means one byte,
		 * completed with axvcpu_complete_console_read(byte, or -1 =
		 * none available); otherwise up to `len` bytes to write to
		 * guest-physical `gpa`, completed with the number written (or
		 * -1 on failure).
		 */
		struct {
			axvcpu_gpa_t gpa; /**< guest buffer (len > 0) */
			uint64_t len;     /**< buffer size, or 0 */
		} console_read;
		/** AXVCPU_EXIT_INTERNAL_ERROR: backend code and raw data. */
		struct {
			/** enum axvcpu_internal_error_code, or a backend's
			 * code (>= 0x100) */
			uint64_t code;
			uint64_t data[2]; /**< details, per code */
		} internal_error;
		/**
		 * AXVCPU_EXIT_REMOTE_FENCE. Targets as for SEND_IPI
		 * (`target_cpu` = base vCPU id, `target_cpu_aux` = mask,
		 * `send_to_all`); this vCPU is already fenced. `kinds` is
		 * enum axvcpu_fence_kind bits; `start`/`size` the guest-virtual
		 * range and `asid` the address space (UINT64_MAX: all), as
		 * hints. The VM layer calls axvcpu_request_fence() on every
		 * other target and, before running this vCPU again, waits
		 * until axvcpu_fence_pending() is false for those that run.
		 */
		struct {
			uint64_t target_cpu;     /**< mask base vCPU id */
			uint64_t target_cpu_aux; /**< mask (bit N: base + N) */
			bool send_to_all;        /**< every vCPU of the VM */
			uint32_t kinds;          /**< enum axvcpu_fence_kind */
			uint64_t start;          /**< range start (hint) */
			uint64_t size;           /**< range size (hint) */
			uint64_t asid; /**< ASID or UINT64_MAX (hint) */
		} remote_fence;
		/** AXVCPU_EXIT_CPU_STATUS: is `target_cpu` on? */
		struct {
			uint64_t target_cpu; /**< guest CPU id (hart id) */
		} cpu_status;
		/** AXVCPU_EXIT_SYSTEM_SUSPEND: suspend, resume at
		 * `entry_point` with `arg`. */
		struct {
			uint64_t type;            /**< sleep type (0: to RAM) */
			axvcpu_gpa_t entry_point; /**< where it resumes */
			uint64_t arg;             /**< opaque argument for it */
		} system_suspend;
	};
};

/**
 * Internal-error codes set by the core itself (backends use their own
 * codes from 0x100 up). data[] details are given per code.
 */
enum axvcpu_internal_error_code {
	/** A backend produced an access with an invalid width: data[0] is the
	 *  exit reason, data[1] the width. */
	AXVCPU_INTERNAL_BAD_WIDTH = 1,
	/** A backend produced a read whose destination register is out of
	 *  range: data[0] is the exit reason, data[1] the register. */
	AXVCPU_INTERNAL_BAD_REG = 2,
};

/** The name of an exit reason ("MmioRead"), or "Unknown". */
const char *axvcpu_exit_name(enum axvcpu_exit_reason reason);

/**
 * Format an exit as one readable trace line, e.g.
 * "MmioRead addr=0x10000005 width=1 reg=10 reg_width=8 zext".
 * Writes at most `size` bytes including the terminating NUL (truncating),
 * and returns the length the full line has (like snprintf), or
 * AXVCPU_EINVAL if `exit` is NULL or `buf` is NULL with `size` > 0.
 * Freestanding: usable on bare metal.
 */
int axvcpu_exit_format(const struct axvcpu_exit *exit, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_EXIT_H */
