# The bare-metal RISC-V hypervisor on QEMU virt (platform/qemu-riscv64):
# the backend, the core and the VM layer linked with the platform's boot
# code, HAL and console, one program that picks the exit handling, and the
# guest's images built in.
#
#   make demo-riscv64 [GUEST=uboot|linux|PATH [GUEST_LOAD=ADDR]]
#                          boot a guest on the hypervisor (interactive):
#                          Debian's U-Boot (default), Debian's Linux on 2
#                          vCPUs, or your own ELF or raw image
#   make bench-riscv64     round trips vs the floor, U-Boot time to prompt,
#                          Linux boot time virtualized vs native

RV_OUT := $(BUILD)/rv
RV_PLAT := platform/qemu-riscv64
RV_UBOOT := /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf

DEB_PACKAGES += qemu-system-misc qemu-system-data u-boot-qemu \
	device-tree-compiler cpio

RV_PLAT_SRCS := $(addprefix $(RV_PLAT)/,hal.c console.c hostsbi.c timer.c \
	libc.c vm.c main.c panic.c)
RV_PLAT_ASM := $(RV_PLAT)/start.S $(RV_PLAT)/trap.S $(RV_PLAT)/floor.S
# The images' C (backend, core, VM layer, platform) is compiled for
# link-time optimization, with the backend's run op called directly
# (backend.h's AXVCPU_RUN_OP_DIRECT; with AXVCPU_RUN_OP_REASON it returns
# the reason of an exit it made in line): axvcpu_run() and rv_vcpu_run() are
# inlined into the VM layer's loop, which then saves only what it keeps
# across the guest rather than two frames per exit (docs/riscv64.md); the
# HAL's CPU id is called directly too (hal.h's AXVCPU_HAL_CPU_ID_DIRECT).
# The relocatable axvcpu-core.o / axvcpu-vmm.o stay plain objects for
# other hypervisors and the freestanding checks.
RV_LTO_OBJ := $(BUILD)/riscv64-lto
RV_LTO_FLAGS := -flto=thin -DAXVCPU_RUN_OP_DIRECT=rv_vcpu_run \
	-DAXVCPU_RUN_OP_REASON \
	-DAXVCPU_HAL_CPU_ID_DIRECT=hv_hal_cpu_id
$(RV_LTO_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(RV_CC) $(RV_LTO_FLAGS) -c $< -o $@
RV_LTO_SRCS := $(RV_BACKEND_SRCS) $(VMM_SRCS) $(CORE_SRCS) $(RV_PLAT_SRCS)
# Everything but the program (prog_*.o) and the guest blob.
# (platform/common's objects stay plain: nothing of theirs is on the
# exit path.)
RV_HV_OBJS := $(RV_LTO_SRCS:%.c=$(RV_LTO_OBJ)/%.o) \
	$(RV_BACKEND_ASM:%.S=$(RV_OBJ)/%.o) $(RV_PLAT_ASM:%.S=$(RV_OBJ)/%.o) \
	$(call plat_common_objs,riscv64,$(PLAT_COMMON_MEMMOVE))

# ---- per-image guest configuration -------------------------------------------
# An image hv-<p>.elf has a program (RV_PROG_<p>) and a guest:
#   RV_GUEST_ELF_<p>     the guest image: an ELF, or a raw image
#   RV_GUEST_LOAD_<p>    a raw image's load address (empty: ELF, or raw at
#                        0x80200000)
#   RV_GUEST_INITRD_<p>  optional initrd (put below the DTB)
#   RV_RAM_MB_<p>        guest RAM in MiB (default 128; 256 needs -m 1G)
#   RV_CPUS_<p>          harts in the guest's DTB (default 1)
#   RV_BOOTARGS_<p>      optional kernel command line (/chosen/bootargs)
#   RV_FLASH_<p>         optional CFI flash banks (two at 0x20000000), bytes
#                        each
#   RV_DTS_<p>           more cpp definitions for guest.dts (-DNAME=...)
# Guest memory: RAM at 0x80000000, the DTB in its last 2 MiB, the initrd
# right below the DTB (layout-<p>.h, shared by the DTB and blob.S).
rv_ram = $(or $(RV_RAM_MB_$(1)),128)
rv_cpus = $(or $(RV_CPUS_$(1)),1)
rv_load = $(or $(RV_GUEST_LOAD_$(1)),0)
# Everything that decides an image's contents except the files' bytes.
rv_cfg = image=$(RV_GUEST_ELF_$(1)) load=$(call rv_load,$(1)) \
	initrd=$(RV_GUEST_INITRD_$(1)) ram=$(call rv_ram,$(1)) \
	cpus=$(call rv_cpus,$(1)) dts=$(RV_DTS_$(1)) \
	bootargs=$(RV_BOOTARGS_$(1)) flash=$(RV_FLASH_$(1))

.PHONY: rv-force
# Rewritten only when the configuration changed: a new path (even to an
# older file) or load address rebuilds the image; an unchanged one does not.
$(RV_OUT)/guest-%.cfg: rv-force
	@mkdir -p $(@D)
	@printf '%s\n' '$(call rv_cfg,$*)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(RV_OUT)/layout-%.h: $(RV_OUT)/guest-%.cfg
	@test -f "$(RV_GUEST_ELF_$*)" || { echo "hv-$*: guest image" \
		"'$(RV_GUEST_ELF_$*)' is not a file" >&2; exit 1; }
	@echo '$(call rv_load,$*)' | grep -Eqx '0[xX][0-9a-fA-F]+|[0-9]+' || \
		{ echo "hv-$*: GUEST_LOAD '$(call rv_load,$*)' is not a" \
		"number (e.g. GUEST_LOAD=0x80200000)" >&2; exit 1; }
	@set -e; ram=$$(( $(call rv_ram,$*) << 20 )); \
	dtb=$$(( 0x80000000 + ram - (2 << 20) )); \
	{ printf '#define GUEST_RAM_SIZE 0x%x\n' $$ram; \
	  printf '#define GUEST_DTB_GPA 0x%x\n' $$dtb; \
	  printf '#define GUEST_CPUS %d\n' $(call rv_cpus,$*); \
	  printf '#define GUEST_LOAD %s\n' '$(call rv_load,$*)'; \
	  printf '#define GUEST_FLASH_BANK %s\n' '$(or $(RV_FLASH_$*),0)'; \
	  if [ -n "$(RV_BOOTARGS_$*)" ]; then \
	    printf '#define GUEST_BOOTARGS "%s"\n' "$(RV_BOOTARGS_$*)"; fi; \
	  if [ -n "$(RV_GUEST_INITRD_$*)" ]; then \
	    sz=$$(stat -c %s "$(RV_GUEST_INITRD_$*)"); \
	    start=$$(( (dtb - sz) & ~0xfff )); \
	    printf '#define GUEST_INITRD "%s"\n' "$(RV_GUEST_INITRD_$*)"; \
	    printf '#define GUEST_INITRD_GPA 0x%x\n' $$start; \
	    printf '#define GUEST_INITRD_START 0x%x\n' $$start; \
	    printf '#define GUEST_INITRD_END 0x%x\n' $$(( start + sz )); \
	  fi; } > $@

$(RV_OUT)/dtb-%.dtb: $(RV_PLAT)/guest.dts $(RV_OUT)/layout-%.h
	@mkdir -p $(@D)
	clang -E -P -nostdinc -undef -x assembler-with-cpp \
		-include $(RV_OUT)/layout-$*.h $(RV_DTS_$*) $< -o $@.dts
	dtc -q -I dts -O dtb -o $@ $@.dts

# ---- hypervisor images: hv-<prog>.elf ---------------------------------------
$(RV_OUT)/blob-%.o: $(RV_PLAT)/blob.S $(RV_OUT)/dtb-%.dtb \
		$(RV_OUT)/layout-%.h
	@mkdir -p $(@D)
	$(RV_CC) -include $(RV_OUT)/layout-$*.h \
		-DGUEST_IMAGE='"$(RV_GUEST_ELF_$*)"' \
		-DGUEST_DTB='"$(RV_OUT)/dtb-$*.dtb"' -c $< -o $@

$(RV_OUT)/prog-%.o:
	@mkdir -p $(@D)
	$(RV_CC) -c $(RV_PROG_$*) -o $@

$(RV_OUT)/hv-%.elf: $(RV_OUT)/prog-%.o $(RV_OUT)/blob-%.o $(RV_HV_OBJS) \
		$(RV_PLAT)/hv.ld
	ld.lld -T $(RV_PLAT)/hv.ld -o $@ $(RV_HV_OBJS) $(RV_OUT)/prog-$*.o \
		$(RV_OUT)/blob-$*.o

# Debian's U-Boot, with a CFI flash so that it treats RAM as RAM.
RV_PROG_uboot := $(RV_PLAT)/prog_guest.c
RV_GUEST_ELF_uboot := $(RV_UBOOT)
RV_FLASH_uboot := 0x100000

# Your own guest: GUEST=PATH [GUEST_LOAD=ADDR] [CPUS=N] (make demo).
GUEST ?= uboot
GUEST_LOAD ?=
RV_PROG_user := $(RV_PLAT)/prog_guest.c
RV_GUEST_ELF_user := $(abspath $(GUEST))
RV_GUEST_LOAD_user := $(GUEST_LOAD)
RV_FLASH_user := 0x100000
# CPUS=N: N harts in the guest's DTB, N vCPUs, QEMU -smp N.
RV_CPUS_user := $(CPUS)

# Debian's Linux (make deps fetches it) with a busybox initramfs, on 2 vCPUs.
RV_LINUX_DIR := $(BUILD)/guests/riscv64
RV_PROG_linux := $(RV_PLAT)/prog_guest.c
RV_GUEST_ELF_linux := $(RV_LINUX_DIR)/Image
RV_GUEST_INITRD_linux := $(RV_LINUX_DIR)/initramfs.cpio.gz
RV_RAM_MB_linux := 256
RV_CPUS_linux := 2
RV_BOOTARGS_linux := console=ttyS0 earlycon=sbi
# What the guest's /init prints once it runs (scripts/mk-busybox-initramfs.sh).
RV_LINUX_MARKER := axvcpu-guest: init ready

# Single package files from Debian 13 (Debian 12 has no riscv64); the
# kernel package's uncompressed Image is named vmlinux-*.
$(eval $(call plat_linux_guest,rv,riscv64,$(RV_LINUX_DIR),./boot/vmlinux-*))

# Each image's program source and guest files are its prerequisites.
RV_IMAGES := uboot user linux
$(foreach p,$(RV_IMAGES),$(eval $(RV_OUT)/prog-$(p).o: $(RV_PROG_$(p))))
$(RV_OUT)/blob-uboot.o: $(RV_GUEST_ELF_uboot)
$(RV_OUT)/blob-linux.o: $(RV_GUEST_ELF_linux) $(RV_GUEST_INITRD_linux)
# The initrd's size places it and goes into the DTB.
$(RV_OUT)/layout-linux.h: $(RV_GUEST_INITRD_linux) $(RV_GUEST_ELF_linux)
# (A missing file is layout-user.h's error, which names it.)
ifneq ($(filter-out uboot linux,$(GUEST)),)
$(RV_OUT)/blob-user.o: $(wildcard $(RV_GUEST_ELF_user))
endif
.SECONDARY: $(RV_HV_OBJS) $(RV_IMAGES:%=$(RV_OUT)/prog-%.o) \
	$(RV_IMAGES:%=$(RV_OUT)/blob-%.o) $(RV_IMAGES:%=$(RV_OUT)/dtb-%.dtb) \
	$(RV_IMAGES:%=$(RV_OUT)/layout-%.h) $(RV_IMAGES:%=$(RV_OUT)/guest-%.cfg)

.PRECIOUS: $(RV_OUT)/guest-%.cfg $(RV_OUT)/layout-%.h $(RV_OUT)/dtb-%.dtb \
	$(RV_OUT)/blob-%.o $(RV_OUT)/prog-%.o

# QEMU options per image: host memory (guest RAM + the hypervisor) and harts.
rv_qemu_mem = $(if $(filter 256,$(call rv_ram,$(1))),1G,512M)
rv_qemu_smp = $(call rv_cpus,$(1))

.PHONY: rv-build demo-riscv64 rv-user rv-linux
rv-linux: $(RV_OUT)/hv-linux.elf
rv-build: $(RV_OUT)/hv-uboot.elf
rv-user: $(RV_OUT)/hv-user.elf

RV_DEMO := $(if $(filter uboot linux,$(GUEST)),$(GUEST),user)
demo-riscv64: $(RV_OUT)/hv-$(RV_DEMO).elf
	@echo "== axvcpu: $(if $(filter user,$(RV_DEMO)),$(GUEST),$(RV_DEMO)) on the riscv64 hypervisor (QEMU)."
	@echo "== Leave with Ctrl-A X.$(if $(filter uboot,$(RV_DEMO)), Try: version, md 80200000 10, poweroff)"
	qemu-system-riscv64 -M virt -m $(call rv_qemu_mem,$(RV_DEMO)) \
		-smp $(call rv_qemu_smp,$(RV_DEMO)) -nographic -bios default \
		-kernel $<

DEMO_ARCHES += riscv64
