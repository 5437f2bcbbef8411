# Pure instruction decoders (src/decode): host unit tests under ASan+UBSan,
# an oracle test against llvm-mc, libFuzzer targets, and a freestanding
# build check (the decoders link into bare-metal hypervisors).
#
#   make test       runs test_riscv_mem and oracle_riscv_mem (TAP)
#   make fuzz       builds the libFuzzer targets
#   make fuzz-run   a short bounded run of each (FUZZ_TIME seconds, 30)
#
# Backends that need a decoder link $(DECODE_SRCS) (freestanding C11).

DECODE_SRCS := src/decode/riscv_mem.c
DECODE_SAN_DIR := $(BUILD)/decode-san
DECODE_FUZZ_DIR := $(BUILD)/decode-fuzz
DECODE_INC := -Isrc -Itests/decode

DEB_PACKAGES += llvm lld libclang-rt-14-dev

# ---- freestanding: each decoder object must be self-contained ------------
# (The root Makefile's $(BUILD)/<arch>/%.o pattern rules compile with the
# bare-metal flags; FS_ARCHES is set after mk/*.mk are read: name them.)
DECODE_FS_OBJS := $(foreach a,riscv64 aarch64 x86_64,\
	$(DECODE_SRCS:%.c=$(BUILD)/$(a)/%.o))
$(BUILD)/decode-freestanding.stamp: $(DECODE_FS_OBJS) \
		scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $(DECODE_FS_OBJS)
	@touch $@

# ---- sanitized host tests ------------------------------------------------
$(DECODE_SAN_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) $(DECODE_INC) -c $< -o $@

.PRECIOUS: $(DECODE_SAN_DIR)/%.o
DECODE_SAN_OBJS := $(DECODE_SRCS:%.c=$(DECODE_SAN_DIR)/%.o)

$(BUILD)/tests/decode/test_riscv_mem: \
		$(DECODE_SAN_DIR)/tests/decode/test_riscv_mem.o \
		$(DECODE_SAN_OBJS) $(BUILD)/decode-freestanding.stamp
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $(filter %.o,$^)

$(BUILD)/tests/decode/oracle_riscv_mem: \
		$(DECODE_SAN_DIR)/tests/decode/oracle_riscv_mem.o \
		$(DECODE_SAN_DIR)/tests/decode/riscv_mem_oracle.o \
		$(DECODE_SAN_OBJS)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^

TESTS += $(BUILD)/tests/decode/test_riscv_mem \
	$(BUILD)/tests/decode/oracle_riscv_mem

# ---- libFuzzer -----------------------------------------------------------
DECODE_FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TIME ?= 30

$(DECODE_FUZZ_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(DECODE_FUZZ_FLAGS) $(DECODE_INC) -c $< -o $@

.PRECIOUS: $(DECODE_FUZZ_DIR)/%.o
# The oracle (llvm-mc runner and parser) is linked without coverage
# instrumentation: its paths depend on a whole batch, not on the input.
$(BUILD)/tests/fuzz/fuzz_riscv_mem: \
		$(DECODE_FUZZ_DIR)/tests/fuzz/fuzz_riscv_mem.o \
		$(DECODE_SAN_DIR)/tests/decode/riscv_mem_oracle.o \
		$(DECODE_SRCS:%.c=$(DECODE_FUZZ_DIR)/%.o)
	@mkdir -p $(@D)
	$(SAN_CC) $(DECODE_FUZZ_FLAGS) -o $@ $^

# Other mk files may add their own targets to fuzz / fuzz-run.
.PHONY: fuzz fuzz-run fuzz-run-riscv-mem
fuzz: $(BUILD)/tests/fuzz/fuzz_riscv_mem
fuzz-run: fuzz-run-riscv-mem

# The corpus persists in $(BUILD) so successive runs build on each other;
# -max_total_time bounds the run (the machine is shared).
fuzz-run-riscv-mem: $(BUILD)/tests/fuzz/fuzz_riscv_mem
	@mkdir -p $(BUILD)/fuzz/riscv_mem/corpus $(BUILD)/fuzz/riscv_mem/artifacts
	AXVCPU_FUZZ_ARTIFACTS=$(BUILD)/fuzz/riscv_mem/artifacts \
		$(BUILD)/tests/fuzz/fuzz_riscv_mem \
		-max_total_time=$(FUZZ_TIME) -max_len=4 -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/riscv_mem/artifacts/ \
		$(BUILD)/fuzz/riscv_mem/corpus
