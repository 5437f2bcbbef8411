/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VM construction and the run loop (the seed's run_vcpu): every exit the
 * backend returns is handled here with the VM layer's devices.
 */
#include "vm.h"
#include "../../vmm/libc.h"
#include "../../vmm/loader.h"
#include "../../vmm/run_vcpu.h"
#include "pool.h"
#include <axvcpu/riscv64.h>

struct hv_vm hv_vm;

extern const char hv_guest_elf[], hv_guest_elf_end[];
extern const char hv_guest_dtb[], hv_guest_dtb_end[];

static void uart_tx(void *ctx, uint8_t c)
{
	(void)ctx;
	hv_putc((char)c);
}

void hv_vm_build(struct hv_vm *vm, unsigned nvcpu)
{
	struct vmm_load_info info;
	vm->nvcpu = nvcpu;
	vm->rx_held = -1;
	vmm_mem_init(&vm->mem);
	vmm_bus_init(&vm->bus);
	vmm_uart16550_init(&vm->uart, 0, uart_tx, 0);
	if (vmm_mem_add(&vm->mem, HV_GUEST_RAM_GPA, HV_GUEST_RAM_SIZE,
			(void *)HV_GUEST_RAM_HPA, VMM_MEM_RAM) ||
	    vmm_bus_add(&vm->bus, HV_GUEST_UART, VMM_UART16550_SIZE(0),
			&vmm_uart16550_ops, &vm->uart))
		hv_panic("guest memory map");
	/* Guest RAM must not keep a previous run's data. */
	vmm_mem_fill(&vm->mem, HV_GUEST_RAM_GPA, 0, HV_GUEST_RAM_SIZE);
	if (vmm_load_elf(&vm->mem, hv_guest_elf,
			 (size_t)(hv_guest_elf_end - hv_guest_elf),
			 VMM_ELF_EM_RISCV, &info)) {
		hv_printf("hv: guest image: %s\n", info.error);
		hv_panic("cannot load the guest");
	}
	if (vmm_mem_write(&vm->mem, HV_GUEST_DTB_GPA, hv_guest_dtb,
			  (uint64_t)(hv_guest_dtb_end - hv_guest_dtb)))
		hv_panic("cannot place the DTB");

	unsigned levels = axvcpu_percpu_max_guest_page_table_levels();
	if (vm->max_levels && levels > vm->max_levels)
		levels = vm->max_levels;
	if (hv_stage2_init(&vm->s2, levels >= 4 ? 4 : 3) ||
	    hv_stage2_map(&vm->s2, HV_GUEST_RAM_GPA, HV_GUEST_RAM_HPA,
			  HV_GUEST_RAM_SIZE))
		hv_panic("stage-2 tables");
	struct axvcpu_riscv64_setup_config setup = {
		.mode = vm->s2.levels == 4 ? AXVCPU_RISCV64_SV48X4
					   : AXVCPU_RISCV64_SV39X4,
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
		if (axvcpu_create(&axvcpu_backend_riscv64, &p, &vm->vcpu[i]) ||
		    axvcpu_setup(vm->vcpu[i], info.entry, vm->s2.root, &setup,
				 sizeof(setup)))
			hv_panic("vCPU creation");
	}
	hv_printf("hv: guest entry %lx, %u vCPU(s), %s, %lu frames\n",
		  info.entry, nvcpu, vm->s2.levels == 4 ? "Sv48x4" : "Sv39x4",
		  hv_frames_used());
	vm->up[0] = 1;
}

void hv_vm_poll_input(struct hv_vm *vm)
{
	/* Every hart polls; one at a time owns the real and the guest UART. */
	hv_lock(&vm->dev_lock);
	if (vm->rx_held < 0)
		vm->rx_held = hv_getc();
	if (vm->rx_held >= 0 &&
	    vmm_uart16550_push_rx(&vm->uart, (uint8_t)vm->rx_held) == 0)
		vm->rx_held = -1;
	hv_unlock(&vm->dev_lock);
}

/* Wait, polling the console, until the deadline or something to do. */
static void vm_halt(struct hv_vm *vm, struct axvcpu *vcpu, uint64_t deadline)
{
	while (axvcpu_state(vcpu) == AXVCPU_STATE_BLOCKED) {
		if (hv_time() >= deadline)
			break;
		hv_vm_poll_input(vm);
		if (vm->rx_held >= 0 || vm->uart.rx_count)
			break;
	}
	axvcpu_wake(vcpu);
}

static void vm_console_write(struct hv_vm *vm, struct axvcpu *vcpu,
			     const struct axvcpu_exit *e)
{
	if (!e->console_write.len) {
		hv_putc((char)e->console_write.byte);
		return;
	}
	char buf[64];
	uint64_t done = 0, len = e->console_write.len;
	while (done < len) {
		uint64_t n =
		    len - done < sizeof(buf) ? len - done : sizeof(buf);
		if (vmm_mem_read(&vm->mem, e->console_write.gpa + done, buf, n))
			break;
		for (uint64_t i = 0; i < n; i++)
			hv_putc(buf[i]);
		done += n;
	}
	axvcpu_set_return_value(vcpu, done);
}

/* SBI getchar (one byte or -1) / DBCN read (bytes into guest memory). */
static void vm_console_read(struct hv_vm *vm, struct axvcpu *vcpu,
			    const struct axvcpu_exit *e)
{
	if (!e->console_read.len) {
		axvcpu_complete_console_read(vcpu, hv_getc());
		return;
	}
	int64_t n = 0;
	int c;
	while ((uint64_t)n < e->console_read.len && (c = hv_getc()) >= 0) {
		uint8_t b = (uint8_t)c;
		if (vmm_mem_write(&vm->mem, e->console_read.gpa + n, &b, 1)) {
			n = n ? n : -1; /* SBI_ERR_FAILED on a bad buffer */
			break;
		}
		n++;
	}
	axvcpu_complete_console_read(vcpu, n);
}

static void vm_cpu_up(struct hv_vm *vm, struct axvcpu *vcpu,
		      const struct axvcpu_exit *e)
{
	uint64_t t = e->cpu_up.target_cpu;
	if (t >= vm->nvcpu || vm->up[t]) {
		/* SBI_ERR_INVALID_PARAM / SBI_ERR_ALREADY_AVAILABLE */
		axvcpu_set_return_value(vcpu, t >= vm->nvcpu ? (uint64_t)-3
							     : (uint64_t)-6);
		return;
	}
	/* The seed's vcpu_on: entry point and the opaque argument (a1). */
	if (axvcpu_set_entry(vm->vcpu[t], e->cpu_up.entry_point) ||
	    axvcpu_set_gpr(vm->vcpu[t], 11, e->cpu_up.arg))
		hv_panic("vcpu_on");
	__atomic_store_n(&vm->up[t], 1, __ATOMIC_RELEASE);
}

/* The default handling of one exit; false when the vCPU is done. */
static bool vm_exit_default(struct hv_vm *vm, unsigned id,
			    struct axvcpu_exit *e)
{
	struct axvcpu *vcpu = vm->vcpu[id];
	uint64_t val = 0;
	int err;
	switch (e->reason) {
	case AXVCPU_EXIT_MMIO_READ:
		hv_lock(&vm->dev_lock);
		err = vmm_bus_read(&vm->bus, e->mmio_read.addr,
				   e->mmio_read.width, &val);
		hv_unlock(&vm->dev_lock);
		if (err)
			val = 0; /* unclaimed MMIO reads as zero */
		axvcpu_complete_mmio_read(vcpu, val);
		return true;
	case AXVCPU_EXIT_MMIO_WRITE:
		hv_lock(&vm->dev_lock);
		vmm_bus_write(&vm->bus, e->mmio_write.addr, e->mmio_write.width,
			      e->mmio_write.data);
		hv_unlock(&vm->dev_lock);
		return true;
	case AXVCPU_EXIT_EXTERNAL_INTERRUPT:
		if (e->external_interrupt.vector == 5)
			hv_timer_arm(hv_time() + HV_SLICE_TICKS);
		else if (e->external_interrupt.vector == 1)
			__asm__ volatile("csrc sip, %0" ::"r"(2ul));
		return true;
	case AXVCPU_EXIT_HALT:
		vm_halt(vm, vcpu, e->halt.deadline);
		return true;
	case AXVCPU_EXIT_CPU_UP:
		vm_cpu_up(vm, vcpu, e);
		return true;
	case AXVCPU_EXIT_SEND_IPI:
		for (unsigned t = 0; t < vm->nvcpu; t++) {
			uint64_t base = e->send_ipi.target_cpu;
			if (e->send_ipi.send_to_all ||
			    (t >= base && t - base < 64 &&
			     (e->send_ipi.target_cpu_aux >> (t - base) & 1)))
				axvcpu_inject_interrupt(vm->vcpu[t], 1);
		}
		return true;
	case AXVCPU_EXIT_HYPERCALL:
		if (e->hypercall.nr == AXVCPU_RISCV64_HC_HART_STATUS) {
			uint64_t h = e->hypercall.args[0];
			/* 0 STARTED, 1 STOPPED; unknown hart: INVALID_PARAM */
			if (h >= vm->nvcpu)
				axvcpu_set_return_value(vcpu, (uint64_t)-3);
			else
				axvcpu_set_return_value(vcpu,
							vm->up[h] ? 0 : 1);
		}
		return true;
	case AXVCPU_EXIT_CONSOLE_WRITE:
		vm_console_write(vm, vcpu, e);
		return true;
	case AXVCPU_EXIT_CONSOLE_READ:
		vm_console_read(vm, vcpu, e);
		return true;
	case AXVCPU_EXIT_CANCELLED:
	case AXVCPU_EXIT_NOTHING:
		return true;
	case AXVCPU_EXIT_CPU_DOWN:
		vm->up[id] = 0;
		return false;
	case AXVCPU_EXIT_SYSTEM_DOWN:
		hv_printf("\nhv: guest powered off (reason %lu) after %lu "
			  "exits\n",
			  e->system.reason, vm->exits);
		hv_poweroff(0);
	case AXVCPU_EXIT_SYSTEM_RESET:
		hv_printf("\nhv: guest asked for a reset (type %lu)\n",
			  e->system.reason);
		hv_poweroff(0);
	default: {
		char line[128];
		axvcpu_exit_format(e, line, sizeof(line));
		uint64_t pc = 0, ra = 0;
		axvcpu_get_gpr(vcpu, AXVCPU_RISCV64_REG_PC, &pc);
		axvcpu_get_gpr(vcpu, 1, &ra);
		hv_printf("\nhv: vCPU %u stopped: %s (pc %lx ra %lx)\n", id,
			  line, pc, ra);
		hv_poweroff(1);
	}
	}
}

static void vm_on_exit(void *ctx, struct axvcpu *vcpu,
		       const struct axvcpu_exit *exit)
{
	(void)vcpu;
	(void)exit;
	__atomic_fetch_add(&((struct hv_vm *)ctx)->exits, 1, __ATOMIC_RELAXED);
}

static bool vm_should_stop(void *ctx, struct axvcpu *vcpu)
{
	(void)vcpu;
	hv_vm_poll_input(ctx);
	return false;
}

void hv_vm_run(struct hv_vm *vm, unsigned id)
{
	struct axvcpu *vcpu = vm->vcpu[id];
	struct axvcpu_exit e;
	/* The shared run_vcpu loop serves the bus when one vCPU owns it; a
	 * test hook wants to see every exit, and several vCPUs need the
	 * device lock of vm_exit_default, so those get no bus. */
	struct vmm_run_config cfg = {
		.mmio = vm->hook || vm->nvcpu > 1 ? 0 : &vm->bus,
		.on_exit = vm_on_exit,
		.should_stop = vm_should_stop,
		.ctx = vm,
	};
	if (axvcpu_bind(vcpu))
		hv_panic("bind");
	hv_timer_arm(hv_time() + HV_SLICE_TICKS);
	for (;;) {
		int err = vmm_run_loop(vcpu, &cfg, &e);
		if (err) {
			hv_printf("hv: axvcpu_run: %s\n", axvcpu_strerror(err));
			hv_poweroff(1);
		}
		hv_vm_poll_input(vm);
		if (vm->hook && vm->hook(vm, id, &e))
			continue;
		if (!vm_exit_default(vm, id, &e))
			break;
	}
	axvcpu_unbind(vcpu);
}
