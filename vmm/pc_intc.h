/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/pc_intc.h
 * A PC's interrupt controllers as one model: the 8259 pair (ports 0x20,
 * 0xa0, edge/level control at 0x4d0), the I/O APIC (MMIO 0xfec00000, 24
 * pins) and one local APIC per vCPU (xAPIC MMIO at 0xfee00000, the same
 * address for every vCPU: a local device of the VM, see
 * vmm_vm_add_local_device()), wired as a PC wires them: ISA IRQ n to PIC
 * input n and I/O APIC pin n (IRQ 0, the PIT, to pin 2, as the ACPI
 * interrupt source override says), the PIC's output to LINT0 of vCPU 0
 * (ExtINT, set at reset as firmware would), I/O APIC messages and IPIs to
 * the local APICs. One lock for all of it (their state is shared).
 * Freestanding.
 *
 * Delivery to a vCPU goes through `inject` (the platform calls
 * vmm_vm_inject(), i.e. axvcpu_inject_interrupt()): a local APIC moves its
 * highest requested vector into service as soon as its priority allows
 * and injects it, a little before the CPU actually takes it (the vector
 * waits in the vCPU's queue until the guest has interrupts enabled); the
 * guest's EOI then lets the next one go. An ExtINT from the PIC is
 * acknowledged at the PIC the same way. An NMI is vector 2. INIT and
 * STARTUP IPIs go to `init` and `startup` (the platform stops / starts
 * the vCPU: vmm_vm_cpu_up() with the vector << 12).
 *
 * Local APIC: ID (= vCPU id), version 0x14 with 6 LVT entries, TPR/PPR,
 * EOI, LDR/DFR (flat logical mode), SVR, ISR/TMR/IRR, ESR, ICR (fixed,
 * lowest priority (to the first target), NMI, INIT, STARTUP; physical and
 * flat logical destinations and the shorthands), LVT timer/LINT0/LINT1/
 * error, the timer in one-shot and periodic mode (TSC deadline is not
 * offered: CPUID hides it) with the divide configuration, counting at
 * PC_LAPIC_HZ. I/O APIC: version 0x11, 24 redirection entries with fixed
 * and lowest-priority delivery, edge and level (remote IRR cleared by the
 * local APIC's EOI), masks. 8259: ICW1-4, OCW1-3 (specific and non-
 * specific EOI, read IRR/ISR, poll), auto-EOI, edge or level (ELCR),
 * cascade on IRQ 2, spurious IRQ 7/15.
 */
#ifndef AXVCPU_VMM_PC_INTC_H
#define AXVCPU_VMM_PC_INTC_H

#include "vmm/bus.h"
#include "vmm/lock.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most vCPUs (local APICs). */
#define PC_INTC_MAX_CPUS 16u
/** I/O APIC pins. */
#define PC_IOAPIC_PINS 24u
/** The local APIC timer's input clock (before the divider). */
#define PC_LAPIC_HZ 1000000000ull
/** Default bases. */
#define PC_IOAPIC_BASE 0xfec00000ull
#define PC_LAPIC_BASE 0xfee00000ull

/** One 8259. */
struct pc_pic_chip {
	uint8_t irr, isr, imr;
	uint8_t level_in; /* input lines */
	uint8_t elcr;     /* level-triggered inputs */
	uint8_t vector_base;
	uint8_t icw_step; /* 0: ready; 2, 3, 4: the ICW expected next */
	bool icw4;
	bool auto_eoi;
	bool read_isr;
	bool poll;
	bool single;
};

/** One local APIC. */
struct pc_lapic {
	uint32_t id;
	uint32_t tpr, ldr, dfr, svr, esr, icr_hi;
	uint32_t lvt[6]; /* timer, thermal, perf, LINT0, LINT1, error */
	uint32_t isr[8], tmr[8], irr[8];
	uint32_t timer_init, timer_div;
	uint64_t timer_start;    /* ns */
	uint64_t timer_deadline; /* ns, UINT64_MAX: not armed */
};

/** The I/O APIC. */
struct pc_ioapic {
	uint32_t id;
	uint32_t index;
	uint64_t redir[PC_IOAPIC_PINS];
	uint32_t pin_level; /* bit per pin */
	uint32_t remote_irr;
};

/** All of a PC's interrupt controllers. */
struct pc_intc {
	struct vmm_lock lock;
	struct pc_pic_chip pic[2];
	struct pc_ioapic ioapic;
	struct pc_lapic lapic[PC_INTC_MAX_CPUS];
	unsigned ncpus;
	/** The time in ns (required). */
	uint64_t (*now)(void *ctx);
	/** Deliver `vector` to vCPU `cpu` (2 = NMI). Required. */
	void (*inject)(void *ctx, unsigned cpu, unsigned vector);
	/** An INIT IPI to `cpu`. Optional. */
	void (*init)(void *ctx, unsigned cpu);
	/** A STARTUP IPI with `vector` to `cpu`. Optional. */
	void (*startup)(void *ctx, unsigned cpu, unsigned vector);
	/** A local APIC timer now needs a look at `deadline` ns. Optional.
	 */
	void (*timer)(void *ctx, unsigned cpu, uint64_t deadline);
	void *ctx;
	/** Spin hint for the lock (may be NULL). */
	void (*relax)(void *ctx);
};

/** Ports 0x20-0x21 (size 2): the master 8259. */
extern const struct vmm_device_ops pc_intc_pic0_ops;
/** Ports 0xa0-0xa1 (size 2): the slave 8259. */
extern const struct vmm_device_ops pc_intc_pic1_ops;
/** Ports 0x4d0-0x4d1 (size 2): edge/level control. */
extern const struct vmm_device_ops pc_intc_elcr_ops;
/** The I/O APIC's MMIO (size 0x1000). */
extern const struct vmm_device_ops pc_intc_ioapic_ops;

/**
 * Power-on state for `ncpus` local APICs (ids 0..ncpus-1): every LVT
 * masked but vCPU 0's LINT0 (ExtINT), software-disabled, the PICs
 * uninitialised with every input masked, every I/O APIC pin masked and its
 * id `ncpus` (the ids after the CPUs'). The callbacks are kept.
 */
void pc_intc_init(struct pc_intc *c, unsigned ncpus);

/** pc_intc_init() again (a machine reset). */
void pc_intc_reset(void *intc);

/** Set ISA IRQ `irq` (0-15) to `level` (edge inputs: raise and lower). */
void pc_intc_set_irq(struct pc_intc *c, unsigned irq, bool level);

/** Set I/O APIC pin `pin` (0-23) alone to `level` (PCI interrupts). */
void pc_intc_set_gsi(struct pc_intc *c, unsigned pin, bool level);

/** The local APIC's register access for vCPU `cpu` (offset in its page).
 */
int pc_intc_lapic_read(struct pc_intc *c, unsigned cpu, uint64_t off,
		       unsigned width, uint64_t *val);
/** The same for a write. */
int pc_intc_lapic_write(struct pc_intc *c, unsigned cpu, uint64_t off,
			unsigned width, uint64_t val);

/**
 * Fire the local APIC timers due at `now` ns; *next (if not NULL) gets the
 * earliest deadline left (UINT64_MAX: none).
 */
void pc_intc_poll(struct pc_intc *c, uint64_t now, uint64_t *next);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_PC_INTC_H */
