# The x86 MMIO instruction decoder (src/decode/x86_mem.c), for the VMX and
# SVM backends: unit test under ASan+UBSan (with the ALU helper checked
# against the host CPU), an oracle test against Zydis, a libFuzzer target,
# and the freestanding check of its object for every bare-metal target.
#
#   make test                 runs t_x86_mem and t_x86_mem_oracle (TAP)
#   make fuzz-run-x86-mem     a bounded run of the fuzz target (FUZZ_TIME s)
#
# Backends that need it link $(X86DEC_SRCS) (freestanding C11).

X86DEC_SRCS := src/decode/x86_mem.c
X86DEC_SAN_DIR := $(BUILD)/decode-x86-san
X86DEC_FUZZ_DIR := $(BUILD)/decode-x86-fuzz
X86DEC_INC := -Isrc -Itests/decode
X86DEC_ORACLE_LIBS := -lZydis -lZycore -lpthread
X86DEC_FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
X86DEC_FUZZ_TIME = $(if $(FUZZ_TIME),$(FUZZ_TIME),30)

DEB_PACKAGES += libzydis-dev

# ---- freestanding: the object must be self-contained --------------------
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
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) $(X86DEC_INC) -c $< -o $@

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

# ---- libFuzzer -----------------------------------------------------------
$(X86DEC_FUZZ_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(X86DEC_FUZZ_FLAGS) $(X86DEC_INC) -c $< -o $@

.PRECIOUS: $(X86DEC_FUZZ_DIR)/%.o
# The oracle glue is linked without coverage instrumentation: its paths
# say nothing about the decoder's.
$(BUILD)/tests/fuzz/fuzz_x86_mem: \
		$(X86DEC_FUZZ_DIR)/tests/fuzz/fuzz_x86_mem.o \
		$(X86DEC_SAN_DIR)/tests/decode/x86_mem_oracle.o \
		$(X86DEC_SRCS:%.c=$(X86DEC_FUZZ_DIR)/%.o)
	@mkdir -p $(@D)
	$(SAN_CC) $(X86DEC_FUZZ_FLAGS) -o $@ $^ $(X86DEC_ORACLE_LIBS)

.PHONY: fuzz fuzz-run fuzz-run-x86-mem
fuzz: $(BUILD)/tests/fuzz/fuzz_x86_mem
fuzz-run: fuzz-run-x86-mem

# The corpus persists in $(BUILD) so successive runs build on each other.
fuzz-run-x86-mem: $(BUILD)/tests/fuzz/fuzz_x86_mem
	@mkdir -p $(BUILD)/fuzz/x86_mem/corpus $(BUILD)/fuzz/x86_mem/artifacts
	AXVCPU_FUZZ_ARTIFACTS=$(BUILD)/fuzz/x86_mem/artifacts \
		$(BUILD)/tests/fuzz/fuzz_x86_mem \
		-max_total_time=$(X86DEC_FUZZ_TIME) -max_len=17 \
		-print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/x86_mem/artifacts/ \
		$(BUILD)/fuzz/x86_mem/corpus
