/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPU bring-up: the boot CPU reads the multiboot information, sets up the
 * HAL and the VM and starts the other CPUs; every CPU enables SVM and runs
 * its vCPU (vCPU N on CPU N; a parked one sleeps until the guest starts
 * it). Command line: cpus=N (vCPUs, default 1), mem=MiB (guest RAM,
 * default 256), mode=real16|prot32|long64 (for a flat image).
 */
#include "platform/pc/arch.h"
#include "platform/pc/boot.h"
#include "platform/pc/vm.h"

#define HV_POOL_SIZE (64ull << 20)

static volatile int hv_ready;
static unsigned hv_ncpus;

static unsigned arg_uint(const char *key, unsigned dflt)
{
	char buf[16];
	const char *v = hv_boot_arg(key, buf, sizeof(buf));
	if (!v || !*v)
		return dflt;
	unsigned n = 0;
	for (; *v >= '0' && *v <= '9'; v++)
		n = n * 10 + (unsigned)(*v - '0');
	return n;
}

static void cpu_enable(unsigned cpu)
{
	int err = axvcpu_percpu_init(&HV_ARCH_BACKEND);
	if (!err)
		err = axvcpu_percpu_hardware_enable();
	if (err)
		hv_panic("CPU %u cannot run guests: %s (" HV_ARCH_NEEDS ")",
			 cpu, axvcpu_strerror(err));
	hv_lapic_timer_start(HV_TICK_US);
}

static void ap_main(unsigned cpu)
{
	while (!__atomic_load_n(&hv_ready, __ATOMIC_ACQUIRE))
		hv_pause();
	cpu_enable(cpu);
	hv_vm_run(&hv_vm, cpu);
}

void hv_main(uint32_t magic, uint64_t mbi);
void hv_main(uint32_t magic, uint64_t mbi)
{
	hv_console_init();
	hv_idt_load();
	hv_lapic_init();
	hv_time_init();
	if (!hv_boot_multiboot(magic, mbi))
		hv_panic("not started by a multiboot loader");
	unsigned ncpus = arg_uint("cpus", 1);
	if (ncpus < 1 || ncpus > HV_MAX_CPUS)
		ncpus = 1;
	uint64_t mem = (uint64_t)arg_uint("mem", 256) << 20;
	hv_boot_plan(HV_POOL_SIZE, mem + (1u << 20));
	if (hv_boot.mem_top && hv_boot.guest_end > hv_boot.mem_top)
		hv_panic("not enough memory: %lu MiB needed",
			 (unsigned long)(hv_boot.guest_end >> 20));
	hv_printf("hv: axvcpu %s x86-64 " HV_ARCH_NAME
		  " hypervisor, TSC %lu MHz\n",
		  axvcpu_version(), (unsigned long)(hv_tsc_hz() / 1000000));
	hv_hal_init();
	hv_ncpus = hv_smp_start(ncpus, ap_main);
	if (hv_ncpus < ncpus)
		hv_panic("only %u of %u CPUs started (qemu -smp %u)", hv_ncpus,
			 ncpus, ncpus);
	cpu_enable(0);
	hv_program_init(&hv_vm, ncpus);
	__atomic_store_n(&hv_ready, 1, __ATOMIC_RELEASE);
	hv_vm_run(&hv_vm, 0);
}

void hv_tick(unsigned cpu)
{
	(void)cpu;
}
