/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance suite on the riscv64 backend: the platform's VM (two
 * vCPUs, one per hart, when QEMU gives two harts) with the guest runtime's
 * image (rt/riscv64), the checker (scenarios.c) as its exit hook, TAP on
 * the console. QEMU's exit status is 0 only if every scenario passed.
 */
#include "platform/qemu-riscv64/vm.h"
#include "tests/conformance/rt/riscv64/conf_abi.h"
#include "tests/conformance/scenarios.h"

#include <axvcpu/riscv64.h>

_Static_assert(CONF_RT_TICKS_PER_MS * 1000ull == HV_TIMEBASE_HZ,
	       "the runtime's timer rate is the platform's");

static struct conf conf;

static void rv_read_dest(unsigned width, bool sign, struct conf_read_dest *d)
{
	static const uint8_t zext[4] = { CONF_RV_REG_READ8, CONF_RV_REG_READ16,
					 CONF_RV_REG_READ32,
					 CONF_RV_REG_READ64 };
	static const uint8_t sext[3] = { CONF_RV_REG_READ8S,
					 CONF_RV_REG_READ16S,
					 CONF_RV_REG_READ32S };
	unsigned k = width == 1 ? 0 : width == 2 ? 1 : width == 4 ? 2 : 3;
	d->reg = sign && k < 3 ? sext[k] : zext[k];
	d->reg_width = 8; /* always the whole x register */
	d->sign_ext = sign && k < 3;
}

static void rv_print(const char *text)
{
	hv_puts(text);
}

static struct conf_backend rv_backend = {
	.name = "riscv64",
	.caps = CONF_CAP_MMIO | CONF_CAP_TIMER | CONF_CAP_CONSOLE |
		CONF_CAP_CPU_UP | CONF_CAP_SEND_IPI | CONF_CAP_REMOTE_FENCE |
		CONF_CAP_SYSTEM_EVENTS | CONF_CAP_NPF | CONF_CAP_REFLECT |
		CONF_CAP_HOST_PREEMPT | CONF_CAP_RESET | CONF_CAP_SECOND,
	.lacks = {
		[CONF_BIT_PIO] = "riscv64: no port I/O",
		[CONF_BIT_SYSREG] = "riscv64: guest CSR accesses never exit "
				    "(no SysReg exits)",
		[CONF_BIT_CRASH] = "riscv64: no fault shuts a hart down (a trap "
				   "to an unmapped vector is a NestedPageFault: "
				   "fault_loop)",
		[CONF_BIT_SECOND] = "riscv64: QEMU gave one hart (run with "
				    "-smp 2)",
	},
	.mmio_base = CONF_RT_MMIO_BASE,
	.far = CONF_RT_FAR,
	.irq_vector = AXVCPU_RISCV64_IRQ_SOFTWARE,
	.pc_reg = AXVCPU_RISCV64_REG_PC,
	.marker_reg = CONF_RV_REG_MARKER,
	.read_dest = rv_read_dest,
	.return_value_after_write = AXVCPU_EINVAL,
	.reset_reason = 1, /* SBI SRST cold reboot */
	.down_reason = 0,  /* SBI SRST reason: none */
	.preempt_vector = 5, /* the host timer (scause 5) */
	.ticks_per_ms = HV_TIMEBASE_HZ / 1000,
	.print = rv_print,
};

_Static_assert(CONF_RT_IRQ_VECTOR == AXVCPU_RISCV64_IRQ_SOFTWARE,
	       "the runtime's handler expects the vector injected");

/* Every exit's answer printed, then QEMU off with the suite's status. */
static void rv_end(struct hv_vm *hv, enum vmm_vm_end end)
{
	(void)hv;
	(void)end;
	hv_poweroff(conf_end(&conf) ? 0 : 1);
}

void hv_program_init(struct hv_vm *hv, unsigned harts)
{
	unsigned nvcpu = harts >= 2 ? 2 : 1;
	if (nvcpu < 2)
		rv_backend.caps &= ~CONF_CAP_SECOND;
	hv_vm_build(hv, nvcpu);
	conf_install(&conf, &hv->vm, &rv_backend);
	hv->on_end = rv_end;
}
