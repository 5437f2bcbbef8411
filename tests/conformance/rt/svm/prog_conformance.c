/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance suite on the svm backend: the PC platform's VM (two
 * vCPUs, one per CPU, when QEMU gives two CPUs) with the guest runtime's
 * flat image (rt/svm, the module named "flat"), the checker (scenarios.c)
 * as its exit hook, TAP on the console. QEMU's exit status says 0 only if
 * every scenario passed.
 */
#include "platform/pc/arch.h"
#include "platform/pc/vm.h"
#include "tests/conformance/rt/svm/conf_abi.h"
#include "tests/conformance/scenarios.h"

_Static_assert(CONF_SVM_LOAD == HV_FLAT_GPA,
	       "the runtime is linked where the platform loads it");

static struct conf conf;

/* The decoder names each load's destination register, with its operand
 * size (a 32-bit one zero-extends the rest itself). */
static void svm_read_dest(unsigned width, bool sign, struct conf_read_dest *d)
{
	static const uint8_t zext[4] = { CONF_SVM_REG_READ8,
					 CONF_SVM_REG_READ16,
					 CONF_SVM_REG_READ32,
					 CONF_SVM_REG_READ64 };
	static const uint8_t sext[3] = { CONF_SVM_REG_READ8S,
					 CONF_SVM_REG_READ16S,
					 CONF_SVM_REG_READ32S };
	unsigned k = width == 1 ? 0 : width == 2 ? 1 : width == 4 ? 2 : 3;
	d->reg = sign && k < 3 ? sext[k] : zext[k];
	d->reg_width = k == 2 && !sign ? 4 : 8;
	d->sign_ext = sign && k < 3;
}

static void svm_print(const char *text)
{
	hv_puts(text);
}

static struct conf_backend svm_conf_backend = {
	.name = HV_ARCH_ID, /* built for VMX too (mk/tests-vmx.mk) */
	.caps = CONF_CAP_MMIO | CONF_CAP_PIO | CONF_CAP_SYSREG | CONF_CAP_NPF |
		CONF_CAP_REFLECT | CONF_CAP_HOST_PREEMPT | CONF_CAP_RESET |
		CONF_CAP_CRASH | CONF_CAP_SECOND,
	.lacks = {
		[CONF_BIT_TIMER] = "svm: the guest's timers are devices of the "
				   "VM layer (PIT, local APIC): Halt carries "
				   "no deadline",
		[CONF_BIT_CONSOLE] = "svm: no hypervisor console calls (PC "
				     "guests use the 16550)",
		[CONF_BIT_CPU_UP] = "svm: APs start by INIT/SIPI through the "
				    "VM layer's local APIC: no CpuUp, CpuDown "
				    "or CpuStatus exits",
		[CONF_BIT_SEND_IPI] = "svm: IPIs are local APIC writes the VM "
				      "layer's APIC model delivers (no "
				      "SendIPI exits)",
		[CONF_BIT_REMOTE_FENCE] = "svm: x86 guests shoot TLBs down "
					  "with IPIs (no RemoteFence exits)",
		[CONF_BIT_SYSTEM_EVENTS] = "svm: reset and power-off are PC "
					   "devices (0xcf9, ACPI PM) of the "
					   "VM layer, not exits",
		[CONF_BIT_SECOND] = "svm: QEMU gave one CPU (run with -smp 2)",
	},
	.mmio_base = CONF_RT_MMIO_BASE,
	.far = CONF_RT_FAR,
	.pio_base = CONF_RT_PIO_BASE,
	.sysreg = CONF_RT_SYSREG,
	.sysreg_reg = AXVCPU_X86_REG_READ_DATA,
	.irq_vector = CONF_RT_IRQ_VECTOR,
	.pc_reg = AXVCPU_X86_REG_RIP,
	.marker_reg = CONF_SVM_REG_MARKER,
	.read_dest = svm_read_dest,
	.return_value_after_write = AXVCPU_EINVAL,
	.crash_reason = AXVCPU_X86_SYSTEM_TRIPLE_FAULT,
	.preempt_vector = HV_VEC_TIMER,
	.ticks_per_ms = 1000000, /* host->now(): ns */
	.print = svm_print,
};

/* Every exit's answer printed, then QEMU off with the suite's status. */
static void svm_end(struct hv_vm *hv, enum vmm_vm_end end)
{
	(void)hv;
	(void)end;
	hv_exit(conf_end(&conf) ? 0 : 1);
}

void hv_program_init(struct hv_vm *hv, unsigned ncpus)
{
	unsigned nvcpu = ncpus >= 2 ? 2 : 1;
	if (nvcpu < 2)
		svm_conf_backend.caps &= ~CONF_CAP_SECOND;
	/* The suite's open bus reads 0 (a PC's reads all-ones). */
	hv->open_bus_zero = true;
	hv_vm_build(hv, nvcpu);
	conf_install(&conf, &hv->vm, &svm_conf_backend);
	hv->on_end = svm_end;
}
