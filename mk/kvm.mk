# The Linux KVM backend (src/kvm), its tests and benchmarks.
LIB_SRCS += $(sort $(wildcard src/kvm/*.c))

# Tests: every tests/kvm/t_*.c is one TAP program, built with ASan+UBSan
# together with the library sources and the shared harness.
KVM_TEST_NAMES := $(patsubst tests/kvm/%.c,%,$(sort $(wildcard tests/kvm/t_*.c)))
KVM_TEST_DIR := $(BUILD)/kvm-tests
KVM_TEST_BINS := $(KVM_TEST_NAMES:%=$(BUILD)/tests/kvm/%)
KVM_TEST_SRCS := $(CORE_SRCS) src/hosted/hal_posix.c \
	$(sort $(wildcard src/kvm/*.c))

$(KVM_TEST_DIR)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

$(KVM_TEST_DIR)/tsan/%.o: %.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(TSAN_FLAGS) -c $< -o $@

$(KVM_TEST_BINS): $(BUILD)/tests/kvm/%: $(KVM_TEST_DIR)/asan/tests/kvm/%.o \
		$(KVM_TEST_SRCS:%.c=$(KVM_TEST_DIR)/asan/%.o)
	@mkdir -p $(@D)
	$(SAN_CC) $(ASAN_FLAGS) -o $@ $^ -lpthread

TESTS += $(KVM_TEST_BINS)

# The threaded tests again under ThreadSanitizer.
KVM_TSAN_BINS := $(BUILD)/tests/kvm/t_threads-tsan $(BUILD)/tests/kvm/t_irq-tsan
$(KVM_TSAN_BINS): $(BUILD)/tests/kvm/%-tsan: $(KVM_TEST_DIR)/tsan/tests/kvm/%.o \
		$(KVM_TEST_SRCS:%.c=$(KVM_TEST_DIR)/tsan/%.o)
	@mkdir -p $(@D)
	$(SAN_CC) $(TSAN_FLAGS) -o $@ $^ -lpthread

TESTS += $(KVM_TSAN_BINS)

# make bench-kvm: round trips and cold start against raw KVM (optimised
# library build, no sanitizers).
KVM_BENCH := $(BUILD)/bench/kvm/bench_kvm
# LIB_A is defined after mk/*.mk are read: name the archive here.
$(KVM_BENCH): bench/kvm/bench_kvm.c $(BUILD)/lib/libaxvcpu.a
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $< $(LIB_A) -lpthread

.PHONY: bench-kvm
bench-kvm: $(KVM_BENCH)
	$(KVM_BENCH)

BENCH_TARGETS += bench-kvm

# <linux/kvm.h> comes from the kernel headers package.
DEB_PACKAGES += linux-libc-dev

# ---- libFuzzer: the exit decoder (tests/fuzz/fuzz_kvm_exit.c) -------------
# Forged kvm_run pages through the decoder and the core's run/complete
# path; needs no /dev/kvm. `make fuzz` builds it, `make fuzz-run` runs it
# for FUZZ_TIME seconds (the corpus persists in $(BUILD)).
FUZZ_TIME ?= 30
KVM_FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
KVM_FUZZ := $(BUILD)/tests/fuzz/fuzz_kvm_exit
$(KVM_FUZZ): tests/fuzz/fuzz_kvm_exit.c $(KVM_TEST_SRCS) \
		$(wildcard src/kvm/*.h)
	@mkdir -p $(@D)
	$(SAN_CC) $(CSTD) $(WARN) -O1 -g $(INC) $(KVM_FUZZ_FLAGS) \
		-o $@ $(filter %.c,$^) -lpthread

.PHONY: fuzz fuzz-run fuzz-run-kvm-exit
fuzz: $(KVM_FUZZ)
fuzz-run: fuzz-run-kvm-exit
fuzz-run-kvm-exit: $(KVM_FUZZ)
	@mkdir -p $(BUILD)/fuzz/kvm_exit/corpus $(BUILD)/fuzz/kvm_exit/artifacts
	$(KVM_FUZZ) -max_total_time=$(FUZZ_TIME) -max_len=16395 \
		-print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/kvm_exit/artifacts/ \
		$(BUILD)/fuzz/kvm_exit/corpus
