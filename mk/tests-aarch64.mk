# Tests of the AArch64 backend on the bare-metal hypervisor under QEMU:
# EL1 test guests (tests/aarch64/guest), the checking programs built into
# hypervisor images (tests/aarch64/hv), real guests (U-Boot, Linux), and TAP
# wrappers for prove.

A64_T := $(BUILD)/tests/aarch64

$(A64_T)/t_uboot: $(A64_OUT)/hv-uboot.elf tests/aarch64/t_uboot.pl
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec perl %s %s %s\n' \
		$(abspath tests/aarch64/t_uboot.pl) $(abspath $<) $(A64_UBOOT) > $@
	chmod +x $@
TESTS += $(A64_T)/t_uboot
