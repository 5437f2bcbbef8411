/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The platform's part of the VM: memory plan, images (multiboot modules),
 * devices and their wiring, and the host services the shared VM object
 * (vmm/vm.c) runs on. Every exit is answered there.
 */
#include "platform/pc/vm.h"
#include "platform/pc/arch.h"
#include "platform/pc/boot.h"
#include "vmm/linux_boot.h"
#include "vmm/loader.h"
#include <axvcpu/stage2.h>

struct hv_vm hv_vm;

#define ROM_TOP (1ull << 32)
#define LOW_BIOS_END 0x100000u
#define LOW_BIOS_MAX (128u << 10)

/* ---- console ----------------------------------------------------------- */

static void uart_reset(void *dev)
{
	vmm_uart16550_init(dev, 0, hv_vm_uart_tx, 0);
}

/* The UART's interrupt line, after every access (its lock held). */
static void uart_irq(void *ctx, void *dev)
{
	struct hv_vm *hv = ctx;
	bool level = vmm_uart16550_irq_pending(dev);
	if (level == hv->uart_irq)
		return;
	hv->uart_irq = level;
	pc_intc_set_irq(&hv->intc, HV_IRQ_UART, level);
}

static void reset_line(void *ctx)
{
	vmm_vm_stop(&((struct hv_vm *)ctx)->vm, VMM_VM_RESET, 0,
		    "the guest reset the machine");
}

/* ---- interrupts and device time ----------------------------------------- */

static void intc_inject(void *ctx, unsigned cpu, unsigned vector)
{
	vmm_vm_inject(&((struct hv_vm *)ctx)->vm, cpu, vector);
}

static void intc_init(void *ctx, unsigned cpu)
{
	vmm_vm_cpu_init(&((struct hv_vm *)ctx)->vm, cpu);
}

static void intc_startup(void *ctx, unsigned cpu, unsigned vector)
{
	vmm_vm_cpu_up(&((struct hv_vm *)ctx)->vm, cpu, (uint64_t)vector << 12,
		      0);
}

static uint64_t dev_now(void *ctx)
{
	(void)ctx;
	return hv_now_ns();
}

static void dev_relax(void *ctx)
{
	(void)ctx;
	hv_pause();
}

static void pm_sleep(void *ctx, unsigned slp_typ)
{
	struct hv_vm *hv = ctx;
	if (slp_typ == PC_ACPI_SLP_TYP_S5)
		vmm_vm_stop(&hv->vm, VMM_VM_POWEROFF, 0,
			    "the guest powered off (ACPI S5)");
}

/* PIT channel 0 (under its device lock): IRQ 0 for the edges due. */
static void pit_tick(void *dev, void *arg)
{
	struct hv_vm *hv = arg;
	uint64_t next;
	if (pc_pit_poll(dev, hv_now_ns(), &next)) {
		pc_intc_set_irq(&hv->intc, HV_IRQ_PIT, true);
		pc_intc_set_irq(&hv->intc, HV_IRQ_PIT, false);
	}
}

/* Device time: every host tick, on every CPU. */
static void hv_poll(struct hv_vm *hv)
{
	vmm_vm_dev_call(hv->pit_dev, pit_tick, hv);
	pc_intc_poll(&hv->intc, hv_now_ns(), 0);
}

/* ---- host services ----------------------------------------------------- */

static uint64_t host_now(void *ctx)
{
	(void)ctx;
	return hv_now_ns();
}

/* Sleep until the next host interrupt (the tick comes every HV_TICK_US,
 * a notify IPI sooner). */
static void host_wait(void *ctx, unsigned id, uint64_t deadline)
{
	(void)ctx;
	(void)id;
	if (hv_now_ns() < deadline)
		__asm__ volatile("sti; hlt; cli");
	hv_poll(ctx);
}

static void host_notify(void *ctx, unsigned id)
{
	(void)ctx;
	/* vCPU N runs on CPU N (APIC id N). */
	if (id != hv_cpu())
		hv_lapic_ipi(id, HV_VEC_KICK);
}

static void host_relax(void *ctx)
{
	(void)ctx;
	hv_pause();
}

static void host_irq(void *ctx, unsigned id, uint64_t vector)
{
	(void)id;
	if (vector == HV_VEC_TIMER)
		hv_poll(ctx);
}

/* ---- images ------------------------------------------------------------ */

static const char *module_args(const struct hv_module *m)
{
	/* "path name args...": what follows the name. */
	const char *s = m->name;
	for (int words = 0; *s && words < 2; words++) {
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	return s;
}

static int load_firmware(struct hv_vm *hv, const struct hv_module *m)
{
	uint64_t size = m->end - m->start;
	if (size > hv->rom_size)
		return AXVCPU_EINVAL;
	vmm_mem_write(&hv->vm.mem, ROM_TOP - size, (const void *)m->start,
		      size);
	/* The legacy copy: the last 128 KiB end at 1 MiB, in RAM, as on a
	 * PC whose chipset shadows the BIOS. */
	uint64_t low = size < LOW_BIOS_MAX ? size : LOW_BIOS_MAX;
	vmm_mem_write(&hv->vm.mem, LOW_BIOS_END - low,
		      (const void *)(m->end - low), low);
	hv->mode = AXVCPU_X86_MODE_REAL16;
	hv->entry = 0xfffffff0u;
	return AXVCPU_OK;
}

static int load_linux(struct hv_vm *hv, const struct hv_module *k)
{
	const struct hv_module *rd = hv_boot_module("initrd");
	struct vmm_linux_config cfg = { .cmdline = module_args(k) };
	struct vmm_linux_info info;
	if (rd) {
		cfg.initrd = (const void *)rd->start;
		cfg.initrd_size = rd->end - rd->start;
	}
	int err = vmm_load_linux(&hv->vm.mem, (const void *)k->start,
				 k->end - k->start, &cfg, &info);
	if (err) {
		hv_printf("hv: kernel: %s\n", info.error);
		return err;
	}
	/* No firmware: the platform's ACPI tables (CPUs, I/O APIC, PM). */
	struct pc_acpi_config acpi = {
		.ncpus = hv->ncpus,
		.pm_base = HV_PM_PORT,
		.sci_irq = HV_IRQ_SCI,
		.ioapic_base = PC_IOAPIC_BASE,
		.lapic_base = PC_LAPIC_BASE,
	};
	err = pc_acpi_build(&hv->vm.mem, HV_ACPI_RSDP_GPA, HV_ACPI_TABLES_GPA,
			    &acpi);
	if (err)
		return err;
	hv->mode =
	    info.entry64 ? AXVCPU_X86_MODE_LONG64 : AXVCPU_X86_MODE_PROT32;
	hv->entry = info.entry64 ? info.entry64 : info.entry32;
	hv->boot_si = info.zero_page;
	return AXVCPU_OK;
}

static int load_flat(struct hv_vm *hv, const struct hv_module *m)
{
	struct vmm_load_info info;
	char buf[16];
	const char *mode = hv_boot_arg("mode", buf, sizeof(buf));
	hv->mode = !mode || mode[0] == 'l' ? AXVCPU_X86_MODE_LONG64
		   : mode[0] == 'p'        ? AXVCPU_X86_MODE_PROT32
					   : AXVCPU_X86_MODE_REAL16;
	/* Real mode starts where a boot sector would: 0000:7C00. */
	hv->entry =
	    hv->mode == AXVCPU_X86_MODE_REAL16 ? HV_FLAT_REAL_GPA : HV_FLAT_GPA;
	return vmm_load_raw(&hv->vm.mem, hv->entry, (const void *)m->start,
			    m->end - m->start, &info);
}

/* The images into the cleared RAM (first boot and every reset), and the
 * boot registers again. */
static int host_reload(void *ctx, struct vmm_vm *vm)
{
	struct hv_vm *hv = ctx;
	const struct hv_module *m;
	int err;
	if ((m = hv_boot_module("bios"))) {
		hv->kind = HV_GUEST_FIRMWARE;
		err = load_firmware(hv, m);
	} else if ((m = hv_boot_module("kernel"))) {
		hv->kind = HV_GUEST_LINUX;
		err = load_linux(hv, m);
	} else if ((m = hv_boot_module("flat"))) {
		hv->kind = HV_GUEST_FLAT;
		err = load_flat(hv, m);
	} else
		err = AXVCPU_ENOTFOUND;
	if (err)
		return err;
	for (unsigned i = 0; i < vm->nvcpu && hv->boot_si; i++)
		axvcpu_set_gpr(vm->vcpus[i].vcpu, AXVCPU_X86_REG_RSI,
			       hv->boot_si);
	return AXVCPU_OK;
}

/* ---- the VM ------------------------------------------------------------ */

/* trace=1: every exit on the console, then the VM's usual answer. */
static bool trace_hook(struct vmm_vm *vm, unsigned id, struct axvcpu_exit *e,
		       void *arg)
{
	(void)arg;
	char line[128];
	uint64_t rip = 0;
	axvcpu_get_gpr(vm->vcpus[id].vcpu, AXVCPU_X86_REG_RIP, &rip);
	axvcpu_exit_format(e, line, sizeof(line));
	hv_printf("hv: vCPU %u rip %lx: %s\n", id, (unsigned long)rip, line);
	return false;
}

static void add_pio(struct hv_vm *hv, uint16_t port, uint16_t size,
		    const struct vmm_device_ops *ops, void *dev,
		    const struct vmm_vm_dev_opts *opts, struct vmm_vm_dev **out)
{
	if (vmm_vm_add_device(&hv->vm, true, port, size, ops, dev, opts, out))
		hv_panic("cannot add the device at port %x", port);
}

static int lapic_read(void *dev, unsigned vcpu, uint64_t off, unsigned width,
		      uint64_t *val)
{
	return pc_intc_lapic_read(dev, vcpu, off, width, val);
}

static int lapic_write(void *dev, unsigned vcpu, uint64_t off, unsigned width,
		       uint64_t val)
{
	return pc_intc_lapic_write(dev, vcpu, off, width, val);
}

static const struct vmm_local_device_ops lapic_ops = { lapic_read,
						       lapic_write };

static void build_devices(struct hv_vm *hv, unsigned nvcpu)
{
	struct vmm_vm_dev_opts uart = { .reset = uart_reset,
					.after = uart_irq,
					.ctx = hv,
					.push_input = hv_vm_uart16550_push };
	struct vmm_vm_dev_opts cmos = { .reset = pc_cmos_reset };
	vmm_uart16550_init(&hv->uart, 0, hv_vm_uart_tx, 0);
	hv->dbg.out = hv_vm_uart_tx;
	pc_cmos_init(&hv->cmos, hv->ram_size, nvcpu);
	hv->reset.reset = reset_line;
	hv->reset.ctx = hv;
	add_pio(hv, 0x3f8, 8, &vmm_uart16550_ops, &hv->uart, &uart,
		&hv->uart_dev);
	add_pio(hv, 0x402, 4, &pc_debugport_ops, &hv->dbg, 0, 0);
	add_pio(hv, 0xe9, 4, &pc_debugport_ops, &hv->dbg, 0, 0);
	add_pio(hv, 0x70, 2, &pc_cmos_ops, &hv->cmos, &cmos, 0);
	add_pio(hv, 0x64, 1, &pc_reset_kbd_ops, &hv->reset, 0, 0);
	/* 0xcf8-0xcff: PCI configuration, with 0xcf9 the reset register. */
	struct vmm_vm_dev_opts pci = { .reset = pc_pci_reset };
	pc_pci_init(&hv->pci, &hv->reset);
	add_pio(hv, 0xcf8, 8, &pc_pci_ops, &hv->pci, &pci, 0);

	struct vmm_vm_dev_opts pit = { .reset = pc_pit_reset };
	pc_pit_init(&hv->pit, dev_now, hv);
	add_pio(hv, 0x40, 4, &pc_pit_ops, &hv->pit, &pit, &hv->pit_dev);
	add_pio(hv, 0x61, 1, &pc_pit_port61_ops, &hv->pit, 0, 0);

	struct pc_intc *c = &hv->intc;
	c->now = dev_now;
	c->inject = intc_inject;
	c->init = intc_init;
	c->startup = intc_startup;
	c->relax = dev_relax;
	c->ctx = hv;
	pc_intc_init(c, nvcpu);
	struct vmm_vm_dev_opts intc = { .reset = pc_intc_reset };
	add_pio(hv, 0x20, 2, &pc_intc_pic0_ops, c, &intc, 0);
	add_pio(hv, 0xa0, 2, &pc_intc_pic1_ops, c, 0, 0);
	add_pio(hv, 0x4d0, 2, &pc_intc_elcr_ops, c, 0, 0);
	if (vmm_vm_add_device(&hv->vm, false, PC_IOAPIC_BASE, 0x1000,
			      &pc_intc_ioapic_ops, c, 0, 0) ||
	    vmm_vm_add_local_device(&hv->vm, PC_LAPIC_BASE, 0x1000, &lapic_ops,
				    c))
		hv_panic("APIC devices");

	hv->pm.sleep = pm_sleep;
	hv->pm.now = dev_now;
	hv->pm.ctx = hv;
	pc_acpi_pm_reset(&hv->pm);
	struct vmm_vm_dev_opts pm = { .reset = pc_acpi_pm_reset };
	add_pio(hv, HV_PM_PORT, PC_ACPI_PM_SIZE, &pc_acpi_pm_ops, &hv->pm, &pm,
		0);
}

static void build_memory(struct hv_vm *hv)
{
	struct axvcpu_stage2_config cfg = { 0 };
	if (axvcpu_stage2_create(&HV_ARCH_BACKEND, &cfg, &hv->s2) ||
	    vmm_mem_attach_stage2(&hv->vm.mem, hv->s2))
		hv_panic("stage-2 tables");
	hv->ram = (uint8_t *)hv_boot.guest_start;
	/* 1 MiB of firmware ROM backing after the RAM. */
	hv->rom_size = 1u << 20;
	hv->rom = hv->ram + hv->ram_size;
	/* Writable like RAM: firmware sets accessed bits in the GDTs it
	 * keeps in its ROM (U-Boot), which a read-only flash would drop. */
	/* RAM but the VGA window [0xa0000, 0xc0000): a device hole on a PC,
	 * which guests and the real-mode tests see as MMIO. */
	if (vmm_mem_add(&hv->vm.mem, 0, HV_VGA_START, hv->ram, VMM_MEM_RAM) ||
	    vmm_mem_add(&hv->vm.mem, HV_VGA_END, hv->ram_size - HV_VGA_END,
			hv->ram + HV_VGA_END, VMM_MEM_RAM) ||
	    vmm_mem_add_perm(&hv->vm.mem, ROM_TOP - hv->rom_size, hv->rom_size,
			     hv->rom, VMM_MEM_ROM,
			     AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE |
				 AXVCPU_STAGE2_EXEC))
		hv_panic("guest memory map");
	vmm_mem_fill(&hv->vm.mem, 0, 0, HV_VGA_START);
	vmm_mem_fill(&hv->vm.mem, HV_VGA_END, 0, hv->ram_size - HV_VGA_END);
}

void hv_vm_build(struct hv_vm *hv, unsigned nvcpu)
{
	struct vmm_vm_config cfg = {
		.vm_id = 1,
		.open_bus_ones = !hv->open_bus_zero,
		.input_poll = 10000000ull, /* 10 ms */
	};
	struct vmm_vm_host host = {
		.ctx = hv,
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
	char buf[8];
	if (vmm_vm_init(&hv->vm, &cfg, &host))
		hv_panic("VM init");
	if (hv_boot_arg("trace", buf, sizeof(buf)))
		hv->vm.hook = trace_hook;
	hv->ncpus = nvcpu;
	hv->ram_size = hv_boot.guest_end - hv_boot.guest_start - (1u << 20);
	build_memory(hv);
	build_devices(hv, nvcpu);
	if (host_reload(hv, &hv->vm))
		hv_panic("no guest image (a module named bios, kernel or "
			 "flat)");
	for (unsigned i = 0; i < nvcpu; i++) {
		hv_arch_create_config cc = { .apic_id = i, .ncpus = nvcpu };
		hv_arch_setup_config sc = {
			.mode = hv->mode,
			.stack = hv->kind == HV_GUEST_FLAT
				     ? HV_FLAT_GPA - 0x4000 * i
				     : 0,
		};
		struct axvcpu *vcpu;
		int err =
		    hv_vcpu_create(&HV_ARCH_BACKEND, i, &cc, sizeof(cc), &vcpu);
		if (!err)
			err = axvcpu_setup(vcpu, hv->entry,
					   axvcpu_stage2_root(hv->s2), &sc,
					   sizeof(sc));
		if (!err && hv->boot_si)
			err = axvcpu_set_gpr(vcpu, AXVCPU_X86_REG_RSI,
					     hv->boot_si);
		if (!err)
			err = vmm_vm_add_vcpu(&hv->vm, vcpu);
		if (err)
			hv_panic("vCPU %u: %s", i, axvcpu_strerror(err));
	}
	hv_printf("hv: guest entry %lx, %u vCPU(s), %lu MiB, %lu frames\n",
		  (unsigned long)hv->entry, nvcpu,
		  (unsigned long)(hv->ram_size >> 20),
		  (unsigned long)hv_frames_used());
}

void hv_vm_run(struct hv_vm *hv, unsigned cpu)
{
	enum vmm_vm_end end = vmm_vm_run_vcpu(&hv->vm, cpu);
	if (cpu != 0)
		for (;;)
			__asm__ volatile("cli; hlt");
	hv_vm_print_end(&hv->vm, end);
	if (hv->on_end)
		hv->on_end(hv, end);
	hv_exit(hv_vm_end_status(end));
}
