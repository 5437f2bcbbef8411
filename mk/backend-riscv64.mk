# The RISC-V H-extension backend (src/arch/riscv64): freestanding C and
# assembly that a bare-metal hypervisor links with the core (see
# mk/platform-qemu-riscv64.mk for one).

RV_OBJ := $(BUILD)/riscv64
RV_CC = clang $(FS_CFLAGS_COMMON) $(FS_CFLAGS_riscv64)

RV_BACKEND_SRCS := $(sort $(wildcard src/arch/riscv64/*.c)) \
	src/decode/riscv_mem.c
RV_BACKEND_ASM := src/arch/riscv64/switch.S src/arch/riscv64/fp.S
RV_BACKEND_OBJS := $(RV_BACKEND_SRCS:%.c=$(RV_OBJ)/%.o) \
	$(RV_BACKEND_ASM:%.S=$(RV_OBJ)/%.o)

$(RV_OBJ)/%.o: %.S
	@mkdir -p $(@D)
	$(RV_CC) -Isrc/arch/riscv64 -c $< -o $@

# Only the FP save/restore needs F and D; the C code stays integer-only.
$(RV_OBJ)/src/arch/riscv64/fp.o: src/arch/riscv64/fp.S
	@mkdir -p $(@D)
	$(RV_CC) -march=rv64imafdc -c $< -o $@
