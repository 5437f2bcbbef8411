# Tests of the VM layer and axvcpu-run: unit tests of vmm/ (sanitized),
# shell TAP tests of the sanitized axvcpu-run on small guests and on
# Debian's SeaBIOS and U-Boot, fuzz targets of every parser of guest or
# image input.

# ---- sanitized objects for the tests -------------------------------------
VMM_SAN_DIR := $(BUILD)/vmm-san
$(VMM_SAN_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

.PRECIOUS: $(VMM_SAN_DIR)/%.o
VMM_SAN_OBJS := $(VMM_SRCS:%.c=$(VMM_SAN_DIR)/%.o)
VMM_SAN_CORE := $(CORE_SRCS:%.c=$(VMM_SAN_DIR)/%.o) \
	$(VMM_SAN_DIR)/src/hosted/hal_posix.o \
	$(STAGE2_FORMAT_SRCS:%.c=$(VMM_SAN_DIR)/%.o)

# Unit tests: one program per tests/vmm/t_*.c, linked with the whole
# sanitized VM layer and core.
VMM_UNIT_TESTS := $(patsubst tests/vmm/%.c,$(BUILD)/tests/vmm/%,\
	$(sort $(wildcard tests/vmm/t_*.c)))
$(BUILD)/tests/vmm/t_%: $(VMM_SAN_DIR)/tests/vmm/t_%.o \
		$(VMM_SAN_OBJS) $(VMM_SAN_CORE)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^ -lpthread

# The VM object runs the core's mock backend; with threads, under TSan too.
$(BUILD)/tests/vmm/t_vm: $(VMM_SAN_DIR)/tests/mock/mock_backend.o
VMM_TSAN_DIR := $(BUILD)/vmm-tsan
$(VMM_TSAN_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(TSAN_FLAGS) -c $< -o $@
.PRECIOUS: $(VMM_TSAN_DIR)/%.o
$(BUILD)/tests/vmm/t_vm-tsan: $(VMM_TSAN_DIR)/tests/vmm/t_vm.o \
		$(VMM_SRCS:%.c=$(VMM_TSAN_DIR)/%.o) \
		$(CORE_SRCS:%.c=$(VMM_TSAN_DIR)/%.o) \
		$(VMM_TSAN_DIR)/src/hosted/hal_posix.o \
		$(VMM_TSAN_DIR)/tests/mock/mock_backend.o
	@mkdir -p $(@D)
	$(SAN_CC) $(TSAN_FLAGS) -o $@ $^ -lpthread
TESTS += $(BUILD)/tests/vmm/t_vm-tsan

# Shell-script TAP tests, with the source tree and build dir filled in.
VMM_SH_TESTS := $(patsubst tests/vmm/%.sh,$(BUILD)/tests/vmm/%,\
	$(sort $(wildcard tests/vmm/t_*.sh)))
$(BUILD)/tests/vmm/%: tests/vmm/%.sh
	@mkdir -p $(@D)
	sed -e 's|@SRCDIR@|$(CURDIR)|g' -e 's|@BUILD@|$(abspath $(BUILD))|g' \
		$< > $@
	chmod +x $@

TESTS += $(VMM_UNIT_TESTS) $(VMM_SH_TESTS)
DEB_PACKAGES += seabios u-boot-qemu llvm lld time

# ---- fuzzing (libFuzzer) -------------------------------------------------
# elf, linux_boot: loaders on arbitrary images (seeded with valid ones by
# tests/fuzz/seeds.c); uart16550: guest register accesses and host input,
# checked against a shadow FIFO; guest_mem, bus: the range tables against
# brute-force references in 128-bit arithmetic.
VMM_FUZZ_SRCS := vmm/guest_mem.c vmm/load_elf.c vmm/load_raw.c vmm/image.c \
	vmm/load_check.c vmm/fmt.c vmm/plic.c vmm/cfi_flash.c \
	vmm/linux_boot.c vmm/bus.c vmm/uart16550.c
VMM_FUZZ_NAMES := elf linux_boot uart16550 guest_mem bus plic cfi_flash
# The memory map calls the core when attached to stage 2: linked with it.
$(VMM_FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%): $(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c \
		tests/fuzz/fuzz_input.h $(VMM_FUZZ_SRCS) $(CORE_SRCS)
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $< $(VMM_FUZZ_SRCS) $(CORE_SRCS)
FUZZ_TARGETS += $(VMM_FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)

# Valid ELF32/ELF64/bzImage images to start the loaders' corpora from.
VMM_FUZZ_SEEDS := $(BUILD)/fuzz/seeds
$(BUILD)/fuzz/seeds.stamp: tests/fuzz/seeds.c tests/vmm/elf_build.h \
		tests/vmm/bzimage_build.h
	@mkdir -p $(VMM_FUZZ_SEEDS)/elf $(VMM_FUZZ_SEEDS)/linux_boot
	$(CC) $(CSTD) $(WARN) $(INC) -O1 -o $(BUILD)/fuzz/write-seeds $<
	$(BUILD)/fuzz/write-seeds $(VMM_FUZZ_SEEDS)/elf $(VMM_FUZZ_SEEDS)/linux_boot
	@touch $@
fuzz-run-elf fuzz-run-linux_boot: $(BUILD)/fuzz/seeds.stamp
FUZZ_ARGS_elf := $(VMM_FUZZ_SEEDS)/elf
FUZZ_ARGS_linux_boot := $(VMM_FUZZ_SEEDS)/linux_boot

# ---- guest images for the axvcpu-run tests -------------------------------
# Small assembly guests (one per CPU mode), a bzImage around a 32-bit
# payload, and hostile images from tests/vmm/mkimage.c.
VMM_GDIR := $(BUILD)/vmm-guests
VMM_GUEST_IMGS := $(VMM_GDIR)/real16.bin $(VMM_GDIR)/prot32.elf \
	$(VMM_GDIR)/long64.elf $(VMM_GDIR)/bzimage $(VMM_GDIR)/bad.elf \
	$(VMM_GDIR)/trunc.elf $(VMM_GDIR)/old-bzimage $(VMM_GDIR)/spin.bin \
	$(VMM_GDIR)/echo16.bin $(VMM_GDIR)/irq16.bin $(VMM_GDIR)/bzimage64 \
	$(VMM_GDIR)/triple32.bin $(VMM_GDIR)/entry.elf \
	$(VMM_GDIR)/reset_kbd.bin $(VMM_GDIR)/reset_cf9.bin $(VMM_GDIR)/ports16.bin
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
$(VMM_GDIR)/entry.elf: $(VMM_GDIR)/mkimage
	$< entry-elf $@
$(VMM_GDIR)/old-bzimage: $(VMM_GDIR)/mkimage
	$< old-bzimage $@

# The shell tests run a sanitized build of the VMM (ASan+UBSan over the
# VMM, the VM layer, the core and the kvm backend) on these.
# (Not under $(BUILD)/tests/vmm/, which holds only TAP programs, so that
# `prove $(BUILD)/tests/vmm/*` runs tests only.)
VMM_RUN_SAN := $(BUILD)/vmm-san/bin/axvcpu-run
$(VMM_RUN_SAN): $(RUN_SRCS:%.c=$(VMM_SAN_DIR)/%.o) $(VMM_SAN_OBJS) \
		$(VMM_SAN_CORE) $(KVM_SRCS:%.c=$(VMM_SAN_DIR)/%.o)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^ -lpthread
$(BUILD)/tests/vmm/t_cli $(BUILD)/tests/vmm/t_guests $(BUILD)/tests/vmm/t_seabios \
		$(BUILD)/tests/vmm/t_uboot_x86: \
	$(VMM_RUN_SAN) $(VMM_GUEST_IMGS)

# Only this fragment's tests: `make test-vmm`.
.PHONY: test-vmm
test-vmm: $(VMM_UNIT_TESTS) $(VMM_SH_TESTS) check-freestanding-vmm
	prove -f --timer $(VMM_UNIT_TESTS) $(VMM_SH_TESTS)

