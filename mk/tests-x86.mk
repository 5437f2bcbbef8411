# Host tests of the x86 layer (src/arch/x86_64/x86_*.c): every
# tests/x86/t_*.c is one TAP program linked with the layer and the x86
# decoder (and the core, for the vCPU's interrupt queue), under
# ASan+UBSan.

X86_TEST_NAMES := $(patsubst tests/x86/%.c,%,$(sort $(wildcard tests/x86/t_*.c)))
X86_TEST_DIR := $(BUILD)/x86-tests
X86_TEST_BINS := $(X86_TEST_NAMES:%=$(BUILD)/tests/x86/%)
X86_TEST_LIB := $(X86_LAYER_SRCS:%.c=$(X86_TEST_DIR)/%.o) \
	$(X86_TEST_DIR)/src/decode/x86_mem.o $(X86_TEST_DIR)/x86_fpu_S.o \
	$(CORE_SRCS:%.c=$(X86_TEST_DIR)/%.o) \
	$(X86_TEST_DIR)/src/hosted/hal_posix.o

$(X86_TEST_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

# The FP instructions run on the host too (x86-64).
$(X86_TEST_DIR)/x86_fpu_S.o: src/arch/x86_64/x86_fpu_asm.S
	@mkdir -p $(@D)
	$(SAN_CC) -c $< -o $@

.PRECIOUS: $(X86_TEST_DIR)/%.o
$(X86_TEST_BINS): $(BUILD)/tests/x86/%: $(X86_TEST_DIR)/tests/x86/%.o \
		$(X86_TEST_LIB)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^ -lpthread

TESTS += $(X86_TEST_BINS)

# libFuzzer: the emulation glue on guest-controlled instructions, registers
# and page tables (tests/fuzz/fuzz_x86_emul.c).
$(FUZZ_DIR)/fuzz_x86_emul: tests/fuzz/fuzz_x86_emul.c tests/x86/fake_guest.h \
		$(X86_LAYER_SRCS) src/decode/x86_mem.c $(CORE_SRCS)
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^) \
		src/arch/x86_64/x86_fpu_asm.S -lpthread
FUZZ_TARGETS += $(FUZZ_DIR)/fuzz_x86_emul
