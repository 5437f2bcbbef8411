/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the PC device models of vmm/ (8254 and port 0x61, the
 * interrupt controllers: 8259 pair and ELCR, I/O APIC, local APICs, the
 * PCI configuration ports with the reset register behind them, ACPI PM
 * registers) driven by a byte-coded sequence of guest accesses at any
 * width and offset, IRQ line changes and clock steps. It checks what must
 * hold whatever the guest does: every interrupt delivered names an
 * existing vCPU and a vector below 256, STARTUP vectors fit a byte, an
 * 8259's in-service register never holds a masked-out... nothing past its
 * 8 bits, the local APICs' priority and timer stay consistent, and
 * nothing reads or writes outside the models (ASan).
 *
 * Input: byte 0 the vCPU count (1..4); then steps of 8 bytes:
 *   op (bits 2:0 device, 4:3 width, 5 write, 6 IRQ line change,
 *   7 clock step), offset (2 bytes), vCPU, value (4 bytes).
 */
#include "tests/fuzz/fuzz_input.h"
#include "vmm/pc_acpi.h"
#include "vmm/pc_intc.h"
#include "vmm/pc_pci.h"
#include "vmm/pc_pit.h"

#include <stdlib.h>

static uint64_t clock_ns;
static unsigned ncpus;
static struct pc_intc intc;
static struct pc_pit pit;
static struct pc_pci pci;
static struct pc_reset rst;
static struct pc_acpi_pm pm;
static unsigned resets, sleeps;

static void must(int cond)
{
	if (!cond)
		abort();
}

static uint64_t now(void *ctx)
{
	(void)ctx;
	return clock_ns;
}

static void inject(void *ctx, unsigned cpu, unsigned vector)
{
	(void)ctx;
	must(cpu < ncpus && vector < 256);
}

static void init(void *ctx, unsigned cpu)
{
	(void)ctx;
	must(cpu < ncpus);
}

static void startup(void *ctx, unsigned cpu, unsigned vector)
{
	(void)ctx;
	must(cpu < ncpus && vector < 256);
}

static void reset_line(void *ctx)
{
	(void)ctx;
	resets++;
}

static void sleep_state(void *ctx, unsigned typ)
{
	(void)ctx;
	must(typ < 8);
	sleeps++;
}

static void invariants(void)
{
	for (unsigned i = 0; i < ncpus; i++) {
		const struct pc_lapic *l = &intc.lapic[i];
		must(l->tpr <= 0xff && !(l->ldr & 0x00ffffffu));
		must(l->timer_deadline == UINT64_MAX || l->timer_init);
	}
	must(intc.ioapic.index <= 0xff);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	ncpus = 1 + take8(&in) % 4;
	clock_ns = 1000;
	intc = (struct pc_intc){
		.now = now, .inject = inject, .init = init, .startup = startup
	};
	pc_intc_init(&intc, ncpus);
	pc_pit_init(&pit, now, 0);
	rst = (struct pc_reset){ .reset = reset_line };
	pc_pci_init(&pci, &rst);
	pm = (struct pc_acpi_pm){ .sleep = sleep_state, .now = now };
	pc_acpi_pm_reset(&pm);
	while (in.n) {
		uint8_t op = take8(&in);
		uint64_t off = take16(&in);
		unsigned cpu = take8(&in) % ncpus;
		uint64_t val = take16(&in) | take16(&in) << 16;
		unsigned width = 1u << ((op >> 3) & 3);
		bool write = op & 0x20;
		uint64_t got = 0;
		if (op & 0x80) {
			clock_ns += val * 1000;
			uint64_t next;
			pc_pit_poll(&pit, clock_ns, &next);
			pc_intc_poll(&intc, clock_ns, &next);
			continue;
		}
		if (op & 0x40) {
			pc_intc_set_irq(&intc, (unsigned)off % 16, val & 1);
			pc_intc_set_gsi(&intc, (unsigned)off % 24, val & 2);
			continue;
		}
		const struct vmm_device_ops *ops = 0;
		void *dev = 0;
		uint64_t limit = 0;
		switch (op & 7) {
		case 0:
			ops = &pc_pit_ops, dev = &pit, limit = 4;
			break;
		case 1:
			ops = &pc_pit_port61_ops, dev = &pit, limit = 1;
			break;
		case 2:
			ops = (off & 1) ? &pc_intc_pic1_ops : &pc_intc_pic0_ops;
			dev = &intc, limit = 2;
			break;
		case 3:
			ops = &pc_intc_elcr_ops, dev = &intc, limit = 2;
			break;
		case 4:
			ops = &pc_intc_ioapic_ops, dev = &intc, limit = 0x1000;
			break;
		case 5:
			ops = &pc_pci_ops, dev = &pci, limit = 8;
			break;
		case 6:
			ops = &pc_acpi_pm_ops, dev = &pm,
			limit = PC_ACPI_PM_SIZE;
			break;
		default:
			if (write)
				pc_intc_lapic_write(&intc, cpu, off % 0x1000,
						    width, val);
			else
				pc_intc_lapic_read(&intc, cpu, off % 0x1000,
						   width, &got);
			invariants();
			continue;
		}
		/* As the bus would hand it over: inside the device. */
		off %= limit;
		if (off + width > limit)
			width = 1;
		if (write)
			ops->write(dev, off, width, val);
		else
			ops->read(dev, off, width, &got);
		must(width == 8 || !(got >> (8 * width)));
		invariants();
	}
	return 0;
}
