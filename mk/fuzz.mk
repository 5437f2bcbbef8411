# libFuzzer targets: every one is tests/fuzz/fuzz_<name>.c, built to
# $(BUILD)/tests/fuzz/fuzz_<name> by the fragment of the component it
# fuzzes, which adds it to FUZZ_TARGETS (and may add a fuzz-run-<name>
# recipe of its own; the default one below runs from an empty corpus).
#
#   make fuzz                     build every target
#   make fuzz-run FUZZ_TIME=300   run each for FUZZ_TIME seconds (30)
#
# `make test` builds them all and runs each briefly (tests/meta).

FUZZ_TIME ?= 30
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS = $(CSTD) $(WARN) -O1 -g $(INC) $(FUZZ_FLAGS)
FUZZ_DIR := $(BUILD)/tests/fuzz
# Full paths of the targets; component fragments append.
FUZZ_TARGETS :=

# (`fuzz` and `fuzz-run` are wired in the root Makefile, once every
# fragment has added its targets.)

# The corpus persists in $(BUILD)/fuzz/<name> so successive runs build on
# each other; -max_total_time bounds a run (the machine is shared).
# FUZZ_ARGS_<name> adds options or seed directories for one target.
fuzz-run-%: $(FUZZ_DIR)/fuzz_%
	@mkdir -p $(BUILD)/fuzz/$*/corpus $(BUILD)/fuzz/$*/artifacts
	AXVCPU_FUZZ_ARTIFACTS=$(BUILD)/fuzz/$*/artifacts $< \
		-max_total_time=$(FUZZ_TIME) -max_len=16384 \
		-print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/$*/artifacts/ \
		$(FUZZ_ARGS_$*) $(BUILD)/fuzz/$*/corpus
