# Core unit tests. Every tests/core/t_*.c is one TAP program
# linked with the core, the hosted HAL, the mock backend and the stage-2
# table formats, all compiled with ASan+UBSan; the threaded ones are built
# a second time with ThreadSanitizer (the mock makes any TSan report fail
# the program). fuzz_stage2 drives the same objects with libFuzzer.

CORE_TEST_NAMES := $(patsubst tests/core/%.c,%,\
	$(sort $(wildcard tests/core/t_*.c)))
CORE_TEST_LIB_SRCS := $(CORE_SRCS) src/hosted/hal_posix.c \
	tests/mock/mock_backend.c $(STAGE2_FORMAT_SRCS)
CORE_TEST_DIR := $(BUILD)/core-tests
CORE_TEST_BINS := $(CORE_TEST_NAMES:%=$(BUILD)/tests/core/%)
# The threaded programs also run under ThreadSanitizer.
CORE_TSAN_NAMES := t_stress t_kick_irq t_percpu t_badstate t_power \
	t_stage2
CORE_TSAN_BINS := $(CORE_TSAN_NAMES:%=$(BUILD)/tests/core/%-tsan)

# Objects are compiled once per sanitizer and shared by the programs.
$(CORE_TEST_DIR)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

$(CORE_TEST_DIR)/tsan/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(TSAN_FLAGS) -c $< -o $@

CORE_TEST_ASAN_LIB := $(CORE_TEST_LIB_SRCS:%.c=$(CORE_TEST_DIR)/asan/%.o)
CORE_TEST_TSAN_LIB := $(CORE_TEST_LIB_SRCS:%.c=$(CORE_TEST_DIR)/tsan/%.o)

$(CORE_TEST_BINS): $(BUILD)/tests/core/%: $(CORE_TEST_DIR)/asan/tests/core/%.o \
		$(CORE_TEST_ASAN_LIB)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^ -lpthread

$(CORE_TSAN_BINS): $(BUILD)/tests/core/%-tsan: \
		$(CORE_TEST_DIR)/tsan/tests/core/%.o $(CORE_TEST_TSAN_LIB)
	@mkdir -p $(@D)
	$(SAN_CC) $(TSAN_FLAGS) -o $@ $^ -lpthread

TESTS += $(CORE_TEST_BINS) $(CORE_TSAN_BINS)

# Random map/unmap sequences on every format against an interval model.
$(FUZZ_DIR)/fuzz_stage2: tests/fuzz/fuzz_stage2.c tests/core/stage2_walk.h \
		$(CORE_SRCS) $(STAGE2_FORMAT_SRCS) $(wildcard src/core/*.h)
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^) -lpthread
FUZZ_TARGETS += $(FUZZ_DIR)/fuzz_stage2
