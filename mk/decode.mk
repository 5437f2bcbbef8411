# Pure instruction decoders (src/decode): freestanding C11 that backends
# link. Every decoder object must be self-contained on every bare-metal
# target; its tests are in mk/tests-decode.mk.
#
# Backends that need a decoder link $(DECODE_SRCS); other decoders add
# themselves in mk/decode-<name>.mk.

DECODE_SRCS := src/decode/riscv_mem.c

# (The root Makefile's $(BUILD)/<arch>/%.o pattern rules compile with the
# bare-metal flags; FS_ARCHES is set after mk/*.mk are read: name them.)
DECODE_FS_OBJS := $(foreach a,riscv64 aarch64 x86_64,\
	$(DECODE_SRCS:%.c=$(BUILD)/$(a)/%.o))
$(BUILD)/decode-freestanding.stamp: $(DECODE_FS_OBJS) \
		scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $(DECODE_FS_OBJS)
	@touch $@
all: $(BUILD)/decode-freestanding.stamp
