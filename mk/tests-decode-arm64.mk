# Tests of the AArch64 load/store decoder (docs/decode.md): a host unit
# test under ASan+UBSan, an oracle test against llvm-mc, and a libFuzzer
# target (make fuzz-run-arm64_mem FUZZ_TIME=300 runs it alone).

A64DEC_SAN_DIR := $(BUILD)/decode-arm64-san
A64DEC_FUZZ_DIR := $(BUILD)/decode-arm64-fuzz
# llvm-mc (the oracle) is in llvm; libFuzzer and the sanitizers in
# libclang-rt-14-dev.
DEB_PACKAGES += llvm libclang-rt-14-dev

$(A64DEC_SAN_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

.PRECIOUS: $(A64DEC_SAN_DIR)/%.o
A64DEC_SAN_OBJS := $(A64DEC_SRCS:%.c=$(A64DEC_SAN_DIR)/%.o)

$(BUILD)/tests/decode/t_arm64_mem: \
		$(A64DEC_SAN_DIR)/tests/decode/t_arm64_mem.o \
		$(A64DEC_SAN_OBJS) $(BUILD)/decode-arm64-freestanding.stamp
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $(filter %.o,$^)

# The llvm-mc runner and the oracle tests' corpus (as in tests-decode.mk).
A64DEC_ORACLE_OBJS := $(A64DEC_SAN_DIR)/tests/decode/llvm_mc.o
A64DEC_CORPUS_OBJ := $(A64DEC_SAN_DIR)/tests/decode/oracle_corpus.o

$(BUILD)/tests/decode/t_arm64_mem_oracle: \
		$(A64DEC_SAN_DIR)/tests/decode/t_arm64_mem_oracle.o \
		$(A64DEC_SAN_DIR)/tests/decode/arm64_mem_oracle.o \
		$(A64DEC_ORACLE_OBJS) $(A64DEC_CORPUS_OBJ) $(A64DEC_SAN_OBJS)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^

TESTS += $(BUILD)/tests/decode/t_arm64_mem \
	$(BUILD)/tests/decode/t_arm64_mem_oracle

# The oracle (llvm-mc runner and parser) is linked without coverage
# instrumentation: its paths depend on a whole batch, not on the input.
$(A64DEC_FUZZ_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_CFLAGS) -c $< -o $@
.PRECIOUS: $(A64DEC_FUZZ_DIR)/%.o
$(FUZZ_DIR)/fuzz_arm64_mem: $(A64DEC_FUZZ_DIR)/tests/fuzz/fuzz_arm64_mem.o \
		$(A64DEC_SAN_DIR)/tests/decode/arm64_mem_oracle.o \
		$(A64DEC_ORACLE_OBJS) $(A64DEC_SAN_DIR)/tests/fuzz/oracle_fuzz.o \
		$(A64DEC_SRCS:%.c=$(A64DEC_FUZZ_DIR)/%.o)
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_FLAGS) -o $@ $^
FUZZ_TARGETS += $(FUZZ_DIR)/fuzz_arm64_mem
# The instruction word and an ESR_EL2 value.
FUZZ_ARGS_arm64_mem := -max_len=12
