# axvcpu-run (tools/axvcpu-run): a command-line VMM on the kvm backend and
# the VM layer. Its tests are in mk/tests-vmm.mk.
#
#   make demo-kvm     Debian's x86-64 U-Boot on axvcpu-run (make demo ARCH=kvm)
#   make bench-vmm    port-I/O exits through the whole axvcpu-run path
#   make bench-coldstart  whole-process cold start next to QEMU (-accel kvm)

RUN_SRCS := $(sort $(wildcard tools/axvcpu-run/*.c)) \
	tools/common/vm_host_posix.c
RUN_BIN := $(BUILD)/bin/axvcpu-run
# (LIB_A is set after mk/*.mk are read: name the file.)
$(RUN_BIN): $(RUN_SRCS:%.c=$(BUILD)/host/%.o) $(VMM_LIB_A) \
		$(BUILD)/lib/libaxvcpu.a
	@mkdir -p $(@D)
	$(CC) -o $@ $^ -lpthread
vmm: $(RUN_BIN)
all: $(RUN_BIN)

.PHONY: demo-kvm
DEMO_ARCHES += kvm
demo-kvm: $(RUN_BIN)
	@echo "== axvcpu: Debian's x86-64 U-Boot on the kvm backend (axvcpu-run)."
	@echo "== Its autoboot delay is 0 s: type a key while it boots, before"
	@echo "== 'Hit any key to stop autoboot' (else it scans for disks for"
	@echo "== ~45 s first). Try: version, md 100000 10, bdinfo, reset."
	@echo "== Leave with Ctrl-A x."
	$(RUN_BIN) --stats --bios /usr/lib/u-boot/qemu-x86_64/u-boot.rom

# Port-I/O exits through the whole axvcpu-run path (vmm_run_loop, bus,
# device lock, 16550 model), from --stats.
.PHONY: bench-vmm
BENCH_TARGETS += bench-vmm
bench-vmm: $(RUN_BIN) $(BUILD)/vmm-guests/ioloop16.bin
	@for i in 1 2 3; do \
		$(RUN_BIN) --stats $(BUILD)/vmm-guests/ioloop16.bin 2>&1 </dev/null | \
			awk '/^  IoRead/ { printf "bench-vmm: run %s: %s port reads, %.2f us per exit (in axvcpu_run), %.2f us handling\n", '"$$i"', $$2, $$4, $$5 * 1.0 / $$2 }'; \
	done

# Cold start of the whole process on a ROM that ends the run at its first
# instruction, next to the same ROM under qemu-system-x86_64 -accel kvm
# (installed here: only the benchmark needs it), as a ratio.
COLD_DIR := $(BUILD)/bench/vmm
COLD_ROM := $(COLD_DIR)/exitrom.bin
COLD_BENCH := $(COLD_DIR)/coldstart
$(COLD_DIR)/exitrom.o: bench/vmm/exitrom.S
	@mkdir -p $(@D)
	clang --target=i386-unknown-elf -c $< -o $@
$(COLD_ROM): $(COLD_DIR)/exitrom.o
	llvm-objcopy -O binary -j .text $< $@
$(COLD_BENCH): bench/vmm/coldstart.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $<
.PHONY: bench-coldstart
BENCH_TARGETS += bench-coldstart
bench-coldstart: $(RUN_BIN) $(COLD_ROM) $(COLD_BENCH)
	sh scripts/install-deps.sh qemu-system-x86
	$(COLD_BENCH) 20 $(RUN_BIN) $(COLD_ROM)
