# Tests of the AArch64 backend on the bare-metal hypervisor under QEMU:
# EL1 test guests (tests/aarch64/guest), the checking programs built into
# hypervisor images (tests/aarch64/hv), real guests (U-Boot, Linux), and TAP
# wrappers for prove.

A64_T := $(BUILD)/tests/aarch64

$(A64_T)/t_uboot: $(A64_OUT)/hv-uboot.elf tests/aarch64/t_uboot.pl
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec perl %s %s %s\n' \
		$(abspath tests/aarch64/t_uboot.pl) $(abspath $<) $(A64_UBOOT) > $@
	chmod +x $@
TESTS += $(A64_T)/t_uboot

# ---- guest programs (EL1 test guests) ---------------------------------------
A64_GUEST_CC = clang --target=aarch64-none-elf -mcpu=cortex-a72 \
	-mgeneral-regs-only -mstrict-align -ffreestanding -fno-builtin \
	-nostdlib -nostdlibinc -fno-stack-protector -fno-pic -O2 -g \
	$(CSTD) $(WARN) $(INC) -Itests/aarch64/guest -MMD -MP
A64_GUESTS := exits smp bench hello
$(A64_OUT)/guest/%.o: tests/aarch64/guest/%.c
	@mkdir -p $(@D)
	$(A64_GUEST_CC) -c $< -o $@
$(A64_OUT)/guest/%.o: tests/aarch64/guest/%.S
	@mkdir -p $(@D)
	$(A64_GUEST_CC) -c $< -o $@
$(A64_OUT)/guest/%.elf: $(A64_OUT)/guest/%.o $(A64_OUT)/guest/crt0.o \
		$(A64_OUT)/guest/lib.o tests/aarch64/guest/guest.ld
	ld.lld -T tests/aarch64/guest/guest.ld -o $@ $(A64_OUT)/guest/crt0.o \
		$(A64_OUT)/guest/lib.o $<

# ---- hypervisor images with a checking program -------------------------------
A64_TEST_PROGS := exits smp
A64_CHECK_OBJ := $(A64_OBJ)/tests/aarch64/hv/check.o \
	$(A64_OBJ)/tests/lib/hv_check.o
$(foreach p,$(A64_TEST_PROGS) bench,$(eval A64_PROG_$(p) := tests/aarch64/hv/prog_$(p).c))
$(foreach p,$(A64_TEST_PROGS) bench,$(eval A64_GUEST_$(p) := $(A64_OUT)/guest/$(p).elf))
$(foreach p,$(A64_TEST_PROGS) bench,$(eval A64_LOAD_$(p) := -1))
$(foreach p,$(A64_TEST_PROGS) bench,$(eval A64_KIND_$(p) := plain))
$(foreach p,$(A64_TEST_PROGS) bench,$(eval $(call a64_image,$(p))))
$(A64_TEST_PROGS:%=$(A64_OUT)/hv-%.elf): $(A64_CHECK_OBJ)
$(A64_TEST_PROGS:%=$(A64_OUT)/hv-%.elf): A64_HV_OBJS += $(A64_CHECK_OBJ)
# The bench program's samples and ratios (tests/lib/hv_bench.c).
A64_BENCH_OBJ := $(A64_OBJ)/tests/lib/hv_bench.o
$(A64_OUT)/hv-bench.elf: $(A64_BENCH_OBJ)
$(A64_OUT)/hv-bench.elf: A64_HV_OBJS += $(A64_BENCH_OBJ)
.SECONDARY: $(A64_GUESTS:%=$(A64_OUT)/guest/%.o) $(A64_OUT)/guest/crt0.o \
	$(A64_OUT)/guest/lib.o $(A64_GUESTS:%=$(A64_OUT)/guest/%.elf) \
	$(A64_CHECK_OBJ) $(A64_BENCH_OBJ)

# One wrapper per QEMU run: exits (1 CPU), smp (2 CPUs).
define a64_qemu_t
$(A64_T)/t_$(1): $(A64_OUT)/hv-$(1).elf tests/aarch64/qemu-tap.sh
	@mkdir -p $$(@D)
	printf '#!/bin/sh\nexec sh %s %s $(2) 120\n' \
		$$(abspath tests/aarch64/qemu-tap.sh) $$(abspath $$<) > $$@
	chmod +x $$@
endef
$(eval $(call a64_qemu_t,exits,1))
$(eval $(call a64_qemu_t,smp,2))
TESTS += $(A64_T)/t_exits $(A64_T)/t_smp

# Debian's arm64 kernel and the busybox initramfs on 2 vCPUs.
$(A64_T)/t_linux: $(A64_OUT)/hv-linux.elf tests/aarch64/t_linux.pl
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec perl %s %s\n' \
		$(abspath tests/aarch64/t_linux.pl) $(abspath $<) > $@
	chmod +x $@
TESTS += $(A64_T)/t_linux

# One's own image: a raw binary at a load address (what make demo's
# GUEST=PATH GUEST_LOAD= builds), on the plain hypervisor.
$(A64_OUT)/guest/hello.bin: $(A64_OUT)/guest/hello.elf
	llvm-objcopy -O binary $< $@
A64_PROG_hello := $(A64_PLAT)/prog_guest.c
A64_GUEST_hello := $(A64_OUT)/guest/hello.bin
A64_LOAD_hello := 0x40200000
A64_KIND_hello := plain
$(eval $(call a64_image,hello))
# The same image loaded over the device tree: refused.
A64_PROG_hellobad := $(A64_PLAT)/prog_guest.c
A64_GUEST_hellobad := $(A64_OUT)/guest/hello.bin
A64_LOAD_hellobad := 0x40000000
A64_KIND_hellobad := plain
$(eval $(call a64_image,hellobad))
.SECONDARY: $(A64_OUT)/guest/hello.o $(A64_OUT)/guest/hello.elf \
	$(A64_OUT)/guest/hello.bin
$(A64_T)/t_raw: $(A64_OUT)/hv-hello.elf $(A64_OUT)/hv-hellobad.elf \
		tests/aarch64/t_raw.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s %s\n' \
		$(abspath tests/aarch64/t_raw.sh) $(abspath $<) \
		$(abspath $(A64_OUT)/hv-hellobad.elf) > $@
	chmod +x $@
TESTS += $(A64_T)/t_raw

.PHONY: bench-aarch64
bench-aarch64: $(A64_OUT)/hv-bench.elf $(A64_OUT)/hv-uboot.elf \
		$(A64_OUT)/hv-linux.elf
	sh bench/aarch64/run.sh $(A64_OUT)/hv-bench.elf \
		$(A64_OUT)/hv-uboot.elf $(A64_UBOOT) $(A64_OUT)/hv-linux.elf \
		$(A64_LINUX_IMAGE) $(A64_INITRD)
BENCH_TARGETS += bench-aarch64

# The round trips' instruction budgets under -icount.
$(A64_T)/t_bench_budget: $(A64_OUT)/hv-bench.elf tests/aarch64/t_bench_budget.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s\n' \
		$(abspath tests/aarch64/t_bench_budget.sh) $(abspath $<) > $@
	chmod +x $@
TESTS += $(A64_T)/t_bench_budget

# ---- the random hostile guest (tests/aarch64/guest/hostile.c) ------------
# Its own entry and vectors (no crt0/lib); the checker prog_hostile.c. The
# seed, block target and flags reach the hypervisor through QEMU's generic
# loader (tests/aarch64/t_hostile.sh).
$(A64_OUT)/guest/hostile.elf: $(A64_OUT)/guest/hostile.o \
		$(A64_OUT)/guest/hostile_start.o tests/aarch64/guest/guest.ld
	ld.lld -T tests/aarch64/guest/guest.ld -o $@ \
		$(A64_OUT)/guest/hostile_start.o $(A64_OUT)/guest/hostile.o
A64_PROG_hostile := tests/aarch64/hv/prog_hostile.c
A64_GUEST_hostile := $(A64_OUT)/guest/hostile.elf
A64_LOAD_hostile := -1
A64_KIND_hostile := plain
$(eval $(call a64_image,hostile))
.SECONDARY: $(A64_OUT)/guest/hostile.o $(A64_OUT)/guest/hostile_start.o \
	$(A64_OUT)/guest/hostile.elf
# A few fixed seeds on 2 CPUs in make test (well under a minute); the
# campaign: make test-hostile-long [SEEDS="1 2 3"] [BLOCKS=n] [CPUS=n].
A64_HOSTILE_SEEDS := 1 2 3
A64_HOSTILE_BLOCKS := 2000
$(A64_T)/t_hostile: $(A64_OUT)/hv-hostile.elf tests/aarch64/t_hostile.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s 2 %s "%s"\n' \
		$(abspath tests/aarch64/t_hostile.sh) $(abspath $<) \
		$(A64_HOSTILE_BLOCKS) '$(A64_HOSTILE_SEEDS)' > $@
	chmod +x $@
TESTS += $(A64_T)/t_hostile
.PHONY: test-hostile-long test-hostile-long-aarch64
test-hostile-long-aarch64: $(A64_OUT)/hv-hostile.elf
	sh tests/aarch64/t_hostile.sh $(A64_OUT)/hv-hostile.elf \
		$(or $(CPUS),2) $(or $(BLOCKS),50000) \
		'$(or $(SEEDS),$(shell seq 100 131))' | tee $(BUILD)/hostile-aarch64.log
	! grep -q '^not ok' $(BUILD)/hostile-aarch64.log
test-hostile-long: test-hostile-long-aarch64
