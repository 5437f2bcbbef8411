/* SPDX-License-Identifier: Apache-2.0 */
/* Building the VM: memory, devices, vCPUs (images: load.c). */
#include "vm.h"

#include <axvcpu/hosted.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where things go in guest-physical memory. */
#define UART_PORT 0x3f8u
#define UART_IRQ 4u
#define STACK_TOP 0x80000u       /* per vCPU: 4 KiB each, downwards */
#define RUN_TSS_ADDR 0xfeffd000u /* 3 pages, ending at 0xff000000 */

static int locked_read(void *d, uint64_t off, unsigned w, uint64_t *val)
{
	struct locked_dev *ld = d;
	pthread_mutex_lock(&ld->vm->dev_lock);
	int err = ld->ops->read(ld->dev, off, w, val);
	run_vm_uart_irq_update(ld->vm);
	pthread_mutex_unlock(&ld->vm->dev_lock);
	return err;
}

static int locked_write(void *d, uint64_t off, unsigned w, uint64_t val)
{
	struct locked_dev *ld = d;
	pthread_mutex_lock(&ld->vm->dev_lock);
	int err = ld->ops->write(ld->dev, off, w, val);
	run_vm_uart_irq_update(ld->vm);
	pthread_mutex_unlock(&ld->vm->dev_lock);
	return err;
}

static const struct vmm_device_ops locked_ops = { locked_read, locked_write };

void run_vm_uart_irq_update(struct run_vm *vm)
{
	bool level = vmm_uart16550_irq_pending(&vm->uart);
	if (level == vm->uart_irq || !axvcpu_kvm_vm_has_irqchip(vm->kvm))
		return;
	vm->uart_irq = level;
	axvcpu_kvm_vm_irq_line(vm->kvm, UART_IRQ, level);
}

static int add_dev(struct run_vm *vm, struct locked_dev *ld, uint16_t port,
		   uint16_t size, const struct vmm_device_ops *ops, void *dev)
{
	ld->ops = ops;
	ld->dev = dev;
	ld->vm = vm;
	int err = vmm_bus_add(&vm->pio, port, size, &locked_ops, ld);
	if (err)
		run_msg("cannot add device at port %#x: %s", port,
			axvcpu_strerror(err));
	return err;
}

static int build_devices(struct run_vm *vm)
{
	vmm_bus_init(&vm->pio);
	vmm_bus_init(&vm->mmio);
	vmm_uart16550_init(&vm->uart, 0, run_console_out, vm);
	vm->debugport.out = run_console_out;
	vm->debugport.ctx = vm;
	pc_cmos_init(&vm->cmos, vm->args->mem, vm->args->cpus);
	/* Both debug ports share one model: SeaBIOS uses 0x402, Bochs-style
	 * guests 0xe9. */
	if (add_dev(vm, &vm->uart_dev, UART_PORT, 8, &vmm_uart16550_ops,
		    &vm->uart) ||
	    add_dev(vm, &vm->debug_dev, 0x402, 1, &pc_debugport_ops,
		    &vm->debugport) ||
	    add_dev(vm, &vm->debug2_dev, 0xe9, 1, &pc_debugport_ops,
		    &vm->debugport) ||
	    add_dev(vm, &vm->cmos_dev, 0x70, 2, &pc_cmos_ops, &vm->cmos))
		return RUN_STATUS_SETUP;
	return 0;
}

static int build_memory(struct run_vm *vm)
{
	void *ram = NULL;
	int err =
	    axvcpu_kvm_vm_alloc_memory(vm->kvm, 0, vm->args->mem, 0, &ram);
	if (err) {
		run_msg("cannot map %llu MiB of guest RAM: %s",
			(unsigned long long)(vm->args->mem >> 20),
			axvcpu_strerror(err));
		return RUN_STATUS_SETUP;
	}
	vm->ram = ram;
	vmm_mem_init(&vm->mem);
	vmm_mem_add(&vm->mem, 0, vm->args->mem, ram, VMM_MEM_RAM);
	return 0;
}

static int build_vcpus(struct run_vm *vm)
{
	struct run_args *a = vm->args;
	bool pc_boot = a->bios || vm->zero_page;

	if (a->cpus > 1 && pc_boot && !a->irqchip) {
		run_msg(
		    "--cpus %u: secondary CPUs of a firmware or Linux guest "
		    "wait for a startup IPI, which needs --irqchip",
		    a->cpus);
		return RUN_STATUS_USAGE;
	}
	for (unsigned i = 0; i < a->cpus; i++) {
		struct run_vcpu *v = &vm->vcpus[i];
		struct axvcpu_kvm_create_config cc = { .vm = vm->kvm };
		struct axvcpu_create_params p = {
			.vm_id = 1,
			.vcpu_id = i,
			.favor_phys_cpu = -1,
			.arch_config = &cc,
			.arch_config_size = sizeof(cc),
		};
		v->vm = vm;
		v->id = i;
		v->wait_for_sipi = pc_boot && i > 0;
		int err = axvcpu_create(&axvcpu_backend_kvm, &p, &v->vcpu);
		if (err) {
			run_msg("cannot create vCPU %u: %s", i,
				axvcpu_strerror(err));
			return RUN_STATUS_SETUP;
		}
		struct axvcpu_kvm_setup_config sc = {
			.mode = (uint32_t)vm->mode,
			.stack = STACK_TOP - 0x1000ull * i,
		};
		err = axvcpu_setup(v->vcpu, vm->entry, 0, &sc, sizeof(sc));
		if (err) {
			run_msg("cannot set up vCPU %u (%s mode at %#llx): %s",
				i,
				vm->mode == RUN_MODE_REAL16   ? "real16"
				: vm->mode == RUN_MODE_PROT32 ? "prot32"
							      : "long64",
				(unsigned long long)vm->entry,
				axvcpu_strerror(err));
			return RUN_STATUS_SETUP;
		}
		/* Linux boot protocol: esi/rsi = zero page. Other images get
		 * their vCPU id in rdi/edi. */
		if (vm->zero_page)
			err = axvcpu_set_gpr(v->vcpu, AXVCPU_KVM_REG_RSI,
					     vm->zero_page);
		else
			err = axvcpu_set_gpr(v->vcpu, AXVCPU_KVM_REG_RDI, i);
		if (err) {
			run_msg("cannot set registers of vCPU %u: %s", i,
				axvcpu_strerror(err));
			return RUN_STATUS_SETUP;
		}
	}
	return 0;
}

int run_vm_build(struct run_vm *vm, struct run_args *args)
{
	memset(vm, 0, sizeof(*vm));
	vm->args = args;
	pthread_mutex_init(&vm->dev_lock, NULL);
	pthread_mutex_init(&vm->stop_lock, NULL);
	pthread_cond_init(&vm->stop_cond, NULL);
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
	int status = build_memory(vm);
	if (!status)
		status = build_devices(vm);
	if (!status)
		status = args->bios ? run_load_bios(vm) : run_load_image(vm);
	if (!status)
		status = build_vcpus(vm);
	return status;
}

void run_vm_destroy(struct run_vm *vm)
{
	for (unsigned i = 0; i < RUN_CPUS_MAX; i++)
		if (vm->vcpus[i].vcpu)
			axvcpu_destroy(vm->vcpus[i].vcpu);
	if (vm->kvm)
		axvcpu_kvm_vm_destroy(vm->kvm);
	free(vm->until_win);
	memset(vm, 0, sizeof(*vm));
}
