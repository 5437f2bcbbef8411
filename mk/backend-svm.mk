# The AMD SVM backend (src/arch/x86_64/svm): freestanding C and assembly
# that a bare-metal hypervisor links with the core and the x86 layer (one
# relocatable object: $(BUILD)/x86_64/axvcpu-svm.o, checked to call
# nothing but the core). platform/pc is the hypervisor that runs it
# (mk/platform-pc.mk); docs/x86.md describes it.

SVM_SRCS := $(sort $(wildcard src/arch/x86_64/svm/*.c)) \
	src/arch/x86_64/npt.c
SVM_ASM := src/arch/x86_64/svm/switch.S
SVM_OBJS := $(SVM_SRCS:%.c=$(BUILD)/x86_64/%.o) \
	$(SVM_ASM:%.S=$(BUILD)/x86_64/%.o)

# Backend + x86 layer + decoder: what a platform links beside the core.
# (mk/backend-x86.mk is read after this file: its object by name.)
$(BUILD)/x86_64/axvcpu-svm.o: $(SVM_OBJS) $(BUILD)/x86_64/axvcpu-x86.o
	ld.lld -r -o $@ $^
$(BUILD)/x86_64/axvcpu-svm+core.o: $(BUILD)/x86_64/axvcpu-svm.o \
		$(BUILD)/x86_64/axvcpu-core.o
	ld.lld -r -o $@ $^

.PHONY: check-freestanding-svm
check-freestanding-svm: $(BUILD)/x86_64/axvcpu-svm+core.o \
		scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $<
all: check-freestanding-svm
