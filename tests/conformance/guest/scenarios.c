/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest side of every scenario, written once against the runtime API
 * (conf.h). What the host must see is checked by the host (scenarios.c);
 * what comes back into the guest's registers and memory is checked here.
 */
#include "tests/conformance/guest/conf.h"

#define M(off) (CONF_RT_MMIO_BASE + (off))

static uint64_t mask_of(unsigned width)
{
	return width >= 8 ? ~0ull : (1ull << (8 * width)) - 1;
}

static uint64_t sext(uint64_t v, unsigned width)
{
	unsigned sh = 64 - 8 * width;
	return (uint64_t)((int64_t)(v << sh) >> sh);
}

static void s_mmio_read_zext(void)
{
	conf_check("read8 zero-extends", conf_mmio_read8(M(CONF_OFF_READ)),
		   CONF_VAL_NEG & 0xff);
	conf_check("read16 zero-extends",
		   conf_mmio_read16(M(CONF_OFF_READ + 8)),
		   CONF_VAL_NEG & 0xffff);
	conf_check("read32 zero-extends",
		   conf_mmio_read32(M(CONF_OFF_READ + 16)),
		   CONF_VAL_NEG & 0xffffffff);
	conf_check("read64", conf_mmio_read64(M(CONF_OFF_READ + 24)),
		   CONF_VAL_NEG);
}

static void s_mmio_read_sext(void)
{
	conf_check("read8s of a negative byte",
		   conf_mmio_read8s(M(CONF_OFF_SREAD)), sext(CONF_VAL_NEG, 1));
	conf_check("read16s of a negative halfword",
		   conf_mmio_read16s(M(CONF_OFF_SREAD + 8)),
		   sext(CONF_VAL_NEG, 2));
	conf_check("read32s of a negative word",
		   conf_mmio_read32s(M(CONF_OFF_SREAD + 16)),
		   sext(CONF_VAL_NEG, 4));
	conf_check("read8s of a positive byte",
		   conf_mmio_read8s(M(CONF_OFF_POS + CONF_OFF_SREAD)),
		   CONF_VAL_POS & 0xff);
	conf_check("read16s of a positive halfword",
		   conf_mmio_read16s(M(CONF_OFF_POS + CONF_OFF_SREAD + 8)),
		   CONF_VAL_POS & 0xffff);
	conf_check("read32s of a positive word",
		   conf_mmio_read32s(M(CONF_OFF_POS + CONF_OFF_SREAD + 16)),
		   CONF_VAL_POS & 0xffffffff);
}

static void s_mmio_write(void)
{
	conf_mmio_write8(M(CONF_OFF_WRITE), CONF_VAL_WRITE);
	conf_mmio_write16(M(CONF_OFF_WRITE + 8), CONF_VAL_WRITE);
	conf_mmio_write32(M(CONF_OFF_WRITE + 16), CONF_VAL_WRITE);
	conf_mmio_write64(M(CONF_OFF_WRITE + 24), CONF_VAL_WRITE);
}

/* x86 semantics (the only ports there are): IN of 1 or 2 bytes keeps the
 * rest of the register, IN of 4 zero-extends it to 64 bits. */
static uint64_t pio_want(unsigned width)
{
	if (width == 4)
		return CONF_VAL_PIO & 0xffffffff;
	return (CONF_PIO_PRESET & ~mask_of(width)) |
	       (CONF_VAL_PIO & mask_of(width));
}

static void s_pio_read(void)
{
	conf_check("in of 1 byte", conf_pio_in(1, CONF_RT_PIO_BASE),
		   pio_want(1));
	conf_check("in of 2 bytes", conf_pio_in(2, CONF_RT_PIO_BASE + 1),
		   pio_want(2));
	conf_check("in of 4 bytes", conf_pio_in(4, CONF_RT_PIO_BASE + 2),
		   pio_want(4));
}

static void s_pio_write(void)
{
	conf_pio_out(1, CONF_RT_PIO_BASE + 8, CONF_VAL_WRITE);
	conf_pio_out(2, CONF_RT_PIO_BASE + 9, CONF_VAL_WRITE);
	conf_pio_out(4, CONF_RT_PIO_BASE + 10, CONF_VAL_WRITE);
}

static void s_sysreg(void)
{
	conf_check("system register read", conf_sysreg_read(), CONF_VAL_SYSREG);
	conf_sysreg_write(CONF_VAL_WRITE);
}

static void s_hypercall(void)
{
	struct conf_ret r = conf_hypercall(
	    CONF_HC_TEST, CONF_HC_ARG(0), CONF_HC_ARG(1), CONF_HC_ARG(2),
	    CONF_HC_ARG(3), CONF_HC_ARG(4), CONF_HC_ARG(5));
	conf_check("hypercall succeeded", r.failed, false);
	conf_check("hypercall's value", r.value, CONF_HC_RESULT);
}

static void s_console(void)
{
	static const char text[CONF_CON_LEN + 1] = CONF_CON_TEXT;
	conf_console_putc(CONF_CON_BYTE);
	conf_check("console byte read", (uint64_t)conf_console_getc(),
		   CONF_CON_READ);
	conf_arm((uint64_t)(uintptr_t)text, 0, 0);
	struct conf_ret r = conf_console_write(text, CONF_CON_LEN);
	conf_check("console write succeeded", r.failed, false);
	conf_check("console write: bytes the host took", r.value,
		   CONF_CON_LEN - 1);
}

static void s_halt(void)
{
	conf_halt();
	conf_check("back from the halt", 1, 1);
}

/*
 * A deadline that passed before the halt (a slow host) makes the halt a
 * no-op with no exit: try again with a longer one, up to a few times, and
 * ask the host (ARM with a2 = 1) whether it saw the Halt.
 */
static void s_halt_timer(void)
{
	for (unsigned i = 1; i <= 4; i++) {
		uint64_t d = conf_time() + 5 * i * CONF_RT_TICKS_PER_MS;
		conf_arm(d, 0, 0);
		conf_timer_set(d);
		conf_halt();
		uint64_t t = conf_time();
		conf_timer_set(UINT64_MAX);
		conf_check("woken at the deadline, not before", t >= d, true);
		if (conf_arm(0, 0, 1).value)
			break;
	}
}

static volatile uint64_t irq_count, irq_vector;

static void irq_handler(uint64_t vector)
{
	irq_vector = vector;
	irq_count++;
}

static void irq_wait(uint64_t n0)
{
	for (unsigned i = 0; i < CONF_RT_SPIN_LIMIT && irq_count == n0; i++)
		;
}

static void irq_checks(uint64_t n0)
{
	conf_check("the handler ran once", irq_count - n0, 1);
	conf_check("with the vector", irq_vector, CONF_RT_IRQ_VECTOR);
}

static void s_irq_inject(void)
{
	uint64_t n0 = irq_count;
	conf_irq_on(irq_handler);
	conf_arm(0, 0, 0); /* the host injects now */
	irq_wait(n0);
	conf_irq_off();
	irq_checks(n0);
}

static void s_halt_wake_remote(void)
{
	uint64_t n0 = irq_count;
	conf_irq_on(irq_handler);
	conf_halt_irq();
	irq_wait(n0);
	conf_irq_off();
	irq_checks(n0);
}

static void s_send_ipi(void)
{
	uint64_t n0 = irq_count;
	conf_irq_on(irq_handler);
	struct conf_ret r = conf_send_ipi(1, 0);
	irq_wait(n0);
	conf_irq_off();
	conf_check("send_ipi succeeded", r.failed, false);
	irq_checks(n0);
}

static void s_remote_fence(void)
{
	struct conf_ret r = conf_remote_fence(1u << CONF_CPU_SECOND, 0);
	conf_check("remote fence succeeded", r.failed, false);
}

static volatile uint64_t second_ran, second_cpu, second_arg;

void conf_secondary_main(uint64_t cpu, uint64_t arg)
{
	second_cpu = cpu;
	second_arg = arg;
	conf_check("second CPU: its id in the first argument register",
		   conf_entry[1].arg0, CONF_CPU_SECOND);
	conf_check("second CPU: the argument in the second register",
		   conf_entry[1].arg1, CONF_CPU_ARG);
	second_ran++;
	conf_cpu_down();
}

/* Ask until CPU `cpu` answers `want` (bounded); its last answer. */
static struct conf_ret status_until(uint64_t cpu, uint64_t want)
{
	struct conf_ret r;
	unsigned i = 0;
	do
		r = conf_cpu_status(cpu);
	while ((r.failed || r.value != want) && ++i < CONF_RT_SPIN_LIMIT / 10);
	return r;
}

static void s_cpu_up(void)
{
	uint64_t ran0 = second_ran, entry = conf_secondary_entry();
	struct conf_ret r = conf_cpu_status(CONF_CPU_SECOND);
	conf_check("second CPU off before CpuUp", r.value, CONF_CPU_OFF);
	conf_arm(entry, CONF_CPU_ARG, 0);
	r = conf_cpu_up(CONF_CPU_SECOND, entry, CONF_CPU_ARG);
	conf_check("CpuUp succeeded", r.failed, false);
	/* It runs, checks its registers and stops itself. */
	r = status_until(CONF_CPU_SECOND, CONF_CPU_OFF);
	conf_check("second CPU off again after its CpuDown", r.value,
		   CONF_CPU_OFF);
	conf_check("second CPU ran once", second_ran - ran0, 1);
	conf_check("second CPU: the argument its C entry got", second_arg,
		   CONF_CPU_ARG);
	conf_check("second CPU: the id its C entry got", second_cpu,
		   CONF_CPU_SECOND);
}

static void s_cpu_up_refused(void)
{
	uint64_t entry = conf_secondary_entry();
	conf_arm(entry, 0, 0);
	struct conf_ret r = conf_cpu_up(CONF_CPU_MISSING, entry, CONF_CPU_ARG);
	conf_check("CpuUp of a missing CPU fails", r.failed, true);
	r = conf_cpu_up(CONF_CPU_SECOND, CONF_RT_MMIO_BASE, CONF_CPU_ARG);
	conf_check("CpuUp at an entry outside RAM fails", r.failed, true);
	r = conf_cpu_status(CONF_CPU_MISSING);
	conf_check("CpuStatus of a missing CPU fails", r.failed, true);
	r = conf_cpu_status(CONF_CPU_SECOND);
	conf_check("the second CPU stayed off", r.value, CONF_CPU_OFF);
}

static void s_system_events(void)
{
	conf_system_reset();
	conf_check("back from a refused reset", 1, 1);
	conf_system_down();
	conf_check("back from a refused power-off", 1, 1);
}

static void s_kick_pending(void)
{
	conf_arm(0, 0, 0); /* the host kicks twice now */
}

/* The loop's flag (set by the host) and its iterations. */
static volatile uint64_t loop_flag, loop_count;

static void endless_loop(void)
{
	loop_flag = 0;
	loop_count = 0;
	conf_arm((uint64_t)(uintptr_t)&loop_flag,
		 (uint64_t)(uintptr_t)&loop_count, 0);
	while (!loop_flag)
		loop_count++;
	conf_check("the loop ran", loop_count > 0, true);
}

static void s_kick_remote(void)
{
	/* Something a cancelled run must not lose. */
	volatile uint64_t keep = 0x600d600d600d600dull;
	endless_loop();
	conf_check("state kept across the cancelled run", keep,
		   0x600d600d600d600dull);
}

static volatile uint64_t reset_phase;

static void s_reset(void)
{
	if (reset_phase == 0) {
		reset_phase = 1;
		conf_arm(conf_boot_entry(), 0, 0);
		conf_reset_me();
	}
	/* Started over from the setup entry (conf_main again). */
	reset_phase = 2;
	conf_check("entries of the boot CPU", conf_entry[0].starts, 2);
	conf_check("marker register back to its setup value",
		   conf_entry[0].marker, 0);
	conf_check("stack pointer back to its setup value", conf_entry[0].sp,
		   CONF_RT_RESET_SP);
	conf_check("first argument register back to its setup value",
		   conf_entry[0].arg0, CONF_RT_RESET_ARG0);
}

static void s_unmapped(void)
{
	conf_check("load from far unmapped memory: open bus",
		   conf_mmio_read32(CONF_RT_FAR), 0);
	conf_mmio_write32(CONF_RT_FAR + 8, CONF_VAL_WRITE);
}

static void s_npf_fetch(void)
{
	conf_fetch(M(CONF_OFF_FETCH));
	conf_check("back from the fetch", 1, 1);
}

static void s_reflect(void)
{
	uint64_t n0 = conf_fault.count;
	conf_mmio_read32(M(CONF_OFF_REFLECT));
	conf_check("one access fault in the guest", conf_fault.count - n0, 1);
	conf_check("a load fault", conf_fault.kind, CONF_FAULT_LOAD);
	conf_check("at the address", conf_fault.addr, M(CONF_OFF_REFLECT));
}

static void s_endless_loop(void)
{
	endless_loop();
}

static void s_fault_loop(void)
{
	uint64_t n = conf_fault_loop();
	conf_check("faults the guest's handler took (enough)",
		   n >= CONF_RT_FAULT_LOOP_MIN, true);
}

static volatile uint64_t crash_phase, crash_starts;

static void s_crash(void)
{
	if (crash_phase == 0) {
		crash_phase = 1;
		crash_starts = conf_entry[0].starts;
		conf_crash();
	}
	crash_phase = 2;
	conf_check("started over from the setup entry after the crash",
		   conf_entry[0].starts, crash_starts + 1);
}

static void s_garbage_calls(void)
{
	static const uint64_t nrs[3] = { CONF_HC_GARBAGE_0, CONF_HC_GARBAGE_1,
					 CONF_HC_GARBAGE_2 };
	for (unsigned k = 0; k < 3; k++) {
		uint64_t n = nrs[k];
		struct conf_ret r =
		    conf_hypercall(n, n, n ^ 1, n ^ 2, n ^ 3, n ^ 4, n ^ 5);
		conf_check("a garbage hypercall fails", r.failed, true);
	}
}

static void s_wrong_api(void)
{
	conf_check("the read completed after the refused calls",
		   conf_mmio_read64(M(CONF_OFF_WRONG)), CONF_VAL_NEG);
	conf_mmio_write32(M(CONF_OFF_WRONG + 8), CONF_VAL_WRITE);
	struct conf_ret r = conf_arm(0, 0, 0);
	conf_check("the call answered after the refused calls", r.value,
		   CONF_VAL_POS);
}

static void s_wrong_cpu(void)
{
	struct conf_ret r = conf_arm(0, 0, 0);
	conf_check("ARM answered", r.failed, false);
	conf_halt(); /* woken from the other CPU */
	conf_check("back from the halt", 1, 1);
}

void (*const conf_routines[CONF_S_COUNT])(void) = {
	[CONF_S_MMIO_READ_ZEXT] = s_mmio_read_zext,
	[CONF_S_MMIO_READ_SEXT] = s_mmio_read_sext,
	[CONF_S_MMIO_WRITE] = s_mmio_write,
	[CONF_S_PIO_READ] = s_pio_read,
	[CONF_S_PIO_WRITE] = s_pio_write,
	[CONF_S_SYSREG] = s_sysreg,
	[CONF_S_HYPERCALL] = s_hypercall,
	[CONF_S_CONSOLE] = s_console,
	[CONF_S_HALT] = s_halt,
	[CONF_S_HALT_TIMER] = s_halt_timer,
	[CONF_S_IRQ_INJECT] = s_irq_inject,
	[CONF_S_HALT_WAKE_REMOTE] = s_halt_wake_remote,
	[CONF_S_SEND_IPI] = s_send_ipi,
	[CONF_S_REMOTE_FENCE] = s_remote_fence,
	[CONF_S_CPU_UP] = s_cpu_up,
	[CONF_S_CPU_UP_REFUSED] = s_cpu_up_refused,
	[CONF_S_SYSTEM_EVENTS] = s_system_events,
	[CONF_S_KICK_PENDING] = s_kick_pending,
	[CONF_S_KICK_REMOTE] = s_kick_remote,
	[CONF_S_RESET] = s_reset,
	[CONF_S_UNMAPPED] = s_unmapped,
	[CONF_S_NPF_FETCH] = s_npf_fetch,
	[CONF_S_REFLECT] = s_reflect,
	[CONF_S_ENDLESS_LOOP] = s_endless_loop,
	[CONF_S_FAULT_LOOP] = s_fault_loop,
	[CONF_S_CRASH] = s_crash,
	[CONF_S_GARBAGE_CALLS] = s_garbage_calls,
	[CONF_S_WRONG_API] = s_wrong_api,
	[CONF_S_WRONG_CPU] = s_wrong_cpu,
};
