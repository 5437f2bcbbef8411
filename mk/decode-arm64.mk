# The AArch64 load/store decoder (src/decode/arm64_mem.c): freestanding
# C11 that the EL2 backend links ($(A64DEC_SRCS)). Its object must be
# self-contained on every bare-metal target; its tests are in
# mk/tests-decode-arm64.mk.

A64DEC_SRCS := src/decode/arm64_mem.c

# (The root Makefile's $(BUILD)/<arch>/%.o pattern rules compile with the
# bare-metal flags; FS_ARCHES is set after mk/*.mk are read: name them.)
A64DEC_FS_OBJS := $(foreach a,riscv64 aarch64 x86_64,\
	$(A64DEC_SRCS:%.c=$(BUILD)/$(a)/%.o))
$(BUILD)/decode-arm64-freestanding.stamp: $(A64DEC_FS_OBJS) \
		scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $(A64DEC_FS_OBJS)
	@touch $@
all: $(BUILD)/decode-arm64-freestanding.stamp
