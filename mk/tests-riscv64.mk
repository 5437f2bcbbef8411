# Tests of the RISC-V backend on the bare-metal hypervisor under QEMU:
# VS-mode test guests (tests/riscv64/guest), the checking programs built
# into hypervisor images (tests/riscv64/hv), and TAP wrappers for prove.
#
#   make bench-riscv64     round trips vs the floor, U-Boot time to prompt

# ---- guest programs (VS-mode test guests) ---------------------------------
RV_GUEST_CC = clang --target=riscv64-unknown-elf -march=rv64imafdc \
	-mabi=lp64 -mcmodel=medany -mno-relax -ffreestanding -fno-builtin \
	-nostdlib -nostdlibinc -fno-stack-protector -fno-pic -O2 -g \
	$(CSTD) $(WARN) $(INC) -Itests/riscv64/guest -MMD -MP
RV_GUESTS := exits smp bench idle bench-trace
$(RV_OUT)/guest/%.o: tests/riscv64/guest/%.c
	@mkdir -p $(@D)
	$(RV_GUEST_CC) -c $< -o $@
$(RV_OUT)/guest/%.o: tests/riscv64/guest/%.S
	@mkdir -p $(@D)
	$(RV_GUEST_CC) -c $< -o $@
$(RV_OUT)/guest/%.elf: $(RV_OUT)/guest/%.o $(RV_OUT)/guest/crt0.o \
		$(RV_OUT)/guest/lib.o tests/riscv64/guest/guest.ld
	ld.lld -T tests/riscv64/guest/guest.ld $(RV_GUEST_LDFLAGS_$*) -o $@ \
		$(RV_OUT)/guest/crt0.o $(RV_OUT)/guest/lib.o $<
# The bench guests away from the hypervisor's addresses (an exec trace
# tells host from guest by pc); bench-trace is bench.c for breakdown.sh.
RV_GUEST_LDFLAGS_bench := --defsym=GUEST_BASE=0x81000000
RV_GUEST_LDFLAGS_bench-trace := --defsym=GUEST_BASE=0x81000000
$(RV_OUT)/guest/bench-trace.o: tests/riscv64/guest/bench.c
	@mkdir -p $(@D)
	$(RV_GUEST_CC) -DBENCH_TRACE -c $< -o $@

# ---- hypervisor images with a checking program -------------------------------
# hv-<prog>.elf: tests/riscv64/hv/prog_<prog>.c with the checker, and its
# guest; exits39 is the exit suite again on Sv39x4 tables.
RV_TEST_PROGS := exits exits39 smp bench idle bench-trace
RV_CHECK_OBJ := $(RV_OBJ)/tests/riscv64/hv/check.o \
	$(RV_OBJ)/tests/lib/hv_check.o $(RV_OBJ)/tests/lib/hv_bench.o
$(foreach p,$(RV_TEST_PROGS),$(eval RV_PROG_$(p) := tests/riscv64/hv/prog_$(p).c))
RV_GUEST_ELF_exits := $(RV_OUT)/guest/exits.elf
RV_GUEST_ELF_exits39 := $(RV_OUT)/guest/exits.elf
RV_GUEST_ELF_smp := $(RV_OUT)/guest/smp.elf
RV_GUEST_ELF_bench := $(RV_OUT)/guest/bench.elf
RV_GUEST_ELF_idle := $(RV_OUT)/guest/idle.elf
RV_GUEST_ELF_bench-trace := $(RV_OUT)/guest/bench-trace.elf
RV_PROG_bench-trace := tests/riscv64/hv/prog_bench.c
$(foreach p,$(RV_TEST_PROGS),$(eval $(RV_OUT)/prog-$(p).o: $(RV_PROG_$(p))))
$(foreach p,$(RV_TEST_PROGS),$(eval $(RV_OUT)/blob-$(p).o: $(RV_GUEST_ELF_$(p))))
# The layout checks the guest file exists: build it first.
$(foreach p,$(RV_TEST_PROGS),$(eval $(RV_OUT)/layout-$(p).h: $(RV_GUEST_ELF_$(p))))
# The checker links into every test image (it is unused by bench).
$(RV_TEST_PROGS:%=$(RV_OUT)/hv-%.elf): $(RV_CHECK_OBJ)
$(RV_TEST_PROGS:%=$(RV_OUT)/hv-%.elf): RV_HV_OBJS += $(RV_CHECK_OBJ)
.SECONDARY: $(RV_GUESTS:%=$(RV_OUT)/guest/%.o) $(RV_OUT)/guest/crt0.o \
	$(RV_OUT)/guest/lib.o $(RV_GUESTS:%=$(RV_OUT)/guest/%.elf) \
	$(RV_TEST_PROGS:%=$(RV_OUT)/prog-%.o) \
	$(RV_TEST_PROGS:%=$(RV_OUT)/blob-%.o) $(RV_CHECK_OBJ)

# ---- TAP wrappers with the image paths baked in -------------------------------
RV_T := $(BUILD)/tests/riscv64
# One wrapper per QEMU run: exits (Sv48x4), exits39 (Sv39x4), smp (2 harts).
define rv_qemu_t
$(RV_T)/t_$(1): $(RV_OUT)/hv-$(1).elf tests/riscv64/qemu-tap.sh
	@mkdir -p $$(@D)
	printf '#!/bin/sh\nexec sh %s %s $(2) 90\n' \
		$$(abspath tests/riscv64/qemu-tap.sh) $$(abspath $$<) > $$@
	chmod +x $$@
endef
$(eval $(call rv_qemu_t,exits,1))
$(eval $(call rv_qemu_t,exits39,1))
$(eval $(call rv_qemu_t,smp,2))
$(RV_T)/t_uboot: $(RV_OUT)/hv-uboot.elf tests/riscv64/t_uboot.pl
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec perl %s %s %s\n' \
		$(abspath tests/riscv64/t_uboot.pl) $(abspath $<) $(RV_UBOOT) > $@
	chmod +x $@
$(RV_T)/t_nohw: $(RV_OUT)/hv-exits.elf tests/riscv64/t_nohw.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s\n' \
		$(abspath tests/riscv64/t_nohw.sh) $(abspath $<) > $@
	chmod +x $@
# Debian's Linux on 2 vCPUs (make deps fetched it): shell, PLIC, SMP, md5sum.
$(RV_T)/t_linux: $(RV_OUT)/hv-linux.elf tests/riscv64/t_linux.pl
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec perl %s %s\n' \
		$(abspath tests/riscv64/t_linux.pl) $(abspath $<) > $@
	chmod +x $@
# Your own guest through make demo GUEST='s path; refused images. It runs
# make itself: the hypervisor objects are built first, so it only links.
$(RV_T)/t_own_guest: tests/riscv64/t_own_guest.sh $(RV_HV_OBJS)
	@mkdir -p $(@D)
	sed -e 's|@SRCDIR@|$(CURDIR)|g' -e 's|@BUILD@|$(abspath $(BUILD))|g' \
		$< > $@
	chmod +x $@
$(RV_T)/t_demo_cpus: tests/riscv64/t_demo_cpus.sh $(RV_HV_OBJS)
	@mkdir -p $(@D)
	sed -e 's|@SRCDIR@|$(CURDIR)|g' -e 's|@BUILD@|$(abspath $(BUILD))|g' \
		$< > $@
	chmod +x $@
$(RV_T)/t_bench_budget: $(RV_OUT)/hv-bench.elf tests/riscv64/t_bench_budget.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s\n' \
		$(abspath tests/riscv64/t_bench_budget.sh) $(abspath $<) > $@
	chmod +x $@
TESTS += $(RV_T)/t_exits $(RV_T)/t_exits39 $(RV_T)/t_smp $(RV_T)/t_uboot \
	$(RV_T)/t_nohw $(RV_T)/t_linux $(RV_T)/t_own_guest $(RV_T)/t_demo_cpus \
	$(RV_T)/t_bench_budget

.PHONY: bench-riscv64
bench-riscv64: $(RV_OUT)/hv-bench.elf $(RV_OUT)/hv-uboot.elf \
		$(RV_OUT)/hv-linux.elf $(RV_OUT)/hv-idle.elf
	sh bench/riscv64/run.sh $(RV_OUT)/hv-bench.elf $(RV_OUT)/hv-uboot.elf \
		$(RV_UBOOT) $(RV_OUT)/hv-linux.elf $(RV_GUEST_ELF_linux) \
		$(RV_GUEST_INITRD_linux) $(RV_OUT)/hv-idle.elf
BENCH_TARGETS += bench-riscv64

# Per-symbol breakdown of each round trip (docs/riscv64.md).
.PHONY: bench-breakdown
bench-breakdown: $(RV_OUT)/hv-bench-trace.elf
	sh bench/riscv64/breakdown.sh $< $(RV_OUT)/guest/bench-trace.elf
