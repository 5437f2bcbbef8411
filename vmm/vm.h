/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/vm.h
 * One VM: its vCPUs, guest memory, device buses and console, and the
 * answer to every exit a VM layer always answers the same way. Written
 * once for every backend and every host: the bare-metal hypervisors run
 * vmm_vm_run_vcpu() on each physical CPU, axvcpu-run on each vCPU thread.
 *
 * What the VM does with each exit:
 * - MmioRead/MmioWrite, IoRead/IoWrite: the device on the MMIO or port
 *   bus (each device behind its own lock, so several vCPUs may access
 *   different devices at once); an unclaimed address is open bus (reads
 *   0, or all-ones with `open_bus_ones`; writes vanish) or, with
 *   VMM_UNCLAIMED_FAULT, an access fault in the guest where the backend
 *   can reflect one.
 * - Halt: the vCPU waits (host->wait) until an interrupt wakes it, its
 *   timer deadline passes, or the VM stops; console input is polled
 *   meanwhile. A parked vCPU (powered off) waits until it is started.
 * - CpuUp: axvcpu_power_on() of the target at the entry with the
 *   argument, after checking the target exists and the entry is in guest
 *   memory; the guest gets the matching error otherwise. CpuDown: the
 *   vCPU parks (axvcpu_power_off()); when every vCPU is off the VM ends
 *   (VMM_VM_POWEROFF). CpuStatus: axvcpu_power_state() of the target.
 * - SendIPI, RemoteFence: every named vCPU must exist, else the guest
 *   gets "invalid parameter" and nothing is sent; then the vector is
 *   injected / the fence requested, and a remote fence waits (bounded)
 *   for the targets that are running guest code. A SendIPI to all with
 *   send_to_self clear (a GIC SGI with IRM) skips the sender.
 * - ConsoleWrite/ConsoleRead: the host console and the VM's input queue,
 *   guest buffers bounds-checked against guest memory.
 * - SystemDown: the VM ends (VMM_VM_POWEROFF). SystemReset: every vCPU
 *   loop meets, devices are reset, RAM is cleared, every vCPU is reset,
 *   host->reload puts the images (and boot registers) back, secondaries
 *   are parked again and the guest starts over; or the VM ends with
 *   VMM_VM_RESET if the config says resets end the run. A device model
 *   asks for a reset with vmm_vm_stop(vm, VMM_VM_RESET, ...).
 * - SystemSuspend (suspend to RAM): refused ("denied") unless every other
 *   vCPU is off, or if the entry is not in guest memory; else the vCPU
 *   parks and the VM sleeps until an interrupt is routed into it
 *   (vmm_vm_inject() on any vCPU: a device line, an IPI from the host),
 *   then the vCPU starts at the entry with the argument (SBI SUSP, PSCI
 *   SYSTEM_SUSPEND); the interrupt stays pending for the guest.
 * - ExternalInterrupt: host->external_interrupt (the platform's source).
 * - Hypercall, SysRegRead/SysRegWrite, NestedPageFault: the exit hook
 *   first; then a hypercall is answered "not supported", a system register
 *   reads 0 and ignores writes, a nested page fault is reflected into the
 *   guest as an access fault (or ends the VM where the backend cannot).
 * - FailEntry, InternalError and anything unknown end the VM
 *   (VMM_VM_GUEST_ERROR) with the exit in the message.
 * An exit hook sees every exit first and may take it.
 *
 * Freestanding (no libc): the host services come through struct
 * vmm_vm_host.
 */
#ifndef AXVCPU_VMM_VM_H
#define AXVCPU_VMM_VM_H

#include <axvcpu/axvcpu.h>

#include "vmm/bus.h"
#include "vmm/guest_mem.h"
#include "vmm/lock.h"
#include "vmm/run_vcpu.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most vCPUs of one VM. */
#define VMM_VM_MAX_VCPUS 16u
/** Most devices (MMIO and port) of one VM. */
#define VMM_VM_MAX_DEVICES 48u
/** Bytes of console input the VM holds while the device's FIFO is full. */
#define VMM_VM_INPUT_SIZE 256u

/** How a VM's run ended (vmm_vm_run_vcpu()'s answer), or that it runs. */
enum vmm_vm_end {
	/** Still running. */
	VMM_VM_RUNNING = 0,
	/** The guest powered off (SystemDown, or every vCPU stopped). */
	VMM_VM_POWEROFF,
	/** The guest asked for a reset and the config ends the run on it. */
	VMM_VM_RESET,
	/** The guest broke (triple fault, an exit nobody handles, ...). */
	VMM_VM_GUEST_ERROR,
	/** The host ended it (vmm_vm_stop(): a signal, a timeout, a test). */
	VMM_VM_HOST_STOP,
	/** A host failure (an API call failed). */
	VMM_VM_HOST_ERROR,
};

/** The name of an end ("PowerOff"), or "Invalid". */
const char *vmm_vm_end_name(enum vmm_vm_end end);

struct vmm_vm;

/**
 * What the host provides. Members marked optional may be NULL. All may be
 * called from any vCPU's CPU or thread, concurrently.
 */
struct vmm_vm_host {
	/** Passed to every member. */
	void *ctx;
	/** Now, in the time base of the backend's Halt deadlines (riscv64:
	 * `time` ticks). */
	uint64_t (*now)(void *ctx);
	/**
	 * Sleep on the CPU of vCPU `id` until `deadline` (now() units;
	 * UINT64_MAX: none) or notify(id); may return early. The VM checks
	 * its conditions again after every return.
	 */
	void (*wait)(void *ctx, unsigned id, uint64_t deadline);
	/** End a wait(id) now or make the next one return at once. */
	void (*notify)(void *ctx, unsigned id);
	/** Optional: a spin-wait hint (lock contention). */
	void (*relax)(void *ctx);
	/** Write console output (the guest's SBI console; device models
	 * have their own sinks). */
	void (*console_out)(void *ctx, const uint8_t *buf, size_t len);
	/** Optional: one byte of console input, or -1 (polled while vCPUs
	 * halt and at host interrupts; hosts that push input call
	 * vmm_vm_console_input() instead). */
	int (*console_in)(void *ctx);
	/** Optional: a host interrupt ended a run on vCPU `id`'s CPU. */
	void (*external_interrupt)(void *ctx, unsigned id, uint64_t vector);
	/** Optional: put the images back into the cleared RAM, after every
	 * vCPU was reset (reset); 0 or an AXVCPU_E* error (which ends the
	 * VM). */
	int (*reload)(void *ctx, struct vmm_vm *vm);
	/** Optional: reset what lies beyond the vCPUs and the devices on
	 * the buses (kvm: the in-kernel irqchip); 0 or an error. */
	int (*reset_machine)(void *ctx, struct vmm_vm *vm);
	/** Optional: one line about the VM (no newline): a guest stuck, a
	 * fault reflected, a reset. */
	void (*log)(void *ctx, const char *line);
};

/** What to do with MMIO nobody claims. */
enum vmm_vm_unclaimed {
	/** Open bus: reads give 0 (or all-ones), writes vanish. */
	VMM_UNCLAIMED_OPEN_BUS = 0,
	/** An access fault in the guest (axvcpu_reflect_fault()), where
	 * the backend can; open bus where it cannot. */
	VMM_UNCLAIMED_FAULT,
};

/** A VM's settings. Zero-initialise, then set. */
struct vmm_vm_config {
	/** Id of the VM (axvcpu vm_id of its vCPUs). */
	uint32_t vm_id;
	/** Unclaimed MMIO. */
	enum vmm_vm_unclaimed unclaimed_mmio;
	/** Open bus reads all-ones instead of 0 (a PC's bus). */
	bool open_bus_ones;
	/** A SystemReset ends the run (VMM_VM_RESET) instead of restarting
	 * the guest. */
	bool reset_ends_run;
	/** Secondary vCPUs start powered on (default: parked until the
	 * guest starts them: SBI HSM, PSCI, INIT/SIPI). */
	bool secondaries_on;
	/** Most now() units a remote fence waits for its targets (0: no
	 * bound; a guest's hart that never answers then hangs the caller). */
	uint64_t fence_wait;
	/** Most bytes one console write from guest memory prints (0: 4096);
	 * the guest is told how many were written. */
	uint64_t console_write_max;
	/** With host->console_in: how often (now() units) a halted vCPU's
	 * CPU looks for input (0: only when woken for other reasons). */
	uint64_t input_poll;
	/** Time every exit in the stats (run_ns, handle_ns in now() units):
	 * two host->now() calls per exit. */
	bool time_exits;
};

/**
 * Called for every exit before the VM handles it (tests, vendor
 * hypercalls, tracing). Return true if it took the exit.
 */
typedef bool (*vmm_vm_exit_hook)(struct vmm_vm *vm, unsigned id,
				 struct axvcpu_exit *exit, void *arg);

/** Options of a device added with vmm_vm_add_device(). */
struct vmm_vm_dev_opts {
	/** Optional: reset the device model (system reset). */
	void (*reset)(void *dev);
	/** Optional: called after every access (but a read the model
	 * reports quiet, bus.h's VMM_DEV_READ_QUIET) and input push, with the
	 * device's lock held (update its interrupt line). */
	void (*after)(void *ctx, void *dev);
	/** Passed to `after`. */
	void *ctx;
	/** Optional: take one byte of console input (0, or -1 when its
	 * FIFO is full): makes this device the VM's console input. */
	int (*push_input)(void *dev, uint8_t byte);
};

/** One device of the VM (behind its lock). */
struct vmm_vm_dev {
	const struct vmm_device_ops *ops;
	void *dev;
	struct vmm_vm_dev_opts opts;
	struct vmm_lock lock;
	struct vmm_vm *vm;
	/** Where it sits on its bus (a vCPU's last-device check). */
	uint64_t base, size;
	/** It is the VM's console device (vm->console). */
	bool console;
};

/** Per-vCPU bookkeeping of a VM. */
struct vmm_vm_vcpu {
	struct axvcpu *vcpu;
	/** Internal: what its loop must look at before the next run (one
	 * load per exit; bits of vm_internal.h's VM_ATTN_*). */
	_Atomic uint32_t attn;
	/** Exits by reason (run_ns/handle_ns hold now() units). */
	struct vmm_exit_stats stats;
	/** Level-triggered lines asserted (bit = vector; vmm_vm_set_line). */
	_Atomic uint64_t lines;
	/** vmm_vm_cpu_init() asked this vCPU to park itself. */
	_Atomic bool init_pending;
	/** The MMIO device this vCPU reached last (its loop's own: an
	 * access there skips the bus lookup). */
	struct vmm_vm_dev *mmio_last;
	/** Runs refused in a row while the vCPU read Ready (its loop's own). */
	unsigned refusals;
};

/** Most local devices of one VM. */
#define VMM_VM_MAX_LOCAL 4u

/**
 * A device at the same MMIO address for every vCPU, one instance each (an
 * x86 local APIC, a GIC CPU interface): its ops are told which vCPU
 * accesses it. The device does its own locking (its instances often share
 * state: interrupts sent between them).
 */
struct vmm_local_device_ops {
	/** Read `width` bytes at `offset` for vCPU `vcpu`; as
	 * vmm_device_ops. */
	int (*read)(void *dev, unsigned vcpu, uint64_t offset, unsigned width,
		    uint64_t *val);
	/** The same for a write. */
	int (*write)(void *dev, unsigned vcpu, uint64_t offset, unsigned width,
		     uint64_t val);
};

/** One local device of a VM. */
struct vmm_vm_local {
	uint64_t base, size;
	const struct vmm_local_device_ops *ops;
	void *dev;
};

/** A VM. Initialise with vmm_vm_init(); lives as long as its vCPUs. */
struct vmm_vm {
	/* Internal, read on every exit: first, within a load's reach of
	 * the VM's address. */
	_Atomic unsigned end; /* enum vmm_vm_end */
	unsigned nlocal;
	_Atomic unsigned input_count;
	struct vmm_vm_config cfg;
	struct vmm_vm_host host;
	/** Guest memory (regions added by the platform). */
	struct vmm_mem mem;
	/** The MMIO and port buses (devices added with vmm_vm_add_device). */
	struct vmm_bus mmio, pio;
	struct vmm_vm_vcpu vcpus[VMM_VM_MAX_VCPUS];
	unsigned nvcpu;
	vmm_vm_exit_hook hook;
	void *hook_arg;

	/* Internal from here on. */
	struct vmm_vm_dev devs[VMM_VM_MAX_DEVICES];
	unsigned ndevs;
	struct vmm_vm_local local[VMM_VM_MAX_LOCAL];
	struct vmm_vm_dev *console;
	struct vmm_lock input_lock;
	uint8_t input[VMM_VM_INPUT_SIZE];
	unsigned input_head;
	_Atomic int status; /* the status given with the end */
	char why[160];      /* the first stop's message */
	struct vmm_lock stop_lock;
	struct vmm_lock meet_lock; /* loops, arrived, the leader election */
	unsigned loops;            /* vmm_vm_run_vcpu() calls inside */
	unsigned arrived;          /* loops at the reset rendezvous */
	_Atomic unsigned epoch;    /* resets done */
	atomic_bool resetting;     /* a leader is resetting the machine */
	_Atomic uint64_t resets;   /* resets done (statistics) */
	bool told_idle;
	_Atomic unsigned told_faults;
	/* System suspend: the suspended vCPU's id + 1 (0: none), and
	 * whether vmm_vm_inject() has woken it. */
	_Atomic unsigned suspended;
	_Atomic bool suspend_wake;
};

/**
 * Make `vm` an empty VM with `cfg` and `host` (both copied).
 * @return 0; AXVCPU_EINVAL (NULL argument, or a host missing now, wait,
 *         notify or console_out).
 */
int vmm_vm_init(struct vmm_vm *vm, const struct vmm_vm_config *cfg,
		const struct vmm_vm_host *host);

/**
 * Hand a created and set-up vCPU to the VM; vCPU ids must be 0, 1, ...
 * in order (the id is the guest's CPU number: hart id, MPIDR Aff0, APIC
 * id). Secondaries are parked unless cfg.secondaries_on.
 * @return 0; AXVCPU_EINVAL (NULL, id out of order); AXVCPU_ENOMEM (full);
 *         or axvcpu_power_off()'s error.
 */
int vmm_vm_add_vcpu(struct vmm_vm *vm, struct axvcpu *vcpu);

/**
 * Add a device at [base, base + size) of the MMIO bus (`pio` false) or
 * the port bus; `opts` may be NULL. The device is reached only under its
 * own lock. *out (if not NULL) receives its handle.
 * @return 0; vmm_bus_add()'s errors; AXVCPU_ENOMEM (too many devices).
 */
int vmm_vm_add_device(struct vmm_vm *vm, bool pio, uint64_t base, uint64_t size,
		      const struct vmm_device_ops *ops, void *dev,
		      const struct vmm_vm_dev_opts *opts,
		      struct vmm_vm_dev **out);

/**
 * Add a local device at [base, base + size) of the MMIO bus: accesses
 * there go to `ops` with the accessing vCPU's id, before the bus is
 * looked at. Add local devices before the vCPUs run.
 * @return 0; AXVCPU_EINVAL (NULL, size 0, a range that wraps or overlaps
 *         another local device); AXVCPU_ENOMEM (VMM_VM_MAX_LOCAL used).
 */
int vmm_vm_add_local_device(struct vmm_vm *vm, uint64_t base, uint64_t size,
			    const struct vmm_local_device_ops *ops, void *dev);

/**
 * Start vCPU `target` at `entry` with `arg`, as the answer to a CpuUp exit
 * does (for device models that start CPUs: an x86 local APIC's STARTUP
 * IPI). The target is woken.
 * @return 0; AXVCPU_ENOTFOUND (no such vCPU); AXVCPU_EINVAL (the entry is
 *         not in guest memory); AXVCPU_EBADSTATE (the target is on); or
 *         axvcpu_power_on()'s error.
 */
int vmm_vm_cpu_up(struct vmm_vm *vm, uint64_t target, uint64_t entry,
		  uint64_t arg);

/**
 * Park vCPU `target` (an x86 INIT): a vCPU that is on stops before it
 * next runs guest code and waits to be started (vmm_vm_cpu_up()); a
 * parked one stays so. Any thread.
 */
void vmm_vm_cpu_init(struct vmm_vm *vm, uint64_t target);

/**
 * Run `fn(dev, arg)` under `d`'s lock, then its `after` hook: for host
 * code touching a device model (input, timers).
 */
void vmm_vm_dev_call(struct vmm_vm_dev *d, void (*fn)(void *dev, void *arg),
		     void *arg);

/**
 * Queue console input for the guest (the console device's FIFO, or the
 * VM's queue while that is full; the guest's SBI console reads take from
 * the queue). Any thread.
 * @return bytes taken (fewer when the queue is full).
 */
size_t vmm_vm_console_input(struct vmm_vm *vm, const uint8_t *buf, size_t len);

/**
 * Run vCPU `id` on the calling CPU/thread (which must have the backend's
 * per-CPU state enabled: without it the VM ends with VMM_VM_HOST_ERROR
 * and a reason saying so) until the VM ends, handling its exits; resets
 * happen inside (every vCPU's loop must be running for one to finish).
 * @return how the VM ended (never VMM_VM_RUNNING); VMM_VM_HOST_ERROR at
 *         once, without ending the VM, for a NULL vm or an id it has no
 *         vCPU for.
 */
enum vmm_vm_end vmm_vm_run_vcpu(struct vmm_vm *vm, unsigned id);

/**
 * End the VM: every vCPU loop returns `end` soon (running vCPUs are
 * kicked, waiting ones notified). The first call wins, except that one
 * ending the run replaces a VMM_VM_RESET the VM is going through (the
 * guest then does not restart); `status` and `why` (copied) are kept for
 * vmm_vm_status()/vmm_vm_why(). Any thread,
 * and signal handlers if the host's notify is safe there.
 */
void vmm_vm_stop(struct vmm_vm *vm, enum vmm_vm_end end, int status,
		 const char *why);

/** How the VM ended so far (VMM_VM_RUNNING while it runs). */
enum vmm_vm_end vmm_vm_end(const struct vmm_vm *vm);

/** The status given to the first vmm_vm_stop(). */
int vmm_vm_status(const struct vmm_vm *vm);

/** The message of the first vmm_vm_stop() ("" if none). */
const char *vmm_vm_why(const struct vmm_vm *vm);

/** Resets the guest went through. */
uint64_t vmm_vm_resets(const struct vmm_vm *vm);

/** Exits of vCPU `id` so far, by reason (NULL for a bad id). */
const struct vmm_exit_stats *vmm_vm_stats(const struct vmm_vm *vm, unsigned id);

/** Inject `vector` into vCPU `id` and wake its CPU (and a VM suspended
 * to RAM: see SystemSuspend above). 0 or the API's error. */
int vmm_vm_inject(struct vmm_vm *vm, unsigned id, uint64_t vector);

/**
 * Drive a level-triggered interrupt line into vCPU `id` (an interrupt
 * controller's output, such as a PLIC context's): asserting injects
 * `vector` (vmm_vm_inject()), and while the line stays asserted the VM
 * injects it again before every run of the vCPU and while it waits
 * halted, since a backend may drop an injected interrupt at the guest's
 * next trap (riscv64's external interrupt models an edge: without this,
 * an interrupt asserted while the guest had it masked was lost at its
 * next MMIO access). Deasserting stops that; the backend then drops the
 * interrupt at the guest's next trap, so a guest may still take it once
 * (it finds nothing to claim). Any thread.
 * @return 0; AXVCPU_EINVAL (bad id, vector >= 64); or the injection's
 *         error.
 */
int vmm_vm_set_line(struct vmm_vm *vm, unsigned id, uint64_t vector,
		    bool level);

/**
 * Destroy the VM's vCPUs (after every vmm_vm_run_vcpu() returned; they
 * must be unbound). Memory and devices stay the caller's.
 */
void vmm_vm_fini(struct vmm_vm *vm);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_VM_H */
