# RISC-V H-extension backend and the bare-metal hypervisor on QEMU virt.
#
#   make demo-riscv64      boot Debian's U-Boot on the hypervisor (interactive)
#   make bench-riscv64     round trips vs the floor, U-Boot time to prompt
#   make BUILD=dir ...     everything goes below $(BUILD)/riscv64 and $(BUILD)/rv

RV_OBJ := $(BUILD)/riscv64
RV_OUT := $(BUILD)/rv
RV_CC = clang $(FS_CFLAGS_COMMON) $(FS_CFLAGS_riscv64)
RV_PLAT := platform/qemu-riscv64
RV_UBOOT := /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf

DEB_PACKAGES += qemu-system-misc qemu-system-data u-boot-qemu device-tree-compiler

# Backend + decoder + the freestanding VM layer + the platform.
RV_BACKEND_SRCS := $(sort $(wildcard src/arch/riscv64/*.c)) \
	src/decode/riscv_mem.c
RV_VMM_SRCS := vmm/bus.c vmm/uart16550.c vmm/guest_mem.c vmm/load_elf.c \
	vmm/run_vcpu.c
RV_PLAT_SRCS := $(addprefix $(RV_PLAT)/,hal.c console.c hostsbi.c timer.c \
	stage2.c libc.c vm.c main.c testcheck.c panic.c)
RV_ASM_SRCS := src/arch/riscv64/switch.S src/arch/riscv64/fp.S \
	$(RV_PLAT)/start.S $(RV_PLAT)/trap.S $(RV_PLAT)/floor.S
RV_HV_OBJS := $(patsubst %.c,$(RV_OBJ)/%.o,$(RV_BACKEND_SRCS) $(RV_VMM_SRCS) \
	$(RV_PLAT_SRCS)) $(patsubst %.S,$(RV_OBJ)/%.o,$(RV_ASM_SRCS)) \
	$(RV_OBJ)/axvcpu-core.o

$(RV_OBJ)/%.o: %.S
	@mkdir -p $(@D)
	$(RV_CC) -Isrc/arch/riscv64 -c $< -o $@

# Only the FP save/restore needs F and D; the C code stays integer-only.
$(RV_OBJ)/src/arch/riscv64/fp.o: src/arch/riscv64/fp.S
	@mkdir -p $(@D)
	$(RV_CC) -march=rv64imafdc -c $< -o $@

$(RV_OUT)/guest.dtb: $(RV_PLAT)/guest.dts
	@mkdir -p $(@D)
	dtc -q -I dts -O dtb -o $@ $<

# ---- guest programs (VS-mode test guests) ---------------------------------
RV_GUEST_CC = clang --target=riscv64-unknown-elf -march=rv64imafdc \
	-mabi=lp64 -mcmodel=medany -mno-relax -ffreestanding -fno-builtin \
	-nostdlib -nostdlibinc -fno-stack-protector -fno-pic -O2 -g \
	$(CSTD) $(WARN) -Iinclude -Itests/riscv64/guest -MMD -MP
RV_GUEST_LIB := crt0.S lib.c
RV_GUESTS := exits smp bench
$(RV_OUT)/guest/%.o: tests/riscv64/guest/%.c
	@mkdir -p $(@D)
	$(RV_GUEST_CC) -c $< -o $@
$(RV_OUT)/guest/%.o: tests/riscv64/guest/%.S
	@mkdir -p $(@D)
	$(RV_GUEST_CC) -c $< -o $@
$(RV_OUT)/guest/%.elf: $(RV_OUT)/guest/%.o $(RV_OUT)/guest/crt0.o \
		$(RV_OUT)/guest/lib.o tests/riscv64/guest/guest.ld
	ld.lld -T tests/riscv64/guest/guest.ld -o $@ $(RV_OUT)/guest/crt0.o \
		$(RV_OUT)/guest/lib.o $<

# ---- hypervisor variants: hv-<prog>-<guest>.elf ------------------------------
# prog_<prog>.c picks the exit handling, the guest ELF is built in.
RV_GUEST_ELF_uboot := $(RV_UBOOT)
RV_GUEST_ELF_exits := $(RV_OUT)/guest/exits.elf
RV_GUEST_ELF_exits39 := $(RV_OUT)/guest/exits.elf
RV_GUEST_ELF_smp := $(RV_OUT)/guest/smp.elf
RV_GUEST_ELF_bench := $(RV_OUT)/guest/bench.elf

$(RV_OUT)/blob-%.o: $(RV_PLAT)/blob.S $(RV_OUT)/guest.dtb
	@mkdir -p $(@D)
	$(RV_CC) -DGUEST_ELF='"$(RV_GUEST_ELF_$*)"' \
		-DGUEST_DTB='"$(RV_OUT)/guest.dtb"' -c $< -o $@
$(RV_OUT)/blob-exits.o $(RV_OUT)/blob-smp.o $(RV_OUT)/blob-bench.o: \
	$(RV_OUT)/blob-%.o: $(RV_OUT)/guest/%.elf
$(RV_OUT)/blob-exits39.o: $(RV_OUT)/guest/exits.elf

$(RV_OUT)/hv-%.elf: $(RV_OBJ)/$(RV_PLAT)/prog_%.o $(RV_OUT)/blob-%.o \
		$(RV_HV_OBJS) $(RV_PLAT)/hv.ld
	ld.lld -T $(RV_PLAT)/hv.ld -o $@ $(RV_HV_OBJS) \
		$(RV_OBJ)/$(RV_PLAT)/prog_$*.o $(RV_OUT)/blob-$*.o

$(RV_OBJ)/$(RV_PLAT)/prog_uboot.o: $(RV_PLAT)/prog_guest.c
	@mkdir -p $(@D)
	$(RV_CC) -c $< -o $@

RV_HVS := $(RV_OUT)/hv-uboot.elf $(RV_OUT)/hv-exits.elf $(RV_OUT)/hv-smp.elf \
	$(RV_OUT)/hv-exits39.elf \
	$(RV_OUT)/hv-bench.elf
.PHONY: rv-build demo-riscv64 bench-riscv64
rv-build: $(RV_HVS)
.SECONDARY: $(RV_GUESTS:%=$(RV_OUT)/guest/%.o) $(RV_OUT)/guest/crt0.o \
	$(RV_OUT)/guest/lib.o $(RV_GUESTS:%=$(RV_OUT)/guest/%.elf) \
	$(RV_GUESTS:%=$(RV_OUT)/blob-%.o) $(RV_OUT)/blob-uboot.o $(RV_HV_OBJS) \
	$(RV_OUT)/blob-exits39.o

# ---- tests: small TAP wrappers with the image paths baked in ------------------
RV_T := $(RV_OUT)/t
# One wrapper per QEMU run: exits (Sv48x4), exits39 (Sv39x4), smp (2 harts).
define rv_qemu_t
$(RV_T)/$(1).t: $(RV_OUT)/hv-$(1).elf tests/riscv64/tap-qemu.sh
	@mkdir -p $$(@D)
	printf '#!/bin/sh\nexec sh %s %s $(2) 90\n' \
		$$(abspath tests/riscv64/tap-qemu.sh) $$(abspath $$<) > $$@
	chmod +x $$@
endef
$(eval $(call rv_qemu_t,exits,1))
$(eval $(call rv_qemu_t,exits39,1))
$(eval $(call rv_qemu_t,smp,2))
$(RV_T)/uboot.t: $(RV_OUT)/hv-uboot.elf tests/riscv64/uboot.pl
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec perl %s %s %s\n' \
		$(abspath tests/riscv64/uboot.pl) $(abspath $<) $(RV_UBOOT) > $@
	chmod +x $@
$(RV_T)/nohw.t: $(RV_OUT)/hv-exits.elf tests/riscv64/nohw.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s\n' \
		$(abspath tests/riscv64/nohw.sh) $(abspath $<) > $@
	chmod +x $@
TESTS += $(RV_T)/exits.t $(RV_T)/exits39.t $(RV_T)/smp.t $(RV_T)/uboot.t \
	$(RV_T)/nohw.t

demo-riscv64: $(RV_OUT)/hv-uboot.elf
	@echo "== axvcpu: Debian U-Boot on the riscv64 hypervisor (QEMU)."
	@echo "== Leave with Ctrl-A X. Try: version, md 80200000 10, poweroff"
	qemu-system-riscv64 -M virt -m 512M -nographic -bios default \
		-kernel $<

bench-riscv64: $(RV_OUT)/hv-bench.elf $(RV_OUT)/hv-uboot.elf
	sh bench/riscv64/run.sh $(RV_OUT)/hv-bench.elf $(RV_OUT)/hv-uboot.elf \
		$(RV_UBOOT)

BENCH_TARGETS += bench-riscv64
DEMO_ARCHES += riscv64

$(RV_OBJ)/$(RV_PLAT)/prog_exits.o $(RV_OBJ)/$(RV_PLAT)/prog_smp.o \
$(RV_OBJ)/$(RV_PLAT)/prog_bench.o $(RV_OBJ)/$(RV_PLAT)/prog_exits39.o: \
		$(RV_OBJ)/$(RV_PLAT)/prog_%.o: $(RV_PLAT)/prog_%.c
	@mkdir -p $(@D)
	$(RV_CC) -c $< -o $@
