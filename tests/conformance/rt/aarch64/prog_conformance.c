/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance suite on the aarch64 backend: the platform's VM (two
 * vCPUs, one per CPU, when QEMU gives two CPUs) with the guest runtime's
 * image (rt/aarch64), the checker (scenarios.c) as its exit hook, TAP on
 * the console. QEMU's exit status is 0 only if every scenario passed.
 */
#include "platform/qemu-aarch64/vm.h"
#include "tests/conformance/rt/aarch64/conf_abi.h"
#include "tests/conformance/scenarios.h"

#include <axvcpu/aarch64.h>

_Static_assert(CONF_RT_RESET_ARG0 == HV_GUEST_DTB_GPA,
	       "after a reset x0 is the platform's device tree");
_Static_assert(CONF_RT_SYSREG == AXVCPU_AARCH64_SYSREG(3, 3, 9, 12, 0),
	       "the runtime's test register is PMCR_EL0");

static struct conf conf;

/* W registers for the zero-extending narrow loads, X for the others. */
static void a64_read_dest(unsigned width, bool sign, struct conf_read_dest *d)
{
	static const uint8_t zext[4] = { CONF_A64_REG_READ8,
					 CONF_A64_REG_READ16,
					 CONF_A64_REG_READ32,
					 CONF_A64_REG_READ64 };
	static const uint8_t sext[3] = { CONF_A64_REG_READ8S,
					 CONF_A64_REG_READ16S,
					 CONF_A64_REG_READ32S };
	unsigned k = width == 1 ? 0 : width == 2 ? 1 : width == 4 ? 2 : 3;
	bool s = sign && k < 3;
	d->reg = s ? sext[k] : zext[k];
	d->reg_width = s || k == 3 ? 8 : 4;
	d->sign_ext = s;
}

static void a64_print(const char *text)
{
	hv_puts(text);
}

static struct conf_backend a64_backend = {
	.name = "aarch64",
	.caps = CONF_CAP_MMIO | CONF_CAP_SYSREG | CONF_CAP_TIMER |
		CONF_CAP_CPU_UP | CONF_CAP_SEND_IPI | CONF_CAP_SYSTEM_EVENTS |
		CONF_CAP_NPF | CONF_CAP_REFLECT | CONF_CAP_HOST_PREEMPT |
		CONF_CAP_RESET | CONF_CAP_SECOND,
	.lacks = {
		[CONF_BIT_PIO] = "aarch64: no port I/O",
		[CONF_BIT_CONSOLE] = "aarch64: no hypervisor console calls "
				     "(the guest has a PL011)",
		[CONF_BIT_REMOTE_FENCE] = "aarch64: no remote-fence call (TLB "
					  "maintenance is broadcast)",
		[CONF_BIT_CRASH] = "aarch64: no fault shuts a CPU down (an "
				   "exception to an unmapped vector is a "
				   "NestedPageFault: fault_loop)",
		[CONF_BIT_SECOND] = "aarch64: QEMU gave one CPU (run with "
				    "-smp 2)",
	},
	.mmio_base = CONF_RT_MMIO_BASE,
	.far = CONF_RT_FAR,
	.sysreg = CONF_RT_SYSREG,
	.irq_vector = CONF_RT_IRQ_VECTOR,
	.pc_reg = AXVCPU_AARCH64_REG_PC,
	.marker_reg = CONF_A64_REG_MARKER,
	.sysreg_reg = CONF_A64_REG_READ64, /* mrs x10 */
	.read_dest = a64_read_dest,
	.return_value_after_write = AXVCPU_EINVAL,
	.reset_reason = 0, /* PSCI SYSTEM_RESET */
	.down_reason = 0,  /* PSCI SYSTEM_OFF */
	.preempt_vector = HV_TIMER_PPI,
	.print = a64_print,
};

/* Every exit's answer printed, then QEMU off with the suite's status. */
static void a64_end(struct hv_vm *hv, enum vmm_vm_end end)
{
	(void)hv;
	(void)end;
	hv_poweroff(conf_end(&conf) ? 0 : 1);
}

void hv_program_init(struct hv_vm *hv, unsigned cpus)
{
	unsigned nvcpu = cpus >= 2 ? 2 : 1;
	if (nvcpu < 2)
		a64_backend.caps &= ~CONF_CAP_SECOND;
	/* The runtime's timer rate is the counter's (62.5 MHz in QEMU). */
	a64_backend.ticks_per_ms = hv_time_hz() / 1000;
	if (a64_backend.ticks_per_ms != CONF_RT_TICKS_PER_MS)
		hv_panic("the counter is not the runtime's 62.5 MHz");
	hv_semihosting = 1;
	hv_vm_build(hv, nvcpu);
	conf_install(&conf, &hv->vm, &a64_backend);
	hv->on_end = a64_end;
}
