/* SPDX-License-Identifier: Apache-2.0 */
/* Guest memory map: regions, translation bounds, copies across regions. */
#include "tests/lib/tap.h"
#include "vmm/guest_mem.h"

#include <string.h>

static uint8_t ram0[0x1000], ram1[0x1000], rom[0x100];

int main(void)
{
	struct vmm_mem m;
	uint8_t buf[0x20];

	vmm_mem_init(&m);
	tap_is(vmm_mem_add(&m, 0x1000, sizeof(ram1), ram1, VMM_MEM_RAM), 0,
	       "add RAM at 0x1000");
	tap_is(vmm_mem_add(&m, 0x0, sizeof(ram0), ram0, VMM_MEM_RAM), 0,
	       "add adjacent RAM at 0 (out of order)");
	tap_is(vmm_mem_add(&m, 0xffff0000, sizeof(rom), rom, VMM_MEM_ROM), 0,
	       "add ROM");
	tap_is(vmm_mem_add(&m, 0x1800, 0x10, ram0, VMM_MEM_RAM), AXVCPU_EINVAL,
	       "overlap refused");
	tap_is(vmm_mem_add(&m, 0x5000, 0, ram0, VMM_MEM_RAM), AXVCPU_EINVAL,
	       "size 0 refused");
	tap_is(vmm_mem_add(&m, 0x5000, 0x10, NULL, VMM_MEM_RAM), AXVCPU_EINVAL,
	       "NULL host refused");
	tap_is(vmm_mem_add(&m, ~0ull, 2, ram0, VMM_MEM_RAM), AXVCPU_EINVAL,
	       "wrapping region refused");
	tap_is(vmm_mem_add(&m, 0x5000, 0x10, ram0, (enum vmm_mem_kind)7),
	       AXVCPU_EINVAL, "bad kind refused");
	tap_is(m.count, 3, "three regions");
	tap_ok(m.regions[0].gpa == 0 && m.regions[1].gpa == 0x1000,
	       "sorted by gpa");

	tap_ok(vmm_mem_translate(&m, 0x1000, 0x1000) == ram1,
	       "translate a whole region");
	tap_ok(vmm_mem_translate(&m, 0x10, 4) == ram0 + 0x10,
	       "translate inside");
	tap_ok(vmm_mem_translate(&m, 0xffc, 8) == NULL,
	       "range across two regions does not translate");
	tap_ok(vmm_mem_translate(&m, 0x1fff, 2) == NULL,
	       "range past the end does not translate");
	tap_ok(vmm_mem_translate(&m, 0x2000, 1) == NULL, "hole");
	tap_ok(vmm_mem_translate(&m, 0x0, ~0ull) == NULL, "huge length");
	tap_ok(vmm_mem_covers(&m, 0xff0, 0x20), "covers across regions");
	tap_ok(!vmm_mem_covers(&m, 0x1ff0, 0x20), "not into the hole");
	tap_ok(!vmm_mem_covers(&m, 0xffff00f0, ~0ull), "no wrap");

	for (int i = 0; i < 0x20; i++)
		buf[i] = (uint8_t)(i + 1);
	tap_is(vmm_mem_write(&m, 0xff0, buf, 0x20), 0, "write across");
	tap_ok(ram0[0xff0] == 1 && ram0[0xfff] == 16 && ram1[0] == 17 &&
		   ram1[0xf] == 32,
	       "bytes landed in both host buffers");
	memset(buf, 0, sizeof(buf));
	tap_is(vmm_mem_read(&m, 0xff0, buf, 0x20), 0, "read across");
	tap_ok(buf[0] == 1 && buf[31] == 32, "read back");
	ram1[0xff0] = 0x55;
	tap_is(vmm_mem_write(&m, 0x1ff0, buf, 0x20), AXVCPU_ENOTFOUND,
	       "write into the hole refused");
	tap_is(ram1[0xff0], 0x55, "a refused write wrote nothing");
	tap_is(vmm_mem_fill(&m, 0xffff0000, 0xab, 0x100), 0, "fill ROM");
	tap_ok(rom[0] == 0xab && rom[0xff] == 0xab, "ROM filled by the host");
	tap_is(vmm_mem_fill(&m, 0xffff0000, 0, 0x101), AXVCPU_ENOTFOUND,
	       "fill past ROM refused");
	tap_is(vmm_mem_write(&m, 0, NULL, 1), AXVCPU_EINVAL, "NULL src");
	tap_is(vmm_mem_write(&m, 0x9999999, NULL, 0), 0,
	       "zero-length write is a no-op");
	tap_is(vmm_mem_total(&m, VMM_MEM_RAM), 0x2000, "RAM total");
	tap_is(vmm_mem_total(&m, VMM_MEM_ROM), 0x100, "ROM total");
	const struct vmm_mem_region *r = vmm_mem_find(&m, 0xffff00ff);
	tap_ok(r && r->kind == VMM_MEM_ROM, "find ROM by its last byte");
	tap_ok(vmm_mem_find(&m, 0xffff0100) == NULL, "nothing past it");

	vmm_mem_init(&m);
	int err = 0;
	for (int i = 0; i < VMM_MEM_MAX_REGIONS && !err; i++)
		err = vmm_mem_add(&m, (uint64_t)i << 20, 16, ram0, VMM_MEM_RAM);
	tap_is(err, 0, "fill the map");
	tap_is(vmm_mem_add(&m, 1ull << 40, 16, ram0, VMM_MEM_RAM),
	       AXVCPU_ENOMEM, "full map: ENOMEM");
	return tap_done(0);
}
