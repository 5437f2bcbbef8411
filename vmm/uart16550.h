/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/uart16550.h
 * A 16550A UART model for guests (what U-Boot's ns16550 and Linux's 8250
 * drivers expect): RBR/THR, IER, IIR/FCR, LCR with the divisor latch, MCR
 * with loopback, LSR, MSR, SCR and a 16-byte receive FIFO.
 *
 * Transmission is instantaneous: every byte written to THR goes straight to
 * the `tx` callback, so THR is always empty again (THRE and TEMT stay set).
 * Registers sit `1 << reg_shift` bytes apart (0: PC and most boards,
 * 2: 32-bit spaced like many SoCs); an access of any width reaches the
 * register at its slot's first byte, other bytes read 0.
 *
 * Freestanding and not locked: callers that touch one UART from several
 * threads (vCPUs, an input thread) serialise the calls themselves.
 * Attach it to a bus with vmm_uart16550_ops and a size of
 * VMM_UART16550_SIZE(reg_shift).
 */
#ifndef AXVCPU_VMM_UART16550_H
#define AXVCPU_VMM_UART16550_H

#include "vmm/bus.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Depth of the receive FIFO (a 16550A's). */
#define VMM_UART16550_FIFO_SIZE 16

/** Bytes of address space the 8 registers take. */
#define VMM_UART16550_SIZE(reg_shift) (8u << (reg_shift))

/** Register indices (offset >> reg_shift). */
enum vmm_uart16550_reg {
	VMM_UART_RBR = 0, /**< read: receive buffer; write: THR; DLAB: DLL */
	VMM_UART_IER = 1, /**< interrupt enable; DLAB: DLM */
	VMM_UART_IIR = 2, /**< read: interrupt id; write: FCR */
	VMM_UART_LCR = 3, /**< line control (bit 7: DLAB) */
	VMM_UART_MCR = 4, /**< modem control (bit 4: loopback) */
	VMM_UART_LSR = 5, /**< line status */
	VMM_UART_MSR = 6, /**< modem status */
	VMM_UART_SCR = 7, /**< scratch */
};

/** Line status bits. */
#define VMM_UART_LSR_DR 0x01u   /**< data ready */
#define VMM_UART_LSR_OE 0x02u   /**< overrun (loopback into a full FIFO) */
#define VMM_UART_LSR_THRE 0x20u /**< transmit holding register empty */
#define VMM_UART_LSR_TEMT 0x40u /**< transmitter empty */

/** The model's state. Fields are private; read them in tests only. */
struct vmm_uart16550 {
	unsigned reg_shift;
	void (*tx)(void *ctx, uint8_t c);
	void *ctx;
	uint8_t ier;
	uint8_t lcr;
	uint8_t mcr;
	uint8_t lsr_err; /**< sticky error bits (OE), cleared by reading LSR */
	uint8_t msr;     /**< modem status incl. delta bits */
	uint8_t scr;
	uint8_t fcr; /**< last FCR value (enable + trigger bits) */
	uint16_t divisor;
	bool thr_ipending; /**< THR-empty interrupt latched */
	uint8_t rx[VMM_UART16550_FIFO_SIZE];
	unsigned rx_head;
	unsigned rx_count;
	uint64_t tx_bytes; /**< bytes sent to `tx` (statistics) */
};

/**
 * Reset `u` to the power-on state (FIFOs off, divisor 0, modem lines DCD,
 * DSR and CTS asserted so that drivers doing flow control can send).
 * @param reg_shift log2 of the register spacing (0..3; larger is clamped).
 * @param tx        called for every byte the guest sends; may be NULL.
 * @param ctx       passed to `tx`.
 */
void vmm_uart16550_init(struct vmm_uart16550 *u, unsigned reg_shift,
			void (*tx)(void *ctx, uint8_t c), void *ctx);

/**
 * Queue a byte of host input for the guest.
 * @return 0; AXVCPU_EINVAL (NULL); AXVCPU_EBUSY if the receive FIFO (or,
 *         with FIFOs disabled, the single holding register) is full —
 *         retry after the guest has read.
 */
int vmm_uart16550_push_rx(struct vmm_uart16550 *u, uint8_t c);

/** vmm_uart16550_irq_pending() for a UART with interrupts enabled. */
bool vmm_uart16550_irq_enabled_pending(const struct vmm_uart16550 *u);

/**
 * Whether the UART's interrupt output is asserted (IIR bit 0 clear).
 * Inline: device models ask it after every access, and with IER 0 (every
 * interrupt masked, as while a driver polls) the answer is one load.
 */
static inline bool vmm_uart16550_irq_pending(const struct vmm_uart16550 *u)
{
	return u && u->ier && vmm_uart16550_irq_enabled_pending(u);
}

/** Bus ops; the bus `dev` pointer is the struct vmm_uart16550 *. */
extern const struct vmm_device_ops vmm_uart16550_ops;

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_UART16550_H */
