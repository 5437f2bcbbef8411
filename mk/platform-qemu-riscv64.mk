# The bare-metal RISC-V hypervisor on QEMU virt (platform/qemu-riscv64):
# the backend, the core and the VM layer linked with the platform's boot
# code, HAL and console, and one program that picks the exit handling.
#
#   make demo-riscv64      boot Debian's U-Boot on the hypervisor (interactive)
#   make bench-riscv64     round trips vs the floor, U-Boot time to prompt

RV_OUT := $(BUILD)/rv
RV_PLAT := platform/qemu-riscv64
RV_UBOOT := /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf

DEB_PACKAGES += qemu-system-misc qemu-system-data u-boot-qemu device-tree-compiler

RV_PLAT_SRCS := $(addprefix $(RV_PLAT)/,hal.c console.c hostsbi.c timer.c \
	libc.c vm.c main.c panic.c)
RV_PLAT_ASM := $(RV_PLAT)/start.S $(RV_PLAT)/trap.S $(RV_PLAT)/floor.S
# Everything but the program (prog_*.o) and the guest blob.
# The whole VM layer, as the one object mk/vmm.mk builds for riscv64.
RV_HV_OBJS := $(RV_BACKEND_OBJS) $(RV_OBJ)/axvcpu-vmm.o \
	$(RV_PLAT_SRCS:%.c=$(RV_OBJ)/%.o) $(RV_PLAT_ASM:%.S=$(RV_OBJ)/%.o) \
	$(RV_OBJ)/axvcpu-core.o

$(RV_OUT)/guest.dtb: $(RV_PLAT)/guest.dts
	@mkdir -p $(@D)
	dtc -q -I dts -O dtb -o $@ $<

# ---- hypervisor images: hv-<prog>.elf ---------------------------------------
# A program (RV_PROG_<prog>, a .c file) picks the exit handling; the guest
# ELF (RV_GUEST_ELF_<prog>) and the DTB are built in (blob.S).
RV_PROG_uboot := $(RV_PLAT)/prog_guest.c
RV_GUEST_ELF_uboot := $(RV_UBOOT)

$(RV_OUT)/blob-%.o: $(RV_PLAT)/blob.S $(RV_OUT)/guest.dtb
	@mkdir -p $(@D)
	$(RV_CC) -DGUEST_ELF='"$(RV_GUEST_ELF_$*)"' \
		-DGUEST_DTB='"$(RV_OUT)/guest.dtb"' -c $< -o $@

$(RV_OUT)/prog-%.o:
	@mkdir -p $(@D)
	$(RV_CC) -c $(RV_PROG_$*) -o $@

$(RV_OUT)/hv-%.elf: $(RV_OUT)/prog-%.o $(RV_OUT)/blob-%.o $(RV_HV_OBJS) \
		$(RV_PLAT)/hv.ld
	ld.lld -T $(RV_PLAT)/hv.ld -o $@ $(RV_HV_OBJS) $(RV_OUT)/prog-$*.o \
		$(RV_OUT)/blob-$*.o

# Each image's program source and guest are its prerequisites.
$(RV_OUT)/prog-uboot.o: $(RV_PROG_uboot)
$(RV_OUT)/blob-uboot.o: $(RV_GUEST_ELF_uboot)
.SECONDARY: $(RV_HV_OBJS) $(RV_OUT)/prog-uboot.o $(RV_OUT)/blob-uboot.o

.PHONY: rv-build demo-riscv64
rv-build: $(RV_OUT)/hv-uboot.elf

demo-riscv64: $(RV_OUT)/hv-uboot.elf
	@echo "== axvcpu: Debian U-Boot on the riscv64 hypervisor (QEMU)."
	@echo "== Leave with Ctrl-A X. Try: version, md 80200000 10, poweroff"
	qemu-system-riscv64 -M virt -m 512M -nographic -bios default \
		-kernel $<

DEMO_ARCHES += riscv64
