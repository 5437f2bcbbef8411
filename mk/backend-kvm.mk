# The Linux KVM backend (src/kvm): part of the host library. Its tests are
# in mk/tests-kvm.mk.
# It shares the x86 CPU modes with the bare-metal x86 backends
# (src/arch/x86_64, docs/x86.md).
KVM_SRCS := $(sort $(wildcard src/kvm/*.c)) src/arch/x86_64/x86_mode.c
LIB_SRCS += $(KVM_SRCS)

# <linux/kvm.h> comes from the kernel headers package.
DEB_PACKAGES += linux-libc-dev

# make bench-kvm: round trips and cold start against raw KVM (optimised
# library build, no sanitizers).
KVM_BENCH := $(BUILD)/bench/kvm/bench_kvm
# LIB_A is defined after mk/*.mk are read: name the archive here.
$(KVM_BENCH): bench/kvm/bench_kvm.c $(BUILD)/lib/libaxvcpu.a
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $< $(BUILD)/lib/libaxvcpu.a -lpthread

.PHONY: bench-kvm
bench-kvm: $(KVM_BENCH)
	$(KVM_BENCH)

BENCH_TARGETS += bench-kvm
