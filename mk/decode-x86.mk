# The x86 MMIO instruction decoder (src/decode/x86_mem.c), for the VMX and
# SVM backends: the freestanding check of its object for every bare-metal
# target, a unit test under ASan+UBSan (with the ALU helper checked against
# the host CPU), an oracle test against Zydis, and a libFuzzer target
# (docs/decode.md).
#
#   make test                 runs t_x86_mem and t_x86_mem_oracle (TAP)
#   make fuzz-run-x86_mem     a bounded run of the fuzz target (FUZZ_TIME s)

X86DEC_SRCS := src/decode/x86_mem.c
# Backends link $(DECODE_SRCS).
DECODE_SRCS += $(X86DEC_SRCS)
X86DEC_SAN_DIR := $(BUILD)/decode-x86-san
X86DEC_FUZZ_DIR := $(BUILD)/decode-x86-fuzz
X86DEC_ORACLE_LIBS := -lZydis -lZycore -lpthread

DEB_PACKAGES += libzydis-dev

# ---- freestanding: the object must be self-contained --------------------
# (mk/decode.mk's check covers the decoders listed before this file.)
X86DEC_FS_OBJS := $(foreach a,riscv64 aarch64 x86_64,\
	$(X86DEC_SRCS:%.c=$(BUILD)/$(a)/%.o))
$(BUILD)/decode-x86-freestanding.stamp: $(X86DEC_FS_OBJS) \
		scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $(X86DEC_FS_OBJS)
	@touch $@
all: $(BUILD)/decode-x86-freestanding.stamp

# ---- sanitized host tests ------------------------------------------------
$(X86DEC_SAN_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

.PRECIOUS: $(X86DEC_SAN_DIR)/%.o
X86DEC_SAN_OBJS := $(X86DEC_SRCS:%.c=$(X86DEC_SAN_DIR)/%.o)

$(BUILD)/tests/decode/t_x86_mem: \
		$(X86DEC_SAN_DIR)/tests/decode/t_x86_mem.o \
		$(X86DEC_SAN_OBJS) $(BUILD)/decode-x86-freestanding.stamp
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $(filter %.o,$^)

$(BUILD)/tests/decode/t_x86_mem_oracle: \
		$(X86DEC_SAN_DIR)/tests/decode/t_x86_mem_oracle.o \
		$(X86DEC_SAN_DIR)/tests/decode/x86_mem_oracle.o \
		$(X86DEC_SAN_OBJS)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^ $(X86DEC_ORACLE_LIBS)

TESTS += $(BUILD)/tests/decode/t_x86_mem \
	$(BUILD)/tests/decode/t_x86_mem_oracle

# ---- libFuzzer (mk/fuzz.mk runs it: make fuzz-run-x86_mem) ---------------
$(X86DEC_FUZZ_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_CFLAGS) -c $< -o $@

.PRECIOUS: $(X86DEC_FUZZ_DIR)/%.o
# The oracle glue (Zydis calls) is linked without coverage instrumentation:
# its paths say nothing about the decoder's.
$(FUZZ_DIR)/fuzz_x86_mem: $(X86DEC_FUZZ_DIR)/tests/fuzz/fuzz_x86_mem.o \
		$(X86DEC_SAN_DIR)/tests/decode/x86_mem_oracle.o \
		$(X86DEC_SRCS:%.c=$(X86DEC_FUZZ_DIR)/%.o)
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_FLAGS) -o $@ $^ $(X86DEC_ORACLE_LIBS)
FUZZ_TARGETS += $(FUZZ_DIR)/fuzz_x86_mem
# Mode byte + 16 instruction bytes are all it looks at; the dictionary
# holds the prefixes and claimed opcodes.
FUZZ_ARGS_x86_mem := -max_len=17 -dict=tests/fuzz/fuzz_x86_mem.dict
