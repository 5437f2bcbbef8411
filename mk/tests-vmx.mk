# Tests of the VMX backend on the PC hypervisor under bochs: the SVM
# backend's test guests and checker (tests/pc) built into VMX images
# (hv-<prog>.bin of mk/platform-pc-vmx.mk) on disks, TAP through
# tests/x86/bochs-tap.sh; Debian's guests through tests/x86/t_bochs_guest.pl.

PCV_CHECK_OBJ := $(PCV_OUT)/obj/tests/pc/hv/check.o \
	$(PCV_OUT)/obj/tests/lib/hv_check.o
PCV_TEST_PROGS := exits hostile random
$(foreach p,$(PCV_TEST_PROGS),$(eval PCV_PROG_$(p) := tests/pc/hv/prog_$(p).c))
$(foreach p,$(PCV_TEST_PROGS),$(eval $(PCV_OUT)/prog-$(p).o: $(PCV_PROG_$(p))))
$(PCV_TEST_PROGS:%=$(PCV_OUT)/hv-%.elf): $(PCV_CHECK_OBJ)
$(PCV_TEST_PROGS:%=$(PCV_OUT)/hv-%.elf): PCV_HV_OBJS += $(PCV_CHECK_OBJ)
.SECONDARY: $(PCV_TEST_PROGS:%=$(PCV_OUT)/prog-%.o) $(PCV_CHECK_OBJ) \
	$(PCV_TEST_PROGS:%=$(PCV_OUT)/hv-%.elf)

# The guests are the SVM tests' flat images (VMMCALL works on VMX too).
PCV_DISK_HV_exits := exits
PCV_DISK_CMD_exits := cpus=1
PCV_DISK_MODS_exits := $(PC_OUT)/guest/exits.bin flat
PCV_DISK_HV_modes := exits
PCV_DISK_CMD_modes := cpus=1 mode=real16
PCV_DISK_MODS_modes := $(PC_OUT)/guest/modes.bin flat
PCV_DISK_HV_hostile := hostile
PCV_DISK_CMD_hostile := cpus=1
PCV_DISK_MODS_hostile := $(PC_OUT)/guest/hostile.bin flat
# The random guest (tests/pc/guest/random.c), one fixed seed.
PCV_DISK_HV_random := random
PCV_DISK_CMD_random := cpus=1 seed=1 blocks=400
PCV_DISK_MODS_random := $(PC_OUT)/guest/random.bin flat
PCV_TEST_DISKS := exits modes hostile random
$(foreach d,$(PCV_TEST_DISKS),$(eval $(call pcv_disk,$(d))))
$(PCV_OUT)/disk-exits.img: $(PC_OUT)/guest/exits.bin
$(PCV_OUT)/disk-modes.img: $(PC_OUT)/guest/modes.bin
$(PCV_OUT)/disk-hostile.img: $(PC_OUT)/guest/hostile.bin
$(PCV_OUT)/disk-random.img: $(PC_OUT)/guest/random.bin

PCV_T := $(BUILD)/tests/vmx
define pcv_tap_t
$(PCV_T)/t_$(1): $(PCV_OUT)/disk-$(1).img tests/x86/bochs-tap.sh \
		tests/x86/bochs-run.sh
	@mkdir -p $$(@D)
	printf '#!/bin/sh\nexec sh %s %s %s 300\n' \
		$$(abspath tests/x86/bochs-tap.sh) $$(abspath $$<) $(2) > $$@
	chmod +x $$@
endef
$(eval $(call pcv_tap_t,exits,1))
$(eval $(call pcv_tap_t,modes,1))
$(eval $(call pcv_tap_t,hostile,1))
$(eval $(call pcv_tap_t,random,1))
TESTS += $(PCV_T)/t_exits $(PCV_T)/t_modes $(PCV_T)/t_hostile $(PCV_T)/t_random
# The random guest's campaign under bochs: make test-hostile-long-vmx
# [SEEDS="1 2 3"] [BLOCKS=n] (one disk per seed; part of test-hostile-long).
.PHONY: test-hostile-long test-hostile-long-vmx
test-hostile-long-vmx: $(PCV_OUT)/bochs-disk $(PCV_OUT)/boot_bochs.bin \
		$(PCV_OUT)/hv-random.bin $(PC_OUT)/guest/random.bin
	sh tests/x86/t_random_vmx.sh $(PCV_OUT)/bochs-disk \
		$(PCV_OUT)/boot_bochs.bin $(PCV_OUT)/hv-random.bin \
		$(PC_OUT)/guest/random.bin $(or $(BLOCKS),2000) \
		'$(or $(SEEDS),$(shell seq 100 107))' | tee $(BUILD)/hostile-vmx.log
	! grep -q '^not ok' $(BUILD)/hostile-vmx.log
test-hostile-long: test-hostile-long-vmx

# Debian's guests through their console (bochs's COM1 on a local port).
define pcv_guest_t
$(PCV_T)/t_$(1): $(PCV_OUT)/disk-$(2).img tests/x86/t_bochs_guest.pl \
		tests/x86/bochs-run.sh
	@mkdir -p $$(@D)
	printf '#!/bin/sh\nexec perl %s %s %s\n' \
		$$(abspath tests/x86/t_bochs_guest.pl) $$(abspath $$<) "$(3)" > $$@
	chmod +x $$@
endef
$(eval $(call pcv_guest_t,seabios1,seabios,seabios 1))
$(eval $(call pcv_guest_t,seabios2,seabios2,seabios 2))
$(eval $(call pcv_guest_t,uboot,uboot,uboot))
TESTS += $(PCV_T)/t_seabios1 $(PCV_T)/t_seabios2 $(PCV_T)/t_uboot

# ---- make bench-vmx ------------------------------------------------------------
# The SVM bench's guest with VMCALL, a program with a hand-written
# VMLAUNCH/VMRESUME floor (tests/x86/hv), and Debian's guests' boot times.
$(PCV_OUT)/guest/bench.o: tests/pc/guest/bench.c
	@mkdir -p $(@D)
	$(PC_GUEST_CC) -DGUEST_HCALL='"vmcall"' -c $< -o $@
$(PCV_OUT)/guest/bench.bin: $(PCV_OUT)/guest/bench.o $(PC_OUT)/guest/crt0.o \
		$(PC_OUT)/guest/lib.o tests/pc/guest/guest.ld
	ld.lld -T tests/pc/guest/guest.ld -o $(@:.bin=.elf) \
		$(PC_OUT)/guest/crt0.o $(PC_OUT)/guest/lib.o $<
	llvm-objcopy -O binary $(@:.bin=.elf) $@
PCV_PROG_bench := tests/x86/hv/prog_bench_vmx.c
$(PCV_OUT)/prog-bench.o: tests/x86/hv/prog_bench_vmx.c
PCV_BENCH_OBJS := $(PCV_OUT)/obj/tests/x86/hv/floor_vmx.o \
	$(PCV_OUT)/obj/tests/lib/hv_bench.o \
	$(PCV_OUT)/obj/tests/x86/hv/bench_hook.o
$(PCV_OUT)/hv-bench.elf: PCV_HV_OBJS += $(PCV_BENCH_OBJS)
$(PCV_OUT)/hv-bench.elf: $(PCV_BENCH_OBJS)
PCV_DISK_HV_bench := bench
PCV_DISK_CMD_bench := cpus=1
PCV_DISK_MODS_bench := $(PCV_OUT)/guest/bench.bin flat
$(eval $(call pcv_disk,bench))
$(PCV_OUT)/disk-bench.img: $(PCV_OUT)/guest/bench.bin
.SECONDARY: $(PCV_OUT)/prog-bench.o $(PCV_OUT)/hv-bench.elf \
	$(PCV_OUT)/guest/bench.o $(PCV_BENCH_OBJS)
.PHONY: bench-vmx
bench-vmx: $(PCV_OUT)/disk-bench.img $(PCV_OUT)/disk-uboot.img \
		$(PCV_OUT)/disk-seabios.img $(PCV_OUT)/disk-seabios2.img \
		$(PCV_OUT)/disk-linux.img
	sh bench/vmx/run.sh $(PCV_OUT)
BENCH_TARGETS += bench-vmx

# ---- the conformance suite on VMX ------------------------------------------
# The svm runtime's guest (its VMMCALL is a hypercall on VMX too) and its
# program, built for VMX, on two vCPUs under bochs.
PCV_PROG_conformance := $(CONF_DIR)/rt/svm/prog_conformance.c
PCV_CONF_CHECK_OBJS := $(CONF_CHECK_SRCS:%.c=$(PCV_OUT)/obj/%.o)
$(PCV_OUT)/prog-conformance.o: $(PCV_PROG_conformance)
$(PCV_OUT)/hv-conformance.elf: $(PCV_CONF_CHECK_OBJS)
$(PCV_OUT)/hv-conformance.elf: PCV_HV_OBJS += $(PCV_CONF_CHECK_OBJS)
.SECONDARY: $(PCV_OUT)/prog-conformance.o $(PCV_OUT)/hv-conformance.elf \
	$(PCV_CONF_CHECK_OBJS)
PCV_DISK_HV_conformance := conformance
PCV_DISK_CMD_conformance := cpus=2
PCV_DISK_MODS_conformance := $(CONF_OUT)/svm/guest.bin flat
$(eval $(call pcv_disk,conformance))
$(PCV_OUT)/disk-conformance.img: $(CONF_OUT)/svm/guest.bin
$(CONF_T)/t_vmx: $(PCV_OUT)/disk-conformance.img tests/x86/bochs-tap.sh \
		tests/x86/bochs-run.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s 2 300\n' \
		$(abspath tests/x86/bochs-tap.sh) $(abspath $<) > $@
	chmod +x $@
TESTS += $(CONF_T)/t_vmx

# Debian's Linux (the SVM tests' kernel and initramfs) on 2 vCPUs: about
# 110 s under bochs.
PCV_DISK_CMD_linux := cpus=2
PCV_DISK_MODS_linux := $(PC_LINUX)/vmlinuz "kernel console=ttyS0 panic=-1" \
	$(PC_LINUX)/initramfs.gz initrd
$(eval $(call pcv_disk,linux))
$(PCV_OUT)/disk-linux.img: $(PC_LINUX)/vmlinuz
$(eval $(call pcv_guest_t,linux,linux,linux))
TESTS += $(PCV_T)/t_linux

# memtest86+'s first pass (its bit-fade test waits 2 x 80 s of guest
# time): about 4 minutes under bochs (228 s here), not in make test.
PCV_DISK_CMD_memtest := cpus=1 mem=16
PCV_DISK_MODS_memtest := $(PC_MEMTEST) "kernel console=ttyS0"
$(eval $(call pcv_disk,memtest))
$(eval $(call pcv_guest_t,memtest,memtest,memtest))
.PHONY: test-memtest-vmx
test-memtest-vmx: deps
	$(MAKE) --no-print-directory $(PCV_T)/t_memtest
	prove -v $(PCV_T)/t_memtest
