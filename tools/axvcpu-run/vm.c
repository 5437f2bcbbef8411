/* SPDX-License-Identifier: Apache-2.0 */
/* Building the VM: memory, devices, vCPUs (images: load.c). */
#include "vm.h"

#include <axvcpu/hosted.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

/* Where things go in guest-physical memory. */
#define UART_PORT 0x3f8u
#define UART_IRQ 4u
#define STACK_TOP 0x80000u       /* per vCPU: 4 KiB each, downwards */
#define RUN_TSS_ADDR 0xfeffd000u /* 3 pages, ending at 0xff000000 */

void run_vm_stop(struct run_vm *vm, enum vmm_vm_end end, int status,
		 const char *fmt, ...)
{
	char why[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	vmm_vm_stop(&vm->vm, end, status, why);
}

bool run_vm_stopping(struct run_vm *vm)
{
	return vmm_vm_end(&vm->vm) != VMM_VM_RUNNING;
}

/* With the UART's lock held, after every access and input byte. */
static void uart_irq_update(void *ctx, void *dev)
{
	struct run_vm *vm = ctx;
	bool level = vmm_uart16550_irq_pending(dev);
	if (level == vm->uart_irq || !axvcpu_kvm_vm_has_irqchip(vm->kvm))
		return;
	vm->uart_irq = level;
	axvcpu_kvm_vm_irq_line(vm->kvm, UART_IRQ, level);
}

static int uart_push(void *dev, uint8_t c)
{
	return vmm_uart16550_push_rx(dev, c);
}

static void uart_reset(void *dev)
{
	struct vmm_uart16550 *u = dev;
	vmm_uart16550_init(u, 0, u->tx, u->ctx);
}

static void pc_reset_line(void *ctx)
{
	struct run_vm *vm = ctx;
	/* With --no-reboot this is the last line: say that it ends the run,
	 * unlike a power-off. */
	run_vm_stop(vm, VMM_VM_RESET, 0,
		    vm->args->no_reboot
			? "the guest reset the machine (--no-reboot: the run "
			  "ends)"
			: "the guest reset the machine");
}

static uint64_t unix_time(void *ctx)
{
	(void)ctx;
	return (uint64_t)time(NULL);
}

static int add_pio(struct run_vm *vm, uint16_t port, uint16_t size,
		   const struct vmm_device_ops *ops, void *dev,
		   const struct vmm_vm_dev_opts *opts, struct vmm_vm_dev **out)
{
	int err =
	    vmm_vm_add_device(&vm->vm, true, port, size, ops, dev, opts, out);
	if (err)
		run_msg("cannot add device at port %#x: %s", port,
			axvcpu_strerror(err));
	return err;
}

static int build_devices(struct run_vm *vm)
{
	vmm_uart16550_init(&vm->uart, 0, run_console_out, vm);
	vm->debugport.out = run_console_out;
	vm->debugport.ctx = vm;
	vm->cmos.unix_time = unix_time;
	pc_cmos_init(&vm->cmos, vm->args->mem, vm->args->cpus);
	vm->reset.reset = pc_reset_line;
	vm->reset.ctx = vm;
	struct vmm_vm_dev_opts uart = { .reset = uart_reset,
					.after = uart_irq_update,
					.ctx = vm,
					.push_input = uart_push };
	struct vmm_vm_dev_opts cmos = { .reset = pc_cmos_reset };
	/* Both debug ports share one model (SeaBIOS uses 0x402, Bochs-style
	 * guests 0xe9), 4 ports wide so that 2- and 4-byte writes print. */
	if (add_pio(vm, UART_PORT, 8, &vmm_uart16550_ops, &vm->uart, &uart,
		    &vm->uart_dev) ||
	    add_pio(vm, 0x402, 4, &pc_debugport_ops, &vm->debugport, 0, 0) ||
	    add_pio(vm, 0xe9, 4, &pc_debugport_ops, &vm->debugport, 0, 0) ||
	    add_pio(vm, 0x70, 2, &pc_cmos_ops, &vm->cmos, &cmos, 0) ||
	    add_pio(vm, 0xcf9, 1, &pc_reset_cf9_ops, &vm->reset, 0, 0) ||
	    add_pio(vm, 0x64, 1, &pc_reset_kbd_ops, &vm->reset, 0, 0))
		return RUN_STATUS_SETUP;
	return 0;
}

/* Guest memory is the map in vm->vm.mem; stage 2 (KVM memslots) follows
 * it. */
static int build_memory(struct run_vm *vm)
{
	struct axvcpu_stage2_config cfg = { .backend_vm = vm->kvm };
	int err = axvcpu_stage2_create(&axvcpu_backend_kvm, &cfg, &vm->s2);
	if (!err)
		err = vmm_mem_attach_stage2(&vm->vm.mem, vm->s2);
	if (err) {
		run_msg("cannot create the guest address space: %s",
			axvcpu_strerror(err));
		return RUN_STATUS_SETUP;
	}
	void *ram = mmap(NULL, vm->args->mem, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	err = ram == MAP_FAILED ? AXVCPU_ENOMEM
				: vmm_mem_add(&vm->vm.mem, 0, vm->args->mem,
					      ram, VMM_MEM_RAM);
	if (ram != MAP_FAILED) {
		vm->ram = ram;
		vm->ram_size = vm->args->mem;
	}
	if (err) {
		run_msg("cannot map %llu MiB of guest RAM: %s",
			(unsigned long long)(vm->args->mem >> 20),
			axvcpu_strerror(err));
		return RUN_STATUS_SETUP;
	}
	return 0;
}

/* Linux boot protocol: esi/rsi = zero page; other images get their vCPU
 * id in rdi/edi. At build and after every reset. */
static int set_boot_regs(struct run_vm *vm, struct axvcpu *vcpu)
{
	if (vm->zero_page)
		return axvcpu_set_gpr(vcpu, AXVCPU_KVM_REG_RSI, vm->zero_page);
	return axvcpu_set_gpr(vcpu, AXVCPU_KVM_REG_RDI, axvcpu_id(vcpu));
}

/* The host's reload: images back into RAM, boot registers again. */
static int run_reload(void *ctx, struct vmm_vm *v)
{
	struct run_vm *vm = vm_host_posix_user(ctx);
	if (run_load(vm))
		return AXVCPU_EINVAL;
	for (unsigned i = 0; i < v->nvcpu; i++) {
		int err = set_boot_regs(vm, v->vcpus[i].vcpu);
		if (err)
			return err;
	}
	return 0;
}

static int run_reset_machine(void *ctx, struct vmm_vm *v)
{
	(void)v;
	struct run_vm *vm = vm_host_posix_user(ctx);
	vm->uart_irq = false;
	if (axvcpu_kvm_vm_has_irqchip(vm->kvm))
		axvcpu_kvm_vm_irq_line(vm->kvm, UART_IRQ, false);
	atomic_store(&vm->halted, 0);
	return axvcpu_kvm_vm_reset_devices(vm->kvm);
}

static int build_vcpus(struct run_vm *vm)
{
	struct run_args *a = vm->args;
	for (unsigned i = 0; i < a->cpus; i++) {
		struct axvcpu *vcpu;
		struct axvcpu_kvm_create_config cc = { .vm = vm->kvm };
		struct axvcpu_create_params p = {
			.vm_id = 1,
			.vcpu_id = i,
			.favor_phys_cpu = -1,
			.arch_config = &cc,
			.arch_config_size = sizeof(cc),
		};
		struct run_vcpu *rv = &vm->vcpus[i];
		rv->vm = vm;
		rv->id = i;
		int err = axvcpu_create(&axvcpu_backend_kvm, &p, &vcpu);
		if (err) {
			run_msg("cannot create vCPU %u: %s", i,
				axvcpu_strerror(err));
			return RUN_STATUS_SETUP;
		}
		struct axvcpu_kvm_setup_config sc = {
			.mode = (uint32_t)vm->mode,
			.stack = STACK_TOP - 0x1000ull * i,
		};
		err = axvcpu_setup(vcpu, vm->entry, 0, &sc, sizeof(sc));
		if (err) {
			run_msg("cannot set up vCPU %u (%s mode at %#llx): %s",
				i,
				vm->mode == RUN_MODE_REAL16   ? "real16"
				: vm->mode == RUN_MODE_PROT32 ? "prot32"
							      : "long64",
				(unsigned long long)vm->entry,
				axvcpu_strerror(err));
			axvcpu_destroy(vcpu);
			return RUN_STATUS_SETUP;
		}
		err = set_boot_regs(vm, vcpu);
		/* Secondaries of a firmware or Linux wait for INIT/SIPI. */
		if (!err)
			err = vmm_vm_add_vcpu(&vm->vm, vcpu);
		if (err) {
			run_msg("cannot start vCPU %u: %s", i,
				axvcpu_strerror(err));
			axvcpu_destroy(vcpu);
			return RUN_STATUS_SETUP;
		}
	}
	return 0;
}

int run_vm_build(struct run_vm *vm, struct run_args *args)
{
	memset(vm, 0, sizeof(*vm));
	vm->args = args;
	vm->t0 = run_now_ns();
	pthread_mutex_init(&vm->phase_lock, NULL);
	/* From here on --timeout and SIGINT/SIGTERM count: reading an image
	 * belongs to the run. */
	run_watch_start(vm);
	if (args->until) {
		vm->until_len = strlen(args->until);
		vm->until_win = malloc(vm->until_len);
		if (!vm->until_win)
			return RUN_STATUS_SETUP;
	}
	const char *why = NULL;
	if (!axvcpu_kvm_available(&why)) {
		run_msg("KVM is not available: %s",
			why ? why : "unknown reason");
		return RUN_STATUS_SETUP;
	}
	int err = axvcpu_hal_register(axvcpu_hosted_hal());
	if (err) {
		run_msg("cannot register the hosted HAL: %s",
			axvcpu_strerror(err));
		return RUN_STATUS_SETUP;
	}
	struct vmm_vm_config vcfg = {
		.vm_id = 1,
		/* A PC's open bus: firmware probes many absent devices. */
		.open_bus_ones = true,
		.reset_ends_run = args->no_reboot,
		.time_exits = args->stats,
	};
	struct vmm_vm_host host = run_vm_host;
	host.reload = run_reload;
	host.reset_machine = run_reset_machine;
	err = vm_host_posix_init(&vm->posix, vm, &host);
	if (err) {
		run_msg("cannot make the vCPU threads' sleeps: %s",
			axvcpu_strerror(err));
		return RUN_STATUS_SETUP;
	}
	vm->posix_ready = true;
	vmm_vm_init(&vm->vm, &vcfg, &host);

	struct axvcpu_kvm_vm_config cfg = { 0 };
	/* Below the firmware's 1 MiB window (load.c) and above the IOAPIC
	 * and LAPIC pages, where nothing else is mapped. */
	cfg.tss_addr = RUN_TSS_ADDR;
	if (args->irqchip)
		cfg.flags |= AXVCPU_KVM_VM_IRQCHIP | AXVCPU_KVM_VM_PIT;
	err = axvcpu_kvm_vm_create(&cfg, &vm->kvm);
	if (err) {
		run_msg("cannot create the KVM VM%s: %s",
			args->irqchip ? " (with irqchip and PIT)" : "",
			axvcpu_strerror(err));
		return RUN_STATUS_SETUP;
	}
	vm->teardown_async = run_teardown_start(axvcpu_kvm_vm_fd(vm->kvm));
	int status = build_memory(vm);
	if (!status)
		status = build_devices(vm);
	if (!status && args->bios)
		status = run_map_bios(vm);
	if (!status)
		status = run_load(vm);
	if (status)
		return status;
	/* Secondaries of a firmware or Linux wait for INIT/SIPI (parked);
	 * other images start every vCPU at the entry. */
	bool pc_boot = args->bios || vm->zero_page;
	if (args->cpus > 1 && pc_boot && !args->irqchip) {
		run_msg(
		    "--cpus %u: secondary CPUs of a firmware or Linux guest "
		    "wait for a startup IPI, which needs --irqchip",
		    args->cpus);
		return RUN_STATUS_USAGE;
	}
	vm->vm.cfg.secondaries_on = !pc_boot;
	return build_vcpus(vm);
}

void run_vm_destroy(struct run_vm *vm)
{
	run_watch_stop(vm);
	vmm_vm_fini(&vm->vm);
	/*
	 * With the helper, the rest goes when its exit drops the VM and the
	 * address space, after ours: deleting the memory slots one by one
	 * here waited for a kernel grace period each (2-8 ms), unmapping a
	 * large touched RAM took time too. (Everything stays reachable from
	 * the caller's static VM for the leak checker.)
	 */
	if (vm->teardown_async)
		return;
	if (vm->s2)
		axvcpu_stage2_destroy(vm->s2);
	if (vm->kvm)
		axvcpu_kvm_vm_destroy(vm->kvm);
	/* After the slots are gone: KVM no longer reaches the memory. */
	if (vm->ram)
		munmap(vm->ram, vm->ram_size);
	if (vm->rom)
		munmap(vm->rom, vm->rom_size);
	if (vm->posix_ready)
		vm_host_posix_fini(&vm->posix);
	free(vm->until_win);
	memset(vm, 0, sizeof(*vm));
}
