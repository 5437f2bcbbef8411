/* SPDX-License-Identifier: Apache-2.0 */
/* axvcpu-run's VM: KVM VM, guest memory, device buses, vCPU threads. */
#ifndef AXVCPU_RUN_VM_H
#define AXVCPU_RUN_VM_H

#include "args.h"
#include "pc_devices.h"
#include "vmm/guest_mem.h"
#include "vmm/run_vcpu.h"
#include "vmm/uart16550.h"

#include <axvcpu/kvm.h>
#include <pthread.h>
#include <stdatomic.h>

/* Exit status of the process for each way a run ends. */
#define RUN_STATUS_OK 0
#define RUN_STATUS_SETUP 1 /* bad image, host failure */
#define RUN_STATUS_USAGE 2 /* bad command line */
#define RUN_STATUS_GUEST 3 /* guest crashed (triple fault, ...) */
#define RUN_STATUS_TIMEOUT 124
#define RUN_STATUS_SIGNAL 130

struct run_vm;

/* A device behind the VM's device lock (vCPU threads and the input
 * thread share the models). */
struct locked_dev {
	const struct vmm_device_ops *ops;
	void *dev;
	struct run_vm *vm;
};

/** One vCPU and its thread. */
struct run_vcpu {
	struct run_vm *vm;
	struct axvcpu *vcpu;
	unsigned id;
	pthread_t thread;
	bool started;
	bool wait_for_sipi; /* AP of a PC guest: starts in INIT_RECEIVED */
	struct vmm_exit_stats stats;
};

/** The whole VM; one per process. */
struct run_vm {
	struct run_args *args;
	struct axvcpu_kvm_vm *kvm;
	struct vmm_mem mem;
	struct vmm_bus pio, mmio;
	uint8_t *ram;

	pthread_mutex_t dev_lock;
	struct vmm_uart16550 uart;
	bool uart_irq;
	struct pc_debugport debugport;
	struct pc_cmos cmos;
	struct locked_dev uart_dev, debug_dev, debug2_dev, cmos_dev;

	/* How vCPUs start. */
	int mode;
	uint64_t entry;
	uint64_t zero_page; /* bzImage: rsi; 0 otherwise */

	struct run_vcpu vcpus[RUN_CPUS_MAX];
	atomic_uint halted;

	/* The end of the run: the first stop wins. */
	pthread_mutex_t stop_lock;
	pthread_cond_t stop_cond;
	bool stopping;
	int status;
	char why[256];

	/* stdout's reader went away (EPIPE): console output is dropped. */
	bool out_closed;

	/* --until matching over the console output. */
	size_t until_len;
	char *until_win;
	size_t until_fill;
};

/** Ask the run to end with `status`; `fmt` says why. First call wins. */
void run_vm_stop(struct run_vm *vm, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

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

/** Update the UART's interrupt line; call with dev_lock held. */
void run_vm_uart_irq_update(struct run_vm *vm);

/** Print "axvcpu-run: " + the message + newline on stderr. */
void run_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * Read a whole file (at most `max` bytes) into malloc'ed memory; `what`
 * names it in messages. NULL (message printed) if missing, unreadable,
 * empty or too large.
 */
uint8_t *run_read_file(const char *path, uint64_t max, size_t *size,
		       const char *what);

/** Map and fill the firmware of --bios; set the reset-vector entry. */
int run_load_bios(struct run_vm *vm);

/** Load IMAGE (ELF, bzImage or raw); set mode and entry. */
int run_load_image(struct run_vm *vm);

/** vCPU thread body. */
void *run_vcpu_thread(void *arg);

#endif /* AXVCPU_RUN_VM_H */
