# The PC hypervisor (platform/pc) on Intel VMX, booted from a disk image
# through the BIOS under bochs: the same platform sources built with
# -DHV_ARCH_VMX (platform/pc/arch.h) and linked with the VMX backend, the
# boot sector (platform/pc/boot_bochs.S) and the host tool that makes the
# disk (tools/bochs-disk/bochs_disk.c: hypervisor, modules, multiboot
# information). tests/x86/bochs-run.sh runs a disk under bochs.
#
#   make demo ARCH=vmx [GUEST=uboot|seabios|memtest|linux|PATH]
#
# (Read before mk/platform-pc.mk: nothing of it is used at parse time.)

PCV_OUT := $(BUILD)/pc-vmx
PCV_CC = clang $(FS_CFLAGS_COMMON) $(FS_CFLAGS_x86_64) -DHV_ARCH_VMX

DEB_PACKAGES += bochs bochsbios vgabios seabios u-boot-qemu

PCV_PLAT_SRCS := $(filter-out platform/pc/prog_%.c,\
	$(sort $(wildcard platform/pc/*.c)))
PCV_PLAT_ASM := platform/pc/start.S platform/pc/trap.S
# platform/common's objects are the SVM build's (nothing there is VMX's).
PCV_HV_OBJS := $(PCV_PLAT_SRCS:%.c=$(PCV_OUT)/obj/%.o) \
	$(PCV_PLAT_ASM:%.S=$(PCV_OUT)/obj/%.o) $(call plat_common_objs,x86_64) \
	$(BUILD)/x86_64/axvcpu-vmx.o $(BUILD)/x86_64/axvcpu-vmm.o \
	$(BUILD)/x86_64/axvcpu-core.o

$(PCV_OUT)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(PCV_CC) -c $< -o $@
$(PCV_OUT)/obj/%.o: %.S
	@mkdir -p $(@D)
	$(PCV_CC) -c $< -o $@

# ---- hypervisor images: hv-<prog>.bin, as on SVM -------------------------
# A program (PCV_PROG_<prog>, a .c file) picks the exit handling.
PCV_PROG_guest := platform/pc/prog_guest.c
$(PCV_OUT)/prog-%.o:
	@mkdir -p $(@D)
	$(PCV_CC) -c $(PCV_PROG_$*) -o $@
$(PCV_OUT)/hv-%.elf: $(PCV_OUT)/prog-%.o $(PCV_HV_OBJS) platform/pc/hv.ld
	ld.lld -T platform/pc/hv.ld -o $@ $(PCV_HV_OBJS) $(PCV_OUT)/prog-$*.o
$(PCV_OUT)/hv-%.bin: $(PCV_OUT)/hv-%.elf
	llvm-objcopy -O binary $< $@
$(PCV_OUT)/prog-guest.o: $(PCV_PROG_guest)

# ---- the boot sector and the disk tool -----------------------------------
$(PCV_OUT)/boot_bochs.bin: platform/pc/boot_bochs.S
	@mkdir -p $(@D)
	clang --target=i386-unknown-elf -c $< -o $(PCV_OUT)/boot_bochs.o
	ld.lld -Ttext=0x7c00 -e bochs_boot --oformat=binary \
		$(PCV_OUT)/boot_bochs.o -o $@
$(PCV_OUT)/bochs-disk: tools/bochs-disk/bochs_disk.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $< -o $@

# disk-<name>.img: hypervisor image PCV_DISK_HV_<name> (default guest),
# command line PCV_DISK_CMD_<name>, modules PCV_DISK_MODS_<name> ("FILE
# NAME" pairs, NAME without spaces).
PCV_SEABIOS := /usr/share/seabios/bios.bin
PCV_UBOOT := /usr/lib/u-boot/qemu-x86_64/u-boot.rom
PCV_DISK_CMD_seabios := cpus=1 mem=64
PCV_DISK_MODS_seabios := $(PCV_SEABIOS) bios
PCV_DISK_CMD_seabios2 := cpus=2 mem=64
PCV_DISK_MODS_seabios2 := $(PCV_SEABIOS) bios
PCV_DISK_CMD_uboot := cpus=1 mem=128
PCV_DISK_MODS_uboot := $(PCV_UBOOT) bios
PCV_DISKS := seabios seabios2 uboot
define pcv_disk
$(PCV_OUT)/disk-$(1).img: $(PCV_OUT)/hv-$(or $(PCV_DISK_HV_$(1)),guest).bin \
		$(PCV_OUT)/boot_bochs.bin $(PCV_OUT)/bochs-disk
	$(PCV_OUT)/bochs-disk $$@ $(PCV_OUT)/boot_bochs.bin $$< \
		"$(PCV_DISK_CMD_$(1))" $(PCV_DISK_MODS_$(1))
endef
$(foreach d,$(PCV_DISKS),$(eval $(call pcv_disk,$(d))))

.SECONDARY: $(PCV_HV_OBJS) $(PCV_OUT)/prog-guest.o $(PCV_OUT)/hv-guest.elf

.PHONY: pc-vmx-build
pc-vmx-build: $(PCV_OUT)/hv-guest.bin $(PCV_OUT)/boot_bochs.bin \
	$(PCV_OUT)/bochs-disk
all: pc-vmx-build

# make demo ARCH=vmx [GUEST=uboot|seabios|memtest|linux|PATH]: interactive,
# under bochs (linux: the SVM tests' kernel and initramfs, pc-linux-guest).
GUEST ?= uboot
.PHONY: demo-vmx
demo-vmx: $(PCV_OUT)/hv-guest.bin $(PCV_OUT)/boot_bochs.bin \
		$(PCV_OUT)/bochs-disk $(if $(filter linux,$(GUEST)),pc-linux-guest)
	sh scripts/pc-vmx-demo.sh $(PCV_OUT)/hv-guest.bin \
		$(PCV_OUT)/boot_bochs.bin $(PCV_OUT)/bochs-disk $(GUEST) \
		$(PCV_OUT)/demo.img $(abspath $(BUILD)/pc/linux)
DEMO_ARCHES += vmx
