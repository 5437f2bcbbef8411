/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The platform's part of the VM: memory plan, images (multiboot modules),
 * devices and their wiring, and the host services the shared VM object
 * (vmm/vm.c) runs on. Every exit is answered there.
 */
#include "platform/pc/vm.h"
#include "platform/pc/boot.h"
#include "vmm/linux_boot.h"
#include "vmm/loader.h"
#include <axvcpu/stage2.h>
#include <axvcpu/svm.h>

struct hv_vm hv_vm;

#define ROM_TOP (1ull << 32)
#define LOW_BIOS_END 0x100000u
#define LOW_BIOS_MAX (128u << 10)

/* ---- console ----------------------------------------------------------- */

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

static void dbg_out(void *ctx, uint8_t c)
{
	(void)ctx;
	hv_putc((char)c);
}

static void reset_line(void *ctx)
{
	vmm_vm_stop(&((struct hv_vm *)ctx)->vm, VMM_VM_RESET, 0,
		    "the guest reset the machine");
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
	(void)vector;
}

static void host_log(void *ctx, const char *line)
{
	(void)ctx;
	hv_printf("\nhv: %s\n", line);
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
	int err = vmm_load_raw(&hv->vm.mem, HV_FLAT_GPA, (const void *)m->start,
			       m->end - m->start, &info);
	const char *mode = hv_boot_arg("mode", buf, sizeof(buf));
	hv->mode = !mode || mode[0] == 'l' ? AXVCPU_X86_MODE_LONG64
		   : mode[0] == 'p'        ? AXVCPU_X86_MODE_PROT32
					   : AXVCPU_X86_MODE_REAL16;
	hv->entry = HV_FLAT_GPA;
	return err;
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

static void build_devices(struct hv_vm *hv, unsigned nvcpu)
{
	struct vmm_vm_dev_opts uart = { .reset = uart_reset,
					.push_input = uart_push };
	struct vmm_vm_dev_opts cmos = { .reset = pc_cmos_reset };
	vmm_uart16550_init(&hv->uart, 0, uart_tx, 0);
	hv->dbg.out = dbg_out;
	pc_cmos_init(&hv->cmos, hv->ram_size, nvcpu);
	hv->reset.reset = reset_line;
	hv->reset.ctx = hv;
	add_pio(hv, 0x3f8, 8, &vmm_uart16550_ops, &hv->uart, &uart,
		&hv->uart_dev);
	add_pio(hv, 0x402, 4, &pc_debugport_ops, &hv->dbg, 0, 0);
	add_pio(hv, 0xe9, 4, &pc_debugport_ops, &hv->dbg, 0, 0);
	add_pio(hv, 0x70, 2, &pc_cmos_ops, &hv->cmos, &cmos, 0);
	add_pio(hv, 0xcf9, 1, &pc_reset_cf9_ops, &hv->reset, 0, 0);
	add_pio(hv, 0x64, 1, &pc_reset_kbd_ops, &hv->reset, 0, 0);
}

static void build_memory(struct hv_vm *hv)
{
	struct axvcpu_stage2_config cfg = { 0 };
	if (axvcpu_stage2_create(&axvcpu_backend_svm, &cfg, &hv->s2) ||
	    vmm_mem_attach_stage2(&hv->vm.mem, hv->s2))
		hv_panic("stage-2 tables");
	hv->ram = (uint8_t *)hv_boot.guest_start;
	/* 1 MiB of firmware ROM backing after the RAM. */
	hv->rom_size = 1u << 20;
	hv->rom = hv->ram + hv->ram_size;
	/* Writable like RAM: firmware sets accessed bits in the GDTs it
	 * keeps in its ROM (U-Boot), which a read-only flash would drop. */
	if (vmm_mem_add(&hv->vm.mem, 0, hv->ram_size, hv->ram, VMM_MEM_RAM) ||
	    vmm_mem_add_perm(&hv->vm.mem, ROM_TOP - hv->rom_size, hv->rom_size,
			     hv->rom, VMM_MEM_ROM,
			     AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE |
				 AXVCPU_STAGE2_EXEC))
		hv_panic("guest memory map");
	vmm_mem_fill(&hv->vm.mem, 0, 0, hv->ram_size);
}

void hv_vm_build(struct hv_vm *hv, unsigned nvcpu)
{
	struct vmm_vm_config cfg = {
		.vm_id = 1,
		.open_bus_ones = true,
		.input_poll = 10000000ull, /* 10 ms */
	};
	struct vmm_vm_host host = {
		.ctx = hv,
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
	char buf[8];
	if (vmm_vm_init(&hv->vm, &cfg, &host))
		hv_panic("VM init");
	if (hv_boot_arg("trace", buf, sizeof(buf)))
		hv->vm.hook = trace_hook;
	hv->ram_size = hv_boot.guest_end - hv_boot.guest_start - (1u << 20);
	build_memory(hv);
	build_devices(hv, nvcpu);
	if (host_reload(hv, &hv->vm))
		hv_panic("no guest image (a module named bios, kernel or "
			 "flat)");
	for (unsigned i = 0; i < nvcpu; i++) {
		struct axvcpu_svm_create_config cc = { .apic_id = i,
						       .ncpus = nvcpu };
		struct axvcpu_svm_setup_config sc = {
			.mode = hv->mode,
			.stack = hv->kind == HV_GUEST_FLAT
				     ? HV_FLAT_GPA - 0x1000 * i
				     : 0,
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
		int err = axvcpu_create(&axvcpu_backend_svm, &p, &vcpu);
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

/* The machine's exit status for each way the VM ends. */
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

void hv_vm_run(struct hv_vm *hv, unsigned cpu)
{
	enum vmm_vm_end end = vmm_vm_run_vcpu(&hv->vm, cpu);
	if (cpu != 0)
		for (;;)
			__asm__ volatile("cli; hlt");
	uint64_t exits = 0;
	for (unsigned i = 0; i < hv->vm.nvcpu; i++)
		for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++)
			exits += hv->vm.vcpus[i].stats.count[r];
	hv_printf("\nhv: %s (%s) after %lu exits\n", vmm_vm_why(&hv->vm),
		  vmm_vm_end_name(end), (unsigned long)exits);
	if (hv->on_end)
		hv->on_end(hv, end);
	hv_exit(hv_status_of(end));
}
