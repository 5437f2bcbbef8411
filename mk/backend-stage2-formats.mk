# Stage-2 table formats (src/arch/*/stage2.c, ept.c, npt.c): pure PTE code
# the core's walker drives. riscv64's and aarch64's are part of their
# backends; the EPT and NPT formats wait for theirs. Each is built here
# freestanding for its target (with the check that it calls nothing), and
# for the host tests with the table of every format
# (src/arch/stage2_formats.c).

STAGE2_FORMAT_SRCS := src/arch/riscv64/stage2.c src/arch/aarch64/stage2.c \
	src/arch/x86_64/ept.c src/arch/x86_64/npt.c src/arch/stage2_formats.c

S2F_FS_OBJS := $(BUILD)/aarch64/axvcpu-stage2-formats.o \
	$(BUILD)/x86_64/axvcpu-stage2-formats.o
$(BUILD)/aarch64/axvcpu-stage2-formats.o: \
		$(BUILD)/aarch64/src/arch/aarch64/stage2.o
	ld.lld -r -o $@ $^
$(BUILD)/x86_64/axvcpu-stage2-formats.o: \
		$(BUILD)/x86_64/src/arch/x86_64/ept.o \
		$(BUILD)/x86_64/src/arch/x86_64/npt.o
	ld.lld -r -o $@ $^

.PHONY: check-freestanding-stage2
check-freestanding-stage2: $(S2F_FS_OBJS) scripts/check-freestanding.sh
	sh scripts/check-freestanding.sh $(S2F_FS_OBJS)
all: check-freestanding-stage2
