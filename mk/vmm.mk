# VM layer (vmm/), the axvcpu-run VMM (tools/axvcpu-run/) and their tests.
#
# vmm/*.c is freestanding: it builds for the host as libaxvcpu-vmm.a and for
# each bare-metal target as one relocatable $(BUILD)/<arch>/axvcpu-vmm.o
# (checked by check-freestanding-vmm). Tests compile the VM layer and the
# core with the sanitizers into $(BUILD)/vmm-san/.

VMM_SRCS := $(sort $(wildcard vmm/*.c))
VMM_LIB_A := $(BUILD)/lib/libaxvcpu-vmm.a
VMM_INC := -I.

$(BUILD)/host/vmm/%.o: vmm/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(VMM_INC) -c $< -o $@

$(VMM_LIB_A): $(VMM_SRCS:%.c=$(BUILD)/host/%.o)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

# Freestanding VM layer per bare-metal target (the root's pattern rules
# compile each vmm/*.c with that target's flags).
# The check links each with the core, since the VM layer calls the API.
# (The root Makefile sets FS_ARCHES after including us: name them here.)
VMM_FS_ARCHES := riscv64 aarch64 x86_64
define vmm_fs_rules
$(BUILD)/$(1)/axvcpu-vmm.o: $(VMM_SRCS:%.c=$(BUILD)/$(1)/%.o)
	ld.lld -r -o $$@ $$^
$(BUILD)/$(1)/axvcpu-vmm+core.o: $(BUILD)/$(1)/axvcpu-vmm.o \
		$(BUILD)/$(1)/axvcpu-core.o
	ld.lld -r -o $$@ $$^
endef
$(foreach a,$(VMM_FS_ARCHES),$(eval $(call vmm_fs_rules,$(a))))
VMM_FS_OBJS := $(VMM_FS_ARCHES:%=$(BUILD)/%/axvcpu-vmm.o)
VMM_FS_CHECK := $(VMM_FS_ARCHES:%=$(BUILD)/%/axvcpu-vmm+core.o)

# ---- the axvcpu-run VMM (KVM backend) ----------------------------------
RUN_SRCS := $(sort $(wildcard tools/axvcpu-run/*.c))
RUN_BIN := $(BUILD)/bin/axvcpu-run
$(BUILD)/host/tools/axvcpu-run/%.o: tools/axvcpu-run/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(VMM_INC) -c $< -o $@
# (LIB_A is set after mk/*.mk are read: name the file.)
$(RUN_BIN): $(RUN_SRCS:%.c=$(BUILD)/host/%.o) $(VMM_LIB_A) \
		$(BUILD)/lib/libaxvcpu.a
	@mkdir -p $(@D)
	$(CC) -o $@ $^ -lpthread

.PHONY: check-freestanding-vmm vmm
check-freestanding-vmm: $(VMM_FS_CHECK) scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $(VMM_FS_CHECK)

vmm: $(VMM_LIB_A) $(BUILD)/bin/axvcpu-run
all: $(VMM_LIB_A) $(RUN_BIN) check-freestanding-vmm

# ---- sanitized objects for the tests -------------------------------------
VMM_SAN_DIR := $(BUILD)/vmm-san
$(VMM_SAN_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) $(VMM_INC) -c $< -o $@

.PRECIOUS: $(VMM_SAN_DIR)/%.o
VMM_SAN_OBJS := $(VMM_SRCS:%.c=$(VMM_SAN_DIR)/%.o)
VMM_SAN_CORE := $(CORE_SRCS:%.c=$(VMM_SAN_DIR)/%.o) \
	$(VMM_SAN_DIR)/src/hosted/hal_posix.o

# Unit tests: one program per tests/vmm/test_*.c, linked with the whole
# sanitized VM layer and core.
VMM_UNIT_TESTS := $(patsubst tests/vmm/%.c,$(BUILD)/tests/vmm/%,\
	$(sort $(wildcard tests/vmm/test_*.c)))
$(BUILD)/tests/vmm/test_%: $(VMM_SAN_DIR)/tests/vmm/test_%.o \
		$(VMM_SAN_OBJS) $(VMM_SAN_CORE)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^ -lpthread

# Shell-script TAP tests, with the source tree and build dir filled in.
VMM_SH_TESTS := $(patsubst tests/vmm/%.sh,$(BUILD)/tests/vmm/%,\
	$(sort $(wildcard tests/vmm/*.sh)))
$(BUILD)/tests/vmm/%: tests/vmm/%.sh
	@mkdir -p $(@D)
	sed -e 's|@SRCDIR@|$(CURDIR)|g' -e 's|@BUILD@|$(abspath $(BUILD))|g' \
		$< > $@
	chmod +x $@

TESTS += $(VMM_UNIT_TESTS) $(VMM_SH_TESTS)
DEB_PACKAGES += seabios u-boot-qemu llvm lld

# ---- fuzzing (libFuzzer) -------------------------------------------------
# `make fuzz` builds the targets; `make fuzz-run` runs each for FUZZ_TIME
# seconds and fails on a crash (elf and linux_boot start from seeds: valid
# ELF32/ELF64/bzImage images; the others from an empty corpus).
FUZZ_TIME ?= 30
VMM_FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
VMM_FUZZ_SRCS := vmm/guest_mem.c vmm/load_elf.c vmm/load_raw.c \
	vmm/linux_boot.c vmm/bus.c vmm/uart16550.c
# elf, linux_boot: loaders on arbitrary images (seeded with valid ones);
# uart16550: guest register accesses and host input, checked against a
# shadow FIFO; guest_mem, bus: the range tables against brute-force
# references in 128-bit arithmetic.
VMM_FUZZ_NAMES := elf linux_boot uart16550 guest_mem bus
VMM_FUZZ_TARGETS := $(VMM_FUZZ_NAMES:%=$(BUILD)/fuzz/vmm_fuzz_%)
$(BUILD)/fuzz/vmm_fuzz_%: tests/vmm/fuzz_%.c tests/vmm/fuzz_input.h $(VMM_FUZZ_SRCS)
	@mkdir -p $(@D)
	$(SAN_CC) $(CSTD) $(WARN) -O1 -g $(INC) $(VMM_INC) $(VMM_FUZZ_FLAGS) \
		-o $@ $< $(VMM_FUZZ_SRCS)
$(BUILD)/fuzz/vmm_fuzz_seeds: tests/vmm/fuzz_seeds.c tests/vmm/elf_build.h \
		tests/vmm/bzimage_build.h
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -o $@ $<

.PHONY: fuzz fuzz-run vmm-fuzz-run
fuzz: $(VMM_FUZZ_TARGETS) $(BUILD)/fuzz/vmm_fuzz_seeds
fuzz-run: vmm-fuzz-run
vmm-fuzz-run: $(VMM_FUZZ_TARGETS) $(BUILD)/fuzz/vmm_fuzz_seeds
	mkdir -p $(VMM_FUZZ_NAMES:%=$(BUILD)/fuzz/corpus-%)
	$(BUILD)/fuzz/vmm_fuzz_seeds $(BUILD)/fuzz/corpus-elf \
		$(BUILD)/fuzz/corpus-linux_boot
	for t in $(VMM_FUZZ_NAMES); do \
		$(BUILD)/fuzz/vmm_fuzz_$$t -max_total_time=$(FUZZ_TIME) \
			-max_len=16384 -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/crash-$$t- \
			$(BUILD)/fuzz/corpus-$$t || exit 1; \
	done

# ---- guest images for the axvcpu-run tests -------------------------------
# Small assembly guests (one per CPU mode), a bzImage around a 32-bit
# payload, and hostile images from tests/vmm/mkimage.c.
VMM_GDIR := $(BUILD)/vmm-guests
VMM_GUEST_IMGS := $(VMM_GDIR)/real16.bin $(VMM_GDIR)/prot32.elf \
	$(VMM_GDIR)/long64.elf $(VMM_GDIR)/bzimage $(VMM_GDIR)/bad.elf \
	$(VMM_GDIR)/trunc.elf $(VMM_GDIR)/old-bzimage $(VMM_GDIR)/spin.bin \
	$(VMM_GDIR)/echo16.bin $(VMM_GDIR)/irq16.bin $(VMM_GDIR)/bzimage64 \
	$(VMM_GDIR)/triple32.bin
.PRECIOUS: $(VMM_GDIR)/%.o $(VMM_GDIR)/%.link

$(VMM_GDIR)/long64.o: tests/vmm/guests/long64.S
	@mkdir -p $(@D)
	clang --target=x86_64-unknown-elf -c $< -o $@
$(VMM_GDIR)/%.o: tests/vmm/guests/%.S
	@mkdir -p $(@D)
	clang --target=i386-unknown-elf -c $< -o $@
$(VMM_GDIR)/%.link: $(VMM_GDIR)/%.o
	ld.lld -m elf_i386 -e _start -Ttext=0x7c00 -o $@ $<
$(VMM_GDIR)/bzpayload.link: $(VMM_GDIR)/bzpayload.o
	ld.lld -m elf_i386 -e _start -Ttext=0x100000 -o $@ $<
$(VMM_GDIR)/bzpayload64.o: tests/vmm/guests/bzpayload64.S
	@mkdir -p $(@D)
	clang --target=x86_64-unknown-elf -c $< -o $@
$(VMM_GDIR)/bzpayload64.link: $(VMM_GDIR)/bzpayload64.o
	ld.lld -e _start -Ttext=0x100000 -o $@ $<
$(VMM_GDIR)/%.bin: $(VMM_GDIR)/%.link
	llvm-objcopy -O binary $< $@
$(VMM_GDIR)/prot32.elf: $(VMM_GDIR)/prot32.o
	ld.lld -m elf_i386 -e _start -Ttext=0x100000 -o $@ $<
$(VMM_GDIR)/long64.elf: $(VMM_GDIR)/long64.o
	ld.lld -e _start -Ttext=0x100000 -o $@ $<
$(VMM_GDIR)/mkimage: tests/vmm/mkimage.c tests/vmm/elf_build.h \
		tests/vmm/bzimage_build.h
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -o $@ $<
$(VMM_GDIR)/bzimage: $(VMM_GDIR)/bzpayload.bin $(VMM_GDIR)/mkimage
	$(VMM_GDIR)/mkimage bzimage $< $@
$(VMM_GDIR)/bzimage64: $(VMM_GDIR)/bzpayload64.bin $(VMM_GDIR)/mkimage
	$(VMM_GDIR)/mkimage bzimage64 $< $@
$(VMM_GDIR)/bad.elf: $(VMM_GDIR)/mkimage
	$< bad-elf $@
$(VMM_GDIR)/trunc.elf: $(VMM_GDIR)/mkimage
	$< trunc-elf $@
$(VMM_GDIR)/old-bzimage: $(VMM_GDIR)/mkimage
	$< old-bzimage $@

# The shell tests run a sanitized build of the VMM (ASan+UBSan over the
# VMM, the VM layer, the core and the kvm backend) on these.
# (Not under $(BUILD)/tests/vmm/, which holds only TAP programs, so that
# `prove $(BUILD)/tests/vmm/*` runs tests only.)
VMM_RUN_SAN := $(BUILD)/vmm-san/bin/axvcpu-run
VMM_SAN_KVM := $(sort $(wildcard src/kvm/*.c))
$(VMM_RUN_SAN): $(RUN_SRCS:%.c=$(VMM_SAN_DIR)/%.o) $(VMM_SAN_OBJS) \
		$(VMM_SAN_CORE) $(VMM_SAN_KVM:%.c=$(VMM_SAN_DIR)/%.o)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^ -lpthread
$(BUILD)/tests/vmm/cli $(BUILD)/tests/vmm/guests $(BUILD)/tests/vmm/seabios \
		$(BUILD)/tests/vmm/uboot_x86: \
	$(VMM_RUN_SAN) $(VMM_GUEST_IMGS)

# Only this fragment's tests: `make test-vmm`.
.PHONY: test-vmm
test-vmm: $(VMM_UNIT_TESTS) $(VMM_SH_TESTS) check-freestanding-vmm
	prove -f --timer $(VMM_UNIT_TESTS) $(VMM_SH_TESTS)

# `make bench-vmm`: port-I/O exits through the whole axvcpu-run path
# (vmm_run_loop, bus, device lock, 16550 model), from --stats.
.PHONY: bench-vmm
BENCH_TARGETS += bench-vmm
bench-vmm: $(RUN_BIN) $(VMM_GDIR)/ioloop16.bin
	@for i in 1 2 3; do \
		$(RUN_BIN) --stats $(VMM_GDIR)/ioloop16.bin 2>&1 </dev/null | \
			awk '/^  IoRead/ { printf "bench-vmm: run %s: %s port reads, %.2f us per exit (in axvcpu_run), %.2f us handling\n", '"$$i"', $$2, $$4, $$5 * 1.0 / $$2 }'; \
	done

# `make demo ARCH=kvm`: Debian's x86-64 U-Boot, unmodified, on axvcpu-run.
.PHONY: demo-kvm
DEMO_ARCHES += kvm
demo-kvm: $(RUN_BIN)
	@echo "== axvcpu: Debian's x86-64 U-Boot on the kvm backend (axvcpu-run)."
	@echo "== Press a key at 'Hit any key to stop autoboot' (else it scans for"
	@echo "== disks for ~45 s first). Try: version, md 100000 10, bdinfo."
	@echo "== Leave with Ctrl-A x."
	$(RUN_BIN) --stats --bios /usr/lib/u-boot/qemu-x86_64/u-boot.rom
