/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest memory map: regions, translation bounds, copies across regions,
 * removal, and the map kept in step with a stage-2 address space (Sv48x4
 * tables from the library, looked up through the API).
 */
#include "src/arch/stage2_formats.h"
#include "tests/lib/tap.h"
#include "vmm/guest_mem.h"

#include <axvcpu/hosted.h>
#include <stdlib.h>
#include <string.h>

static uint8_t ram0[0x1000], ram1[0x1000], rom[0x100];

static bool mapped_as(struct axvcpu_stage2 *s2, uint64_t gpa, const void *host,
		      uint32_t perm)
{
	axvcpu_hpa_t hpa = 0;
	uint32_t p = 0;
	return axvcpu_stage2_lookup(s2, gpa, &hpa, &p, NULL) == 0 &&
	       hpa == (axvcpu_hpa_t)(uintptr_t)host && p == perm;
}

static bool unmapped(struct axvcpu_stage2 *s2, uint64_t gpa)
{
	return axvcpu_stage2_lookup(s2, gpa, NULL, NULL, NULL) ==
	       AXVCPU_ENOTFOUND;
}

static void test_stage2(void)
{
	const uint32_t rwx =
	    AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE | AXVCPU_STAGE2_EXEC;
	const uint32_t rx = AXVCPU_STAGE2_READ | AXVCPU_STAGE2_EXEC;
	uint8_t *ram = aligned_alloc(4096, 0x4000);
	uint8_t *rom2 = aligned_alloc(4096, 0x1000);
	struct axvcpu_stage2 *s2 = NULL, *s2b = NULL;
	struct axvcpu_stage2_config cfg = { 0 };
	const struct axvcpu_backend *be = stage2_formats[1].backend;
	if (!ram || !rom2 || axvcpu_hal_register(axvcpu_hosted_hal()) ||
	    axvcpu_stage2_create(be, &cfg, &s2) ||
	    axvcpu_stage2_create(be, &cfg, &s2b)) {
		tap_ok(0, "stage 2: set up");
		return;
	}
	struct vmm_mem m;
	vmm_mem_init(&m);
	tap_ok(m.s2 == NULL, "stage 2: a new map is attached to nothing");
	tap_is(vmm_mem_add(&m, 0x80000000, 0x2000, ram, VMM_MEM_RAM), 0,
	       "stage 2: RAM added before attaching");
	tap_ok(unmapped(s2, 0x80000000), "... is not mapped yet");
	tap_is(vmm_mem_attach_stage2(&m, s2), 0, "attach");
	tap_ok(mapped_as(s2, 0x80001000, ram + 0x1000, rwx),
	       "... maps the RAM there already: read/write/execute, hpa = "
	       "its host address");
	tap_is(vmm_mem_attach_stage2(&m, s2b), AXVCPU_EINVAL,
	       "attach a second address space: refused");
	tap_is(vmm_mem_add(&m, 0x1000, 0x1000, rom2, VMM_MEM_ROM), 0,
	       "add ROM");
	tap_ok(mapped_as(s2, 0x1000, rom2, rx), "... mapped read/execute");
	tap_is(vmm_mem_add(&m, 0x3000, 0x800, ram + 0x2000, VMM_MEM_RAM),
	       AXVCPU_EINVAL, "a region of half a page: refused");
	tap_is(vmm_mem_add(&m, 0x3000, 0x1000, ram + 0x2001, VMM_MEM_RAM),
	       AXVCPU_EINVAL, "a region at an unaligned host address: refused");
	tap_ok(m.count == 2 && unmapped(s2, 0x3000),
	       "... neither recorded nor mapped");
	tap_is(vmm_mem_add_perm(&m, 0x3000, 0x1000, ram + 0x2000, VMM_MEM_ROM,
				rwx),
	       0, "a ROM region the guest may write (add_perm)");
	tap_ok(mapped_as(s2, 0x3000, ram + 0x2000, rwx) &&
		   vmm_mem_find(&m, 0x3000)->kind == VMM_MEM_ROM,
	       "... mapped writable, still ROM in the map");
	tap_is(vmm_mem_remove(&m, 0x1000), 0, "remove the ROM");
	tap_ok(unmapped(s2, 0x1000) && !vmm_mem_find(&m, 0x1000),
	       "... unmapped and out of the map");
	tap_ok(mapped_as(s2, 0x80000000, ram, rwx), "... the RAM still mapped");
	tap_is(vmm_mem_attach_stage2(&m, NULL), 0, "detach");
	tap_is(vmm_mem_add(&m, 0x1000, 0x1000, rom2, VMM_MEM_ROM), 0,
	       "add after detaching");
	tap_ok(unmapped(s2, 0x1000), "... maps nothing");

	/* Attach is all or nothing: a region that cannot be mapped. */
	struct vmm_mem m2;
	vmm_mem_init(&m2);
	vmm_mem_add(&m2, 0x10000, 0x1000, rom2, VMM_MEM_RAM);
	vmm_mem_add(&m2, 0x20000, 0x10, rom2, VMM_MEM_RAM);
	tap_is(vmm_mem_attach_stage2(&m2, s2b), AXVCPU_EINVAL,
	       "attach with a region that cannot be mapped: refused");
	tap_ok(unmapped(s2b, 0x10000) && m2.s2 == NULL,
	       "... nothing left mapped, still detached");

	tap_is(axvcpu_stage2_destroy(s2), 0, "destroy the address space");
	tap_is(axvcpu_stage2_destroy(s2b), 0, "and the other");
	tap_is(axvcpu_hosted_frames_in_use(), 0, "no frame left");
	free(ram);
	free(rom2);
}

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
	tap_is(vmm_mem_remove(&m, 3ull << 20), 0, "remove a region");
	tap_ok(m.count == VMM_MEM_MAX_REGIONS - 1 &&
		   !vmm_mem_find(&m, 3ull << 20) &&
		   vmm_mem_find(&m, 4ull << 20) == &m.regions[3],
	       "... gone, the rest still sorted");
	tap_is(vmm_mem_remove(&m, (3ull << 20) + 4), AXVCPU_ENOTFOUND,
	       "remove where no region starts: ENOTFOUND");
	tap_is(vmm_mem_remove(NULL, 0), AXVCPU_EINVAL, "remove from NULL");
	tap_is(vmm_mem_add(&m, 1ull << 40, 16, ram0, VMM_MEM_RAM), 0,
	       "room again after the removal");
	test_stage2();
	return tap_done(0);
}
