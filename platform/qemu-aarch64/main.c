/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPU bring-up: the boot CPU maps memory, sets up the HAL, the GIC and
 * the VM, and starts the other CPUs through QEMU's PSCI; every CPU
 * enables virtualization and runs its vCPU (vCPU N on CPU N; a parked one
 * sleeps until the guest starts it).
 */
#include "vm.h"
#include <axvcpu/aarch64.h>

extern char hv_secondary_entry[];

static volatile int hv_ready;

static void cpu_enable(unsigned cpu)
{
	hv_gic_init_cpu(cpu);
	int err = axvcpu_percpu_init(&axvcpu_backend_aarch64);
	if (!err)
		err = axvcpu_percpu_hardware_enable();
	if (err) {
		hv_printf("hv: this CPU cannot run guests: %s\n",
			  axvcpu_error_name(err));
		hv_panic("per-CPU enable (needs EL2 and a GICv3)");
	}
}

void hv_cpu_main(unsigned long cpu, unsigned long boot);
void hv_cpu_main(unsigned long cpu, unsigned long boot)
{
	if (boot) {
		hv_mmu_init();
		hv_mmu_enable();
		hv_hal_init();
		hv_printf("hv: axvcpu %s aarch64 hypervisor, boot CPU %lu\n",
			  axvcpu_version(), cpu);
		hv_gic_init_dist();
		unsigned cpus = 1;
		for (unsigned c = 0; c < HV_MAX_CPUS; c++)
			if (c != cpu &&
			    hv_psci_cpu_on(c, (uint64_t)hv_secondary_entry,
					   c) == 0)
				cpus++;
		cpu_enable((unsigned)cpu);
		hv_program_init(&hv_vm, cpus);
		__atomic_store_n(&hv_ready, 1, __ATOMIC_RELEASE);
	} else {
		hv_mmu_enable();
		while (!__atomic_load_n(&hv_ready, __ATOMIC_ACQUIRE))
			;
		cpu_enable((unsigned)cpu);
	}
	if (cpu >= hv_vm.vm.nvcpu)
		for (;;)
			__asm__ volatile("wfi");
	/* A parked vCPU (PSCI CPU_OFF) waits inside, asleep until started. */
	hv_vm_run(&hv_vm, (unsigned)cpu);
}
