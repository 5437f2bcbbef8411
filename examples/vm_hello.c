/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A whole hosted hypervisor in one file, on the VM object (vmm/vm.h) and
 * the kvm backend: a 64-bit guest prints a line through a 16550 UART and
 * powers the machine off through a port. The VM object answers every exit
 * (port I/O through its bus, each device behind its own lock); this file
 * supplies only what is the host's own: the HAL, the host services
 * (clock, sleep and wake-up of a vCPU thread, console), guest memory, the
 * devices, the vCPU, and one thread that runs it.
 *
 *   cc -Iinclude -I. examples/vm_hello.c build/lib/libaxvcpu-vmm.a \
 *      build/lib/libaxvcpu.a -lpthread
 *   ./a.out
 *
 * Exit status: the guest's power-off status (0), 1 on a host error, 77
 * without KVM.
 */
#include <axvcpu/axvcpu.h>
#include <axvcpu/hosted.h>
#include <axvcpu/kvm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmm/loader.h"
#include "vmm/uart16550.h"
#include "vmm/vm.h"

#define GUEST_RAM_SIZE (2u << 20)
#define GUEST_ENTRY 0x100000u
#define GUEST_STACK 0x80000u
#define UART_PORT 0x3f8u
#define POWEROFF_PORT 0x501u /* a write powers off; the value is the status */

/*
 * The guest: for each byte of the line, wait until the UART's transmit
 * register is empty (LSR bit 5), write it to THR; then write 0 to the
 * power-off port. Position-independent, loaded at GUEST_ENTRY.
 */
__asm__(".pushsection .rodata\n"
	".globl vm_hello_guest, vm_hello_guest_end\n"
	"vm_hello_guest:\n"
	"	lea 4f(%rip), %rsi\n"
	"1:	lodsb\n"
	"	test %al, %al\n"
	"	jz 3f\n"
	"	mov %al, %bl\n"
	"	mov $0x3fd, %dx\n" /* LSR */
	"2:	in %dx, %al\n"
	"	test $0x20, %al\n"
	"	jz 2b\n"
	"	mov $0x3f8, %dx\n" /* THR */
	"	mov %bl, %al\n"
	"	out %al, %dx\n"
	"	jmp 1b\n"
	"3:	mov $0x501, %dx\n"
	"	xor %eax, %eax\n"
	"	out %al, %dx\n"
	"	hlt\n"
	"4:	.asciz \"Hello from a guest on the axvcpu VM object\\n\"\n"
	"vm_hello_guest_end:\n"
	".popsection\n");
extern const unsigned char vm_hello_guest[], vm_hello_guest_end[];

/* The hypervisor: the VM object and what the host keeps next to it. */
static struct hello {
	struct vmm_vm vm;
	struct axvcpu_kvm_vm *kvm;
	struct axvcpu_stage2 *s2;
	void *ram;
	struct vmm_uart16550 uart;
	/* A halted vCPU's thread sleeps here until notified. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool notified;
} hv = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

/* ---- host services: the VM object's only way to the host ---------------- */

static uint64_t host_now(void *ctx)
{
	(void)ctx;
	struct timespec ts;
	/* C11's wall clock: the clock pthread_cond_timedwait() counts in. */
	timespec_get(&ts, TIME_UTC);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Sleep until notified or `deadline` (host_now() units, i.e. ns). One
 * vCPU here; with several, keep one condition per vCPU id. */
static void host_wait(void *ctx, unsigned id, uint64_t deadline)
{
	(void)ctx;
	(void)id;
	pthread_mutex_lock(&hv.lock);
	if (!hv.notified && deadline == UINT64_MAX) {
		pthread_cond_wait(&hv.cond, &hv.lock);
	} else if (!hv.notified) {
		struct timespec ts = { (time_t)(deadline / 1000000000u),
				       (long)(deadline % 1000000000u) };
		pthread_cond_timedwait(&hv.cond, &hv.lock, &ts);
	}
	hv.notified = false;
	pthread_mutex_unlock(&hv.lock);
}

static void host_notify(void *ctx, unsigned id)
{
	(void)ctx;
	(void)id;
	pthread_mutex_lock(&hv.lock);
	hv.notified = true;
	pthread_cond_signal(&hv.cond);
	pthread_mutex_unlock(&hv.lock);
}

/* The guest's firmware console (SBI and the like; unused on x86 here). */
static void host_console_out(void *ctx, const uint8_t *buf, size_t len)
{
	(void)ctx;
	fwrite(buf, 1, len, stdout);
}

static void host_log(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "vm: %s\n", line);
}

/* ---- devices ------------------------------------------------------------ */

/* What the UART transmits. */
static void uart_tx(void *ctx, uint8_t c)
{
	(void)ctx;
	putchar(c);
	if (c == '\n')
		fflush(stdout);
}

/* The power-off port: a write ends the VM with the value as status. */
static int poweroff_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	(void)off;
	(void)width;
	vmm_vm_stop(dev, VMM_VM_POWEROFF, (int)(val & 0xff),
		    "the guest powered off");
	return 0;
}

static const struct vmm_device_ops poweroff_ops = { NULL, poweroff_write };

/* ---- building the VM ---------------------------------------------------- */

static int build_memory(void)
{
	/* Guest memory is vm.mem; stage 2 (KVM's memory slots) follows it. */
	struct axvcpu_stage2_config s2cfg = { .backend_vm = hv.kvm };
	int err = axvcpu_stage2_create(&axvcpu_backend_kvm, &s2cfg, &hv.s2);
	if (!err)
		err = vmm_mem_attach_stage2(&hv.vm.mem, hv.s2);
	if (err)
		return err;
	/* Page-aligned, as a memory slot must be. */
	hv.ram = aligned_alloc(AXVCPU_FRAME_SIZE, GUEST_RAM_SIZE);
	if (!hv.ram)
		return AXVCPU_ENOMEM;
	memset(hv.ram, 0, GUEST_RAM_SIZE);
	err = vmm_mem_add(&hv.vm.mem, 0, GUEST_RAM_SIZE, hv.ram, VMM_MEM_RAM);
	if (err)
		return err;

	/* The image must stay clear of the system area the library writes
	 * at setup in long mode (GDT, TSS, page tables). */
	struct vmm_load_keepout sys = { AXVCPU_KVM_SYS_AREA_DEFAULT,
					AXVCPU_KVM_SYS_AREA_SIZE,
					"the vCPU system area" };
	struct vmm_load_rules rules = { .keepout = &sys, .nkeepout = 1 };
	struct vmm_load_info info;
	err = vmm_load_raw_checked(
	    &hv.vm.mem, GUEST_ENTRY, vm_hello_guest,
	    (size_t)(vm_hello_guest_end - vm_hello_guest), &rules, &info);
	if (err)
		fprintf(stderr, "guest image: %s\n", info.error);
	return err;
}

static int build_devices(void)
{
	vmm_uart16550_init(&hv.uart, 0, uart_tx, NULL);
	int err =
	    vmm_vm_add_device(&hv.vm, true, UART_PORT, VMM_UART16550_SIZE(0),
			      &vmm_uart16550_ops, &hv.uart, NULL, NULL);
	if (!err)
		err = vmm_vm_add_device(&hv.vm, true, POWEROFF_PORT, 1,
					&poweroff_ops, &hv.vm, NULL, NULL);
	return err;
}

static int build_vcpu(void)
{
	struct axvcpu_kvm_create_config cc = { .vm = hv.kvm };
	struct axvcpu_create_params p = {
		.vm_id = 1,
		.vcpu_id = 0,
		.favor_phys_cpu = -1,
		.arch_config = &cc,
		.arch_config_size = sizeof(cc),
	};
	struct axvcpu *vcpu;
	int err = axvcpu_create(&axvcpu_backend_kvm, &p, &vcpu);
	if (err)
		return err;
	struct axvcpu_kvm_setup_config sc = {
		.mode = AXVCPU_KVM_MODE_LONG64,
		.stack = GUEST_STACK,
	};
	/* KVM owns stage 2: the root is 0 (axvcpu_stage2_root() of hv.s2). */
	err = axvcpu_setup(vcpu, GUEST_ENTRY, axvcpu_stage2_root(hv.s2), &sc,
			   sizeof(sc));
	if (!err)
		err = vmm_vm_add_vcpu(&hv.vm, vcpu);
	if (err)
		axvcpu_destroy(vcpu);
	return err;
}

static int build(void)
{
	struct vmm_vm_config cfg = {
		.vm_id = 1,
		.open_bus_ones = true, /* a PC's open bus reads all ones */
	};
	struct vmm_vm_host host = {
		.now = host_now,
		.wait = host_wait,
		.notify = host_notify,
		.console_out = host_console_out,
		.log = host_log,
	};
	int err = vmm_vm_init(&hv.vm, &cfg, &host);
	if (!err) {
		struct axvcpu_kvm_vm_config kcfg = { 0 };
		err = axvcpu_kvm_vm_create(&kcfg, &hv.kvm);
	}
	if (!err)
		err = build_memory();
	if (!err)
		err = build_devices();
	if (!err)
		err = build_vcpu();
	return err;
}

/* ---- running it --------------------------------------------------------- */

/* Each thread that runs vCPUs enables its own per-CPU state first. */
static void *vcpu_thread(void *arg)
{
	enum vmm_vm_end *end = arg;
	int err = axvcpu_percpu_init(&axvcpu_backend_kvm);
	if (!err)
		err = axvcpu_percpu_hardware_enable();
	if (err) {
		vmm_vm_stop(&hv.vm, VMM_VM_HOST_ERROR, err,
			    "cannot enable the vCPU thread");
		*end = VMM_VM_HOST_ERROR;
		return NULL;
	}
	*end = vmm_vm_run_vcpu(&hv.vm, 0);
	axvcpu_percpu_hardware_disable();
	axvcpu_percpu_fini();
	return NULL;
}

int main(void)
{
	const char *why;
	if (!axvcpu_kvm_available(&why)) {
		printf("no KVM here: %s\n", why);
		return 77;
	}
	int err = axvcpu_hal_register(axvcpu_hosted_hal());
	if (!err)
		err = build();
	enum vmm_vm_end end = VMM_VM_HOST_ERROR;
	pthread_t t;
	if (!err && pthread_create(&t, NULL, vcpu_thread, &end) == 0)
		pthread_join(t, NULL);
	else if (!err)
		err = AXVCPU_ENOMEM;
	if (err)
		fprintf(stderr, "vm_hello: %s (%s)\n", axvcpu_strerror(err),
			axvcpu_error_name(err));
	else
		fprintf(stderr, "vm_hello: %s: %s, status %d\n",
			vmm_vm_end_name(end), vmm_vm_why(&hv.vm),
			vmm_vm_status(&hv.vm));

	/* vCPUs first (unbound: their loop has returned), then the address
	 * space, then the KVM VM; the RAM last (KVM no longer maps it). */
	vmm_vm_fini(&hv.vm);
	if (hv.s2)
		axvcpu_stage2_destroy(hv.s2);
	if (hv.kvm)
		axvcpu_kvm_vm_destroy(hv.kvm);
	free(hv.ram);
	if (err || end != VMM_VM_POWEROFF)
		return 1;
	return vmm_vm_status(&hv.vm);
}
