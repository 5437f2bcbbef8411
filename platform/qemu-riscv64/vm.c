/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VM construction and the run loop (the seed's run_vcpu): every exit the
 * backend returns is handled here with the VM layer's devices.
 */
#include "vm.h"
#include "pool.h"
#include "vmm/libc.h"
#include "vmm/loader.h"
#include "vmm/run_vcpu.h"
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
	/* With no guest timer due (none, or one set absurdly far out) and
	 * no other vCPU to send an interrupt, only console input can end
	 * this wait: say so once instead of hanging silently (input still
	 * wakes it, as a spurious WFI wake-up). */
	static bool told;
	uint64_t now = hv_time();
	if (vm->nvcpu == 1 && !told && deadline > now &&
	    deadline - now > 3600 * HV_TIMEBASE_HZ) {
		told = true;
		hv_printf("\nhv: vCPU halted with no timer due within an hour "
			  "and no other vCPU: only console input can wake "
			  "it\n");
	}
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
	/* The guest picks len: without a bound one call could keep this
	 * hart printing all of guest RAM for minutes with interrupts off.
	 * SBI allows partial writes; the guest sees the count and goes on. */
	if (len > HV_DBCN_MAX)
		len = HV_DBCN_MAX;
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
	/* Two harts may start the same hart at once: the check and the
	 * start must be one step, or the second set_entry meets a vCPU the
	 * first one is using (EBUSY). */
	hv_lock(&vm->hsm_lock);
	if (t >= vm->nvcpu || vm->up[t]) {
		hv_unlock(&vm->hsm_lock);
		/* SBI_ERR_INVALID_PARAM / SBI_ERR_ALREADY_AVAILABLE */
		axvcpu_set_return_value(vcpu, t >= vm->nvcpu ? (uint64_t)-3
							     : (uint64_t)-6);
		return;
	}
	/* The seed's vcpu_on: entry point and the opaque argument (a1),
	 * and a0 = hart id again (a restart after hart_stop would see what
	 * its ecall left there: 0, the SBI error). Entry and argument come
	 * from the guest: a refusal is the guest's error
	 * (SBI_ERR_INVALID_ADDRESS), never a reason to stop the host. */
	if (!vmm_mem_covers(&vm->mem, e->cpu_up.entry_point, 2)) {
		/* Not in guest RAM: the hart's first fetch would fault, and
		 * with no trap vector yet it would fault forever. SBI says
		 * refuse. */
		hv_unlock(&vm->hsm_lock);
		axvcpu_set_return_value(vcpu, (uint64_t)-5);
		return;
	}
	if (axvcpu_set_entry(vm->vcpu[t], e->cpu_up.entry_point) ||
	    axvcpu_set_gpr(vm->vcpu[t], 10, t) ||
	    axvcpu_set_gpr(vm->vcpu[t], 11, e->cpu_up.arg)) {
		hv_unlock(&vm->hsm_lock);
		axvcpu_set_return_value(vcpu, (uint64_t)-5);
		return;
	}
	__atomic_store_n(&vm->up[t], 1, __ATOMIC_RELEASE);
	hv_unlock(&vm->hsm_lock);
}

/*
 * SBI RFENCE naming other harts: the backend has fenced the caller; ask
 * every other named vCPU to fence and wait for those running guest code,
 * so that when the caller resumes no hart can still use what it flushed
 * (a guest's TLB shootdown relies on that). A vCPU that is not running
 * fences before its next entry: no wait. Harts the VM does not have are
 * skipped; a mask naming none of its harts is SBI_ERR_INVALID_PARAM.
 */
static void vm_remote_fence(struct hv_vm *vm, unsigned id,
			    const struct axvcpu_exit *e)
{
	uint64_t base = e->remote_fence.target_cpu;
	uint64_t mask = e->remote_fence.target_cpu_aux;
	uint64_t wait = 0; /* bit t: vCPU t was asked */
	bool named = false;
	for (unsigned t = 0; t < vm->nvcpu; t++) {
		/* t - base only once t >= base: no wrap, no shift >= 64. */
		if (!e->remote_fence.send_to_all &&
		    !(t >= base && t - base < 64 && (mask >> (t - base) & 1)))
			continue;
		named = true;
		if (t != id &&
		    !axvcpu_request_fence(vm->vcpu[t], e->remote_fence.kinds))
			wait |= 1ull << t;
	}
	if (!named) {
		axvcpu_set_return_value(vm->vcpu[id], (uint64_t)-3);
		return;
	}
	/* Bounded: a hart that never answers must not hang this one. */
	uint64_t end = hv_time() + HV_FENCE_WAIT_TICKS;
	while (wait) {
		for (unsigned t = 0; t < vm->nvcpu; t++)
			if ((wait >> t & 1) &&
			    (!axvcpu_fence_pending(vm->vcpu[t]) ||
			     axvcpu_state(vm->vcpu[t]) != AXVCPU_STATE_RUNNING))
				wait &= ~(1ull << t);
		if (!wait)
			break;
		if (hv_time() >= end) {
			hv_printf("\nhv: remote fence: vCPU mask %lx did not "
				  "fence in time\n",
				  wait);
			break;
		}
		__asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010"); /* pause */
	}
}

/*
 * An access the VM cannot serve (an AMO or FP access on MMIO, a fetch from
 * unmapped memory...): the guest's kernel gets the access fault real
 * hardware would raise, and the host goes on. A guest whose handler faults
 * again loops through here, each time back into the guest, so the host
 * timer still preempts it. False if the backend could not reflect it.
 */
static bool vm_reflect(struct hv_vm *vm, unsigned id,
		       const struct axvcpu_exit *e)
{
	/* The first few are worth a line (a guest bug to look at); a guest
	 * stuck faulting must not flood the console. */
	enum { TOLD_MAX = 4 };
	static unsigned told;
	int err = axvcpu_reflect_fault(vm->vcpu[id]);
	if (err) {
		hv_printf("\nhv: vCPU %u: reflect_fault: %s\n", id,
			  axvcpu_strerror(err));
		return false;
	}
	unsigned n = __atomic_fetch_add(&told, 1, __ATOMIC_RELAXED);
	if (n < TOLD_MAX) {
		char line[128];
		axvcpu_exit_format(e, line, sizeof(line));
		hv_printf("\nhv: vCPU %u: %s -> access fault in the guest%s\n",
			  id, line,
			  n + 1 == TOLD_MAX ? " (no more of these reported)"
					    : "");
	}
	return true;
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
		/* Unclaimed MMIO is an open bus (reads 0, writes vanish),
		 * not a fault: a guest probing for a device it was not
		 * given must not die of it. */
		if (err)
			val = 0;
		axvcpu_complete_mmio_read(vcpu, val);
		return true;
	case AXVCPU_EXIT_MMIO_WRITE:
		hv_lock(&vm->dev_lock);
		vmm_bus_write(&vm->bus, e->mmio_write.addr, e->mmio_write.width,
			      e->mmio_write.data);
		hv_unlock(&vm->dev_lock);
		return true;
	case AXVCPU_EXIT_NESTED_PAGE_FAULT:
		if (vm_reflect(vm, id, e))
			return true;
		break; /* stop the VM with the report below */
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
	case AXVCPU_EXIT_REMOTE_FENCE:
		vm_remote_fence(vm, id, e);
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
		/* up[id] drops in hv_vm_run once the vCPU is unbound. */
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
	default:
		break;
	}
	char line[128];
	axvcpu_exit_format(e, line, sizeof(line));
	uint64_t pc = 0, ra = 0;
	axvcpu_get_gpr(vcpu, AXVCPU_RISCV64_REG_PC, &pc);
	axvcpu_get_gpr(vcpu, 1, &ra);
	hv_printf("\nhv: vCPU %u stopped: %s (pc %lx ra %lx)\n", id, line, pc,
		  ra);
	hv_poweroff(1);
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
	/* Only now may another hart's hart_start touch this vCPU: until
	 * the unbind is done its set_entry would fail (EBUSY). Till then
	 * HSM status says STARTED (the stop is pending). */
	hv_lock(&vm->hsm_lock);
	__atomic_store_n(&vm->up[id], 0, __ATOMIC_RELEASE);
	bool any = false;
	for (unsigned t = 0; t < vm->nvcpu; t++)
		any |= vm->up[t] != 0;
	hv_unlock(&vm->hsm_lock);
	/* The guest stopped its last hart: no vCPU is left to start
	 * another, so every hart would wait forever. End the run instead
	 * of hanging silently. */
	if (!any) {
		if (vm->all_down)
			vm->all_down(vm);
		hv_printf("\nhv: every vCPU stopped itself (SBI hart_stop) "
			  "after %lu exits: powering off\n",
			  vm->exits);
		hv_poweroff(0);
	}
}
