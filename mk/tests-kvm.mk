# Tests of the KVM backend: every tests/kvm/t_*.c is one TAP program, built
# with ASan+UBSan together with the library sources and the shared harness;
# the threaded ones again under ThreadSanitizer; the exit decoder's fuzz
# target.
KVM_TEST_NAMES := $(patsubst tests/kvm/%.c,%,$(sort $(wildcard tests/kvm/t_*.c)))
KVM_TEST_DIR := $(BUILD)/kvm-tests
KVM_TEST_BINS := $(KVM_TEST_NAMES:%=$(BUILD)/tests/kvm/%)
KVM_TEST_SRCS := $(CORE_SRCS) src/hosted/hal_posix.c $(KVM_SRCS)

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

KVM_TSAN_BINS := $(BUILD)/tests/kvm/t_threads-tsan $(BUILD)/tests/kvm/t_irq-tsan
$(KVM_TSAN_BINS): $(BUILD)/tests/kvm/%-tsan: $(KVM_TEST_DIR)/tsan/tests/kvm/%.o \
		$(KVM_TEST_SRCS:%.c=$(KVM_TEST_DIR)/tsan/%.o)
	@mkdir -p $(@D)
	$(SAN_CC) $(TSAN_FLAGS) -o $@ $^ -lpthread

TESTS += $(KVM_TSAN_BINS)

# Forged kvm_run pages through the exit decoder and the core's run/complete
# path; needs no /dev/kvm.
$(FUZZ_DIR)/fuzz_kvm_exit: tests/fuzz/fuzz_kvm_exit.c $(KVM_TEST_SRCS) \
		$(wildcard src/kvm/*.h)
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^) -lpthread
FUZZ_TARGETS += $(FUZZ_DIR)/fuzz_kvm_exit
FUZZ_ARGS_kvm_exit := -max_len=16395
