# Tests of the VM layer's Arm device models (vmm/pl011.c, vmm/gicv3.c):
# their unit tests are tests/vmm/t_pl011.c and t_gicv3.c (built with the
# VM layer's, mk/tests-vmm.mk); their fuzz targets are here.

VMM_ARM_FUZZ_NAMES := pl011 gicv3
$(VMM_ARM_FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%): $(FUZZ_DIR)/fuzz_%: \
		tests/fuzz/fuzz_%.c tests/fuzz/fuzz_input.h vmm/%.c vmm/bus.c
	@mkdir -p $(@D)
	$(SAN_CC) $(FUZZ_CFLAGS) -o $@ $< vmm/$*.c vmm/bus.c
FUZZ_TARGETS += $(VMM_ARM_FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
