# The Intel VMX backend (src/arch/x86_64/vmx): freestanding C and assembly
# that a bare-metal hypervisor links with the core and the x86 layer (one
# relocatable object: $(BUILD)/x86_64/axvcpu-vmx.o, checked to call
# nothing but the core). platform/pc runs it under bochs
# (mk/platform-pc-vmx.mk); docs/x86.md describes it.

VMX_SRCS := $(sort $(wildcard src/arch/x86_64/vmx/*.c)) \
	src/arch/x86_64/ept.c
VMX_ASM := src/arch/x86_64/vmx/switch.S
VMX_OBJS := $(VMX_SRCS:%.c=$(BUILD)/x86_64/%.o) \
	$(VMX_ASM:%.S=$(BUILD)/x86_64/%.o)

# Backend + x86 layer + decoder: what a platform links beside the core.
# (mk/backend-x86.mk is read after this file: its object by name.)
$(BUILD)/x86_64/axvcpu-vmx.o: $(VMX_OBJS) $(BUILD)/x86_64/axvcpu-x86.o
	ld.lld -r -o $@ $^
$(BUILD)/x86_64/axvcpu-vmx+core.o: $(BUILD)/x86_64/axvcpu-vmx.o \
		$(BUILD)/x86_64/axvcpu-core.o
	ld.lld -r -o $@ $^

.PHONY: check-freestanding-vmx
check-freestanding-vmx: $(BUILD)/x86_64/axvcpu-vmx+core.o \
		scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $<
all: check-freestanding-vmx
