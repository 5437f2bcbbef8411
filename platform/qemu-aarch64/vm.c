/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The platform's part of the VM: memory plan, images, devices, and the
 * host services the shared VM object (vmm/vm.c) runs on. Every exit is
 * answered there.
 */
#include "vm.h"
#include "pool.h"
#include "vmm/loader.h"
#include <axvcpu/aarch64.h>

struct hv_vm hv_vm;
int hv_semihosting;

extern const char hv_guest_image[], hv_guest_image_end[];
extern const char hv_guest_initrd[], hv_guest_initrd_end[];
extern const uint64_t hv_guest_load;
extern const char *const hv_guest_dtbs[];

static unsigned hv_nvcpu;

uint64_t hv_slice(void)
{
	return hv_time_hz() / 100;
}

static int uart_push(void *dev, uint8_t c)
{
	return vmm_pl011_push_rx(dev, c);
}

static void uart_reset(void *dev)
{
	vmm_pl011_init(dev, hv_vm_uart_tx, 0);
}

/* The UART's interrupt line into the distributor (SPI 1). */
static void uart_after(void *ctx, void *dev)
{
	struct hv_vm *hv = ctx;
	vmm_gicv3_set_spi(&hv->gic, HV_GUEST_UART_SPI, vmm_pl011_irq(dev));
}

static void gic_reset(void *dev)
{
	vmm_gicv3_reset(dev);
}

static void gic_inject(void *ctx, unsigned cpu, uint32_t intid)
{
	struct hv_vm *hv = ctx;
	vmm_vm_inject(&hv->vm, cpu, intid);
}

/* ---- host services ------------------------------------------------------ */

static uint64_t host_now(void *ctx)
{
	(void)ctx;
	return hv_time();
}

/*
 * Sleep until the deadline or an SGI (notify). WFI wakes on a pending
 * interrupt even with PSTATE.I set, so an SGI sent before the WFI is not
 * lost; whatever is pending afterwards is ended here (a kick the vCPU
 * still needs is a flag in the core; a level source, such as a timer
 * still firing, is taken again when the guest runs).
 */
static void host_wait(void *ctx, unsigned id, uint64_t deadline)
{
	(void)ctx;
	(void)id;
	uint64_t now = hv_time(), slice = hv_slice();
	hv_timer_arm(deadline > now + slice ? now + slice : deadline);
	__asm__ volatile("dsb sy\n wfi" ::: "memory");
	hv_timer_arm(hv_time() + slice);
	for (unsigned i = 0; i < 8; i++) {
		unsigned intid = hv_gic_ack();
		if (intid >= 1020)
			break;
		hv_gic_end(intid);
	}
}

static void host_notify(void *ctx, unsigned id)
{
	(void)ctx;
	/* vCPU N runs on CPU N. */
	hv_gic_sgi(id, AXVCPU_AARCH64_KICK_SGI);
}

static void host_relax(void *ctx)
{
	(void)ctx;
	__asm__ volatile("yield");
}

/* A host interrupt ended a run: the backend acknowledged it, end it. */
static void host_irq(void *ctx, unsigned id, uint64_t vector)
{
	(void)ctx;
	(void)id;
	if (vector == HV_TIMER_PPI)
		hv_timer_arm(hv_time() + hv_slice());
	/* The kick SGI comes already ended by the backend. */
	if (vector < 1020 && vector != AXVCPU_AARCH64_KICK_SGI)
		hv_gic_end((unsigned)vector);
}

static const char *hv_dtb(unsigned n, uint64_t *size)
{
	if (n < 1 || n > HV_MAX_VCPUS)
		n = 1;
	*size = (uint64_t)(hv_guest_dtbs[n] - hv_guest_dtbs[n - 1]);
	return hv_guest_dtbs[n - 1];
}

/* The images into guest memory (first boot and every reset). The image
 * may not land on the device tree or the initrd, and must be entered
 * inside itself: a bad one is refused, with the reason, before a byte is
 * written. */
static int host_reload(void *ctx, struct vmm_vm *vm)
{
	struct vmm_load_info *info = ctx;
	size_t size = (size_t)(hv_guest_image_end - hv_guest_image);
	uint64_t dsize;
	const char *dtb = hv_dtb(hv_nvcpu, &dsize);
	uint64_t isize = (uint64_t)(hv_guest_initrd_end - hv_guest_initrd);
	const struct vmm_load_keepout keep[] = {
		{ HV_GUEST_DTB_GPA, dsize, "the device tree" },
		{ HV_GUEST_INITRD_GPA, isize, "the initrd" },
	};
	struct vmm_load_rules rules = {
		.keepout = keep,
		.nkeepout = isize ? 2 : 1,
		.entry_inside = true,
		/* A kernel Image's bss, past the file. */
		.footprint = vmm_linux_image_size(hv_guest_image, size),
	};
	int err = hv_guest_load != UINT64_MAX
		      ? vmm_load_raw_checked(&vm->mem, hv_guest_load,
					     hv_guest_image, size, &rules, info)
		      : vmm_load_elf_checked(&vm->mem, hv_guest_image, size,
					     VMM_ELF_EM_AARCH64, &rules, info);
	if (err) {
		hv_printf("hv: guest image refused: %s\n", info->error);
		return err;
	}
	if (isize && (err = vmm_mem_write(&vm->mem, HV_GUEST_INITRD_GPA,
					  hv_guest_initrd, isize)))
		return err;
	if ((err = vmm_mem_write(&vm->mem, HV_GUEST_DTB_GPA, dtb, dsize)))
		return err;
	/* The guest fetches what was just written: make it visible. */
	const struct vmm_mem_region *r = vmm_mem_find(&vm->mem, info->lo);
	if (r)
		hv_sync_icache(r->host + (info->lo - r->gpa),
			       info->hi - info->lo);
	return 0;
}

/* ---- the VM ---------------------------------------------------------------
 */

void hv_vm_build(struct hv_vm *hv, unsigned nvcpu)
{
	static struct vmm_load_info info;
	if (nvcpu > HV_MAX_VCPUS)
		nvcpu = HV_MAX_VCPUS;
	hv_nvcpu = nvcpu;
	struct vmm_vm_config cfg = {
		.vm_id = 1,
		.input_poll = hv_time_hz() / 100,
	};
	struct vmm_vm_host host = {
		.ctx = &info,
		.now = host_now,
		.wait = host_wait,
		.notify = host_notify,
		.relax = host_relax,
		.console_out = hv_vm_console_out,
		.console_in = hv_vm_console_in,
		.external_interrupt = host_irq,
		.reload = host_reload,
		.log = hv_vm_log,
	};
	struct vmm_vm *vm = &hv->vm;
	struct vmm_vm_dev_opts uart_opts = { .reset = uart_reset,
					     .push_input = uart_push,
					     .after = uart_after,
					     .ctx = hv };
	struct vmm_vm_dev_opts gic_opts = { .reset = gic_reset };
	if (vmm_vm_init(vm, &cfg, &host))
		hv_panic("VM init");
	/* Stage 2 follows the memory map: regions are mapped as added (RAM
	 * read/write/execute, flash read/execute: its writes exit). */
	struct axvcpu_stage2_config s2cfg = { .addr_bits = HV_GUEST_IPA_BITS };
	if (axvcpu_stage2_create(&axvcpu_backend_aarch64, &s2cfg, &hv->s2) ||
	    vmm_mem_attach_stage2(&vm->mem, hv->s2))
		hv_panic("stage-2 address space");
	vmm_pl011_init(&hv->uart, hv_vm_uart_tx, 0);
	if (vmm_gicv3_init(&hv->gic, nvcpu, 64, gic_inject, hv))
		hv_panic("GIC model");
	if (vmm_mem_add(&vm->mem, HV_GUEST_ROM_GPA, HV_GUEST_ROM_SIZE,
			(void *)HV_GUEST_ROM_HPA, VMM_MEM_ROM) ||
	    vmm_mem_add(&vm->mem, HV_GUEST_RAM_GPA, HV_GUEST_RAM_SIZE,
			(void *)HV_GUEST_RAM_HPA, VMM_MEM_RAM) ||
	    vmm_vm_add_device(vm, false, HV_GUEST_UART, VMM_PL011_SIZE,
			      &vmm_pl011_ops, &hv->uart, &uart_opts, 0) ||
	    vmm_vm_add_device(vm, false, HV_GUEST_GICD, VMM_GICV3_DIST_SIZE,
			      &vmm_gicv3_dist_ops, &hv->gic, &gic_opts, 0) ||
	    vmm_vm_add_device(vm, false, HV_GUEST_GICR,
			      VMM_GICV3_REDIST_SIZE(nvcpu),
			      &vmm_gicv3_redist_ops, &hv->gic, 0, 0))
		hv_panic("guest memory map");
	/*
	 * QEMU hands over RAM zeroed and the hypervisor has not used the
	 * guest's backing before: nothing from before is there to clear (a
	 * reset clears the RAM, vmm/vm_run.c). Clearing 640 MiB here took
	 * seconds under TCG, longer than the guest's own boot.
	 */
	if (host_reload(&info, vm))
		hv_panic("cannot load the guest");

	struct axvcpu_aarch64_setup_config setup = {
		.vmid = 1,
		.levels = axvcpu_stage2_levels(hv->s2),
		.ipa_bits = HV_GUEST_IPA_BITS,
	};
	for (unsigned i = 0; i < nvcpu; i++) {
		struct axvcpu_aarch64_create_config cc = {
			.x0 = HV_GUEST_DTB_GPA,
		};
		struct axvcpu *vcpu;
		if (hv_vcpu_create(&axvcpu_backend_aarch64, i, &cc, sizeof(cc),
				   &vcpu) ||
		    axvcpu_setup(vcpu, info.entry, axvcpu_stage2_root(hv->s2),
				 &setup, sizeof(setup)) ||
		    vmm_vm_add_vcpu(vm, vcpu))
			hv_panic("vCPU creation");
	}
	hv_printf("hv: guest entry %lx, %u vCPU(s), %lu frames\n", info.entry,
		  nvcpu, hv_frames_used());
}

void hv_vm_run(struct hv_vm *hv, unsigned cpu)
{
	hv_timer_arm(hv_time() + hv_slice());
	enum vmm_vm_end end = vmm_vm_run_vcpu(&hv->vm, cpu);
	if (cpu != 0)
		for (;;)
			__asm__ volatile("wfi");
	hv_vm_print_end(&hv->vm, end);
	hv_printf("hv: exits:");
	for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++) {
		uint64_t n = 0;
		for (unsigned i = 0; i < hv->vm.nvcpu; i++)
			n += hv->vm.vcpus[i].stats.count[r];
		if (n)
			hv_printf(" %s=%lu", axvcpu_exit_name(r), n);
	}
	hv_printf("\n");
	if (hv->on_end)
		hv->on_end(hv, end);
	hv_poweroff(hv_vm_end_status(end));
}
