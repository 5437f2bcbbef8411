# The bare-metal PC hypervisor (platform/pc) on AMD SVM: the backend, the
# x86 layer, the core and the VM layer linked with the platform's boot
# code (multiboot v1, a.out kludge), HAL and console, and one program
# that picks the exit handling; objcopy makes the flat image QEMU's
# multiboot loader takes. Guests are multiboot modules named bios,
# kernel (+ initrd) or flat.
#
#   make demo ARCH=svm [GUEST=uboot|seabios|memtest|linux|PATH]

PC_OUT := $(BUILD)/pc
PC_PLAT := platform/pc
PC_CC = clang $(FS_CFLAGS_COMMON) $(FS_CFLAGS_x86_64)
PC_QEMU := qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt -m 1G \
	-nographic -monitor none -serial stdio \
	-device isa-debug-exit,iobase=0xf4,iosize=4 -no-reboot

DEB_PACKAGES += qemu-system-x86 seabios u-boot-qemu

PC_PLAT_SRCS := $(addprefix $(PC_PLAT)/,cpu.c console.c time.c lapic.c \
	idt.c smp.c hal.c multiboot.c libc.c panic.c vm.c main.c)
PC_PLAT_ASM := $(PC_PLAT)/start.S $(PC_PLAT)/trap.S
PC_HV_OBJS := $(PC_PLAT_SRCS:%.c=$(BUILD)/x86_64/%.o) \
	$(PC_PLAT_ASM:%.S=$(BUILD)/x86_64/%.o) \
	$(call plat_common_objs,x86_64) \
	$(BUILD)/x86_64/axvcpu-svm.o $(BUILD)/x86_64/axvcpu-vmm.o \
	$(BUILD)/x86_64/axvcpu-core.o

# ---- hypervisor images: hv-<prog>.bin -------------------------------------
# A program (PC_PROG_<prog>, a .c file) picks the exit handling.
PC_PROG_guest := $(PC_PLAT)/prog_guest.c

$(PC_OUT)/prog-%.o:
	@mkdir -p $(@D)
	$(PC_CC) -c $(PC_PROG_$*) -o $@

$(PC_OUT)/hv-%.elf: $(PC_OUT)/prog-%.o $(PC_HV_OBJS) $(PC_PLAT)/hv.ld
	ld.lld -T $(PC_PLAT)/hv.ld -o $@ $(PC_HV_OBJS) $(PC_OUT)/prog-$*.o

$(PC_OUT)/hv-%.bin: $(PC_OUT)/hv-%.elf
	llvm-objcopy -O binary $< $@

$(PC_OUT)/prog-guest.o: $(PC_PROG_guest)
.SECONDARY: $(PC_HV_OBJS) $(PC_OUT)/prog-guest.o $(PC_OUT)/hv-guest.elf

.PHONY: pc-build demo-svm
pc-build: $(PC_OUT)/hv-guest.bin
all: pc-build

# GUEST=uboot (default) | seabios | memtest | linux | PATH
GUEST ?= uboot
demo-svm: $(PC_OUT)/hv-guest.bin $(if $(filter linux,$(GUEST)),pc-linux-guest)
	sh scripts/pc-demo.sh $< $(GUEST) $(abspath $(PC_OUT)/linux)

DEMO_ARCHES += svm
