/* SPDX-License-Identifier: Apache-2.0 */
/* The CFI flash model: query, identifier, program, erase, status. */
#include "tests/lib/tap.h"
#include "vmm/cfi_flash.h"

#include <string.h>

static uint8_t mem[0x4000];
static struct vmm_cfi_flash f;

static uint64_t rd(uint64_t off, unsigned width)
{
	uint64_t v = 0xdead;
	vmm_cfi_flash_ops.read(&f, off, width, &v);
	return v;
}

static void wr(uint64_t off, unsigned width, uint64_t v)
{
	vmm_cfi_flash_ops.write(&f, off, width, v);
}

int main(void)
{
	memset(mem, 0xff, sizeof(mem));
	mem[0x10] = 0x12;
	tap_is(vmm_cfi_flash_init(&f, mem, sizeof(mem), 0x1000), 0, "init");
	tap_is(vmm_cfi_flash_init(&f, mem, 0x3000, 0x1000), AXVCPU_EINVAL,
	       "a size that is no power of two is refused");
	vmm_cfi_flash_init(&f, mem, sizeof(mem), 0x1000);
	tap_is(rd(0x10, 2), 0xff12, "array mode reads the contents");

	wr(0xaa, 2, 0x98);
	tap_ok(rd(0x20, 2) == 'Q' && rd(0x22, 2) == 'R' && rd(0x24, 2) == 'Y',
	       "CFI query answers QRY at word 0x10");
	tap_is(rd(0x26, 2), 1, "command set 1 (Intel)");
	tap_is(rd(0x4e, 2), 14, "device size 2^14");
	tap_ok(rd(0x5a, 2) == 3 && rd(0x5e, 2) == 0x10,
	       "one region of 4 blocks of 16 x 256 bytes");
	wr(0, 2, 0xff);
	tap_is(rd(0x10, 2), 0xff12, "0xFF: back to array mode");

	wr(0, 2, 0x90);
	tap_ok(rd(0, 2) == 0x89 && rd(2, 2) == 0x18 && rd(4, 2) == 0,
	       "identifier: Intel, device, unlocked");
	wr(0, 2, 0xf0);

	wr(0x100, 2, 0x40);
	wr(0x100, 2, 0x1234);
	tap_is(rd(0x100, 2), 0x80, "after a program, reads give the status");
	wr(0, 2, 0xff);
	tap_is(rd(0x100, 2), 0x1234, "word programmed");
	wr(0x100, 2, 0x10);
	wr(0x100, 2, 0xff00);
	wr(0, 2, 0xff);
	tap_is(rd(0x100, 2), 0x1200, "programming only clears bits");

	wr(0x1800, 2, 0x20);
	wr(0x1800, 2, 0xd0);
	wr(0, 2, 0xff);
	tap_ok(rd(0x100, 2) == 0x1200 && rd(0x10, 2) == 0xff12,
	       "erasing block 1 leaves block 0");
	mem[0x1004] = 0;
	wr(0x1004, 2, 0x20);
	wr(0x1004, 2, 0xd0);
	wr(0, 2, 0xff);
	tap_is(rd(0x1004, 1), 0xff, "block erase sets the block to 0xFF");
	wr(0x1004, 2, 0x20);
	wr(0x1004, 2, 0xff); /* not a confirm: no erase */
	wr(0, 2, 0xff);
	wr(0x1004, 2, 0x40);
	wr(0x1004, 2, 0);
	wr(0x1004, 2, 0x20);
	wr(0x1004, 2, 0x01);
	wr(0, 2, 0xff);
	tap_is(rd(0x1004, 2), 0, "an erase without 0xD0 erases nothing");
	tap_is(rd(0x4000, 4), 0, "past the end reads 0");
	return tap_done(0);
}
