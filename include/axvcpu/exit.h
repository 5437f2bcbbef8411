/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/exit.h
 * The decoded exit record returned by axvcpu_run().
 *
 * Every reason of the Rust crate's AxVCpuExitReason is here, plus the ones a
 * backend needs to say honestly what happened (a reset request, a cancelled
 * run, console I/O, an internal error) instead of folding them into Halt.
 */
#ifndef AXVCPU_EXIT_H
#define AXVCPU_EXIT_H

#include <axvcpu/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Why axvcpu_run() returned. */
enum axvcpu_exit_reason {
	/** Nothing to do: the backend handled the event; just run again. */
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
	   axvcpu_complete_sysreg_read(). */
	AXVCPU_EXIT_SYSREG_READ,
	/** The guest wrote a system register / MSR. */
	AXVCPU_EXIT_SYSREG_WRITE,
	/** The guest read an I/O port; finish with axvcpu_complete_io_read().
	 */
	AXVCPU_EXIT_IO_READ,
	/** The guest wrote an I/O port. */
	AXVCPU_EXIT_IO_WRITE,
	/** A host interrupt arrived while the guest ran. */
	AXVCPU_EXIT_EXTERNAL_INTERRUPT,
	/** A stage-2 fault the backend could not turn into MMIO. */
	AXVCPU_EXIT_NESTED_PAGE_FAULT,
	/** The guest halted (WFI/HLT); the vCPU is now Blocked. */
	AXVCPU_EXIT_HALT,
	/** The guest asked to start another vCPU (SBI HSM, PSCI CPU_ON, SIPI).
	 */
	AXVCPU_EXIT_CPU_UP,
	/** The guest stopped this vCPU (SBI hart_stop, PSCI CPU_OFF). */
	AXVCPU_EXIT_CPU_DOWN,
	/** The guest asked to power the whole system off. */
	AXVCPU_EXIT_SYSTEM_DOWN,
	/** Entering the guest failed in hardware. */
	AXVCPU_EXIT_FAIL_ENTRY,
	/** The guest sent an inter-processor interrupt. */
	AXVCPU_EXIT_SEND_IPI,
	/** The guest asked to reset the system (SBI SRST reboot, PSCI RESET).
	 */
	AXVCPU_EXIT_SYSTEM_RESET,
	/** The run was cancelled by axvcpu_kick() (from any thread). */
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
	/** Number of reasons; not a reason. */
	AXVCPU_EXIT_REASON_COUNT
};

/** Access flags of a nested page fault (bit mask). */
enum axvcpu_access_flags {
	AXVCPU_ACCESS_READ = 1u << 0,
	AXVCPU_ACCESS_WRITE = 1u << 1,
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
};

/** A decoded exit. Only the member named by `reason` is meaningful. */
struct axvcpu_exit {
	enum axvcpu_exit_reason reason;
	union {
		/** AXVCPU_EXIT_HYPERCALL: call number and six arguments. */
		struct {
			uint64_t nr;
			uint64_t args[6];
		} hypercall;
		/**
		 * AXVCPU_EXIT_MMIO_READ. `width` bytes (1/2/4/8) are read from
		 * `addr` into register `reg`, which is `reg_width` bytes wide;
		 * `sign_ext` says whether the value is sign- or zero-extended.
		 */
		struct {
			axvcpu_gpa_t addr;
			uint8_t width;
			uint8_t reg_width;
			bool sign_ext;
			uint32_t reg;
		} mmio_read;
		/** AXVCPU_EXIT_MMIO_WRITE: `width` bytes of `data` to `addr`.
		 */
		struct {
			axvcpu_gpa_t addr;
			uint8_t width;
			uint64_t data;
		} mmio_write;
		/** AXVCPU_EXIT_SYSREG_READ: system register `addr` into `reg`.
		 */
		struct {
			uint64_t addr;
			uint32_t reg;
		} sysreg_read;
		/** AXVCPU_EXIT_SYSREG_WRITE. */
		struct {
			uint64_t addr;
			uint64_t value;
		} sysreg_write;
		/**
		 * AXVCPU_EXIT_IO_READ: `width` bytes (1/2/4) from `port`.
		 * `count` > 1 for a string (INS/REP INS) access; each element
		 * is completed by its own exit.
		 */
		struct {
			uint16_t port;
			uint8_t width;
			uint32_t count;
		} io_read;
		/** AXVCPU_EXIT_IO_WRITE: `width` bytes of `data` to `port`. */
		struct {
			uint16_t port;
			uint8_t width;
			uint32_t count;
			uint64_t data;
		} io_write;
		/** AXVCPU_EXIT_EXTERNAL_INTERRUPT: the host interrupt
		 * number/cause. */
		struct {
			uint64_t vector;
		} external_interrupt;
		/** AXVCPU_EXIT_NESTED_PAGE_FAULT. */
		struct {
			axvcpu_gpa_t addr;
			uint32_t access_flags; /**< enum axvcpu_access_flags */
		} nested_page_fault;
		/**
		 * AXVCPU_EXIT_HALT. `deadline` is the guest timer deadline in
		 * the backend's time base (RISC-V `time` ticks, ...), or
		 * UINT64_MAX if the guest armed no timer: the VM layer wakes
		 * the vCPU then.
		 */
		struct {
			uint64_t deadline;
		} halt;
		/** AXVCPU_EXIT_CPU_UP: start `target_cpu` at `entry_point` with
		 * `arg`. */
		struct {
			uint64_t target_cpu;
			axvcpu_gpa_t entry_point;
			uint64_t arg;
		} cpu_up;
		/** AXVCPU_EXIT_CPU_DOWN: backend-specific power state. */
		struct {
			uint64_t state;
		} cpu_down;
		/** AXVCPU_EXIT_SYSTEM_DOWN / SYSTEM_RESET: backend reason code.
		 */
		struct {
			uint64_t reason;
		} system;
		/** AXVCPU_EXIT_FAIL_ENTRY. */
		struct {
			uint64_t hardware_entry_failure_reason;
		} fail_entry;
		/**
		 * AXVCPU_EXIT_SEND_IPI. `target_cpu` is a vCPU id (or the base
		 * of a mask in `target_cpu_aux`, RISC-V hart_mask semantics).
		 */
		struct {
			uint64_t target_cpu;
			uint64_t target_cpu_aux;
			bool send_to_all;
			bool send_to_self;
			uint64_t vector;
		} send_ipi;
		/**
		 * AXVCPU_EXIT_CONSOLE_WRITE: `len` == 0 means the single byte
		 * `byte`; otherwise `len` bytes at guest-physical `gpa`. Report
		 * how many were consumed with axvcpu_set_return_value().
		 */
		struct {
			axvcpu_gpa_t gpa;
			uint64_t len;
			uint8_t byte;
		} console_write;
		/**
		 * AXVCPU_EXIT_CONSOLE_READ: `len` == 0 means one byte; complete
		 * with axvcpu_complete_console_read() (-1 = none available).
		 */
		struct {
			axvcpu_gpa_t gpa;
			uint64_t len;
		} console_read;
		/** AXVCPU_EXIT_INTERNAL_ERROR: backend code and raw data. */
		struct {
			uint64_t code;
			uint64_t data[2];
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
			uint64_t target_cpu;
			uint64_t target_cpu_aux;
			bool send_to_all;
			uint32_t kinds;
			uint64_t start;
			uint64_t size;
			uint64_t asid;
		} remote_fence;
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
