/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Application processors: the real-mode trampoline (start.S) copied to
 * HV_TRAMPOLINE with this CPU's GDT, page tables, a stack and the entry,
 * then INIT-SIPI-SIPI, one CPU at a time.
 */
#include "hv.h"

extern char hv_tramp_start[], hv_tramp_end[];
extern char hv_tramp_gdtr[], hv_tramp_cr3[], hv_tramp_stack[], hv_tramp_entry[];
extern char hv_gdt[], hv_pml4[], hv_stacks[];

static void (*smp_fn)(unsigned cpu);
static volatile unsigned smp_up;

unsigned hv_cpu(void)
{
	return hv_lapic_id();
}

static void smp_ap_main(void)
{
	hv_idt_load();
	hv_lapic_init();
	unsigned cpu = hv_cpu();
	__atomic_add_fetch(&smp_up, 1, __ATOMIC_SEQ_CST);
	smp_fn(cpu);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* A field of the copy at HV_TRAMPOLINE. */
static void *tramp_field(const char *sym)
{
	return (char *)(uint64_t)HV_TRAMPOLINE + (sym - hv_tramp_start);
}

unsigned hv_smp_start(unsigned ncpus, void (*fn)(unsigned cpu))
{
	smp_fn = fn;
	uint8_t *dst = (uint8_t *)(uint64_t)HV_TRAMPOLINE;
	for (const char *s = hv_tramp_start; s < hv_tramp_end; s++)
		*dst++ = (uint8_t)*s;
	struct __attribute__((packed)) {
		uint16_t limit;
		uint32_t base;
	} gdtr = { 4 * 8 - 1, (uint32_t)(uint64_t)hv_gdt };
	*(__typeof__(gdtr) *)tramp_field(hv_tramp_gdtr) = gdtr;
	*(uint64_t *)tramp_field(hv_tramp_cr3) = (uint64_t)hv_pml4;
	*(uint64_t *)tramp_field(hv_tramp_entry) = (uint64_t)smp_ap_main;
	unsigned started = 1;
	for (unsigned cpu = 1; cpu < ncpus && cpu < HV_MAX_CPUS; cpu++) {
		unsigned before = smp_up;
		*(uint64_t *)tramp_field(hv_tramp_stack) =
		    (uint64_t)hv_stacks + (uint64_t)(cpu + 1) * HV_STACK_SIZE;
		hv_lapic_start_ap(cpu);
		uint64_t end = hv_now_ns() + 200000000ull;
		while (smp_up == before && hv_now_ns() < end)
			hv_pause();
		if (smp_up == before)
			break;
		started++;
	}
	return started;
}
