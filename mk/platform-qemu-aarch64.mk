# The bare-metal AArch64 hypervisor on QEMU virt (platform/qemu-aarch64):
# the backend, the core and the VM layer linked with the platform's boot
# code, HAL, GIC and console, one program that picks the exit handling,
# and the guest's images built in.
#
#   make demo-aarch64      boot Debian's U-Boot on the hypervisor
#                          (GUEST=linux: Debian's kernel to a shell;
#                          GUEST=PATH: an ELF, or a raw image at GUEST_LOAD)

A64_OUT := $(BUILD)/a64
A64_PLAT := platform/qemu-aarch64
A64_UBOOT := /usr/lib/u-boot/qemu_arm64/u-boot.bin
A64_QEMU := qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
	-cpu max,pauth-impdef=on -m 1G -nographic -monitor none -serial stdio \
	-semihosting

DEB_PACKAGES += qemu-system-arm qemu-system-data u-boot-qemu device-tree-compiler \
	cpio llvm

A64_PLAT_SRCS := $(addprefix $(A64_PLAT)/,hal.c console.c psci.c timer.c \
	gic.c mmu.c libc.c vm.c main.c panic.c)
A64_PLAT_ASM := $(A64_PLAT)/start.S $(A64_PLAT)/floor.S
A64_HV_OBJS := $(A64_BACKEND_OBJS) $(A64_OBJ)/axvcpu-vmm.o \
	$(A64_PLAT_SRCS:%.c=$(A64_OBJ)/%.o) $(A64_PLAT_ASM:%.S=$(A64_OBJ)/%.o) \
	$(call plat_common_objs,aarch64,$(PLAT_COMMON_MEMMOVE)) \
	$(A64_OBJ)/axvcpu-core.o

# ---- guest device trees: one per vCPU count, per kind of guest ----------
# A64_DTS_DEFS_<kind>: extra cpp definitions (Linux: initrd and command
# line); a recipe may compute them in the shell.
A64_DTB_NS := 1 2 3 4
define a64_dtbs
$(A64_OUT)/dtb-$(1)/guest-%.dtb: $(A64_PLAT)/guest.dts $(A64_DTB_DEPS_$(1))
	@mkdir -p $$(@D)
	clang -E -P -undef -x assembler-with-cpp -DNCPU=$$* $(A64_DTS_DEFS_$(1)) $$< | \
		dtc -q -I dts -O dtb -o $$@ -
A64_DTBS_$(1) := $(A64_DTB_NS:%=$(A64_OUT)/dtb-$(1)/guest-%.dtb)
endef

# ---- hypervisor images: hv-<prog>.elf --------------------------------------
# A64_PROG_<prog> (a .c file) picks the exit handling; A64_GUEST_<prog> is
# the image, A64_LOAD_<prog> its load address (-1: an ELF), A64_INITRD_<prog>
# an optional initrd, A64_KIND_<prog> the device-tree flavour.
A64_PROG_uboot := $(A64_PLAT)/prog_guest.c
A64_GUEST_uboot := $(A64_UBOOT)
A64_LOAD_uboot := 0x0
A64_KIND_uboot := plain
$(eval $(call a64_dtbs,plain))

$(A64_OUT)/prog-%.o:
	@mkdir -p $(@D)
	$(A64_CC) -c $(A64_PROG_$*) -o $@

$(A64_OUT)/blob-%.o: $(A64_PLAT)/blob.S
	@mkdir -p $(@D)
	$(A64_CC) -DGUEST_IMAGE='"$(A64_GUEST_$*)"' \
		-DGUEST_LOAD=$(A64_LOAD_$*) \
		$(if $(A64_INITRD_$*),-DGUEST_INITRD='"$(A64_INITRD_$*)"') \
		$(foreach n,$(A64_DTB_NS),-DDTB$(n)='"$(A64_OUT)/dtb-$(A64_KIND_$*)/guest-$(n).dtb"') \
		-c $< -o $@

$(A64_OUT)/hv-%.elf: $(A64_OUT)/prog-%.o $(A64_OUT)/blob-%.o $(A64_HV_OBJS) \
		$(A64_PLAT)/hv.ld
	ld.lld -T $(A64_PLAT)/hv.ld -o $@ $(A64_HV_OBJS) $(A64_OUT)/prog-$*.o \
		$(A64_OUT)/blob-$*.o

# Each image's program, guest, initrd and device trees are prerequisites.
define a64_image
$(A64_OUT)/prog-$(1).o: $(A64_PROG_$(1))
$(A64_OUT)/blob-$(1).o: $(A64_GUEST_$(1)) $(A64_INITRD_$(1)) \
	$(A64_DTBS_$(A64_KIND_$(1)))
.SECONDARY: $(A64_OUT)/prog-$(1).o $(A64_OUT)/blob-$(1).o
endef
$(eval $(call a64_image,uboot))
.SECONDARY: $(A64_HV_OBJS)

.PHONY: a64-build demo-aarch64
a64-build: $(A64_OUT)/hv-uboot.elf

# GUEST: empty or uboot (U-Boot), linux, or the path of one's own image: an ELF, or
# with GUEST_LOAD=0x... a raw image loaded (and entered) there. The image
# (and the device tree at 0x40000000 in x0) is built into hv-custom.elf,
# rebuilt when the file or the choice changes.
# CPUS=N (1..4): N host CPUs, so N vCPUs (one device tree each is built in).
A64_DEMO_CPUS := $(or $(CPUS),2)
A64_DEMO_PROG := $(if $(filter-out uboot linux,$(GUEST)),custom,$(or $(GUEST),uboot))
demo-aarch64: $(A64_OUT)/hv-$(A64_DEMO_PROG).elf
	@echo "== axvcpu: $(A64_DEMO_PROG) ($(or $(GUEST),Debian U-Boot)) on the aarch64 hypervisor (QEMU, $(A64_DEMO_CPUS) CPUs)."
	@echo "== Leave with Ctrl-A X.$(if $(filter uboot,$(A64_DEMO_PROG)), Try: version, md 40000000 10, poweroff)"
	$(A64_QEMU) -smp $(A64_DEMO_CPUS) -kernel $<
DEMO_ARCHES += aarch64

# ---- Linux: Debian's arm64 kernel and a busybox initramfs ------------------
# `make deps` fetches the kernel and busybox as single Debian package files
# (mk/platform-common.mk); arm64's /boot/vmlinuz-* is an uncompressed Image
# despite its name.
A64_LINUX_DIR := $(BUILD)/guests/arm64
A64_LINUX_IMAGE := $(A64_LINUX_DIR)/Image
A64_INITRD := $(A64_LINUX_DIR)/initramfs.cpio.gz
A64_BOOTARGS := console=ttyAMA0
$(eval $(call plat_linux_guest,a64,arm64,$(A64_LINUX_DIR),./boot/vmlinuz-*))

# The device trees name the initrd's end and the command line.
$(A64_OUT)/dtb-linux/guest-%.dtb: $(A64_PLAT)/guest.dts $(A64_INITRD)
	@mkdir -p $(@D)
	end=$$(printf '0x%x' $$((0x48000000 + $$(stat -c %s $(A64_INITRD))))); \
	clang -E -P -undef -x assembler-with-cpp -DNCPU=$* -DINITRD_END=$$end \
		-DBOOTARGS='"$(A64_BOOTARGS)"' $< | dtc -q -I dts -O dtb -o $@ -
A64_DTBS_linux := $(A64_DTB_NS:%=$(A64_OUT)/dtb-linux/guest-%.dtb)

A64_PROG_linux := $(A64_PLAT)/prog_guest.c
A64_GUEST_linux := $(A64_LINUX_IMAGE)
A64_LOAD_linux := 0x40200000
A64_INITRD_linux := $(A64_INITRD)
A64_KIND_linux := linux
$(eval $(call a64_image,linux))

# ---- one's own guest (make demo ARCH=aarch64 GUEST=PATH [GUEST_LOAD=]) ----
A64_CUSTOM_CFG := $(A64_OUT)/custom-guest.cfg
.PHONY: a64-custom-cfg
$(A64_CUSTOM_CFG): a64-custom-cfg
	@mkdir -p $(@D)
	@echo '$(abspath $(GUEST)) $(GUEST_LOAD)' | cmp -s - $@ || \
		echo '$(abspath $(GUEST)) $(GUEST_LOAD)' > $@
A64_PROG_custom := $(A64_PLAT)/prog_guest.c
A64_GUEST_custom := $(GUEST)
A64_LOAD_custom := $(or $(GUEST_LOAD),-1)
A64_KIND_custom := plain
$(eval $(call a64_image,custom))
$(A64_OUT)/blob-custom.o: $(A64_CUSTOM_CFG)
