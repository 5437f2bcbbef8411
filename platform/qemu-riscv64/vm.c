/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The platform's part of the VM: memory plan, images, devices, and the
 * host services the shared VM object (vmm/vm.c) runs on. Every exit is
 * answered there.
 */
#include "platform/qemu-riscv64/vm.h"
#include "platform/qemu-riscv64/pool.h"
#include "vmm/fmt.h"
#include "vmm/loader.h"
#include <axvcpu/riscv64.h>

struct hv_vm hv_vm;

static void plic_set_uart(void *dev, void *arg)
{
	vmm_plic_set_irq(dev, HV_GUEST_UART_IRQ, *(bool *)arg);
}

/* The UART's interrupt line into the PLIC (with the UART's lock held;
 * the PLIC's is taken inside: always in that order). */
static __attribute__((noinline)) void uart_line_set(struct hv_vm *hv,
						    bool level)
{
	hv->uart_irq = level;
	vmm_vm_dev_call(hv->plic_dev, plic_set_uart, &level);
}

static void uart_line(struct hv_vm *hv, bool level)
{
	if (level != hv->uart_irq)
		uart_line_set(hv, level);
}

static __attribute__((noinline)) void uart_after_enabled(struct hv_vm *hv,
							 void *dev)
{
	uart_line(hv, vmm_uart16550_irq_pending(dev));
}

/*
 * After every UART access: with its interrupts masked (IER 0, as while a
 * driver polls) the line is low, so only a raised one needs work.
 */
static void uart_after(void *ctx, void *dev)
{
	struct hv_vm *hv = ctx;
	if (((struct vmm_uart16550 *)dev)->ier)
		uart_after_enabled(hv, dev);
	else if (hv->uart_irq)
		uart_line_set(hv, false);
}

static void uart_reset(void *dev)
{
	vmm_uart16550_init(dev, 0, hv_vm_uart_tx, 0);
	uart_line(&hv_vm, false);
}

/*
 * A PLIC context's output: QEMU virt's contexts 2N and 2N+1 are hart N's
 * M- and S-mode ones; the guest runs in (virtual) S-mode, so only odd
 * contexts reach a vCPU, as its VS external interrupt, level-triggered.
 */
static void plic_output(void *ctx, unsigned context, bool level)
{
	struct hv_vm *hv = ctx;
	if (context & 1)
		vmm_vm_set_line(&hv->vm, context / 2,
				AXVCPU_RISCV64_IRQ_EXTERNAL, level);
}

static void flash_reset(void *dev)
{
	vmm_cfi_flash_reset(dev);
}

/* The CFI flash banks, erased, backed by frames of the pool. */
static void hv_flash_add(struct hv_vm *hv)
{
	uint64_t bank = hv_guest_cfg.flash_bank;
	struct vmm_vm_dev_opts opts = { .reset = flash_reset };
	for (unsigned b = 0; bank && b < 2; b++) {
		const struct axvcpu_hal *hal = axvcpu_hal_get();
		axvcpu_hpa_t pa = 0;
		if (!hal->alloc_frames(bank / AXVCPU_FRAME_SIZE,
				       AXVCPU_FRAME_SIZE, &pa))
			hv_panic("CFI flash");
		uint8_t *mem = (uint8_t *)pa;
		if (vmm_cfi_flash_init(&hv->flash[b], mem, bank,
				       HV_GUEST_FLASH_BLOCK))
			hv_panic("CFI flash");
		for (uint64_t i = 0; i < bank; i++)
			mem[i] = 0xff;
		if (vmm_vm_add_device(&hv->vm, false, HV_GUEST_FLASH + b * bank,
				      bank, &vmm_cfi_flash_ops, &hv->flash[b],
				      &opts, 0))
			hv_panic("guest memory map");
	}
}

static void plic_reset(void *dev)
{
	vmm_plic_reset(dev);
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
	/* vCPU N runs on hart N. */
	uint64_t now = hv_time(), slice = hv_slice_ticks(id);
	/* The preemption slice needs re-arming anyway once it runs again. */
	hv_timer_arm(deadline > now + slice ? now + slice : deadline);
	__asm__ volatile("wfi");
	__asm__ volatile("csrc sip, %0" ::"r"(2ul));
	hv_timer_arm(hv_time() + slice);
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

static void host_irq(void *ctx, unsigned id, uint64_t vector)
{
	(void)ctx;
	if (vector == 5)
		hv_timer_arm(hv_time() + hv_slice_ticks(id));
	else if (vector == 1)
		__asm__ volatile("csrc sip, %0" ::"r"(2ul));
}

/* Refuse a built-in image: one line naming the cause, then power off. */
static int image_refused(const char *what, const char *why)
{
	hv_printf("hv: guest %s refused: %s\n", what, why);
	return AXVCPU_EINVAL;
}

/*
 * The guest image, the initrd and the DTB into guest RAM (first boot and
 * every reset), each checked against guest RAM and the others before a
 * byte is written.
 */
static int host_reload(void *ctx, struct vmm_vm *vm)
{
	const struct hv_guest_cfg *g = &hv_guest_cfg;
	struct vmm_load_info *info = ctx;
	size_t isize = (size_t)(g->image_end - g->image);
	uint64_t dsize = (uint64_t)(g->dtb_end - g->dtb);
	uint64_t rsize = (uint64_t)(g->initrd_end - g->initrd);
	struct vmm_load_keepout ko[2] = {
		{ g->dtb_gpa, dsize, "the DTB" },
		{ g->initrd_gpa, rsize, "the initrd" },
	};
	struct vmm_load_rules rules = { ko, rsize ? 2 : 1, true, 0 };
	int err;
	if (vmm_elf_is_elf(g->image, isize)) {
		if (g->load)
			return image_refused("image",
					     "GUEST_LOAD names a load address, "
					     "but the image is an ELF (it "
					     "loads at its p_paddr)");
		err = vmm_load_elf_checked(&vm->mem, g->image, isize,
					   VMM_ELF_EM_RISCV, &rules, info);
	} else {
		/* A kernel Image needs room for its bss too. */
		rules.footprint = vmm_linux_image_size(g->image, isize);
		err = vmm_load_raw_checked(
		    &vm->mem, g->load ? g->load : HV_GUEST_RAW_LOAD, g->image,
		    isize, &rules, info);
	}
	if (err)
		return image_refused("image", info->error);
	/* An odd entry made vCPU setup fail ("hv: panic: vCPU creation"). */
	if (info->entry & 1) {
		vmm_fmt(info->msg, sizeof(info->msg),
			"entry 0x%llx is odd: RISC-V instructions start at "
			"even addresses",
			(unsigned long long)info->entry);
		return image_refused("image", info->msg);
	}
	uint64_t lo = info->lo, hi = info->hi;
	if (hi - lo < rules.footprint)
		hi = lo + rules.footprint;
	/* The initrd and the DTB must miss the image and each other. */
	struct vmm_load_keepout image = { lo, hi - lo, "the guest image" };
	struct vmm_load_keepout for_initrd[2] = { image, ko[0] };
	struct vmm_load_keepout for_dtb[2] = { image, ko[1] };
	struct vmm_load_rules r_initrd = { for_initrd, 2, false, 0 };
	struct vmm_load_rules r_dtb = { for_dtb, 2, false, 0 };
	struct vmm_load_info sub;
	if (rsize && vmm_load_raw_checked(&vm->mem, g->initrd_gpa, g->initrd,
					  (size_t)rsize, &r_initrd, &sub))
		return image_refused("initrd", sub.error);
	if (vmm_load_raw_checked(&vm->mem, g->dtb_gpa, g->dtb, (size_t)dsize,
				 &r_dtb, &sub))
		return image_refused("DTB", sub.error);
	return 0;
}

/* ---- the VM ---------------------------------------------------------------
 */

/* The stage-2 levels to use: hv->s2_levels if the hart has them. */
static unsigned hv_stage2_levels(const struct hv_vm *hv)
{
	unsigned most = axvcpu_percpu_max_guest_page_table_levels();
	uint64_t top = HV_GUEST_RAM_GPA + hv_guest_cfg.ram_size;
	unsigned want =
	    hv->s2_levels ? hv->s2_levels : (top <= 1ull << 41 ? 3 : 4);
	return want < most ? want : most;
}

void hv_vm_build(struct hv_vm *hv, unsigned nvcpu)
{
	static struct vmm_load_info info;
	struct vmm_vm_config cfg = {
		.vm_id = 1,
		.fence_wait = HV_FENCE_WAIT_TICKS,
		.console_write_max = HV_DBCN_MAX,
		.input_poll = HV_SLICE_TICKS,
		.time_exits = hv->report_exits,
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
					     .after = uart_after,
					     .ctx = hv,
					     .push_input =
						 hv_vm_uart16550_push };
	struct vmm_vm_dev_opts plic_opts = { .reset = plic_reset };
	if (vmm_vm_init(vm, &cfg, &host))
		hv_panic("VM init");
	/*
	 * Stage 2 follows the memory map: RAM is mapped as it is added. Every
	 * guest TLB miss walks stage 2 once per guest level plus once more,
	 * so a level less is much cheaper: Sv39x4 (2 TiB, above everything
	 * this board maps) unless a program asks for Sv48x4.
	 */
	struct axvcpu_stage2_config s2cfg = { .levels = hv_stage2_levels(hv) };
	if (axvcpu_stage2_create(&axvcpu_backend_riscv64, &s2cfg, &hv->s2) ||
	    vmm_mem_attach_stage2(&vm->mem, hv->s2))
		hv_panic("stage-2 address space");
	vmm_uart16550_init(&hv->uart, 0, hv_vm_uart_tx, 0);
	vmm_plic_init(&hv->plic, HV_GUEST_PLIC_NDEV, 2 * nvcpu, plic_output,
		      hv);
	hv->uart_irq = false;
	uint64_t ram = hv_guest_cfg.ram_size;
	if (vmm_mem_add(&vm->mem, HV_GUEST_RAM_GPA, ram,
			(void *)HV_GUEST_RAM_HPA, VMM_MEM_RAM) ||
	    vmm_vm_add_device(vm, false, HV_GUEST_PLIC, VMM_PLIC_SIZE,
			      &vmm_plic_ops, &hv->plic, &plic_opts,
			      &hv->plic_dev) ||
	    vmm_vm_add_device(vm, false, HV_GUEST_UART, VMM_UART16550_SIZE(0),
			      &vmm_uart16550_ops, &hv->uart, &uart_opts, 0))
		hv_panic("guest memory map");
	hv_flash_add(hv);
	/* QEMU's RAM starts zeroed and nothing ran there (a reset clears it
	 * in the VM layer): no fill, which cost ~0.1 s per 128 MiB. */
	if (host_reload(&info, vm))
		hv_poweroff(HV_STATUS_IMAGE);

	bool sv48 = axvcpu_stage2_levels(hv->s2) == 4;
	struct axvcpu_riscv64_setup_config setup = {
		.mode = sv48 ? AXVCPU_RISCV64_SV48X4 : AXVCPU_RISCV64_SV39X4,
		.vmid = 1,
	};
	for (unsigned i = 0; i < nvcpu; i++) {
		struct axvcpu_riscv64_create_config cc = {
			.hart_id = i,
			.dtb_addr = hv_guest_cfg.dtb_gpa,
		};
		struct axvcpu *vcpu;
		if (hv_vcpu_create(&axvcpu_backend_riscv64, i, &cc, sizeof(cc),
				   &vcpu) ||
		    axvcpu_setup(vcpu, info.entry, axvcpu_stage2_root(hv->s2),
				 &setup, sizeof(setup)) ||
		    vmm_vm_add_vcpu(vm, vcpu))
			hv_panic("vCPU creation");
	}
	hv->started = hv_time();
	hv_printf("hv: guest entry %lx, %u vCPU(s), %s, %lu frames\n",
		  info.entry, nvcpu, sv48 ? "Sv48x4" : "Sv39x4",
		  hv_frames_used());
}

/*
 * Exits of every vCPU by kind over the run (the VM object's counters):
 * count, per second of the VM's wall clock, and, with time_exits, the
 * time the VM layer spent handling them.
 */
static void hv_report_exits(struct hv_vm *hv, uint64_t ticks)
{
	uint64_t ms = ticks / (HV_TIMEBASE_HZ / 1000);
	hv_printf("hv: exit stats over %lu ms of VM time, %u vCPU(s)\n", ms,
		  hv->vm.nvcpu);
	for (unsigned r = 0; r < AXVCPU_EXIT_REASON_COUNT; r++) {
		uint64_t n = 0, handle = 0;
		for (unsigned i = 0; i < hv->vm.nvcpu; i++) {
			const struct vmm_exit_stats *st =
			    vmm_vm_stats(&hv->vm, i);
			n += st->count[r];
			handle += st->handle_ns[r];
		}
		if (!n)
			continue;
		hv_printf("hv: exit %s count=%lu per_s=%lu handle_us=%lu\n",
			  axvcpu_exit_name((enum axvcpu_exit_reason)r), n,
			  ms ? n * 1000 / ms : 0,
			  handle / (uint64_t)(HV_TIMEBASE_HZ / 1000000));
	}
}

void hv_vm_run(struct hv_vm *hv, unsigned hart)
{
	hv_timer_arm(hv_time() + hv_slice_ticks(hart));
	enum vmm_vm_end end = vmm_vm_run_vcpu(&hv->vm, hart);
	if (hart != 0)
		for (;;)
			__asm__ volatile("wfi");
	uint64_t ticks = hv_time() - hv->started;
	hv_vm_print_end(&hv->vm, end);
	if (hv->report_exits)
		hv_report_exits(hv, ticks);
	if (hv->on_end)
		hv->on_end(hv, end);
	/* (The statuses of hv_vm_end_status() are those of enum hv_status.) */
	hv_poweroff(hv_vm_end_status(end));
}
