/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The platform's part of the VM: memory plan, images, devices, and the
 * host services the shared VM object (vmm/vm.c) runs on. Every exit is
 * answered there.
 */
#include "platform/qemu-riscv64/vm.h"
#include "platform/qemu-riscv64/pool.h"
#include "vmm/loader.h"
#include <axvcpu/riscv64.h>

struct hv_vm hv_vm;

extern const char hv_guest_elf[], hv_guest_elf_end[];
extern const char hv_guest_dtb[], hv_guest_dtb_end[];

static void uart_tx(void *ctx, uint8_t c)
{
	(void)ctx;
	hv_putc((char)c);
}

static int uart_push(void *dev, uint8_t c)
{
	return vmm_uart16550_push_rx(dev, c);
}

static void uart_reset(void *dev)
{
	vmm_uart16550_init(dev, 0, uart_tx, 0);
}

/* ---- host services ------------------------------------------------------ */

static uint64_t host_now(void *ctx)
{
	(void)ctx;
	return hv_time();
}

/*
 * Sleep until the deadline or an IPI (notify). WFI wakes on any pending
 * interrupt enabled in sie, also with sstatus.SIE off, so an IPI sent
 * before the WFI is not lost; its SSIP is cleared afterwards (a kick the
 * vCPU still needs is a flag in the core, not this bit).
 */
static void host_wait(void *ctx, unsigned id, uint64_t deadline)
{
	(void)ctx;
	(void)id;
	uint64_t now = hv_time();
	/* The preemption slice needs re-arming anyway once it runs again. */
	hv_timer_arm(deadline > now + HV_SLICE_TICKS ? now + HV_SLICE_TICKS
						     : deadline);
	__asm__ volatile("wfi");
	__asm__ volatile("csrc sip, %0" ::"r"(2ul));
	hv_timer_arm(hv_time() + HV_SLICE_TICKS);
}

static void host_notify(void *ctx, unsigned id)
{
	(void)ctx;
	const struct axvcpu_hal *hal = axvcpu_hal_get();
	/* vCPU N runs on hart N. */
	if (hal && hal->send_kick_ipi)
		hal->send_kick_ipi(id);
}

static void host_relax(void *ctx)
{
	(void)ctx;
	__asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010"); /* pause */
}

static void host_out(void *ctx, const uint8_t *buf, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i < len; i++)
		hv_putc((char)buf[i]);
}

static int host_in(void *ctx)
{
	(void)ctx;
	return hv_getc();
}

static void host_irq(void *ctx, unsigned id, uint64_t vector)
{
	(void)ctx;
	(void)id;
	if (vector == 5)
		hv_timer_arm(hv_time() + HV_SLICE_TICKS);
	else if (vector == 1)
		__asm__ volatile("csrc sip, %0" ::"r"(2ul));
}

static void host_log(void *ctx, const char *line)
{
	(void)ctx;
	hv_printf("\nhv: %s\n", line);
}

/* The guest ELF and the DTB into guest RAM (first boot and every reset). */
static int host_reload(void *ctx, struct vmm_vm *vm)
{
	struct vmm_load_info *info = ctx;
	int err = vmm_load_elf(&vm->mem, hv_guest_elf,
			       (size_t)(hv_guest_elf_end - hv_guest_elf),
			       VMM_ELF_EM_RISCV, info);
	if (err) {
		hv_printf("hv: guest image: %s\n", info->error);
		return err;
	}
	return vmm_mem_write(&vm->mem, HV_GUEST_DTB_GPA, hv_guest_dtb,
			     (uint64_t)(hv_guest_dtb_end - hv_guest_dtb));
}

/* ---- the VM ---------------------------------------------------------------
 */

void hv_vm_build(struct hv_vm *hv, unsigned nvcpu)
{
	static struct vmm_load_info info;
	struct vmm_vm_config cfg = {
		.vm_id = 1,
		.fence_wait = HV_FENCE_WAIT_TICKS,
		.console_write_max = HV_DBCN_MAX,
		.input_poll = HV_TIMEBASE_HZ / 100,
	};
	struct vmm_vm_host host = {
		.ctx = &info,
		.now = host_now,
		.wait = host_wait,
		.notify = host_notify,
		.relax = host_relax,
		.console_out = host_out,
		.console_in = host_in,
		.external_interrupt = host_irq,
		.reload = host_reload,
		.log = host_log,
	};
	struct vmm_vm *vm = &hv->vm;
	struct vmm_vm_dev_opts uart_opts = { .reset = uart_reset,
					     .push_input = uart_push };
	if (vmm_vm_init(vm, &cfg, &host))
		hv_panic("VM init");
	/* Stage 2 follows the memory map: RAM is mapped as it is added. */
	unsigned levels = axvcpu_percpu_max_guest_page_table_levels();
	if (hv->max_levels && levels > hv->max_levels)
		levels = hv->max_levels;
	struct axvcpu_stage2_config s2cfg = { .levels = levels >= 4 ? 4 : 3 };
	if (axvcpu_stage2_create(&axvcpu_backend_riscv64, &s2cfg, &hv->s2) ||
	    vmm_mem_attach_stage2(&vm->mem, hv->s2))
		hv_panic("stage-2 address space");
	vmm_uart16550_init(&hv->uart, 0, uart_tx, 0);
	if (vmm_mem_add(&vm->mem, HV_GUEST_RAM_GPA, HV_GUEST_RAM_SIZE,
			(void *)HV_GUEST_RAM_HPA, VMM_MEM_RAM) ||
	    vmm_vm_add_device(vm, false, HV_GUEST_UART, VMM_UART16550_SIZE(0),
			      &vmm_uart16550_ops, &hv->uart, &uart_opts, 0))
		hv_panic("guest memory map");
	/* Guest RAM must not keep a previous run's data. */
	vmm_mem_fill(&vm->mem, HV_GUEST_RAM_GPA, 0, HV_GUEST_RAM_SIZE);
	if (host_reload(&info, vm))
		hv_panic("cannot load the guest");

	bool sv48 = axvcpu_stage2_levels(hv->s2) == 4;
	struct axvcpu_riscv64_setup_config setup = {
		.mode = sv48 ? AXVCPU_RISCV64_SV48X4 : AXVCPU_RISCV64_SV39X4,
		.vmid = 1,
	};
	for (unsigned i = 0; i < nvcpu; i++) {
		struct axvcpu_riscv64_create_config cc = {
			.hart_id = i,
			.dtb_addr = HV_GUEST_DTB_GPA,
		};
		struct axvcpu_create_params p = {
			.vm_id = 1,
			.vcpu_id = i,
			.favor_phys_cpu = (int32_t)i,
			.phys_cpu_set = 1ull << i,
			.arch_config = &cc,
			.arch_config_size = sizeof(cc),
		};
		struct axvcpu *vcpu;
		if (axvcpu_create(&axvcpu_backend_riscv64, &p, &vcpu) ||
		    axvcpu_setup(vcpu, info.entry, axvcpu_stage2_root(hv->s2),
				 &setup, sizeof(setup)) ||
		    vmm_vm_add_vcpu(vm, vcpu))
			hv_panic("vCPU creation");
	}
	hv_printf("hv: guest entry %lx, %u vCPU(s), %s, %lu frames\n",
		  info.entry, nvcpu, sv48 ? "Sv48x4" : "Sv39x4",
		  hv_frames_used());
}

/* QEMU's exit status for each way the VM ends. */
static int hv_status_of(enum vmm_vm_end end)
{
	switch (end) {
	case VMM_VM_POWEROFF:
	case VMM_VM_HOST_STOP:
		return 0;
	case VMM_VM_RESET:
		return 2;
	case VMM_VM_GUEST_ERROR:
		return 3;
	default:
		return 1;
	}
}

void hv_vm_run(struct hv_vm *hv, unsigned hart)
{
	hv_timer_arm(hv_time() + HV_SLICE_TICKS);
	enum vmm_vm_end end = vmm_vm_run_vcpu(&hv->vm, hart);
	if (hart != 0)
		for (;;)
			__asm__ volatile("wfi");
	uint64_t exits = 0;
	for (unsigned i = 0; i < hv->vm.nvcpu; i++)
		for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++)
			exits += hv->vm.vcpus[i].stats.count[r];
	hv_printf("\nhv: %s (%s) after %lu exits\n", vmm_vm_why(&hv->vm),
		  vmm_vm_end_name(end), exits);
	if (hv->on_end)
		hv->on_end(hv, end);
	hv_poweroff(hv_status_of(end));
}
