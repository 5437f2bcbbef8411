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
	struct run_file f;
	if (run_file_open(&f, vm->args->bios, ROM_MAX, "firmware"))
		return RUN_STATUS_SETUP;
	uint64_t size = f.size;
	run_file_close(&f);
	if (size % 4096) {
		run_msg("firmware '%s': size %llu is not a multiple of 4 KiB",
			vm->args->bios, (unsigned long long)size);
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

/* The firmware straight into its ROM, then the legacy copy from there. */
static int load_bios(struct run_vm *vm)
{
	const char *path = vm->args->bios;
	struct run_file f;
	if (run_file_open(&f, path, ROM_MAX, "firmware"))
		return RUN_STATUS_SETUP;
	const struct vmm_mem_region *rom =
	    vmm_mem_find(&vm->vm.mem, ROM_TOP - 1);
	/* The file changed size since it was mapped (a reset re-reads it). */
	if (!rom || rom->size != f.size) {
		run_msg("firmware '%s' changed size while running", path);
		run_file_close(&f);
		return RUN_STATUS_SETUP;
	}
	int err = vmm_image_to_guest(&vm->vm.mem, rom->gpa, &f.img, 0, f.size);
	run_file_close(&f);
	if (err) {
		run_file_fail(&f, "cannot read it");
		return RUN_STATUS_SETUP;
	}
	/* The legacy copy: the last 128 KiB end at 1 MiB, in RAM, as on a
	 * PC whose chipset shadows the BIOS. */
	uint64_t low = rom->size < LOW_BIOS_MAX ? rom->size : LOW_BIOS_MAX;
	vmm_mem_write(&vm->vm.mem, LOW_BIOS_END - low,
		      rom->host + rom->size - low, low);
	vm->mode = RUN_MODE_REAL16;
	vm->entry = 0xfffffff0u; /* reset vector, F000:FFF0 */
	return 0;
}

/* A bzImage (read whole: a kernel is small; the initrd, which need not
 * be, goes straight into guest memory). */
static int load_linux(struct run_vm *vm, struct run_file *kf)
{
	struct run_args *a = vm->args;
	struct vmm_linux_config cfg = { .cmdline = a->cmdline };
	struct vmm_linux_info info;
	struct run_file rd;
	rd.fd = -1;

	if (a->mode == RUN_MODE_REAL16) {
		run_msg("%s: a bzImage starts in prot32 or long64 mode",
			a->image);
		return RUN_STATUS_USAGE;
	}
	if (a->initrd) {
		if (run_file_open(&rd, a->initrd, a->mem, "initrd"))
			return RUN_STATUS_SETUP;
		cfg.initrd_image = &rd.img;
	}
	uint8_t *img = run_file_bytes(kf);
	if (!img) {
		run_file_close(&rd);
		return RUN_STATUS_SETUP;
	}
	int err = vmm_load_linux(&vm->vm.mem, img, kf->size, &cfg, &info);
	free(img);
	run_file_close(&rd);
	if (err) {
		if (a->initrd && rd.failed)
			run_file_fail(&rd, info.error);
		else
			run_msg("%s: %s", a->image, info.error);
		return RUN_STATUS_SETUP;
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

/*
 * What an image must respect beyond fitting in guest RAM: its entry in
 * what it loads, and outside protected and long mode the system area the
 * library writes at vCPU setup (GDT, TSS, page tables: an image there was
 * silently overwritten).
 */
static const struct vmm_load_keepout sys_area = {
	AXVCPU_KVM_SYS_AREA_DEFAULT, AXVCPU_KVM_SYS_AREA_SIZE,
	"the vCPU system area (GDT, page tables)"
};

static struct vmm_load_rules load_rules(int mode)
{
	struct vmm_load_rules r = { .entry_inside = true };
	if (mode != RUN_MODE_REAL16) {
		r.keepout = &sys_area;
		r.nkeepout = 1;
	}
	return r;
}

/* A machine's name for the refusal of a foreign ELF. */
static const char *elf_machine_name(unsigned machine)
{
	switch (machine) {
	case 40:
		return " (32-bit Arm)";
	case VMM_ELF_EM_AARCH64:
		return " (AArch64)";
	case VMM_ELF_EM_RISCV:
		return " (RISC-V)";
	default:
		return "";
	}
}

/* Refuse an ELF for another machine (1) or accept it (0). */
static int elf_machine_refused(const char *image, unsigned machine)
{
	if (machine == VMM_ELF_EM_386 || machine == VMM_ELF_EM_X86_64)
		return 0;
	run_msg("%s: ELF for machine %u%s, not x86", image, machine,
		elf_machine_name(machine));
	return 1;
}

/* `machine`: e_machine read from the header, or -1 if the header is too
 * short or not little-endian (the loader then says what is wrong). */
static int load_elf(struct run_vm *vm, struct run_file *f, int elf_class,
		    int machine)
{
	struct run_args *a = vm->args;
	struct vmm_load_info info;
	if (a->cmdline || a->initrd) {
		run_msg("%s: --cmdline/--initrd need a bzImage", a->image);
		return RUN_STATUS_USAGE;
	}
	if (a->load_set) {
		/* Was silently ignored: ELF segments go to p_paddr. */
		run_msg("%s: --load needs a raw image (an ELF loads at its "
			"p_paddr)",
			a->image);
		return RUN_STATUS_USAGE;
	}
	/* Before loading: a foreign ELF's segments rarely fit, and "outside
	 * guest memory" hid the real cause. */
	if (machine >= 0 && elf_machine_refused(a->image, (unsigned)machine))
		return RUN_STATUS_SETUP;
	/* The mode first: it decides what the image must stay clear of. */
	vm->mode = a->mode != RUN_MODE_AUTO ? a->mode
		   : elf_class == 2         ? RUN_MODE_LONG64
					    : RUN_MODE_PROT32;
	struct vmm_load_rules rules = load_rules(vm->mode);
	if (vmm_load_elf_image(&vm->vm.mem, &f->img, 0, &rules, &info)) {
		run_file_fail(f, info.error);
		return RUN_STATUS_SETUP;
	}
	if (elf_machine_refused(a->image, info.machine))
		return RUN_STATUS_SETUP;
	vm->entry = info.entry;
	return 0;
}

static int load_raw(struct run_vm *vm, struct run_file *f)
{
	struct run_args *a = vm->args;
	struct vmm_load_info info;
	if (a->cmdline || a->initrd) {
		run_msg("%s: --cmdline/--initrd need a bzImage", a->image);
		return RUN_STATUS_USAGE;
	}
	vm->mode = a->mode == RUN_MODE_AUTO ? RUN_MODE_REAL16 : a->mode;
	uint64_t at = a->load_set                   ? a->load_addr
		      : vm->mode == RUN_MODE_REAL16 ? RAW_LOAD_REAL16
						    : RAW_LOAD_DEFAULT;
	struct vmm_load_rules rules = load_rules(vm->mode);
	if (vmm_load_raw_image(&vm->vm.mem, at, &f->img, &rules, &info)) {
		if (f->failed)
			run_file_fail(f, info.error);
		else
			run_msg("%s: %s", a->image, info.error);
		return RUN_STATUS_SETUP;
	}
	vm->entry = at;
	return 0;
}

/* The image straight from its file into guest memory, by its kind. */
static int load_image(struct run_vm *vm)
{
	struct run_args *a = vm->args;
	struct run_file f;
	if (run_file_open(&f, a->image, a->mem, "image"))
		return RUN_STATUS_SETUP;
	uint8_t head[0x210] = { 0 };
	uint64_t have = f.size < sizeof(head) ? f.size : sizeof(head);
	int status;
	if (f.img.read(f.img.ctx, 0, head, have)) {
		run_file_fail(&f, "cannot read it");
		status = RUN_STATUS_SETUP;
	} else if (vmm_elf_is_elf(head, (size_t)have)) {
		/* e_machine: at 18 in both classes (EI_DATA 1: LE). */
		int machine =
		    have >= 20 && head[5] == 1 ? head[18] | head[19] << 8 : -1;
		status = load_elf(vm, &f, head[4], machine);
	} else if (have > 0x206 && !memcmp(head + 0x202, "HdrS", 4)) {
		if (a->load_set) {
			run_msg("%s: --load needs a raw image (a bzImage "
				"loads at 1 MiB)",
				a->image);
			status = RUN_STATUS_USAGE;
		} else {
			status = load_linux(vm, &f);
		}
	} else {
		status = load_raw(vm, &f);
	}
	run_file_close(&f);
	return status;
}

int run_load(struct run_vm *vm)
{
	return vm->args->bios ? load_bios(vm) : load_image(vm);
}
