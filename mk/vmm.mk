# The VM layer (vmm/): freestanding C on the public API. It builds for the
# host as libaxvcpu-vmm.a and for each bare-metal target as one relocatable
# $(BUILD)/<arch>/axvcpu-vmm.o (checked by check-freestanding-vmm). Its
# tests are in mk/tests-vmm.mk.

VMM_SRCS := $(sort $(wildcard vmm/*.c))
VMM_LIB_A := $(BUILD)/lib/libaxvcpu-vmm.a

$(VMM_LIB_A): $(VMM_SRCS:%.c=$(BUILD)/host/%.o)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

# Freestanding VM layer per bare-metal target (the root's pattern rules
# compile each vmm/*.c with that target's flags).
# The check links each with the core, since the VM layer calls the API.
# (The root Makefile sets FS_ARCHES after including us: name them here.)
VMM_FS_ARCHES := riscv64 aarch64 x86_64
define vmm_fs_rules
$(BUILD)/$(1)/axvcpu-vmm.o: $(VMM_SRCS:%.c=$(BUILD)/$(1)/%.o)
	ld.lld -r -o $$@ $$^
$(BUILD)/$(1)/axvcpu-vmm+core.o: $(BUILD)/$(1)/axvcpu-vmm.o \
		$(BUILD)/$(1)/axvcpu-core.o
	ld.lld -r -o $$@ $$^
endef
$(foreach a,$(VMM_FS_ARCHES),$(eval $(call vmm_fs_rules,$(a))))
VMM_FS_CHECK := $(VMM_FS_ARCHES:%=$(BUILD)/%/axvcpu-vmm+core.o)

.PHONY: check-freestanding-vmm vmm
check-freestanding-vmm: $(VMM_FS_CHECK) scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $(VMM_FS_CHECK)

vmm: $(VMM_LIB_A)
all: $(VMM_LIB_A) check-freestanding-vmm
