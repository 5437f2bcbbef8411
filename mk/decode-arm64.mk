# The AArch64 load/store decoder (src/decode/arm64_mem.c): host unit test
# under ASan+UBSan, an oracle test against llvm-mc, a libFuzzer target and
# a freestanding build check (it links into the bare-metal EL2 backend).
#
#   make test                  runs t_arm64_mem and t_arm64_mem_oracle (TAP)
#   make fuzz                  builds fuzz_arm64_mem with the other targets
#   make fuzz-run-arm64-mem    a bounded run (FUZZ_TIME seconds, default 30)
#
# Self-contained on purpose: nothing here depends on mk/decode.mk.

A64DEC_SRCS := src/decode/arm64_mem.c
A64DEC_SAN_DIR := $(BUILD)/decode-arm64-san
A64DEC_FUZZ_DIR := $(BUILD)/decode-arm64-fuzz
A64DEC_INC := -Isrc -Itests/decode
A64DEC_FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
A64DEC_FUZZ_BIN := $(BUILD)/tests/fuzz/fuzz_arm64_mem
A64DEC_TESTS := $(BUILD)/tests/decode/t_arm64_mem \
	$(BUILD)/tests/decode/t_arm64_mem_oracle

# llvm-mc (the oracle) is in llvm; libFuzzer and the sanitizers in
# libclang-rt-14-dev.
DEB_PACKAGES += llvm libclang-rt-14-dev

# ---- freestanding: the object calls nothing outside itself --------------
# (The root Makefile's $(BUILD)/<arch>/%.o rules compile bare metal.)
A64DEC_FS_OBJS := $(foreach a,riscv64 aarch64 x86_64,\
	$(A64DEC_SRCS:%.c=$(BUILD)/$(a)/%.o))
$(BUILD)/decode-arm64-freestanding.stamp: $(A64DEC_FS_OBJS) \
		scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $(A64DEC_FS_OBJS)
	@touch $@
check-freestanding: $(BUILD)/decode-arm64-freestanding.stamp

# ---- sanitized host tests ------------------------------------------------
$(A64DEC_SAN_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) $(A64DEC_INC) -c $< -o $@

.PRECIOUS: $(A64DEC_SAN_DIR)/%.o
A64DEC_SAN_OBJS := $(A64DEC_SRCS:%.c=$(A64DEC_SAN_DIR)/%.o)

$(BUILD)/tests/decode/t_arm64_mem: \
		$(A64DEC_SAN_DIR)/tests/decode/t_arm64_mem.o \
		$(A64DEC_SAN_OBJS) $(BUILD)/decode-arm64-freestanding.stamp
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $(filter %.o,$^)

$(BUILD)/tests/decode/t_arm64_mem_oracle: \
		$(A64DEC_SAN_DIR)/tests/decode/t_arm64_mem_oracle.o \
		$(A64DEC_SAN_DIR)/tests/decode/arm64_mem_oracle.o \
		$(A64DEC_SAN_OBJS)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^

TESTS += $(A64DEC_TESTS)

# ---- libFuzzer -----------------------------------------------------------
FUZZ_TIME ?= 30

$(A64DEC_FUZZ_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(A64DEC_FUZZ_FLAGS) $(A64DEC_INC) -c $< -o $@

.PRECIOUS: $(A64DEC_FUZZ_DIR)/%.o
# The oracle (llvm-mc runner and parser) is linked without coverage
# instrumentation: its paths depend on a whole batch, not on the input.
$(A64DEC_FUZZ_BIN): $(A64DEC_FUZZ_DIR)/tests/fuzz/fuzz_arm64_mem.o \
		$(A64DEC_SAN_DIR)/tests/decode/arm64_mem_oracle.o \
		$(A64DEC_SRCS:%.c=$(A64DEC_FUZZ_DIR)/%.o)
	@mkdir -p $(@D)
	$(SAN_CC) $(A64DEC_FUZZ_FLAGS) -o $@ $^

.PHONY: fuzz fuzz-run fuzz-run-arm64-mem
fuzz: $(A64DEC_FUZZ_BIN)
fuzz-run: fuzz-run-arm64-mem

# The corpus persists in $(BUILD) so successive runs build on each other;
# -max_total_time bounds the run (the machine is shared).
fuzz-run-arm64-mem: $(A64DEC_FUZZ_BIN)
	@mkdir -p $(BUILD)/fuzz/arm64_mem/corpus $(BUILD)/fuzz/arm64_mem/artifacts
	AXVCPU_FUZZ_ARTIFACTS=$(BUILD)/fuzz/arm64_mem/artifacts \
		$(A64DEC_FUZZ_BIN) \
		-max_total_time=$(FUZZ_TIME) -max_len=12 -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/arm64_mem/artifacts/ \
		$(BUILD)/fuzz/arm64_mem/corpus
