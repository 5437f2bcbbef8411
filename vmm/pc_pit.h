/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/pc_pit.h
 * The PC's programmable interval timer (Intel 8254 at ports 0x40-0x43,
 * 1193182 Hz) and the system control port B (0x61: channel 2's gate and
 * speaker bits, OUT2 and the refresh toggle that firmware and Linux time
 * short delays with). Counting is computed from the host's clock, which
 * the caller passes in nanoseconds; nothing runs in the background: the
 * platform calls pc_pit_poll() from its own tick and raises IRQ 0 for the
 * edges it reports. Freestanding.
 *
 * Modes 0 (interrupt on terminal count), 2 (rate generator), 3 (square
 * wave) and 4 (software strobe) are modelled; 1 and 5 (gate-triggered)
 * run as 0 and 4 do from the gate's rising edge. Binary counting only (a
 * BCD control word counts in binary). Counter latch and read-back
 * commands, the lo/hi byte flip-flop and status bytes are there.
 */
#ifndef AXVCPU_VMM_PC_PIT_H
#define AXVCPU_VMM_PC_PIT_H

#include "vmm/bus.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Input clock of the 8254. */
#define PC_PIT_HZ 1193182ull

/** One counter. */
struct pc_pit_channel {
	uint8_t mode;    /**< 0-5 */
	uint8_t rw;      /**< 1 LSB, 2 MSB, 3 LSB then MSB */
	uint16_t reload; /**< the count written (0 = 65536) */
	uint64_t start;  /**< ns the count started (gate high) */
	uint64_t held;   /**< ticks counted while the gate was high before */
	bool gate;       /**< counting enabled */
	bool armed;      /**< a count was loaded since the mode was set */
	bool write_msb;  /**< next write is the MSB (rw 3) */
	bool read_msb;   /**< next read is the MSB (rw 3) */
	bool latched;    /**< a counter latch is pending */
	bool latch_msb;  /**< next latched byte is the MSB */
	uint16_t latch;  /**< the latched count */
	bool status_latched;
	uint8_t status;
	uint8_t lsb;       /**< the LSB of a two-byte write */
	uint64_t irq_seen; /**< channel 0: IRQ edges already reported */
};

/** The timer. Initialise with pc_pit_init(). */
struct pc_pit {
	struct pc_pit_channel ch[3];
	/** The speaker data bit of port 0x61. */
	bool speaker;
	/** The host clock in ns (required). */
	uint64_t (*now)(void *ctx);
	void *ctx;
};

/** Ports 0x40-0x43 (add with size 4). */
extern const struct vmm_device_ops pc_pit_ops;
/** Port 0x61 (add with size 1). */
extern const struct vmm_device_ops pc_pit_port61_ops;

/** Power-on state: no mode programmed, channel 0 and 1 gates high. The
 * clock callback is kept. */
void pc_pit_init(struct pc_pit *p, uint64_t (*now)(void *ctx), void *ctx);

/** pc_pit_init() again with the same clock (a machine reset). */
void pc_pit_reset(void *pit);

/**
 * Channel 0's interrupt edges since the last call (0 if none is due),
 * counted up to `now` ns; *next receives when the next one is due
 * (UINT64_MAX if none will be).
 */
unsigned pc_pit_poll(struct pc_pit *p, uint64_t now, uint64_t *next);

/** Channel `c`'s output pin at `now` ns. */
bool pc_pit_out(struct pc_pit *p, unsigned c, uint64_t now);

/** Channel `c`'s current count at `now` ns. */
uint16_t pc_pit_count(struct pc_pit *p, unsigned c, uint64_t now);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_PC_PIT_H */
