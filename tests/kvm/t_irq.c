/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupt injection: without an in-kernel irqchip (KVM_INTERRUPT, and
 * the interrupt window while the guest has IF=0) in every mode, and
 * with one (MSI to the local APIC) waking a vCPU halted inside KVM_RUN.
 */
#include "harness.h"

#include <pthread.h>
#include <stdatomic.h>

/*
 * real16: IVT[0x40] -> handler (out 0x50, vector echo), IVT[0x41] ->
 * handler2 (out 0x54). sti; hlt; out 0x51; then cli; out 0x52; out 0x55;
 * sti; nop; out 0x53; hlt.
 */
KT_GUEST(irq16, 16,
	 "irq16_base:\n"
	 "movw $(irq16_h1 - irq16_base), (0x100); movw %cs, (0x102)\n"
	 "movw $(irq16_h2 - irq16_base), (0x104); movw %cs, (0x106)\n"
	 "sti\n 1: hlt\n mov $1, %al; out %al, $0x51\n"
	 "cli\n out %al, $0x52\n out %al, $0x55\n sti\n nop\n out %al, $0x53\n"
	 "2: hlt; jmp 2b\n"
	 "irq16_h1: mov $0x40, %al; out %al, $0x50; iret\n"
	 "irq16_h2: mov $0x41, %al; out %al, $0x54; iret\n");

/* long64: the host writes the IDT (gates for 0x40/0x41) and its pointer. */
KT_GUEST(irq64, 64,
	 "irq64_base:\n"
	 "lidt (0x9200)\n"
	 "sti\n 1: hlt\n mov $1, %al; out %al, $0x51\n"
	 "cli\n out %al, $0x52\n out %al, $0x55\n sti\n nop\n out %al, $0x53\n"
	 "2: hlt; jmp 2b\n"
	 "irq64_h1: mov $0x40, %al; out %al, $0x50; iretq\n"
	 "irq64_h2: mov $0x41, %al; out %al, $0x54; iretq\n");
extern const unsigned char irq64_h1[], irq64_h2[], irq64_base[];

/*
 * prot32: the same with 8-byte gates. The handlers return by hand: this
 * host's KVM emulates CPL0 code and cannot emulate a protected-mode IRET
 * (ordinary KVM runs it natively).
 */
KT_GUEST(irq32, 32,
	 "irq32_base:\n"
	 "lidt (0x9200)\n"
	 "sti\n 1: hlt\n mov $1, %al; out %al, $0x51\n"
	 "cli\n out %al, $0x52\n out %al, $0x55\n sti\n nop\n out %al, $0x53\n"
	 "2: hlt; jmp 2b\n"
	 "irq32_h1: mov $0x40, %al; out %al, $0x50\n"
	 "pop %edx; pop %ecx; popfl; jmp *%edx\n"
	 "irq32_h2: mov $0x41, %al; out %al, $0x54\n"
	 "pop %edx; pop %ecx; popfl; jmp *%edx\n");
extern const unsigned char irq32_h1[], irq32_h2[], irq32_base[];

/*
 * long64 with the in-kernel irqchip: enable the local APIC (SVR), then
 * sti; hlt. The handler EOIs and reports; hlt halts inside KVM.
 */
KT_GUEST(apic64, 64,
	 "lidt (0x9200)\n"
	 "mov $0xfee00000, %ebx; movl $0x1ff, 0xf0(%rbx)\n"
	 "mov $1, %al; out %al, $0x60\n"
	 "sti\n 1: hlt; jmp 1b\n"
	 "apic64_h: movl $0, 0xb0(%rbx); mov $0x40, %al; out %al, $0x50\n"
	 "iretq\n");
extern const unsigned char apic64_h[];

/* long64, no irqchip: spin with IF=1; the handler reports and spins on. */
KT_GUEST(spin64, 64,
	 "spin64_base: lidt (0x9200)\n sti\n 1: jmp 1b\n"
	 "spin64_h: mov $0x40, %al; out %al, $0x50; iretq\n");
extern const unsigned char spin64_h[], spin64_base[];

static void idt64_write(struct kt_vm *t, uint64_t vector, uint64_t handler)
{
	uint64_t *gate = (uint64_t *)(t->ram + 0x9300 + vector * 16);
	gate[0] = (handler & 0xffff) | ((uint64_t)AXVCPU_KVM_SEL_CODE64 << 16) |
		  (0x8eull << 40) | (((handler >> 16) & 0xffff) << 48);
	gate[1] = handler >> 32;
	uint16_t limit = 0xfff;
	uint64_t base = 0x9300;
	memcpy(t->ram + 0x9200, &limit, 2);
	memcpy(t->ram + 0x9202, &base, 8);
}

static void idt32_write(struct kt_vm *t, uint64_t vector, uint32_t handler)
{
	uint64_t gate = (handler & 0xffff) |
			((uint64_t)AXVCPU_KVM_SEL_CODE32 << 16) |
			(0x8eull << 40) | ((uint64_t)(handler >> 16) << 48);
	memcpy(t->ram + 0x9300 + vector * 8, &gate, 8);
	uint16_t limit = 0x7ff;
	uint32_t base = 0x9300;
	memcpy(t->ram + 0x9200, &limit, 2);
	memcpy(t->ram + 0x9202, &base, 4);
}

static void no_irqchip(uint32_t mode)
{
	const char *m = kt_mode_name(mode);
	struct kt_vm t;
	struct axvcpu_exit x;
	if (!tap_ok(kt_vm_create(&t, 0) == 0, "%s: VM", m))
		return;
	if (mode == AXVCPU_KVM_MODE_REAL16) {
		kt_load(&t, KT_CODE, irq16_start, irq16_end);
	} else if (mode == AXVCPU_KVM_MODE_PROT32) {
		kt_load(&t, KT_CODE, irq32_start, irq32_end);
		idt32_write(&t, 0x40,
			    KT_CODE + (uint32_t)(irq32_h1 - irq32_base));
		idt32_write(&t, 0x41,
			    KT_CODE + (uint32_t)(irq32_h2 - irq32_base));
	} else {
		kt_load(&t, KT_CODE, irq64_start, irq64_end);
		idt64_write(&t, 0x40,
			    KT_CODE + (uint64_t)(irq64_h1 - irq64_base));
		idt64_write(&t, 0x41,
			    KT_CODE + (uint64_t)(irq64_h2 - irq64_base));
	}
	struct axvcpu *v = kt_vcpu_new(&t, 0, mode);
	if (!tap_ok(v && axvcpu_bind(v) == 0, "%s: vCPU bound", m))
		goto out;
	tap_is(axvcpu_inject_interrupt(v, 256), AXVCPU_EINVAL,
	       "%s: vector 256 refused", m);
	kt_expect_reason(v, &x, AXVCPU_EXIT_HALT, m);
	tap_is(axvcpu_inject_interrupt(v, 0x40), 0, "%s: inject 0x40", m);
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "%s: injection wakes", m);
	kt_expect_out(v, 0x50, 1, 0x40, m); /* the handler ran */
	kt_expect_out(v, 0x51, 1, 1, m);    /* and returned after hlt */
	kt_expect_out(v, 0x52, 1, 1, m);    /* IF=0 now */
	tap_is(axvcpu_inject_interrupt(v, 0x41), 0, "%s: inject 0x41", m);
	kt_expect_out(v, 0x55, 1, 1, m); /* not while IF=0 */
	/*
	 * After sti+1 the window opens; a host may deliver it there or one
	 * exit later (emulated CPL0 code): both are architectural.
	 */
	struct axvcpu_exit a, b;
	bool ran = kt_run(v, &a) == 0 && kt_run(v, &b) == 0;
	bool in_order = a.io_write.port == 0x54 && b.io_write.port == 0x53;
	bool late = a.io_write.port == 0x53 && b.io_write.port == 0x54;
	tap_ok(ran && a.reason == AXVCPU_EXIT_IO_WRITE &&
		   b.reason == AXVCPU_EXIT_IO_WRITE && (in_order || late),
	       "%s: 0x41 delivered once IF=1 (%s)", m,
	       in_order ? "at the window" : "one exit later");
	kt_expect_reason(v, &x, AXVCPU_EXIT_HALT, m);
out:
	kt_vcpu_free(v);
	kt_vm_destroy(&t);
}

struct injector {
	struct axvcpu *v;
	_Atomic bool stop;
};

/* Inject 0x40 every 20 ms until told to stop (the guest may miss none). */
static void *injector_main(void *arg)
{
	struct injector *in = arg;
	while (!atomic_load(&in->stop)) {
		struct timespec ts = { 0, 20 * 1000000L };
		nanosleep(&ts, NULL);
		axvcpu_inject_interrupt(in->v, 0x40);
	}
	return NULL;
}

static void with_irqchip(void)
{
	struct kt_vm t;
	struct axvcpu_exit x;
	if (!tap_ok(kt_vm_create(&t, AXVCPU_KVM_VM_IRQCHIP) == 0,
		    "irqchip: VM with in-kernel irqchip"))
		return;
	tap_ok(axvcpu_kvm_vm_has_irqchip(t.vm), "irqchip: reported");
	kt_load(&t, KT_CODE, apic64_start, apic64_end);
	idt64_write(&t, 0x40, KT_CODE + (uint64_t)(apic64_h - apic64_start));
	struct axvcpu *v = kt_vcpu_new(&t, 0, AXVCPU_KVM_MODE_LONG64);
	if (!tap_ok(v && axvcpu_bind(v) == 0, "irqchip: vCPU bound"))
		goto out;
	kt_expect_out(v, 0x60, 1, 1, "irqchip: APIC enabled");
	struct injector in = { .v = v };
	pthread_t th;
	pthread_create(&th, NULL, injector_main, &in);
	/* hlt sleeps in KVM; the MSI wakes it and the handler reports. */
	kt_expect_out(v, 0x50, 1, 0x40,
		      "irqchip: MSI delivered to halted vCPU");
	kt_expect_out(v, 0x50, 1, 0x40, "irqchip: and again");
	atomic_store(&in.stop, true);
	pthread_join(th, NULL);
	axvcpu_kick(v);
	/* A kick can race with one more interrupt: skip its report. */
	do {
		kt_run(v, &x);
	} while (x.reason == AXVCPU_EXIT_IO_WRITE);
	tap_is(x.reason, AXVCPU_EXIT_CANCELLED, "irqchip: kick ends the run");
	/* After the guest: an uninitialised PIC would send it vector 4. */
	tap_is(axvcpu_kvm_vm_irq_line(t.vm, 4, true), 0, "irqchip: irq_line");
	tap_is(axvcpu_kvm_vm_irq_line(t.vm, 4, false), 0, "irqchip: lowered");
out:
	kt_vcpu_free(v);
	kt_vm_destroy(&t);
}

struct delayed {
	struct axvcpu *v;
};

static void *inject_later(void *arg)
{
	struct delayed *d = arg;
	struct timespec ts = { 0, 30 * 1000000L };
	nanosleep(&ts, NULL);
	axvcpu_inject_interrupt(d->v, 0x40);
	return NULL;
}

/* Injection into a running guest: the kick lets it take the vector. */
static void into_running(void)
{
	struct kt_vm t;
	if (!tap_ok(kt_vm_create(&t, 0) == 0, "running: VM"))
		return;
	kt_load(&t, KT_CODE, spin64_start, spin64_end);
	idt64_write(&t, 0x40, KT_CODE + (uint64_t)(spin64_h - spin64_base));
	struct axvcpu *v = kt_vcpu_new(&t, 0, AXVCPU_KVM_MODE_LONG64);
	if (!tap_ok(v && axvcpu_bind(v) == 0, "running: vCPU bound"))
		goto out;
	struct delayed d = { v };
	pthread_t th;
	pthread_create(&th, NULL, inject_later, &d);
	kt_expect_out(v, 0x50, 1, 0x40,
		      "running: vector injected from another thread taken");
	pthread_join(th, NULL);
out:
	kt_vcpu_free(v);
	kt_vm_destroy(&t);
}

int main(void)
{
	if (!kt_init(60))
		return 0;
	no_irqchip(AXVCPU_KVM_MODE_REAL16);
	no_irqchip(AXVCPU_KVM_MODE_PROT32);
	no_irqchip(AXVCPU_KVM_MODE_LONG64);
	into_running();
	with_irqchip();
	return tap_done(0);
}
