# The Armv8-A EL2 backend (src/arch/aarch64): freestanding C and assembly
# that a bare-metal hypervisor links with the core (see
# mk/platform-qemu-aarch64.mk for one), with the AArch64 load/store decoder.

A64_OBJ := $(BUILD)/aarch64
A64_CC = clang $(FS_CFLAGS_COMMON) $(FS_CFLAGS_aarch64)

A64_BACKEND_SRCS := $(sort $(wildcard src/arch/aarch64/*.c)) $(A64DEC_SRCS)
A64_BACKEND_ASM := src/arch/aarch64/switch.S src/arch/aarch64/fp.S
A64_BACKEND_OBJS := $(A64_BACKEND_SRCS:%.c=$(A64_OBJ)/%.o) \
	$(A64_BACKEND_ASM:%.S=$(A64_OBJ)/%.o)

$(A64_OBJ)/%.o: %.S
	@mkdir -p $(@D)
	$(A64_CC) -Isrc/arch/aarch64 -c $< -o $@

# Only the FP/SIMD save and restore may use those registers: the rest of
# the hypervisor is integer-only, so they hold guest values alone.
$(A64_OBJ)/src/arch/aarch64/fp.o: src/arch/aarch64/fp.S
	@mkdir -p $(@D)
	clang $(filter-out -mgeneral-regs-only,$(FS_CFLAGS_COMMON) \
		$(FS_CFLAGS_aarch64)) -march=armv8-a+simd -c $< -o $@

# The backend on its own must call nothing outside itself and the core.
$(A64_OBJ)/axvcpu-aarch64.o: $(A64_BACKEND_OBJS) $(A64_OBJ)/axvcpu-core.o
	ld.lld -r -o $@ $^
$(BUILD)/backend-aarch64-freestanding.stamp: $(A64_OBJ)/axvcpu-aarch64.o \
		scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $<
	@touch $@
all: $(BUILD)/backend-aarch64-freestanding.stamp
