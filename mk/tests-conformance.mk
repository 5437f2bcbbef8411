# The conformance suite (tests/conformance): one table of guest scenarios,
# written once, run on every backend; one TAP program per backend,
# $(BUILD)/tests/conformance/t_<backend>. A backend plugs in with
#   tests/conformance/rt/<backend>/  its guest runtime (conf_abi.h, crt0.S,
#                                    rt.c, guest.ld) and host glue,
#   a block below that builds the guest ELF and the TAP program, and
#   a word in CONF_BACKENDS.
# See docs/backend.md ("The conformance suite").
#
#   make test-conformance     build and run every backend's suite

CONF_DIR := tests/conformance
CONF_OUT := $(BUILD)/conformance
CONF_T := $(BUILD)/tests/conformance
CONF_BACKENDS := riscv64 aarch64 kvm svm

# The guest half (any architecture) and the checker (freestanding host C).
CONF_GUEST_SRCS := $(CONF_DIR)/guest/lib.c $(CONF_DIR)/guest/scenarios.c
CONF_CHECK_SRCS := $(CONF_DIR)/checker.c $(CONF_DIR)/scenarios.c
CONF_GUEST_CFLAGS = -ffreestanding -fno-builtin -nostdlib -nostdlibinc \
	-fno-stack-protector -fno-pic -O2 -g $(CSTD) $(WARN) $(INC) -MMD -MP

# conf_guest_rules BACKEND CC-FLAGS: $(CONF_OUT)/BACKEND/guest.elf from the
# guest half and the runtime's sources, CONF_RT_SRCS_BACKEND (default
# rt/BACKEND/{crt0.S,rt.c}), linked with rt/BACKEND/guest.ld.
define conf_guest_rules
CONF_RT_SRCS_$(1) ?= $(CONF_DIR)/rt/$(1)/rt.c $(CONF_DIR)/rt/$(1)/crt0.S
CONF_GUEST_OBJS_$(1) := $$(patsubst %,$(CONF_OUT)/$(1)/%.o,$$(basename \
	$(CONF_GUEST_SRCS) $$(CONF_RT_SRCS_$(1))))
$(CONF_OUT)/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	clang $(2) $$(CONF_GUEST_CFLAGS) -I$(CONF_DIR)/rt/$(1) -c $$< -o $$@
$(CONF_OUT)/$(1)/%.o: %.S
	@mkdir -p $$(@D)
	clang $(2) $$(CONF_GUEST_CFLAGS) -I$(CONF_DIR)/rt/$(1) -c $$< -o $$@
$(CONF_OUT)/$(1)/guest.elf: $$(CONF_GUEST_OBJS_$(1)) $(CONF_DIR)/rt/$(1)/guest.ld
	ld.lld -T $(CONF_DIR)/rt/$(1)/guest.ld -o $$@ $$(CONF_GUEST_OBJS_$(1))
.SECONDARY: $$(CONF_GUEST_OBJS_$(1))
endef

# ---- riscv64: the bare-metal hypervisor under QEMU, two harts -----------------
$(eval $(call conf_guest_rules,riscv64,--target=riscv64-unknown-elf \
	-march=rv64imac -mabi=lp64 -mcmodel=medany -mno-relax))
# An image of the QEMU platform (mk/platform-qemu-riscv64.mk): the program
# installs the checker, the guest ELF is built in.
RV_PROG_conformance := $(CONF_DIR)/rt/riscv64/prog_conformance.c
RV_GUEST_ELF_conformance := $(CONF_OUT)/riscv64/guest.elf
CONF_RV_CHECK_OBJS := $(CONF_CHECK_SRCS:%.c=$(RV_OBJ)/%.o)
RV_CPUS_conformance := 2
$(RV_OUT)/prog-conformance.o: $(RV_PROG_conformance)
$(RV_OUT)/blob-conformance.o: $(RV_GUEST_ELF_conformance)
# The layout checks the guest file exists: build it first.
$(RV_OUT)/layout-conformance.h: $(RV_GUEST_ELF_conformance)
$(RV_OUT)/hv-conformance.elf: $(CONF_RV_CHECK_OBJS)
$(RV_OUT)/hv-conformance.elf: RV_HV_OBJS += $(CONF_RV_CHECK_OBJS)
.SECONDARY: $(RV_OUT)/prog-conformance.o $(RV_OUT)/blob-conformance.o \
	$(CONF_RV_CHECK_OBJS)
$(CONF_T)/t_riscv64: $(RV_OUT)/hv-conformance.elf tests/riscv64/qemu-tap.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s 2 60\n' \
		$(abspath tests/riscv64/qemu-tap.sh) $(abspath $<) > $@
	chmod +x $@

# ---- aarch64: the bare-metal hypervisor under QEMU, two CPUs ------------------
$(eval $(call conf_guest_rules,aarch64,--target=aarch64-none-elf \
	-mcpu=cortex-a72 -mgeneral-regs-only -mstrict-align))
# An image of the QEMU platform (mk/platform-qemu-aarch64.mk): the program
# installs the checker, the guest ELF is built in.
A64_PROG_conformance := $(CONF_DIR)/rt/aarch64/prog_conformance.c
A64_GUEST_conformance := $(CONF_OUT)/aarch64/guest.elf
A64_LOAD_conformance := -1
A64_KIND_conformance := plain
$(eval $(call a64_image,conformance))
CONF_A64_CHECK_OBJS := $(CONF_CHECK_SRCS:%.c=$(A64_OBJ)/%.o)
$(A64_OUT)/hv-conformance.elf: $(CONF_A64_CHECK_OBJS)
$(A64_OUT)/hv-conformance.elf: A64_HV_OBJS += $(CONF_A64_CHECK_OBJS)
.SECONDARY: $(CONF_A64_CHECK_OBJS)
$(CONF_T)/t_aarch64: $(A64_OUT)/hv-conformance.elf tests/aarch64/qemu-tap.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s 2 60\n' \
		$(abspath tests/aarch64/qemu-tap.sh) $(abspath $<) > $@
	chmod +x $@

# The two x86 runtimes share their entry, stubs and common calls (rt/x86).
CONF_RT_X86 := $(CONF_DIR)/rt/x86/crt0.S $(CONF_DIR)/rt/x86/x86.c

# ---- kvm: a Linux process on /dev/kvm, ASan+UBSan and TSan ------------------
CONF_RT_SRCS_kvm := $(CONF_RT_X86) $(CONF_DIR)/rt/kvm/rt.c
$(eval $(call conf_guest_rules,kvm,--target=x86_64-unknown-elf \
	-mno-red-zone -mgeneral-regs-only -mcmodel=small))
CONF_KVM_SRCS := $(CONF_DIR)/t_kvm.c $(CONF_CHECK_SRCS) \
	tools/common/vm_host_posix.c $(VMM_SRCS) $(CORE_SRCS) \
	src/hosted/hal_posix.c $(KVM_SRCS)
$(CONF_OUT)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) -c $< -o $@
$(CONF_OUT)/tsan/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(TSAN_FLAGS) -c $< -o $@
$(CONF_OUT)/kvm/blob.o: $(CONF_DIR)/rt/kvm/blob.S $(CONF_OUT)/kvm/guest.elf
	@mkdir -p $(@D)
	$(SAN_CC) -DCONF_GUEST_ELF='"$(CONF_OUT)/kvm/guest.elf"' -c $< -o $@
$(CONF_T)/t_kvm: $(CONF_KVM_SRCS:%.c=$(CONF_OUT)/asan/%.o) \
		$(CONF_OUT)/kvm/blob.o
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^ -lpthread
$(CONF_T)/t_kvm-tsan: $(CONF_KVM_SRCS:%.c=$(CONF_OUT)/tsan/%.o) \
		$(CONF_OUT)/kvm/blob.o
	@mkdir -p $(@D)
	$(SAN_CC) $(TSAN_FLAGS) -o $@ $^ -lpthread

# ---- svm: the bare-metal PC hypervisor under QEMU (AMD SVM), two CPUs -------
CONF_RT_SRCS_svm := $(CONF_RT_X86) $(CONF_DIR)/rt/svm/rt.c \
	$(CONF_DIR)/rt/svm/jump.S
$(eval $(call conf_guest_rules,svm,--target=x86_64-unknown-elf \
	-mno-red-zone -mgeneral-regs-only -mcmodel=small))
# An image of the PC platform (mk/platform-pc.mk) with the checker; the
# guest is its flat module (loaded and entered in LONG64 at 1 MiB).
PC_PROG_conformance := $(CONF_DIR)/rt/svm/prog_conformance.c
CONF_PC_CHECK_OBJS := $(CONF_CHECK_SRCS:%.c=$(BUILD)/x86_64/%.o)
$(PC_OUT)/prog-conformance.o: $(PC_PROG_conformance)
$(PC_OUT)/hv-conformance.elf: $(CONF_PC_CHECK_OBJS)
$(PC_OUT)/hv-conformance.elf: PC_HV_OBJS += $(CONF_PC_CHECK_OBJS)
$(CONF_OUT)/svm/guest.bin: $(CONF_OUT)/svm/guest.elf
	llvm-objcopy -O binary $< $@
.SECONDARY: $(PC_OUT)/prog-conformance.o $(PC_OUT)/hv-conformance.elf \
	$(CONF_PC_CHECK_OBJS)
$(CONF_T)/t_svm: $(PC_OUT)/hv-conformance.bin $(CONF_OUT)/svm/guest.bin \
		tests/pc/qemu-tap.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s 2 120 "%s flat"\n' \
		$(abspath tests/pc/qemu-tap.sh) $(abspath $<) \
		$(abspath $(CONF_OUT)/svm/guest.bin) > $@
	chmod +x $@

CONF_TESTS := $(CONF_BACKENDS:%=$(CONF_T)/t_%) $(CONF_T)/t_kvm-tsan
TESTS += $(CONF_TESTS)

.PHONY: test-conformance
test-conformance: $(CONF_TESTS)
	prove -f --timer $(CONF_TESTS)
