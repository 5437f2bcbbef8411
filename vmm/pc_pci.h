/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vmm/pc_pci.h
 * PCI configuration mechanism #1 (ports 0xcf8-0xcff) with one device, the
 * host bridge at 00:00.0, presented as an Intel 440FX (8086:1237) so that
 * firmware knows what it talks to (its PAM registers keep what is written
 * to them: the BIOS area is RAM anyway). Every other function reads all-
 * ones. The byte port 0xcf9 inside the range is the reset control
 * register: give the reset model and it gets those accesses.
 * Freestanding.
 */
#ifndef AXVCPU_VMM_PC_PCI_H
#define AXVCPU_VMM_PC_PCI_H

#include "vmm/pc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The configuration ports and the host bridge. */
struct pc_pci {
	uint32_t addr;     /**< 0xcf8 */
	uint8_t host[256]; /**< 00:00.0's configuration space */
	/** 0xcf9's model, or NULL (byte accesses there are then ignored). */
	struct pc_reset *reset;
};

/** Ports 0xcf8-0xcff (add with size 8). */
extern const struct vmm_device_ops pc_pci_ops;

/** Power-on state; `reset` is the model of port 0xcf9 (may be NULL). */
void pc_pci_init(struct pc_pci *p, struct pc_reset *reset);

/** pc_pci_init() again, keeping the reset model. */
void pc_pci_reset(void *pci);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_VMM_PC_PCI_H */
