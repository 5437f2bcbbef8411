/* SPDX-License-Identifier: Apache-2.0 */
/* Exit reason names, spelled as the Rust enum's variants for familiarity. */
#include <axvcpu/axvcpu.h>

static const char *const exit_names[AXVCPU_EXIT_REASON_COUNT] = {
	[AXVCPU_EXIT_NOTHING] = "Nothing",
	[AXVCPU_EXIT_HYPERCALL] = "Hypercall",
	[AXVCPU_EXIT_MMIO_READ] = "MmioRead",
	[AXVCPU_EXIT_MMIO_WRITE] = "MmioWrite",
	[AXVCPU_EXIT_SYSREG_READ] = "SysRegRead",
	[AXVCPU_EXIT_SYSREG_WRITE] = "SysRegWrite",
	[AXVCPU_EXIT_IO_READ] = "IoRead",
	[AXVCPU_EXIT_IO_WRITE] = "IoWrite",
	[AXVCPU_EXIT_EXTERNAL_INTERRUPT] = "ExternalInterrupt",
	[AXVCPU_EXIT_NESTED_PAGE_FAULT] = "NestedPageFault",
	[AXVCPU_EXIT_HALT] = "Halt",
	[AXVCPU_EXIT_CPU_UP] = "CpuUp",
	[AXVCPU_EXIT_CPU_DOWN] = "CpuDown",
	[AXVCPU_EXIT_SYSTEM_DOWN] = "SystemDown",
	[AXVCPU_EXIT_FAIL_ENTRY] = "FailEntry",
	[AXVCPU_EXIT_SEND_IPI] = "SendIPI",
	[AXVCPU_EXIT_SYSTEM_RESET] = "SystemReset",
	[AXVCPU_EXIT_CANCELLED] = "Cancelled",
	[AXVCPU_EXIT_CONSOLE_WRITE] = "ConsoleWrite",
	[AXVCPU_EXIT_CONSOLE_READ] = "ConsoleRead",
	[AXVCPU_EXIT_INTERNAL_ERROR] = "InternalError",
	[AXVCPU_EXIT_REMOTE_FENCE] = "RemoteFence",
	[AXVCPU_EXIT_CPU_STATUS] = "CpuStatus",
	[AXVCPU_EXIT_SYSTEM_SUSPEND] = "SystemSuspend",
};

const char *axvcpu_exit_name(enum axvcpu_exit_reason reason)
{
	if ((unsigned)reason >= AXVCPU_EXIT_REASON_COUNT)
		return "Unknown";
	return exit_names[reason];
}

const char *axvcpu_version(void)
{
	return AXVCPU_VERSION_STRING;
}
