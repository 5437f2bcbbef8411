# The x86 layer (src/arch/x86_64/x86_*.c): what the x86 backends share —
# CPU modes, CPUID and MSR policy, event injection rules, the guest
# page-table walk, the glue from the MMIO decoder and port I/O to exits.
# The kvm backend links the parts it uses (mk/backend-kvm.mk); the
# bare-metal backends (svm, and vmx to come) link all of it, freestanding.
# Host tests: mk/tests-x86.mk. docs/x86.md describes it.

X86_LAYER_SRCS := $(sort $(wildcard src/arch/x86_64/x86_*.c))
X86_LAYER_FS_OBJS := $(X86_LAYER_SRCS:%.c=$(BUILD)/x86_64/%.o)

# One relocatable object, checked to call nothing outside itself.
$(BUILD)/x86_64/axvcpu-x86.o: $(X86_LAYER_FS_OBJS)
	ld.lld -r -o $@ $^

.PHONY: check-freestanding-x86
check-freestanding-x86: $(BUILD)/x86_64/axvcpu-x86.o scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $<
all: check-freestanding-x86
