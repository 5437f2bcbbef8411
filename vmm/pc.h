/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/pc.h
 * PC platform devices on the port bus (the UART is vmm/uart16550.h):
 * the firmware debug port, the CMOS/RTC, and the two ways a PC resets
 * itself (the reset control register at 0xcf9, the keyboard controller's
 * reset line). Freestanding: the time of day and the reset come from
 * callbacks.
 */
#ifndef AXVCPU_VMM_PC_H
#define AXVCPU_VMM_PC_H

#include "vmm/bus.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Debug port (0x402 for SeaBIOS, 0xe9 for Bochs-style guests): a write
 * of 1, 2 or 4 bytes prints them, lowest first; a read answers
 * PC_DEBUGPORT_MAGIC in every byte so that firmware knows it is there.
 * Register it with the width it is used at (a 1-byte region takes only
 * 1-byte accesses: give 4 for 0xe9..0xec to take wider ones); writes to
 * the other ports of the region print nothing.
 */
struct pc_debugport {
	/** Called for every byte written; may be NULL. */
	void (*out)(void *ctx, uint8_t c);
	/** Passed to `out`. */
	void *ctx;
};
/** The debug port's device ops. */
extern const struct vmm_device_ops pc_debugport_ops;

/** The magic a debug-port read returns. */
#define PC_DEBUGPORT_MAGIC 0xe9u

/** CMOS RAM and RTC at ports 0x70 (index) / 0x71 (data). */
struct pc_cmos {
	/** Seconds since 1970 (UTC) for the RTC, or NULL (midnight,
	 * 2000-01-01). */
	uint64_t (*unix_time)(void *ctx);
	/** Passed to `unix_time`. */
	void *ctx;
	uint8_t index;
	uint8_t ram[128];
	/** What pc_cmos_init() filled in, for pc_cmos_reset(). */
	uint64_t ram_size;
	unsigned cpus;
};
/** The CMOS device ops. */
extern const struct vmm_device_ops pc_cmos_ops;

/**
 * Fill CMOS with what PC firmware reads at boot: base/extended memory
 * (0x15-0x18, 0x30-0x31), RAM above 16 MiB in 64 KiB units (0x34-0x35),
 * above 4 GiB (0x5b-0x5d), the CPU count - 1 (0x5f), RTC status. The
 * clock callback is kept.
 */
void pc_cmos_init(struct pc_cmos *c, uint64_t ram_size, unsigned cpus);

/** Back to what pc_cmos_init() gave (a machine reset). */
void pc_cmos_reset(void *cmos);

/**
 * The reset lines of a PC, one model for two ports: the reset control
 * register (port 0xcf9: a write with bit 2, RST_CPU, set resets the
 * machine; bit 1 chooses a hard reset, which is the only kind here) and
 * the keyboard controller's command port (0x64: command 0xfe pulses the
 * reset line). Add it at 0xcf9 (size 1) and at 0x64 (size 1). Reads
 * answer what an absent device does: 0xcf9 reads back its last value,
 * 0x64 reads 0xff (no keyboard controller to talk to).
 */
struct pc_reset {
	/** Called when the guest resets the machine. */
	void (*reset)(void *ctx);
	/** Passed to `reset`. */
	void *ctx;
	/** The reset control register's last value. */
	uint8_t rcr;
};
/** Ops for port 0xcf9. */
extern const struct vmm_device_ops pc_reset_cf9_ops;
/** Ops for port 0x64. */
extern const struct vmm_device_ops pc_reset_kbd_ops;

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_PC_H */
