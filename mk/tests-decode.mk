# Decoder tests: host unit tests under ASan+UBSan, an oracle test against
# llvm-mc, and a libFuzzer target per decoder (docs/decode.md).

DECODE_SAN_DIR := $(BUILD)/decode-san
DEB_PACKAGES += llvm lld libclang-rt-14-dev

$(DECODE_SAN_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

.PRECIOUS: $(DECODE_SAN_DIR)/%.o
DECODE_SAN_OBJS := $(DECODE_SRCS:%.c=$(DECODE_SAN_DIR)/%.o)

$(BUILD)/tests/decode/t_riscv_mem: \
		$(DECODE_SAN_DIR)/tests/decode/t_riscv_mem.o \
		$(DECODE_SAN_OBJS) $(BUILD)/decode-freestanding.stamp
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $(filter %.o,$^)

# The llvm-mc runner every oracle shares (tests/decode/llvm_mc.c), and the
# oracle tests' corpus, PRNG and tally (tests/decode/oracle_corpus.c).
DECODE_ORACLE_OBJS := $(DECODE_SAN_DIR)/tests/decode/llvm_mc.o
DECODE_CORPUS_OBJ := $(DECODE_SAN_DIR)/tests/decode/oracle_corpus.o

$(BUILD)/tests/decode/t_riscv_mem_oracle: \
		$(DECODE_SAN_DIR)/tests/decode/t_riscv_mem_oracle.o \
		$(DECODE_SAN_DIR)/tests/decode/riscv_mem_oracle.o \
		$(DECODE_ORACLE_OBJS) $(DECODE_CORPUS_OBJ) $(DECODE_SAN_OBJS)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^

TESTS += $(BUILD)/tests/decode/t_riscv_mem \
	$(BUILD)/tests/decode/t_riscv_mem_oracle

# The oracle (llvm-mc runner and parser) is linked without coverage
# instrumentation: its paths depend on a whole batch, not on the input.
DECODE_FUZZ_DIR := $(BUILD)/decode-fuzz
$(DECODE_FUZZ_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_CFLAGS) -c $< -o $@
.PRECIOUS: $(DECODE_FUZZ_DIR)/%.o
$(FUZZ_DIR)/fuzz_riscv_mem: $(DECODE_FUZZ_DIR)/tests/fuzz/fuzz_riscv_mem.o \
		$(DECODE_SAN_DIR)/tests/decode/riscv_mem_oracle.o \
		$(DECODE_ORACLE_OBJS) $(DECODE_SAN_DIR)/tests/fuzz/oracle_fuzz.o \
		$(DECODE_SRCS:%.c=$(DECODE_FUZZ_DIR)/%.o)
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_FLAGS) -o $@ $^
FUZZ_TARGETS += $(FUZZ_DIR)/fuzz_riscv_mem
FUZZ_ARGS_riscv_mem := -max_len=4
