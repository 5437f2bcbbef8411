# The x86 layer (src/arch/x86_64/x86_*): what the x86 backends share —
# CPU modes, CPUID and MSR policy, event injection rules, the guest
# page-table walk, the glue from the MMIO decoder and port I/O to exits,
# the FP state switch. The kvm backend links the part it uses (the modes,
# mk/backend-kvm.mk); the bare-metal backends (svm, and vmx to come) link
# all of it, freestanding, with the decoder. Host tests: mk/tests-x86.mk.
# docs/x86.md describes it.

X86_LAYER_SRCS := $(sort $(wildcard src/arch/x86_64/x86_*.c))
X86_LAYER_ASM := src/arch/x86_64/x86_fpu_asm.S
X86_CC = clang $(FS_CFLAGS_COMMON) $(FS_CFLAGS_x86_64)
X86_LAYER_FS_OBJS := $(X86_LAYER_SRCS:%.c=$(BUILD)/x86_64/%.o) \
	$(X86_LAYER_ASM:%.S=$(BUILD)/x86_64/%.o) \
	$(BUILD)/x86_64/src/decode/x86_mem.o

$(BUILD)/x86_64/%.o: %.S
	@mkdir -p $(@D)
	$(X86_CC) -c $< -o $@

# One relocatable object, checked to call nothing outside itself but the
# core's backend services.
$(BUILD)/x86_64/axvcpu-x86.o: $(X86_LAYER_FS_OBJS)
	ld.lld -r -o $@ $^
$(BUILD)/x86_64/axvcpu-x86+core.o: $(BUILD)/x86_64/axvcpu-x86.o \
		$(BUILD)/x86_64/axvcpu-core.o
	ld.lld -r -o $@ $^

.PHONY: check-freestanding-x86
check-freestanding-x86: $(BUILD)/x86_64/axvcpu-x86+core.o \
		scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $<
all: check-freestanding-x86
