# Tests of the SVM backend on the PC hypervisor under QEMU: 64-bit test
# guests (tests/pc/guest), the checking programs built into hypervisor
# images (tests/pc/hv), TAP wrappers for prove, and Debian's guests
# (SeaBIOS, U-Boot, Linux; memtest86+ as `make test-memtest`).

# ---- guest programs (flat images entered in LONG64 mode at 0x100000) -----
PC_GUEST_CC = clang --target=x86_64-unknown-elf -ffreestanding -fno-builtin \
	-nostdlib -nostdlibinc -fno-stack-protector -fno-pic -mno-red-zone \
	-mcmodel=small -O2 -g $(CSTD) $(WARN) $(INC) -Itests/pc/guest -MMD -MP
PC_GUESTS := exits hostile bench
$(PC_OUT)/guest/%.o: tests/pc/guest/%.c
	@mkdir -p $(@D)
	$(PC_GUEST_CC) -c $< -o $@
$(PC_OUT)/guest/%.o: tests/pc/guest/%.S
	@mkdir -p $(@D)
	$(PC_GUEST_CC) -c $< -o $@
$(PC_OUT)/guest/%.bin: $(PC_OUT)/guest/%.o $(PC_OUT)/guest/crt0.o \
		$(PC_OUT)/guest/lib.o tests/pc/guest/guest.ld
	ld.lld -T tests/pc/guest/guest.ld -o $(@:.bin=.elf) \
		$(PC_OUT)/guest/crt0.o $(PC_OUT)/guest/lib.o $<
	llvm-objcopy -O binary $(@:.bin=.elf) $@

# modes: real16 / prot32 / paged32 accesses, one assembly file at 0x7c00.
$(PC_OUT)/guest/modes.bin: $(PC_OUT)/guest/modes.o
	ld.lld -Ttext=0x7c00 -e _start -o $(@:.bin=.elf) $<
	llvm-objcopy -O binary $(@:.bin=.elf) $@

# ---- hypervisor images with a checking program -----------------------------
PC_TEST_PROGS := exits hostile
PC_CHECK_OBJ := $(BUILD)/x86_64/tests/pc/hv/check.o \
	$(BUILD)/x86_64/tests/lib/hv_check.o
$(foreach p,$(PC_TEST_PROGS),$(eval PC_PROG_$(p) := tests/pc/hv/prog_$(p).c))
$(foreach p,$(PC_TEST_PROGS),$(eval $(PC_OUT)/prog-$(p).o: $(PC_PROG_$(p))))
$(PC_TEST_PROGS:%=$(PC_OUT)/hv-%.elf): $(PC_CHECK_OBJ)
$(PC_TEST_PROGS:%=$(PC_OUT)/hv-%.elf): PC_HV_OBJS += $(PC_CHECK_OBJ)
.SECONDARY: $(PC_GUESTS:%=$(PC_OUT)/guest/%.o) $(PC_OUT)/guest/crt0.o \
	$(PC_OUT)/guest/lib.o $(PC_TEST_PROGS:%=$(PC_OUT)/prog-%.o) \
	$(PC_CHECK_OBJ) $(PC_TEST_PROGS:%=$(PC_OUT)/hv-%.elf)

# ---- TAP wrappers --------------------------------------------------------
PC_T := $(BUILD)/tests/pc
# qemu-tap.sh HV.bin CPUS TIMEOUT MODULE... : one QEMU run, the checker's TAP.
define pc_qemu_t
$(PC_T)/t_$(1): $(PC_OUT)/hv-$(2).bin $(PC_OUT)/guest/$(3).bin tests/pc/qemu-tap.sh
	@mkdir -p $$(@D)
	printf '#!/bin/sh\nexec sh %s %s %s 120 "%s flat" -- %s\n' \
		$$(abspath tests/pc/qemu-tap.sh) $$(abspath $$<) $(4) \
		$$(abspath $(PC_OUT)/guest/$(3).bin) "$(5)" > $$@
	chmod +x $$@
endef
$(eval $(call pc_qemu_t,exits,exits,exits,1,))
$(eval $(call pc_qemu_t,modes,exits,modes,1,mode=real16))
$(eval $(call pc_qemu_t,hostile,hostile,hostile,1,))

# Debian's guests, through their consoles (t_guest.pl).
PC_SEABIOS := /usr/share/seabios/bios.bin
PC_UBOOT := /usr/lib/u-boot/qemu-x86_64/u-boot.rom
PC_MEMTEST := /boot/memtest86+x64.bin
PC_LINUX := $(PC_OUT)/linux
define pc_guest_t
$(PC_T)/t_$(1): $(PC_OUT)/hv-guest.bin tests/pc/t_guest.pl $(3)
	@mkdir -p $$(@D)
	printf '#!/bin/sh\nexec perl %s %s %s\n' \
		$$(abspath tests/pc/t_guest.pl) $$(abspath $$<) "$(2)" > $$@
	chmod +x $$@
endef
$(eval $(call pc_guest_t,seabios1,seabios 1 $(PC_SEABIOS)))
$(eval $(call pc_guest_t,seabios2,seabios 2 $(PC_SEABIOS)))
$(eval $(call pc_guest_t,uboot,uboot $(PC_UBOOT)))
$(eval $(call pc_guest_t,linux,linux $(abspath $(PC_LINUX))/vmlinuz \
	$(abspath $(PC_LINUX))/initramfs.gz,$(PC_LINUX)/vmlinuz))
$(eval $(call pc_guest_t,memtest,memtest $(PC_MEMTEST)))

# The kernel and busybox come as Debian packages (apt-get download).
$(PC_LINUX)/vmlinuz: scripts/pc-linux-guest.sh
	sh scripts/pc-linux-guest.sh $(PC_LINUX)
.PHONY: pc-linux-guest
pc-linux-guest: $(PC_LINUX)/vmlinuz
deps: pc-linux-guest
DEB_PACKAGES += memtest86+ cpio

TESTS += $(PC_T)/t_exits $(PC_T)/t_modes $(PC_T)/t_hostile $(PC_T)/t_seabios1 $(PC_T)/t_seabios2 \
	$(PC_T)/t_uboot $(PC_T)/t_linux

# ---- make bench-svm ---------------------------------------------------------
$(PC_OUT)/prog-bench.o: tests/pc/hv/prog_bench.c
PC_PROG_bench := tests/pc/hv/prog_bench.c
PC_BENCH_OBJS := $(BUILD)/x86_64/platform/pc/floor.o \
	$(BUILD)/x86_64/tests/lib/hv_bench.o \
	$(BUILD)/x86_64/tests/x86/hv/bench_hook.o
$(PC_OUT)/hv-bench.elf: PC_HV_OBJS += $(PC_BENCH_OBJS)
$(PC_OUT)/hv-bench.elf: $(PC_BENCH_OBJS)
.SECONDARY: $(PC_OUT)/prog-bench.o $(PC_OUT)/hv-bench.elf $(PC_BENCH_OBJS)
.PHONY: bench-svm
bench-svm: $(PC_OUT)/hv-bench.bin $(PC_OUT)/guest/bench.bin \
		$(PC_OUT)/hv-guest.bin $(PC_LINUX)/vmlinuz
	sh bench/svm/run.sh $(PC_OUT)/hv-bench.bin $(PC_OUT)/guest/bench.bin \
		$(PC_OUT)/hv-guest.bin $(PC_UBOOT) $(PC_LINUX)
BENCH_TARGETS += bench-svm

# memtest86+'s first pass takes about three minutes (its bit-fade test
# waits 2 x 80 s whatever the memory size): not in `make test`.
.PHONY: test-memtest
test-memtest: deps
	$(MAKE) --no-print-directory $(PC_T)/t_memtest
	prove -v $(PC_T)/t_memtest

# libFuzzer: the PC device models on guest accesses (fuzz_pc_devices.c).
PC_DEV_SRCS := vmm/pc_pit.c vmm/pc_pic.c vmm/pc_lapic.c vmm/pc_ioapic.c \
	vmm/pc_intc.c vmm/pc_pci.c vmm/pc_acpi.c vmm/pc_reset.c vmm/guest_mem.c \
	vmm/bus.c
$(FUZZ_DIR)/fuzz_pc_devices: tests/fuzz/fuzz_pc_devices.c $(PC_DEV_SRCS) \
		$(CORE_SRCS)
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)
FUZZ_TARGETS += $(FUZZ_DIR)/fuzz_pc_devices

# ---- the random x86 guest (tests/pc/guest/random.c) on SVM -----------------
# Its own entry, IDT and TSS (no crt0/lib); the checker prog_random.c takes
# seed=, blocks= and flags= from the hypervisor's command line.
$(PC_OUT)/guest/random.bin: $(PC_OUT)/guest/random.o \
		$(PC_OUT)/guest/random_start.o tests/pc/guest/guest.ld
	ld.lld -T tests/pc/guest/guest.ld -o $(@:.bin=.elf) \
		$(PC_OUT)/guest/random_start.o $(PC_OUT)/guest/random.o
	llvm-objcopy -O binary $(@:.bin=.elf) $@
$(PC_OUT)/prog-random.o: tests/pc/hv/prog_random.c
PC_PROG_random := tests/pc/hv/prog_random.c
.SECONDARY: $(PC_OUT)/guest/random.o $(PC_OUT)/guest/random_start.o \
	$(PC_OUT)/prog-random.o $(PC_OUT)/hv-random.elf
# A few fixed seeds in make test (one where a triple fault ends the VM);
# the campaign: make test-hostile-long [SEEDS="1 2 3"] [BLOCKS=n].
PC_RANDOM_SEEDS := 1 5 9 3:2
PC_RANDOM_BLOCKS := 1500
$(PC_T)/t_random: $(PC_OUT)/hv-random.bin $(PC_OUT)/guest/random.bin \
		tests/pc/t_random.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s %s %s "%s"\n' \
		$(abspath tests/pc/t_random.sh) $(abspath $<) \
		$(abspath $(PC_OUT)/guest/random.bin) $(PC_RANDOM_BLOCKS) \
		'$(PC_RANDOM_SEEDS)' > $@
	chmod +x $@
TESTS += $(PC_T)/t_random
.PHONY: test-hostile-long test-hostile-long-svm
test-hostile-long-svm: $(PC_OUT)/hv-random.bin $(PC_OUT)/guest/random.bin
	sh tests/pc/t_random.sh $(PC_OUT)/hv-random.bin \
		$(PC_OUT)/guest/random.bin $(or $(BLOCKS),20000) \
		'$(or $(SEEDS),$(shell seq 100 131))' | tee $(BUILD)/hostile-svm.log
	! grep -q '^not ok' $(BUILD)/hostile-svm.log
test-hostile-long: test-hostile-long-svm
