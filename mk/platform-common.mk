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

# plat_linux_guest NAME DEBARCH DIR KERNEL-GLOB: Debian 13's DEBARCH kernel
# and busybox as single package files in DIR/debs (`make deps` fetches
# them, cached: a second make fetches nothing; scripts/fetch-debian-guest.sh,
# one apt index download for both), the kernel's uncompressed Image as
# DIR/Image (KERNEL-GLOB names it in the package) and the busybox
# initramfs as DIR/initramfs.cpio.gz (scripts/mk-busybox-initramfs.sh).
define plat_linux_guest
$(3)/debs/linux-image-$(2).deb $(3)/debs/busybox-static.deb &: \
		| scripts/fetch-debian-guest.sh
	sh scripts/fetch-debian-guest.sh $(2) $(3)/debs linux-image-$(2) \
		busybox-static
$(3)/Image: $(3)/debs/linux-image-$(2).deb
	dpkg-deb --fsys-tarfile $$< | tar -xO --wildcards '$(4)' > $$@.tmp
	mv $$@.tmp $$@
$(3)/initramfs.cpio.gz: $(3)/debs/busybox-static.deb \
		scripts/mk-busybox-initramfs.sh
	sh scripts/mk-busybox-initramfs.sh $$< $$@
.PHONY: $(1)-linux-deps
$(1)-linux-deps: $(3)/debs/linux-image-$(2).deb $(3)/debs/busybox-static.deb
deps: $(1)-linux-deps
.SECONDARY: $(3)/debs/linux-image-$(2).deb $(3)/debs/busybox-static.deb \
	$(3)/Image $(3)/initramfs.cpio.gz
endef
