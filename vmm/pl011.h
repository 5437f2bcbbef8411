/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/pl011.h
 * An Arm PrimeCell PL011 UART model for guests (what U-Boot's pl01x and
 * Linux's amba-pl011 drivers expect): DR, RSR/ECR, FR, the baud and line
 * control registers (stored, no effect), CR, IFLS, the interrupt mask,
 * raw and masked status and clear registers, and the PrimeCell
 * identification registers (peripheral id 0x00041011).
 *
 * Transmission is instantaneous: every byte written to DR goes to the `tx`
 * callback, so the transmit FIFO is always empty (FR.TXFE set, TXFF
 * clear) and the transmit interrupt (TXRIS) is always raised. Received
 * bytes wait in a 32-byte FIFO (one byte with LCR_H.FEN clear); RXRIS and
 * RTRIS are raised while it holds any. The interrupt output is
 * RIS & IMSC != 0 (vmm_pl011_irq()).
 *
 * Freestanding and not locked (the VM object serialises a device's
 * accesses). Attach it to a bus with vmm_pl011_ops and VMM_PL011_SIZE.
 */
#ifndef AXVCPU_VMM_PL011_H
#define AXVCPU_VMM_PL011_H

#include "vmm/bus.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes of address space the registers take (one 4 KiB page). */
#define VMM_PL011_SIZE 0x1000u
/** Depth of the receive FIFO. */
#define VMM_PL011_FIFO_SIZE 32u

/** Register offsets. */
enum vmm_pl011_reg {
	VMM_PL011_DR = 0x000,    /**< data */
	VMM_PL011_RSR = 0x004,   /**< receive status / error clear */
	VMM_PL011_FR = 0x018,    /**< flags (read-only) */
	VMM_PL011_ILPR = 0x020,  /**< IrDA low-power counter */
	VMM_PL011_IBRD = 0x024,  /**< integer baud divisor */
	VMM_PL011_FBRD = 0x028,  /**< fractional baud divisor */
	VMM_PL011_LCR_H = 0x02c, /**< line control */
	VMM_PL011_CR = 0x030,    /**< control */
	VMM_PL011_IFLS = 0x034,  /**< FIFO level select */
	VMM_PL011_IMSC = 0x038,  /**< interrupt mask set/clear */
	VMM_PL011_RIS = 0x03c,   /**< raw interrupt status */
	VMM_PL011_MIS = 0x040,   /**< masked interrupt status */
	VMM_PL011_ICR = 0x044,   /**< interrupt clear (write-only) */
	VMM_PL011_DMACR = 0x048, /**< DMA control */
};

/** FR bits. */
#define VMM_PL011_FR_BUSY 0x08u
#define VMM_PL011_FR_RXFE 0x10u
#define VMM_PL011_FR_TXFF 0x20u
#define VMM_PL011_FR_RXFF 0x40u
#define VMM_PL011_FR_TXFE 0x80u

/** Interrupt bits (IMSC, RIS, MIS, ICR). */
#define VMM_PL011_INT_RX 0x10u /**< receive (RXRIS) */
#define VMM_PL011_INT_TX 0x20u /**< transmit (TXRIS) */
#define VMM_PL011_INT_RT 0x40u /**< receive timeout (RTRIS) */

/** The model's state. Fields are private; read them in tests only. */
struct vmm_pl011 {
	void (*tx)(void *ctx, uint8_t c);
	void *ctx;
	uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr;
	uint8_t rx[VMM_PL011_FIFO_SIZE];
	unsigned rx_head, rx_count;
	uint64_t tx_bytes; /**< bytes sent to `tx` (statistics) */
};

/**
 * Reset `u` to the power-on state (transmit and receive enabled, the
 * PL011 reset value; FIFOs off, every interrupt masked).
 * @param tx  called for every byte the guest sends; may be NULL.
 * @param ctx passed to `tx`.
 */
void vmm_pl011_init(struct vmm_pl011 *u, void (*tx)(void *ctx, uint8_t c),
		    void *ctx);

/**
 * Queue a byte of host input for the guest.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBUSY if the receive FIFO (one
 *         byte with FIFOs off) is full: retry after the guest has read.
 */
int vmm_pl011_push_rx(struct vmm_pl011 *u, uint8_t c);

/** Whether the interrupt output (UARTINTR) is asserted. */
bool vmm_pl011_irq(const struct vmm_pl011 *u);

/** Bus ops; the bus `dev` pointer is the struct vmm_pl011 *. */
extern const struct vmm_device_ops vmm_pl011_ops;

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_PL011_H */
