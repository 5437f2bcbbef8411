/* SPDX-License-Identifier: Apache-2.0 */
/* Putting the guest in memory: firmware (--bios), ELF, bzImage, raw. */
#include "vm.h"

#include "vmm/linux_boot.h"
#include "vmm/loader.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Where things go in guest-physical memory. */
#define ROM_TOP (1ull << 32)
/* 1 MiB: room for U-Boot's x86 ROM. It ends below the KVM TSS pages,
 * which vm.c moves to RUN_TSS_ADDR, out of the firmware's way. */
#define ROM_MAX (1u << 20)
#define LOW_BIOS_END 0x100000u
#define LOW_BIOS_MAX (128u << 10)
#define RAW_LOAD_REAL16 0x7c00u
#define RAW_LOAD_DEFAULT 0x100000u

int run_map_bios(struct run_vm *vm)
{
	size_t size;
	uint8_t *img =
	    run_read_file(vm->args->bios, ROM_MAX, &size, "firmware");
	if (!img)
		return RUN_STATUS_SETUP;
	free(img);
	if (size % 4096 || size < 4096) {
		run_msg("firmware '%s': size %zu is not a multiple of 4 KiB",
			vm->args->bios, size);
		return RUN_STATUS_SETUP;
	}
	/*
	 * Writable, unlike a real flash: on this host (kvm_pvm) CPL0 code
	 * is emulated, and a write the emulator makes into a read-only slot
	 * is retried forever without an exit. U-Boot hits it: its 32- to
	 * 64-bit switch loads CS from a GDT in the ROM, and the CPU sets
	 * the descriptor's accessed bit. The cost: a write a firmware makes
	 * to its own image now sticks instead of being dropped (SeaBIOS
	 * boots the same either way); a reset loads it afresh.
	 */
	void *rom = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int err = rom == MAP_FAILED
		      ? AXVCPU_ENOMEM
		      : vmm_mem_add_perm(
			    &vm->vm.mem, ROM_TOP - size, size, rom, VMM_MEM_ROM,
			    AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE |
				AXVCPU_STAGE2_EXEC);
	if (rom != MAP_FAILED) {
		vm->rom = rom;
		vm->rom_size = size;
	}
	if (err) {
		run_msg("cannot map the firmware below 4 GiB: %s",
			axvcpu_strerror(err));
		return RUN_STATUS_SETUP;
	}
	return 0;
}

static int load_bios(struct run_vm *vm)
{
	const char *path = vm->args->bios;
	size_t size;
	uint8_t *img = run_read_file(path, ROM_MAX, &size, "firmware");
	if (!img)
		return RUN_STATUS_SETUP;
	const struct vmm_mem_region *rom =
	    vmm_mem_find(&vm->vm.mem, ROM_TOP - 1);
	/* The file changed size since it was mapped (a reset re-reads it). */
	if (!rom || rom->size != size) {
		run_msg("firmware '%s' changed size while running", path);
		free(img);
		return RUN_STATUS_SETUP;
	}
	vmm_mem_write(&vm->vm.mem, ROM_TOP - size, img, size);
	/* The legacy copy: the last 128 KiB end at 1 MiB, in RAM, as on a
	 * PC whose chipset shadows the BIOS. */
	size_t low = size < LOW_BIOS_MAX ? size : LOW_BIOS_MAX;
	vmm_mem_write(&vm->vm.mem, LOW_BIOS_END - low, img + size - low, low);
	free(img);
	vm->mode = RUN_MODE_REAL16;
	vm->entry = 0xfffffff0u; /* reset vector, F000:FFF0 */
	return 0;
}

static int load_linux(struct run_vm *vm, const uint8_t *img, size_t size)
{
	struct run_args *a = vm->args;
	struct vmm_linux_config cfg = { .cmdline = a->cmdline };
	struct vmm_linux_info info;
	uint8_t *initrd = NULL;
	size_t initrd_size = 0;

	if (a->initrd) {
		initrd =
		    run_read_file(a->initrd, a->mem, &initrd_size, "initrd");
		if (!initrd)
			return RUN_STATUS_SETUP;
		cfg.initrd = initrd;
		cfg.initrd_size = initrd_size;
	}
	int err = vmm_load_linux(&vm->vm.mem, img, size, &cfg, &info);
	free(initrd);
	if (err) {
		run_msg("%s: %s", a->image, info.error);
		return RUN_STATUS_SETUP;
	}
	if (a->mode == RUN_MODE_REAL16) {
		run_msg("%s: a bzImage starts in prot32 or long64 mode",
			a->image);
		return RUN_STATUS_USAGE;
	}
	if (a->mode == RUN_MODE_LONG64 && !info.entry64) {
		run_msg("%s: kernel has no 64-bit entry point", a->image);
		return RUN_STATUS_SETUP;
	}
	vm->mode = a->mode == RUN_MODE_AUTO ? RUN_MODE_PROT32 : a->mode;
	vm->entry = vm->mode == RUN_MODE_LONG64 ? info.entry64 : info.entry32;
	vm->zero_page = info.zero_page;
	return 0;
}

static int load_image(struct run_vm *vm)
{
	struct run_args *a = vm->args;
	struct vmm_load_info info;
	size_t size;
	uint8_t *img = run_read_file(a->image, a->mem, &size, "image");
	if (!img)
		return RUN_STATUS_SETUP;
	int status = 0;

	if (vmm_elf_is_elf(img, size)) {
		if (a->cmdline || a->initrd) {
			run_msg("%s: --cmdline/--initrd need a bzImage",
				a->image);
			status = RUN_STATUS_USAGE;
		} else if (a->load_set) {
			/* Was silently ignored: ELF segments go to p_paddr. */
			run_msg("%s: --load needs a raw image (an ELF loads "
				"at its p_paddr)",
				a->image);
			status = RUN_STATUS_USAGE;
		} else if (vmm_load_elf(&vm->vm.mem, img, size, 0, &info)) {
			run_msg("%s: %s", a->image, info.error);
			status = RUN_STATUS_SETUP;
		} else if (info.machine != VMM_ELF_EM_386 &&
			   info.machine != VMM_ELF_EM_X86_64) {
			run_msg("%s: ELF for machine %u, not x86", a->image,
				info.machine);
			status = RUN_STATUS_SETUP;
		} else {
			vm->entry = info.entry;
			vm->mode = a->mode != RUN_MODE_AUTO ? a->mode
				   : info.elf_class == 64   ? RUN_MODE_LONG64
							    : RUN_MODE_PROT32;
		}
	} else if (size > 0x206 && !memcmp(img + 0x202, "HdrS", 4)) {
		if (a->load_set) {
			run_msg("%s: --load needs a raw image (a bzImage "
				"loads at 1 MiB)",
				a->image);
			status = RUN_STATUS_USAGE;
		} else {
			status = load_linux(vm, img, size);
		}
	} else {
		if (a->cmdline || a->initrd) {
			run_msg("%s: --cmdline/--initrd need a bzImage",
				a->image);
			status = RUN_STATUS_USAGE;
		} else {
			vm->mode = a->mode == RUN_MODE_AUTO ? RUN_MODE_REAL16
							    : a->mode;
			uint64_t at = a->load_set ? a->load_addr
				      : vm->mode == RUN_MODE_REAL16
					  ? RAW_LOAD_REAL16
					  : RAW_LOAD_DEFAULT;
			if (vmm_load_raw(&vm->vm.mem, at, img, size, &info)) {
				run_msg("%s: %s (%zu bytes at %#llx)", a->image,
					info.error, size,
					(unsigned long long)at);
				status = RUN_STATUS_SETUP;
			}
			vm->entry = at;
		}
	}
	free(img);
	return status;
}

int run_load(struct run_vm *vm)
{
	return vm->args->bios ? load_bios(vm) : load_image(vm);
}
