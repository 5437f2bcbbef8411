/* SPDX-License-Identifier: Apache-2.0 */
/* PCI configuration mechanism #1 with a 440FX host bridge. */
#include "vmm/pc_pci.h"

#define ADDR_ENABLE 0x80000000u

static void pci_put(uint8_t *c, unsigned off, uint32_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		c[off + i] = (uint8_t)(v >> (8 * i));
}

void pc_pci_init(struct pc_pci *p, struct pc_reset *reset)
{
	*p = (struct pc_pci){ .reset = reset };
	pci_put(p->host, 0x00, 0x8086, 2); /* Intel */
	pci_put(p->host, 0x02, 0x1237, 2); /* 440FX */
	pci_put(p->host, 0x04, 0x0006, 2); /* memory and master enabled */
	pci_put(p->host, 0x06, 0x0280, 2); /* fast back-to-back, medium */
	pci_put(p->host, 0x08, 0x02, 1);   /* revision */
	pci_put(p->host, 0x0a, 0x0600, 2); /* bridge: host */
	pci_put(p->host, 0x0e, 0x00, 1);   /* header type 0 */
}

void pc_pci_reset(void *pci)
{
	struct pc_pci *p = pci;
	pc_pci_init(p, p->reset);
}

/* Whether the address register selects 00:00.0. */
static bool pci_host(const struct pc_pci *p)
{
	return (p->addr & ADDR_ENABLE) && ((p->addr >> 8) & 0xffff) == 0;
}

/* Registers the guest may change: command, and the 440FX's PAM (0x59-
 * 0x5f) and SMRAM (0x72) registers. */
static bool pci_writable(unsigned reg)
{
	return reg == 0x04 || reg == 0x05 || (reg >= 0x59 && reg <= 0x5f) ||
	       reg == 0x72;
}

static int pci_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct pc_pci *p = dev;
	if (off < 4) {
		if (off == 1 && width == 1 && p->reset)
			return pc_reset_cf9_ops.read(p->reset, 0, 1, val);
		*val = (p->addr >> (8 * off)) &
		       (width >= 4 ? 0xffffffffu : (1u << (8 * width)) - 1);
		return 0;
	}
	uint64_t v = 0;
	unsigned reg = (p->addr & 0xfc) + (unsigned)(off - 4);
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)(pci_host(p) && reg + i < 256 ? p->host[reg + i]
							     : 0xff)
		     << (8 * i);
	*val = v;
	return 0;
}

static int pci_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct pc_pci *p = dev;
	if (off < 4) {
		if (off == 1 && width == 1 && p->reset)
			return pc_reset_cf9_ops.write(p->reset, 0, 1, val);
		if (off == 0 && width == 4)
			p->addr = (uint32_t)val & 0x80fffffcu;
		return 0;
	}
	unsigned reg = (p->addr & 0xfc) + (unsigned)(off - 4);
	if (!pci_host(p))
		return 0;
	for (unsigned i = 0; i < width && reg + i < 256; i++)
		if (pci_writable(reg + i))
			p->host[reg + i] = (uint8_t)(val >> (8 * i));
	return 0;
}

const struct vmm_device_ops pc_pci_ops = { pci_read, pci_write };
