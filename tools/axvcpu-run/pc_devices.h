/* SPDX-License-Identifier: Apache-2.0 */
/* The PC platform devices axvcpu-run emulates in user space: the firmware
 * debug port and the CMOS/RTC (the UART is vmm/uart16550). */
#ifndef AXVCPU_RUN_PC_DEVICES_H
#define AXVCPU_RUN_PC_DEVICES_H

#include "vmm/bus.h"

/** Debug port (0x402 for SeaBIOS, 0xe9 for Bochs-style guests): writes
 * print a byte, reads answer 0xe9 so firmware knows it is there. */
struct pc_debugport {
	void (*out)(void *ctx, uint8_t c);
	void *ctx;
};
extern const struct vmm_device_ops pc_debugport_ops;

/** The magic a debug-port read returns. */
#define PC_DEBUGPORT_MAGIC 0xe9u

/** CMOS RAM and RTC at ports 0x70 (index) / 0x71 (data). */
struct pc_cmos {
	uint8_t index;
	uint8_t ram[128];
};
extern const struct vmm_device_ops pc_cmos_ops;

/**
 * Fill CMOS with what PC firmware reads at boot: base/extended memory
 * (0x15-0x18, 0x30-0x31), RAM above 16 MiB in 64 KiB units (0x34-0x35),
 * above 4 GiB (0x5b-0x5d), the CPU count - 1 (0x5f), RTC status.
 */
void pc_cmos_init(struct pc_cmos *c, uint64_t ram_size, unsigned cpus);

#endif /* AXVCPU_RUN_PC_DEVICES_H */
