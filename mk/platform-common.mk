# What the bare-metal platforms share (platform/common): the host console's
# lines and printf, spinlocks, the HAL's frame pool, memcpy/memmove and
# memcmp, and the VM pieces every board's vm.c does alike (console and log
# services, vCPU creation, the end of a run). Each platform's fragment links the objects for its target
# ($(BUILD)/<arch>/platform/common/*.o, the freestanding rules of the
# Makefile); the platform keeps its boot, devices, memory plan and memset.
# (Sorted before the platform-<board>.mk fragments, which use it.)

PLAT_COMMON := platform/common
# Every platform.
PLAT_COMMON_SRCS := $(addprefix $(PLAT_COMMON)/,console.c lock.c frames.c \
	memcmp.c vm_host.c vcpu.c vm_end.c)
# Platforms without a copy instruction of their own (not the PC's rep movsb).
PLAT_COMMON_MEMMOVE := $(PLAT_COMMON)/memmove.c
# plat_common_objs ARCH [EXTRA-SRCS]: the objects for ARCH's build tree.
plat_common_objs = $(patsubst %.c,$(BUILD)/$(1)/%.o,$(PLAT_COMMON_SRCS) $(2))
