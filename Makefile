# axvcpu — one vCPU API over every hardware virtualization interface.
#
#   make                  host library (static + shared + pkg-config) and
#                         the freestanding core for riscv64/aarch64/x86_64
#   make test             install missing Debian packages, build, run every
#                         test under prove (sanitizers on host tests)
#   make demo             boot a real guest on the library (see README.md);
#                         ARCH=kvm: SeaBIOS on axvcpu-run through /dev/kvm
#   make deps             only install the missing Debian packages
#   make fuzz, fuzz-run   build / run every libFuzzer target (FUZZ_TIME s)
#   make bench            round-trip ratios against the floor in the same run
#   make install PREFIX=  headers, libraries, axvcpu.pc
#   make format           clang-format every source file in place
#
# Components add themselves through mk/*.mk (backend-, platform-, tool-,
# tests- and decode- fragments, one per component): sources (LIB_SRCS), test
# programs (TESTS), packages (DEB_PACKAGES), demo/bench recipes.

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

ifeq ($(origin CC),default)
CC := clang
endif
BUILD ?= build
PREFIX ?= /usr/local
ARCH ?= riscv64

WARN := -Wall -Wextra -Werror
CSTD := -std=gnu11
# Public headers from include/; internal ones by their path from the root
# ("vmm/bus.h", "src/decode/riscv_mem.h"), or bare within one directory.
INC := -Iinclude -I.
HOST_CFLAGS := $(CSTD) $(WARN) -O2 -g -fPIC $(INC) -MMD -MP $(CFLAGS)
SAN_CC := clang
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
TSAN_FLAGS := -fsanitize=thread -fno-omit-frame-pointer
SAN_CFLAGS = $(CSTD) $(WARN) -O1 -g $(INC) -MMD -MP

# The freestanding core: arch-neutral, no libc, no malloc.
CORE_SRCS := $(sort $(wildcard src/core/*.c))
# The host library adds hosted-only parts; mk/*.mk append backends.
LIB_SRCS := $(CORE_SRCS) src/hosted/hal_posix.c
# Test programs (TAP executables) run by prove; mk/*.mk append.
TESTS :=
# Benchmark targets `make bench` runs; mk/*.mk append.
BENCH_TARGETS :=
# Values of ARCH that `make demo` knows (demo-<arch> targets); mk/*.mk append.
DEMO_ARCHES :=
# Debian packages `make test` needs; mk/*.mk append.
DEB_PACKAGES := clang lld llvm make perl libclang-rt-14-dev

# In layer order, so that each fragment can use what the ones below define:
# shared rules, decoders and backends, the VM layer, platforms and tools,
# then their tests.
include mk/fuzz.mk mk/decode.mk $(sort $(wildcard mk/decode-*.mk)) \
	$(sort $(wildcard mk/backend-*.mk)) mk/vmm.mk \
	$(sort $(wildcard mk/platform-*.mk)) $(sort $(wildcard mk/tool-*.mk)) \
	$(sort $(wildcard mk/tests-*.mk))

.PHONY: fuzz fuzz-run
fuzz: $(FUZZ_TARGETS)
fuzz-run: $(FUZZ_TARGETS:$(FUZZ_DIR)/fuzz_%=fuzz-run-%)

LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/host/%.o)
LIB_A := $(BUILD)/lib/libaxvcpu.a
LIB_SO := $(BUILD)/lib/libaxvcpu.so
LIB_PC := $(BUILD)/lib/pkgconfig/axvcpu.pc

.PHONY: all lib test check-freestanding install format format-check deps \
	demo bench clean

all: lib check-freestanding

lib: $(LIB_A) $(LIB_SO) $(LIB_PC)

$(BUILD)/host/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

$(LIB_A): $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(LIB_SO): $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,libaxvcpu.so.0 -o $@ $^ -lpthread

# The build-tree copy; `make install` writes one for its own PREFIX.
$(LIB_PC): scripts/axvcpu.pc.in Makefile
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|0.1.0|' $< > $@

# ---- freestanding core for each bare-metal target -----------------------
FS_ARCHES := riscv64 aarch64 x86_64
FS_CFLAGS_COMMON := $(CSTD) $(WARN) -O2 -g $(INC) -ffreestanding \
	-fno-builtin -nostdlib -nostdlibinc -fno-stack-protector -fno-pic \
	-MMD -MP
FS_CFLAGS_riscv64 := --target=riscv64-unknown-elf -march=rv64imac \
	-mabi=lp64 -mcmodel=medany -mno-relax
FS_CFLAGS_aarch64 := --target=aarch64-none-elf -mcpu=cortex-a72 \
	-mgeneral-regs-only -mstrict-align
FS_CFLAGS_x86_64 := --target=x86_64-unknown-elf -mno-red-zone -mno-sse \
	-mno-mmx -mno-80387 -mcmodel=kernel

define fs_arch_rules
$(BUILD)/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	clang $$(FS_CFLAGS_COMMON) $$(FS_CFLAGS_$(1)) -c $$< -o $$@
# One relocatable object per target: what a bare-metal hypervisor links.
$(BUILD)/$(1)/axvcpu-core.o: $(CORE_SRCS:%.c=$(BUILD)/$(1)/%.o)
	ld.lld -r -o $$@ $$^
endef
$(foreach a,$(FS_ARCHES),$(eval $(call fs_arch_rules,$(a))))

FS_CORES := $(FS_ARCHES:%=$(BUILD)/%/axvcpu-core.o)
check-freestanding: $(FS_CORES) scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $(FS_CORES)

# ---- tests ----------------------------------------------------------------
deps:
	sh scripts/install-deps.sh $(sort $(DEB_PACKAGES))

# `make test` installs what is missing first, then builds in a second make
# so that tools installed just now are found.
test: deps
	$(MAKE) --no-print-directory test-run

.PHONY: test-run test-build
test-build: all $(TESTS)

test-run: test-build
	BUILD=$(BUILD) prove -f --timer $(PROVE_FLAGS) $(TESTS)

# The demo and the benchmarks install what they need first, like test.
# Backends add `demo-<arch>` targets and append to DEMO_ARCHES and
# BENCH_TARGETS.
demo: deps
	@case " $(DEMO_ARCHES) " in *" $(ARCH) "*) ;; *) \
		echo "make demo: no demo for ARCH=$(ARCH) (there is one for: $(strip $(DEMO_ARCHES)))" >&2; \
		exit 2 ;; esac
	$(MAKE) --no-print-directory demo-$(ARCH)

bench: deps
	$(MAKE) --no-print-directory $(BENCH_TARGETS)

install: lib $(VMM_LIB_A)
	install -d $(DESTDIR)$(PREFIX)/include/axvcpu $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 include/axvcpu/*.h $(DESTDIR)$(PREFIX)/include/axvcpu/
	install -m 644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(LIB_SO) $(DESTDIR)$(PREFIX)/lib/libaxvcpu.so.0
	ln -sf libaxvcpu.so.0 $(DESTDIR)$(PREFIX)/lib/libaxvcpu.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|0.1.0|' \
		scripts/axvcpu.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/axvcpu.pc
	# The VM layer: its headers keep their "vmm/..." names under
	# include/axvcpu-vmm; internal headers stay in the tree.
	install -d $(DESTDIR)$(PREFIX)/include/axvcpu-vmm/vmm
	install -m 644 $(filter-out %_internal.h,$(wildcard vmm/*.h)) \
		$(DESTDIR)$(PREFIX)/include/axvcpu-vmm/vmm/
	install -m 644 $(VMM_LIB_A) $(DESTDIR)$(PREFIX)/lib/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|0.1.0|' \
		scripts/axvcpu-vmm.pc.in > \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig/axvcpu-vmm.pc

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(FORMAT_FILES)

format-check:
	clang-format --dry-run -Werror $(FORMAT_FILES)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
