/* SPDX-License-Identifier: Apache-2.0 */
/*
 * axvcpu-run's VM: the shared VM object (vmm/vm.h) on a KVM VM, with the
 * PC devices a firmware needs, one thread per vCPU.
 */
#ifndef AXVCPU_RUN_VM_H
#define AXVCPU_RUN_VM_H

#include "args.h"
#include "tools/common/vm_host_posix.h"
#include "vmm/loader.h"
#include "vmm/pc.h"
#include "vmm/uart16550.h"
#include "vmm/vm.h"

#include <axvcpu/kvm.h>
#include <pthread.h>
#include <stdatomic.h>

/* Exit status of the process for each way a run ends. */
#define RUN_STATUS_OK 0
#define RUN_STATUS_SETUP 1 /* bad image, host failure */
#define RUN_STATUS_USAGE 2 /* bad command line */
#define RUN_STATUS_GUEST 3 /* guest crashed (triple fault, ...) */
#define RUN_STATUS_RESET 4 /* the guest reset the machine (--no-reboot) */
#define RUN_STATUS_TIMEOUT 124
#define RUN_STATUS_SIGNAL 130

/** A vCPU thread. */
struct run_vcpu {
	struct run_vm *vm;
	unsigned id;
	pthread_t thread;
	bool started;
};

/** The whole VM; one per process. */
struct run_vm {
	struct run_args *args;
	/* The VM object: vCPUs, memory, buses, exit policy. */
	struct vmm_vm vm;
	/* Its clock and the vCPU threads' sleeps (host services). */
	struct vm_host_posix posix;
	bool posix_ready;
	struct axvcpu_kvm_vm *kvm;
	struct axvcpu_stage2 *s2; /* the guest's view of vm.mem (memslots) */
	uint8_t *ram, *rom;       /* host memory behind RAM and --bios */
	size_t ram_size, rom_size;

	struct vmm_uart16550 uart;
	bool uart_irq;
	struct vmm_vm_dev *uart_dev;
	struct pc_debugport debugport;
	struct pc_cmos cmos;
	struct pc_reset reset;

	/* How vCPUs start. */
	int mode;
	uint64_t entry;
	uint64_t zero_page; /* bzImage: rsi; 0 otherwise */

	struct run_vcpu vcpus[RUN_CPUS_MAX];
	atomic_uint halted;
	uint64_t t0; /* when the run started (ns) */

	/* stdout's reader went away (EPIPE): console output is dropped. */
	bool out_closed;

	/* The teardown helper holds the VM and the address space. */
	bool teardown_async;
	/* The signal and timeout watcher, and whether the vCPUs started
	 * (before: a signal or the timeout ends the process at once). */
	pthread_t watcher;
	bool watching;
	pthread_mutex_t phase_lock;
	bool running;

	/* --until matching over the console output. */
	size_t until_len;
	char *until_win;
	size_t until_fill;
};

/** End the run with `status` (the VM object's stop, formatted). */
void run_vm_stop(struct run_vm *vm, enum vmm_vm_end end, int status,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** Whether the run is ending. */
bool run_vm_stopping(struct run_vm *vm);

/** Build the VM (memory, image or firmware, devices, vCPUs).
 * On error prints a message and returns RUN_STATUS_*. */
int run_vm_build(struct run_vm *vm, struct run_args *args);

/** Start the vCPU threads, wait for the end, print stats; the status. */
int run_vm_run(struct run_vm *vm);

/** Free everything run_vm_build made. */
void run_vm_destroy(struct run_vm *vm);

/** Console output sink (UART and debug port): stdout and --until. */
void run_console_out(void *ctx, uint8_t c);

/** Start the stdin reader (raw terminal, Ctrl-A x) feeding the UART. */
void run_console_start_input(struct run_vm *vm);

/** Stop and join the stdin reader; restore the terminal. */
void run_console_stop_input(struct run_vm *vm);

/** Print "axvcpu-run: " + the message + newline on stderr. */
void run_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Monotonic nanoseconds. */
uint64_t run_now_ns(void);

/** An image file, read on demand (straight into guest memory). */
struct run_file {
	int fd;
	uint64_t size;
	const char *path, *what;
	/** Reads through `fd` (vmm/loader.h). */
	struct vmm_image img;
	/** A read failed: errno (0: the file got shorter). */
	bool failed;
	int err;
};

/**
 * Open an image: a readable regular file (a FIFO, a device or a
 * directory is refused without blocking), not empty, at most `max` bytes;
 * `what` names it in messages. 0, or RUN_STATUS_SETUP (message printed).
 */
int run_file_open(struct run_file *f, const char *path, uint64_t max,
		  const char *what);

/** Close it (again is harmless). */
void run_file_close(struct run_file *f);

/** Print "WHAT 'PATH': WHY" (and the read error, if one happened). */
void run_file_fail(const struct run_file *f, const char *why);

/** The whole file in malloc'ed memory (small images: a kernel), or NULL
 * (message printed). */
uint8_t *run_file_bytes(struct run_file *f);

/** Map the firmware window of --bios (once, at build). */
int run_map_bios(struct run_vm *vm);

/**
 * Put the image or firmware into guest memory and set mode and entry:
 * at build and again at every reset (the files are read again).
 */
int run_load(struct run_vm *vm);

/**
 * Start the helper process that holds the VM fd `keep_fd` and the address
 * space, so that their teardown happens after axvcpu-run exits. false if
 * it could not (then exit does it).
 */
bool run_teardown_start(int keep_fd);

/**
 * Start the thread that takes SIGINT, SIGTERM and the --timeout (counted
 * from vm->t0), blocking those signals in the caller first. Before the
 * vCPUs start, either ends the process at once (130 or 124).
 */
void run_watch_start(struct run_vm *vm);

/** Stop and join the watcher, if it runs. */
void run_watch_stop(struct run_vm *vm);

/** axvcpu-run's own host services of the VM object (run.c): console and
 * log; the clock and sleeps are vm_host_posix's. */
extern const struct vmm_vm_host run_vm_host;

/** vCPU thread body. */
void *run_vcpu_thread(void *arg);

#endif /* AXVCPU_RUN_VM_H */
