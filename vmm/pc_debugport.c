/* SPDX-License-Identifier: Apache-2.0 */
/* The firmware debug port: bytes written are printed. */
#include "vmm/pc.h"

static int debugport_read(void *dev, uint64_t off, unsigned width,
			  uint64_t *val)
{
	(void)dev;
	(void)off;
	/* The magic in every byte of the access. */
	*val = 0;
	for (unsigned i = 0; i < width; i++)
		*val |= (uint64_t)PC_DEBUGPORT_MAGIC << (8 * i);
	return 0;
}

static int debugport_write(void *dev, uint64_t off, unsigned width,
			   uint64_t val)
{
	struct pc_debugport *d = dev;
	/* Only the port itself prints: the region is wider so that wide
	 * accesses at the port reach it, not to make ports of its
	 * neighbours (a byte to 0xea printed). */
	if (off != 0)
		return 0;
	/* A wider OUT is its bytes in order, lowest first: `outl` of
	 * "abc\n" prints "abc\n", as bochs and QEMU do. */
	for (unsigned i = 0; d->out && i < width; i++)
		d->out(d->ctx, (uint8_t)(val >> (8 * i)));
	return 0;
}

const struct vmm_device_ops pc_debugport_ops = { debugport_read,
						 debugport_write };
