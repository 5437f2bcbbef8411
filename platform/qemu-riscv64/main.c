/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hart bring-up: the boot hart sets up the HAL and the VM and starts the
 * other harts through OpenSBI; every hart enables virtualization and runs
 * its vCPU (vCPU N on hart N; a parked one sleeps until the guest starts
 * it).
 */
#include "pool.h"
#include "vm.h"
#include <axvcpu/riscv64.h>

extern char hv_secondary_entry[];

static volatile int hv_ready;
static volatile unsigned hv_harts;

static void hart_enable(void)
{
	int err = axvcpu_percpu_init(&axvcpu_backend_riscv64);
	if (!err)
		err = axvcpu_percpu_hardware_enable();
	if (err) {
		hv_printf("hv: this hart cannot run guests: %s\n",
			  axvcpu_error_name(err));
		/* Only a missing feature is the hardware's fault. */
		hv_panic(err == AXVCPU_EUNSUPPORTED
			     ? "per-CPU enable (needs the H extension and Sstc)"
			     : "per-CPU enable");
	}
	/* Host timer and IPIs trap out of the guest (host SIE stays 0). */
	__asm__ volatile("csrs sie, %0" ::"r"((1ul << 5) | (1ul << 1)));
}

void hv_hart_main(unsigned long hart, unsigned long arg, unsigned long boot);
void hv_hart_main(unsigned long hart, unsigned long arg, unsigned long boot)
{
	if (boot) {
		/* a1 = the host DTB, which QEMU puts at the top of RAM. */
		uint64_t ram_end = HV_GUEST_RAM_HPA + hv_guest_cfg.ram_size;
		if (arg < ram_end) {
			hv_printf("hv: QEMU -m too small: the guest's %lu MiB "
				  "of RAM live at host 0x%lx-0x%lx (use -m "
				  "%luM or more)\n",
				  hv_guest_cfg.ram_size >> 20,
				  (uint64_t)HV_GUEST_RAM_HPA, ram_end,
				  ((ram_end - 0x80000000ul) >> 20) + 64);
			hv_poweroff(HV_STATUS_HOSTMEM);
		}
		hv_hal_init();
		hv_printf("hv: axvcpu %s riscv64 hypervisor, boot hart %lu\n",
			  axvcpu_version(), hart);
		unsigned harts = 1;
		for (unsigned h = 0; h < HV_MAX_HARTS; h++)
			if (h != hart &&
			    hv_sbi_hart_start(
				h, (unsigned long)hv_secondary_entry, 0) == 0)
				harts++;
		hv_harts = harts;
		hart_enable();
		hv_program_init(&hv_vm, harts);
		__atomic_store_n(&hv_ready, 1, __ATOMIC_RELEASE);
	} else {
		while (!__atomic_load_n(&hv_ready, __ATOMIC_ACQUIRE))
			;
		hart_enable();
	}
	if (hart >= hv_vm.vm.nvcpu)
		for (;;)
			__asm__ volatile("wfi");
	/* A parked vCPU (HSM stopped) waits inside, asleep until started. */
	hv_vm_run(&hv_vm, (unsigned)hart);
}
